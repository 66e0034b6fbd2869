// Every GraphQL example in README.md, run in order through the app against the data the README
// says it was run on, its answer compared with the README's as JSON (issue 15 item 12).
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parse, validate } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, createApp } from '../src/app.js';
import { listenTo } from '../src/db/listen.js';
import { LiveFeed } from '../src/graphql/live.js';
import { schema } from '../src/graphql/schema.js';
import { ARTICLES_CHANNEL, articlesInPayload } from '../src/ingest/events.js';
import { loadArticles } from '../src/ingest/load.js';
import { createTestDatabase, type TestDatabase } from './helpers/database.js';
import { bindPlaceholders, idsAndCursors, literalIds, readmeExamples, substitute } from './helpers/readme-examples.js';

const readme = new URL('../README.md', import.meta.url);
const path = (p: string) => new URL(p, import.meta.url).pathname;
const examples = readmeExamples(readme);
const apiKey = 'readme-examples-key-0123456789';

let database: TestDatabase;
let app: App;
let live: LiveFeed;
let unlisten: (() => Promise<void>) | null = null;
const bound = new Map<string, string>();
const streams = new AbortController();
/** The first event of each subscription example, by its line: they are open before any example runs. */
const firstEvents = new Map<number, Promise<unknown>>();

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

beforeAll(async () => {
  database = await createTestDatabase();
  // As the README has it: `npm start` loads seeds/, then `npm run load -- tests/fixtures/articles
  // tests/fixtures/organizations`.
  expect((await loadArticles(database.db, [path('../seeds')])).failed).toEqual([]);
  const fixtures = await loadArticles(database.db, [path('./fixtures/articles'), path('./fixtures/organizations')]);
  expect(fixtures.failed).toEqual([]);
  // As the server wires it: subscriptions hear of stored articles by LISTEN/NOTIFY.
  live = new LiveFeed();
  unlisten = await listenTo(database, ARTICLES_CHANNEL, (payload) => live.publish(articlesInPayload(payload)));
  app = createApp({
    db: database.db,
    logger: false,
    apiKeyHashes: [createHash('sha256').update(apiKey).digest()],
    live,
  });
  for (const example of examples.filter((e) => e.operation === 'subscription')) {
    const response = await app.fetch('http://test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
      body: JSON.stringify({ query: example.query, variables: example.variables }),
      signal: streams.signal,
    });
    const event = firstEvent(response);
    event.catch(() => {}); // awaited by the example's test
    firstEvents.set(example.line, event);
  }
  for (let waited = 0; live.stats().subscribers < firstEvents.size && waited < 10_000; waited += 50)
    await new Promise((r) => setTimeout(r, 50));
  expect(live.stats().subscribers).toBe(firstEvents.size);
});

afterAll(async () => {
  streams.abort();
  live?.close();
  await unlisten?.();
  await database?.destroy();
});

describe('the README’s examples', () => {
  it('are there: every root field, an organisation query (issue 13), both mutations and a subscription', () => {
    const text = examples.map((e) => e.query).join('\n');
    for (const field of [
      'articles(',
      'article(',
      'persons(',
      'places(',
      'quotes(',
      'organizations(',
      'organization(',
      'stats',
      'articleFacets(',
      'person(',
      'place(',
      'quote(',
      'node(',
      'nodes(',
      'ingestArticles(',
      'deleteArticle(',
      'articleAdded(',
    ])
      expect(text, field).toContain(field);
  });

  it('write no id or cursor into their text, variables or answers: names stand for them', () => {
    for (const e of examples) {
      expect(literalIds(e.query), `line ${e.line}`).toEqual([]);
      expect(idsAndCursors(e.variables), `line ${e.line}`).toEqual([]);
      expect(idsAndCursors(e.answer), `line ${e.line}`).toEqual([]);
    }
  });

  // The curl commands show the transport; what they send must still be a valid operation.
  it('send valid operations in their shell commands', () => {
    const shell = [...readFileSync(readme, 'utf8').matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1] as string);
    const sent = shell.flatMap((block) =>
      [...block.matchAll(/"query":\s*"((?:[^"\\]|\\.)*)"/g)].map((m) => JSON.parse(`"${m[1]}"`) as string),
    );
    expect(sent.length).toBeGreaterThan(0);
    for (const query of sent)
      expect(
        validate(schema, parse(query)).map((e) => e.message),
        query,
      ).toEqual([]);
  });

  for (const example of examples) {
    it(`answers as README.md line ${example.line} says`, async () => {
      const event = firstEvents.get(example.line);
      if (event) {
        expect(bindPlaceholders(example.answer, await event, bound)).toEqual(example.answer);
        return;
      }
      const response = await app.fetch('http://test/graphql', {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(example.operation === 'mutation' ? { authorization: `Bearer ${apiKey}` } : {}),
        },
        body: JSON.stringify({ query: example.query, variables: substitute(example.variables, bound) }),
      });
      const actual: unknown = await response.json();
      expect(bindPlaceholders(example.answer, actual, bound)).toEqual(example.answer);
    });
  }
});
