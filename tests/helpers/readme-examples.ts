import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { type DefinitionNode, Kind, parse } from 'graphql';
import { createApp } from '../../src/app.js';
import type { Database } from '../../src/db/client.js';
import { listenTo } from '../../src/db/listen.js';
import { LiveFeed } from '../../src/graphql/live.js';
import { ARTICLES_CHANNEL, articlesInPayload } from '../../src/ingest/events.js';
import { loadArticles } from '../../src/ingest/load.js';

/**
 * The README's GraphQL examples, as README.md ("Every root field, by example") lays them out: a
 * ```graphql block holding an operation, then, where it takes variables, a ```json variables
 * block, then its answer in a ```json block (of a subscription: its first event). Strings such as "$lavrov" in an answer stand for a
 * value that depends on the order articles were loaded in (an id, a cursor); variables use them.
 */
export interface ReadmeExample {
  /** Line of the ```graphql fence in README.md. */
  line: number;
  /** Lines of the answer's opening and closing fences. */
  answerLines: [number, number];
  query: string;
  variables: Record<string, unknown> | null;
  answer: unknown;
  operation: 'query' | 'mutation' | 'subscription';
}

interface Fence {
  line: number;
  end: number;
  info: string;
  text: string;
}

// The README's fences are the plain kind (``` at the start of a line, never nested or indented),
// so a line scan finds them; a Markdown parser would add a package and its types for this.
function fences(markdown: string): Fence[] {
  const found: Fence[] = [];
  let open: Fence | null = null;
  markdown.split('\n').forEach((line, index) => {
    if (!line.startsWith('```')) {
      if (open) open.text += `${line}\n`;
    } else if (open) {
      found.push({ ...open, end: index + 1 });
      open = null;
    } else {
      open = { line: index + 1, end: 0, info: line.slice(3).trim(), text: '' };
    }
  });
  if (open) throw new Error(`README.md: the fence at line ${(open as Fence).line} is never closed`);
  return found;
}

const TYPE_SYSTEM = new Set<string>([
  Kind.SCHEMA_DEFINITION,
  Kind.OBJECT_TYPE_DEFINITION,
  Kind.INPUT_OBJECT_TYPE_DEFINITION,
  Kind.INTERFACE_TYPE_DEFINITION,
  Kind.ENUM_TYPE_DEFINITION,
  Kind.UNION_TYPE_DEFINITION,
  Kind.SCALAR_TYPE_DEFINITION,
]);

/** A ```graphql block that sketches the schema (`type Query { … }`) rather than asking something. */
function isSchemaSketch(text: string): boolean {
  return /^\s*(#[^\n]*\n\s*)*(type|input|interface|enum|union|scalar|schema|extend)\b/.test(text);
}

function parseJson(fence: Fence, what: string): unknown {
  try {
    return JSON.parse(fence.text);
  } catch (error) {
    throw new Error(`README.md line ${fence.line}: the ${what} is not JSON (${(error as Error).message})`);
  }
}

export function readmeExamples(path: URL): ReadmeExample[] {
  const all = fences(readFileSync(path, 'utf8'));
  const examples: ReadmeExample[] = [];
  for (let i = 0; i < all.length; i++) {
    const fence = all[i] as Fence;
    if (fence.info !== 'graphql' || isSchemaSketch(fence.text)) continue;
    const definitions: readonly DefinitionNode[] = parse(fence.text).definitions;
    const operations = definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION);
    if (operations.length !== 1 || definitions.some((d) => TYPE_SYSTEM.has(d.kind)))
      throw new Error(`README.md line ${fence.line}: an example holds one operation`);
    let next = all[i + 1];
    let variables: Record<string, unknown> | null = null;
    if (next?.info === 'json variables') {
      variables = parseJson(next, 'variables block') as Record<string, unknown>;
      i++;
      next = all[i + 1];
    }
    if (next?.info !== 'json')
      throw new Error(`README.md line ${fence.line}: the example is not followed by its answer in a \`\`\`json block`);
    i++;
    const op = operations[0];
    examples.push({
      line: fence.line,
      answerLines: [next.line, next.end],
      query: fence.text,
      variables,
      answer: parseJson(next, 'answer'),
      operation: op?.kind === Kind.OPERATION_DEFINITION ? op.operation : 'query',
    });
  }
  return examples;
}

const PLACEHOLDER = /^\$[A-Za-z][A-Za-z0-9]*$/;

/**
 * Compares an answer with the README's: equal, but where the README has a placeholder, which the
 * first time binds to the value found there (a string) and later must be that same value.
 * Returns the actual answer with bound placeholders written back, so a failing comparison shows
 * only real differences.
 */
export function bindPlaceholders(expected: unknown, actual: unknown, bound: Map<string, string>): unknown {
  if (typeof expected === 'string' && PLACEHOLDER.test(expected) && typeof actual === 'string') {
    const known = bound.get(expected);
    if (known === undefined) {
      if ([...bound.values()].includes(actual)) return actual; // one value, two names: a mismatch
      bound.set(expected, actual);
      return expected;
    }
    return known === actual ? expected : actual;
  }
  if (Array.isArray(expected) && Array.isArray(actual))
    return actual.map((a, i) => (i < expected.length ? bindPlaceholders(expected[i], a, bound) : a));
  if (expected && actual && typeof expected === 'object' && typeof actual === 'object' && !Array.isArray(actual)) {
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(actual)) {
      out[key] = key in expected ? bindPlaceholders((expected as Record<string, unknown>)[key], value, bound) : value;
    }
    return out;
  }
  return actual;
}

/** Variables with their placeholders replaced by the values bound so far. */
export function substitute(value: unknown, bound: Map<string, string>): unknown {
  if (typeof value === 'string' && PLACEHOLDER.test(value)) {
    const known = bound.get(value);
    if (known === undefined) throw new Error(`${value} is used before an answer gives it`);
    return known;
  }
  if (Array.isArray(value)) return value.map((v) => substitute(v, bound));
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substitute(v, bound)]));
  return value;
}

/** An id or a cursor as the API writes them: base64 of `Kind:…` ("Article:3", "DC:T:[…]"). */
function isIdOrCursor(text: string): boolean {
  if (!/^[A-Za-z0-9+/]{6,}={0,2}$/.test(text)) return false;
  return /^[A-Za-z]+:[ -~]+$/.test(Buffer.from(text, 'base64').toString('latin1'));
}

/** Ids and cursors written into an example's text as string literals: it must take them as variables. */
export function literalIds(text: string): string[] {
  return [...text.matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((m) => m[1] as string).filter(isIdOrCursor);
}

/** Every string in a JSON value that is an id or a cursor. */
export function idsAndCursors(value: unknown, found: string[] = []): string[] {
  if (typeof value === 'string') {
    if (isIdOrCursor(value)) found.push(value);
  } else if (Array.isArray(value)) for (const v of value) idsAndCursors(v, found);
  else if (value && typeof value === 'object') for (const v of Object.values(value)) idsAndCursors(v, found);
  return found;
}

/** The first `next` event of a GraphQL-over-SSE response, as JSON. */
async function firstEvent(response: Response): Promise<unknown> {
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  let text = '';
  for (;;) {
    const event = /(?:^|\n)event: next\ndata: (.*)\n\n/.exec(text);
    if (event) {
      await reader.cancel();
      return JSON.parse(event[1] as string);
    }
    const { done, value } = await reader.read();
    if (done) throw new Error(`the stream ended before an event: ${text}`);
    text += decoder.decode(value, { stream: true });
  }
}

export interface ReadmeRun {
  /** Placeholders bound so far, by the answers compared with `bindPlaceholders`. */
  bound: Map<string, string>;
  /** What the app answers to an example now (a subscription: its first event). */
  answer(example: ReadmeExample): Promise<unknown>;
  close(): Promise<void>;
}

const apiKey = 'readme-examples-key-0123456789';

/**
 * The data the README's examples were run on, loaded into `database` (empty and migrated), as the README has it (`npm start` loads seeds/,
 * then `npm run load -- tests/fixtures/articles tests/fixtures/organizations`), and an app over it
 * wired as the server wires it: an API key for the mutations, subscriptions fed by LISTEN/NOTIFY.
 * The subscription examples are opened here, before any example runs.
 */
export async function startReadmeRun(
  examples: ReadmeExample[],
  database: Database,
  closeDatabase: () => Promise<void>,
): Promise<ReadmeRun> {
  const path = (p: string) => new URL(p, import.meta.url).pathname;
  const seeds = await loadArticles(database.db, [path('../../seeds')]);
  const fixtures = await loadArticles(database.db, [path('../fixtures/articles'), path('../fixtures/organizations')]);
  const failed = [...seeds.failed, ...fixtures.failed];
  if (failed.length) throw new Error(`the README's data did not load: ${JSON.stringify(failed)}`);
  const live = new LiveFeed();
  const unlisten = await listenTo(database, ARTICLES_CHANNEL, (payload) => live.publish(articlesInPayload(payload)));
  const app = createApp({
    db: database.db,
    logger: false,
    apiKeyHashes: [createHash('sha256').update(apiKey).digest()],
    live,
  });
  const streams = new AbortController();
  const firstEvents = new Map<number, Promise<unknown>>();
  for (const example of examples.filter((e) => e.operation === 'subscription')) {
    const response = await app.fetch('http://test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
      body: JSON.stringify({ query: example.query, variables: example.variables }),
      signal: streams.signal,
    });
    const event = firstEvent(response);
    event.catch(() => {}); // awaited by answer()
    firstEvents.set(example.line, event);
  }
  for (let waited = 0; live.stats().subscribers < firstEvents.size && waited < 30_000; waited += 50) await sleep(50);
  if (live.stats().subscribers !== firstEvents.size) throw new Error('the subscription examples did not subscribe');
  const bound = new Map<string, string>();
  return {
    bound,
    answer: async (example) => {
      const event = firstEvents.get(example.line);
      if (event) return withTimeout(event, 30_000, `no event for the subscription at README.md line ${example.line}`);
      const response = await app.fetch('http://test/graphql', {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(example.operation === 'mutation' ? { authorization: `Bearer ${apiKey}` } : {}),
        },
        body: JSON.stringify({ query: example.query, variables: substitute(example.variables, bound) }),
      });
      const answer: unknown = await response.json();
      // A subscriber reads an announced article when it is ready for it: the events a write sends
      // are let arrive before the next example, which may delete that article.
      if (example.operation === 'mutation' && firstEvents.size)
        await Promise.race([Promise.allSettled(firstEvents.values()), sleep(5_000)]);
      return answer;
    },
    close: async () => {
      streams.abort();
      live.close();
      await unlisten();
      await closeDatabase();
    },
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * JSON as the README writes answers: a value on one line where it fits in `width`, else its
 * members one a line, indented by two; a lone key keeps its value's opening on its line.
 */
export function formatAnswer(value: unknown, width = 104, indent = 0, prefix = 0): string {
  const compact = JSON.stringify(value);
  if (indent + prefix + compact.length <= width || value === null || typeof value !== 'object') return compact;
  const entries = Object.entries(value);
  if (!entries.length) return compact;
  if (!Array.isArray(value) && entries.length === 1) {
    const [key, inner] = entries[0] as [string, unknown];
    if (inner && typeof inner === 'object') {
      const k = JSON.stringify(key);
      return `{${k}:${formatAnswer(inner, width, indent, prefix + k.length + 2)}}`;
    }
  }
  const pad = ' '.repeat(indent + 2);
  if (Array.isArray(value)) return `[\n${value.map((v) => pad + formatAnswer(v, width, indent + 2)).join(',\n')}]`;
  const lines = entries.map(([key, v]) => {
    const k = JSON.stringify(key);
    return `${pad}${k}:${formatAnswer(v, width, indent + 2, k.length + 1)}`;
  });
  return `{\n${lines.join(',\n')}}`;
}
