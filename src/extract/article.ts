import { looksLikeDateLine, parseDateLine } from './date-line.js';
import type { ArticleStructure, Paragraph } from './types.js';

const INTRO = /^(?:detta är en artikel från|this is an article from)\s+(.+?)\.?$/i;
const TELEGRAM = /^(?:telegram|wire|dispatch)\s+(?:från|from)\s+(.+?)\s*(?:\/\s*(.+?))?\s*$/i;

// Enough function words to tell an English story from a Swedish one; the wrapper is always Swedish.
const ENGLISH = ['the', 'and', 'of', 'to', 'in', 'is', 'was', 'that', 'for', 'with'];
const SWEDISH = ['och', 'att', 'det', 'är', 'som', 'för', 'med', 'på', 'en', 'av'];

/**
 * A word of up to four letters as one number, folded to lower case, or -1 when it has a letter
 * no marker word has: the language check reads a few hundred words and so needs neither a slice
 * nor a lower-cased copy of any of them (both cost more than the check, on a two-byte text).
 */
function markerKey(text: string, from: number, to: number): number {
  let key = 0;
  for (let k = from; k < to; k++) {
    let code = text.charCodeAt(k);
    if ((code >= 65 && code <= 90) || code === 0xc4 || code === 0xc5 || code === 0xd6) code += 32;
    else if (!((code >= 97 && code <= 122) || code === 0xe4 || code === 0xe5 || code === 0xf6)) return -1;
    key = key * 0x100 + code;
  }
  return key;
}

const keysOf = (words: string[]) => new Set(words.map((w) => markerKey(w, 0, w.length)));
const ENGLISH_KEYS = keysOf(ENGLISH);
const SWEDISH_KEYS = keysOf(SWEDISH);

/** Strips a byte-order mark and turns CRLF or CR line ends into LF; offsets refer to the result. */
export function normaliseText(raw: string): string {
  // Control characters other than tab and line feed are never text; dropping them here also
  // keeps them free for use as markers downstream.
  const unmarked = raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw;
  const lines = unmarked.includes('\r') ? unmarked.replace(/\r\n?/g, '\n') : unmarked;
  const text = MOJIBAKE.test(lines) ? withoutMojibake(lines) : lines;
  // Clean text, the usual case, is only scanned, not rebuilt.
  return CONTROL.test(text) ? text.replace(/(?![\n\t])\p{Cc}/gu, '') : text;
}

// Windows-1252's characters for the bytes 0x80-0x9F, where it differs from Latin-1.
const CP1252: Record<number, number> = {
  8364: 0x80,
  8218: 0x82,
  402: 0x83,
  8222: 0x84,
  8230: 0x85,
  8224: 0x86,
  8225: 0x87,
  710: 0x88,
  8240: 0x89,
  352: 0x8a,
  8249: 0x8b,
  338: 0x8c,
  381: 0x8e,
  8216: 0x91,
  8217: 0x92,
  8220: 0x93,
  8221: 0x94,
  8226: 0x95,
  8211: 0x96,
  8212: 0x97,
  732: 0x98,
  8482: 0x99,
  353: 0x9a,
  8250: 0x9b,
  339: 0x9c,
  382: 0x9e,
  376: 0x9f,
};
const CONTINUATION =
  '[\\u0080-\\u00BF\\u0152\\u0153\\u0160\\u0161\\u0178\\u017D\\u017E\\u0192\\u02C6\\u02DC\\u2013\\u2014\\u2018-\\u201A\\u201C-\\u201E\\u2020-\\u2022\\u2026\\u2030\\u2039\\u203A\\u20AC\\u2122]';
// A UTF-8 lead byte read as Latin-1 or Windows-1252 ("Ã", "â") and the continuation bytes after it.
const MOJIBAKE = new RegExp(`[\\u00C2-\\u00F4]${CONTINUATION}`);
const MOJIBAKE_RUNS = new RegExp(`[\\u00C2-\\u00F4]${CONTINUATION}{1,3}`, 'g');
const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Text that was UTF-8 but was read as Windows-1252 on its way here ("FranÃ§ois", "donâ€™t"), as
 * web copy often is, put back ("François", "don’t"). A run is put back only when its bytes are one
 * well-formed UTF-8 character of the length its first byte gives ("Ã" before a space stays).
 */
function withoutMojibake(text: string): string {
  return text.replace(MOJIBAKE_RUNS, (run) => {
    const bytes = new Uint8Array(run.length);
    for (let i = 0; i < run.length; i++) {
      const code = run.charCodeAt(i);
      bytes[i] = code <= 0xff ? code : (CP1252[code] ?? 0);
    }
    const lead = bytes[0] as number;
    const length = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : 2;
    if (bytes.length < length) return run;
    try {
      const fixed = utf8.decode(bytes.subarray(0, length));
      return fixed.length > 2 ? run : fixed + run.slice(length);
    } catch {
      return run;
    }
  });
}

// Any control character (C0, DEL or C1) but tab and line feed; CR is gone by then. A plain
// character class: a Unicode property test would cost more on every article.
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is its purpose.
const CONTROL = /[\0-\x08\x0B-\x1F\x7F-\x9F]/;

function detectLanguage(body: string): string {
  // A few hundred words settle it; the rest of a long story would only cost time. Every marker
  // word is short, so only short words are looked at.
  const limit = Math.min(body.length, 1000);
  let en = 0;
  let sv = 0;
  let i = 0;
  while (i < limit) {
    if (!isLetterCode(body.charCodeAt(i))) {
      i++;
      continue;
    }
    let j = i + 1;
    while (j < limit && isLetterCode(body.charCodeAt(j))) j++;
    if (j - i <= 4) {
      const key = markerKey(body, i, j);
      if (ENGLISH_KEYS.has(key)) en++;
      else if (SWEDISH_KEYS.has(key)) sv++;
    }
    i = j;
  }
  return sv > en ? 'sv' : 'en';
}

/** ASCII letters and the Latin-1 and Latin Extended letters Swedish and English use. */
function isLetterCode(code: number): boolean {
  return (
    (code >= 97 && code <= 122) ||
    (code >= 65 && code <= 90) ||
    (code >= 0xc0 && code <= 0x24f && code !== 0xd7 && code !== 0xf7)
  );
}

export function splitParagraphs(body: string): Paragraph[] {
  const paragraphs: Paragraph[] = [];
  const blank = /\n[ \t]*\n/g;
  let from = 0;
  const push = (start: number, end: number) => {
    const raw = body.slice(start, end);
    const lead = raw.length - raw.trimStart().length;
    const text = raw.trim();
    if (text) {
      paragraphs.push({ index: paragraphs.length, start: start + lead, end: start + lead + text.length, text });
    }
  };
  for (let m = blank.exec(body); m !== null; m = blank.exec(body)) {
    push(from, m.index);
    from = m.index + m[0].length;
  }
  push(from, body.length);
  return paragraphs;
}

interface Line {
  text: string;
  start: number;
  end: number;
}

/** The first `count` lines of the text, with their offsets. */
function lines(text: string, count: number): Line[] {
  const out: Line[] = [];
  let start = 0;
  while (out.length < count && start <= text.length) {
    const newline = text.indexOf('\n', start);
    const end = newline < 0 ? text.length : newline;
    out.push({ text: text.slice(start, end).trim(), start, end });
    start = end + 1;
  }
  return out;
}

/**
 * Reads the wrapper Omni puts around a wire story: an intro line naming the agency, the headline,
 * a "Telegram från AGENCY / DISTRIBUTOR" line, the date line, then the story's paragraphs.
 * Any of the wrapper lines may be missing; what is missing comes back null.
 */
export function parseArticleStructure(raw: string): ArticleStructure {
  const text = normaliseText(raw);
  let source: string | null = null;
  let distributor: string | null = null;
  let headline: string | null = null;
  let dateLine: string | null = null;
  let bodyStart = 0;
  // The header is short; looking at the first lines only keeps a stray "Telegram från" in a
  // story's text from being read as a wrapper line.
  const header = lines(text, 12);
  for (const line of header) {
    if (!line.text) continue;
    const intro = INTRO.exec(line.text);
    const telegram = TELEGRAM.exec(line.text);
    if (intro && source === null && headline === null) {
      source = intro[1] ?? null;
    } else if (telegram && dateLine === null) {
      source = telegram[1] ?? source;
      distributor = telegram[2] ?? null;
      bodyStart = line.end;
    } else if (looksLikeDateLine(line.text) && dateLine === null) {
      dateLine = line.text;
      bodyStart = line.end;
      break;
    } else if (headline === null) {
      headline = line.text;
      bodyStart = line.end;
    } else {
      // A second free line before any date line means there is no wrapper to read: the story
      // starts right after the headline.
      break;
    }
  }
  while (bodyStart < text.length && /\s/.test(text[bodyStart] ?? '')) bodyStart++;
  const body = text.slice(bodyStart).trimEnd();
  return {
    source,
    distributor,
    headline,
    dateLine,
    publishedAt: dateLine ? parseDateLine(dateLine) : null,
    language: detectLanguage(body),
    body,
    paragraphs: splitParagraphs(body),
  };
}
