import type { ExecutionResult } from 'graphql';

// The escapes JSON.stringify writes: \" \\ \b \f \n \r \t, and \u00xx (lower case) for the other
// control characters only.
const CANONICAL_ESCAPE = /^\\(?:["\\bfnrt]|u00(?:0[0-7]|0b|0e|0f|1[0-9a-f]))/;

function isSpace(code: number): boolean {
  return code === 32 || code === 10 || code === 13 || code === 9;
}

function isNumberChar(code: number): boolean {
  return (code >= 48 && code <= 57) || code === 45 || code === 43 || code === 46 || code === 101 || code === 69;
}

/**
 * Postgres' JSON text (`{"data" : {"a" : 1, "b" : [1, 2]}}`) as JSON.stringify writes the value
 * it holds, or null when it might not be byte for byte the same (then it is parsed and printed).
 * Postgres escapes strings as JSON.stringify does; what differs is the spacing, dropped here, and
 * numbers: Postgres writes 1e-05, 1e+16 and -0 where JavaScript writes 0.00001,
 * 10000000000000000 and 0, so every number is checked to read back as itself. One pass: a string
 * is skipped to its closing quote by indexOf, and only an escape in it is looked at.
 */
export function compactJson(text: string): string | null {
  const n = text.length;
  let out = '';
  let kept = 0;
  let i = 0;
  let backslash = text.indexOf('\\');
  if (backslash < 0) backslash = n;
  while (i < n) {
    const code = text.charCodeAt(i);
    if (code === 34) {
      let from = i + 1;
      for (;;) {
        const quote = text.indexOf('"', from);
        if (quote < 0) return null;
        if (backslash > quote) {
          i = quote + 1;
          break;
        }
        // An escape before the quote: canonical, or the slow path; then on past it.
        if (!CANONICAL_ESCAPE.test(text.slice(backslash, backslash + 6))) return null;
        from = backslash + (text.charCodeAt(backslash + 1) === 117 ? 6 : 2);
        backslash = text.indexOf('\\', from);
        if (backslash < 0) backslash = n;
      }
      continue;
    }
    if (isSpace(code)) {
      out += text.slice(kept, i);
      i++;
      while (i < n && isSpace(text.charCodeAt(i))) i++;
      kept = i;
      continue;
    }
    if ((code >= 48 && code <= 57) || code === 45) {
      let end = i + 1;
      while (end < n && isNumberChar(text.charCodeAt(end))) end++;
      const token = text.slice(i, end);
      if (String(Number(token)) !== token) return null;
      i = end;
      continue;
    }
    i++;
  }
  return kept === 0 ? text : out + text.slice(kept);
}

const HEX_LOW = (code: number) => (code >= 48 && code <= 57) || (code >= 97 && code <= 102);

/** Whether the escape at `at` (a backslash) is one CANONICAL_ESCAPE takes, read from UTF-8 bytes. */
function canonicalEscapeAt(bytes: Buffer, at: number): boolean {
  const next = bytes[at + 1];
  // " \ b f n r t
  if (next === 34 || next === 92 || next === 98 || next === 102 || next === 110 || next === 114 || next === 116) {
    return true;
  }
  if (next !== 117 || bytes[at + 2] !== 48 || bytes[at + 3] !== 48) return false;
  const high = bytes[at + 4];
  const low = bytes[at + 5] ?? 0;
  if (high === 48) return (low >= 48 && low <= 55) || low === 98 || low === 101 || low === 102;
  return high === 49 && HEX_LOW(low);
}

/**
 * compactJson's answer as UTF-8 bytes, ready to send: the text encoded once and compacted in
 * place, with no string built piece by piece and no second pass to measure or encode it. The
 * spacing dropped is ASCII outside strings, and a UTF-8 sequence has no byte below 0x80, so the
 * bytes are those of compactJson's text; null where it is null.
 */
export function compactJsonBytes(text: string): Buffer | null {
  const bytes = Buffer.from(text, 'utf8');
  const n = bytes.length;
  let w = 0;
  let i = 0;
  // Byte by byte, strings too: moving each string down with copyWithin was slower (most are a
  // few bytes long, a name or a key).
  while (i < n) {
    const code = bytes[i] as number;
    if (code === 34) {
      bytes[w++] = code;
      i++;
      for (;;) {
        if (i >= n) return null;
        const c = bytes[i] as number;
        if (c === 92) {
          if (!canonicalEscapeAt(bytes, i)) return null;
          const end = i + (bytes[i + 1] === 117 ? 6 : 2);
          while (i < end) bytes[w++] = bytes[i++] as number;
          continue;
        }
        bytes[w++] = c;
        i++;
        if (c === 34) break;
      }
      continue;
    }
    if (isSpace(code)) {
      i++;
      continue;
    }
    if ((code >= 48 && code <= 57) || code === 45) {
      let end = i + 1;
      while (end < n && isNumberChar(bytes[end] as number)) end++;
      const token = bytes.toString('latin1', i, end);
      if (String(Number(token)) !== token) return null;
      while (i < end) bytes[w++] = bytes[i++] as number;
      continue;
    }
    bytes[w++] = code;
    i++;
  }
  return bytes.subarray(0, w);
}

type Stringified = ExecutionResult & { stringify?: (value: unknown) => string };

/**
 * The execution result of a compiled statement's response text. Yoga prints a result with its
 * own `stringify` when it has one (result-processor/stringify.js): this one hands back the text
 * itself, so the response is neither parsed nor printed again. `data` is parsed only should a
 * plugin read it, and once anything reads, replaces or adds to the result, or hands Yoga another
 * object, it is printed as any other result is.
 */
export function compiledResult(text: string): ExecutionResult {
  const compact = compactJson(text);
  if (compact === null) return JSON.parse(text) as ExecutionResult;
  const result: Stringified = {};
  let untouched = true;
  Object.defineProperty(result, 'data', {
    enumerable: true,
    configurable: true,
    get() {
      untouched = false;
      const { data } = JSON.parse(compact) as ExecutionResult;
      Object.defineProperty(result, 'data', { value: data, enumerable: true, configurable: true, writable: true });
      return data;
    },
    set(value: unknown) {
      untouched = false;
      Object.defineProperty(result, 'data', { value, enumerable: true, configurable: true, writable: true });
    },
  });
  Object.defineProperty(result, 'stringify', {
    enumerable: false,
    value: (value: unknown) =>
      value === result && untouched && Object.keys(result).length === 1 ? compact : JSON.stringify(value),
  });
  return result;
}
