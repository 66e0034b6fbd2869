import { readFileSync } from 'node:fs';
import { type DefinitionNode, Kind, parse } from 'graphql';

/**
 * The README's GraphQL examples, as README.md ("Every root field, by example") lays them out: a
 * ```graphql block holding an operation, then, where it takes variables, a ```json variables
 * block, then its answer in a ```json block (of a subscription: its first event). Strings such as "$lavrov" in an answer stand for a
 * value that depends on the order articles were loaded in (an id, a cursor); variables use them.
 */
export interface ReadmeExample {
  /** Line of the ```graphql fence in README.md. */
  line: number;
  query: string;
  variables: Record<string, unknown> | null;
  answer: unknown;
  operation: 'query' | 'mutation' | 'subscription';
}

interface Fence {
  line: number;
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
      found.push(open);
      open = null;
    } else {
      open = { line: index + 1, info: line.slice(3).trim(), text: '' };
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
