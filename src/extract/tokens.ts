import { foldName } from './fold.js';
import { FUNCTION_WORDS } from './lexicon.js';
import type { Paragraph, Sentence } from './types.js';

export interface Token {
  text: string;
  /** Lower case, without a trailing abbreviation dot. */
  lower: string;
  /** As `foldName` folds it: the form gazetteer and name look-ups use. */
  folded: string;
  start: number;
  end: number;
  /** Just past the token and any possessive ending it drops. */
  after: number;
  /** Starts with a capital letter (or is "al-Amr"-style: a lower-case particle bound to a capital). */
  capitalised: boolean;
  /** Followed directly by "'s" or "’s", which is not part of the token. */
  possessive: boolean;
  paragraphIndex: number;
  sentenceIndex: number;
  /** Only spaces (no punctuation, no line break) lie between this token and the previous one. */
  joinedToPrevious: boolean;
}

// Abbreviations whose dot does not end a sentence when a capital follows ("Gen. Smith", "U.S. Army").
const ABBREVIATIONS = new Set([
  'mr',
  'mrs',
  'ms',
  'dr',
  'prof',
  'gen',
  'sen',
  'rep',
  'gov',
  'lt',
  'col',
  'capt',
  'sgt',
  'maj',
  'adm',
  'cmdr',
  'st',
  'jr',
  'sr',
  'rev',
  'hon',
  'pres',
  'supt',
  'insp',
  'det',
  'fr',
  'mt',
  'ft',
  'inc',
  'corp',
  'ltd',
  'co',
  'no',
  'nos',
  'vs',
  'etc',
  'approx',
  'dept',
  'est',
  'jan',
  'feb',
  'mar',
  'apr',
  'jun',
  'jul',
  'aug',
  'sep',
  'sept',
  'oct',
  'nov',
  'dec',
  'mon',
  'tue',
  'wed',
  'thu',
  'fri',
  'sat',
  'sun',
  'ave',
  'blvd',
  'e.g',
  'i.e',
  'a.m',
  'p.m',
  'ph.d',
  'u.s',
  'u.k',
  'u.n',
  'd.c',
  'e.u',
]);

// Character classes, looked up per UTF-16 unit in a table filled on first sight: the tokenizer
// sees every character of every article, and a Unicode property test per character is its cost.
const LETTER = 1;
const MARK = 2;
const NUMBER = 4;
const classes = new Uint8Array(0x10000);
const classKnown = new Uint8Array(0x10000);
const IS_LETTER = /\p{L}/u;
const IS_MARK = /\p{M}/u;
const IS_NUMBER = /\p{N}/u;

function classOfChar(ch: string): number {
  return (IS_LETTER.test(ch) ? LETTER : 0) | (IS_MARK.test(ch) ? MARK : 0) | (IS_NUMBER.test(ch) ? NUMBER : 0);
}

/** The class bits of the code point at `i`, and its width in UTF-16 units (2 for astral ones). */
function classAt(text: string, i: number): number {
  const code = text.charCodeAt(i);
  if (code < 128) {
    if ((code >= 97 && code <= 122) || (code >= 65 && code <= 90)) return LETTER;
    return code >= 48 && code <= 57 ? NUMBER : 0;
  }
  if (code >= 0xd800 && code <= 0xdbff) {
    const cp = text.codePointAt(i) as number;
    return cp > 0xffff ? classOfChar(String.fromCodePoint(cp)) : 0;
  }
  if (!classKnown[code]) {
    classes[code] = classOfChar(String.fromCharCode(code));
    classKnown[code] = 1;
  }
  return classes[code] as number;
}

function widthAt(text: string, i: number): number {
  const code = text.charCodeAt(i);
  return code >= 0xd800 && code <= 0xdbff && (text.codePointAt(i) as number) > 0xffff ? 2 : 1;
}

function consume(text: string, i: number, mask: number): number {
  let j = i;
  while (j < text.length && classAt(text, j) & mask) j += widthAt(text, j);
  return j;
}

function isJoiner(code: number): boolean {
  return code === 45 || code === 39 || code === 0x2019; // - ' ’
}

/**
 * The end of the word that starts at `i`, or -1: dotted acronyms first ("U.S.", "D.C."), then
 * words with inner hyphens or apostrophes, then numbers with inner dots, commas or colons.
 */
export function wordEnd(text: string, i: number): number {
  const first = classAt(text, i);
  if (first & LETTER) {
    // (?:\p{L}\.){2,}
    let j = i;
    let pairs = 0;
    while (j < text.length && classAt(text, j) & LETTER) {
      const dot = j + widthAt(text, j);
      if (text.charCodeAt(dot) !== 46) break;
      pairs++;
      j = dot + 1;
    }
    if (pairs >= 2) return j;
  }
  if (first & (LETTER | MARK)) {
    let j = consume(text, i + widthAt(text, i), LETTER | MARK | NUMBER);
    while (isJoiner(text.charCodeAt(j)) && j + 1 < text.length && classAt(text, j + 1) & (LETTER | MARK | NUMBER)) {
      j = consume(text, j + 1, LETTER | MARK | NUMBER);
    }
    return j;
  }
  if (first & NUMBER) {
    let j = consume(text, i, NUMBER);
    for (;;) {
      const code = text.charCodeAt(j);
      if (!(code === 46 || code === 44 || code === 58) || j + 1 >= text.length || !(classAt(text, j + 1) & NUMBER))
        break;
      j = consume(text, j + 1, NUMBER);
    }
    return j;
  }
  return -1;
}

const PARTICLE_PREFIX = /^(?:al|el|ad|ash|as|at|ar|an|az|bin|ben|ibn|abu|o|d|l|mc|mac)[-'’]\p{Lu}/u;

export function isAbbreviation(word: string): boolean {
  const lower = word.toLowerCase();
  return ABBREVIATIONS.has(lower.charCodeAt(lower.length - 1) === 46 ? lower.slice(0, -1) : lower);
}

/** Only spaces or tabs (no punctuation, no line break) between `from` and `to`. */
function onlySpaces(body: string, from: number, to: number): boolean {
  if (from >= to) return false;
  for (let i = from; i < to; i++) {
    const ch = body.charCodeAt(i);
    if (ch !== 32 && ch !== 9 && ch !== 0xa0) return false;
  }
  return true;
}

/** A hyphen or an apostrophe within the first five characters, where a particle ("al-", "O'") ends. */
function joinerNearStart(text: string): boolean {
  const limit = Math.min(text.length, 5);
  for (let i = 1; i < limit; i++) if (isJoiner(text.charCodeAt(i))) return true;
  return false;
}

const UPPER = 1;
const NOT_PLAIN = 2;

/**
 * Whether a word has an ASCII capital, and whether it has anything but ASCII letters and digits:
 * a plain word needs no folding beyond lower case, and a plain lower-case word not even that.
 */
function shape(text: string): number {
  let bits = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 65 && c <= 90) bits |= UPPER;
    else if (!((c >= 97 && c <= 122) || (c >= 48 && c <= 57))) return bits | NOT_PLAIN;
  }
  return bits;
}

/**
 * Splits the body into word tokens with offsets. An initial ("F.") or a known abbreviation
 * ("Gen.") keeps its dot; a possessive "'s" is dropped and flagged so "Lavrov's" is "Lavrov".
 */
export function tokenize(body: string, paragraphs: Paragraph[]): Token[] {
  const tokens: Token[] = [];
  for (const paragraph of paragraphs) {
    const source = paragraph.text;
    // Where the text after the previous token starts (past its possessive ending, if any).
    let previousEnd = -1;
    let i = 0;
    while (i < source.length) {
      const stop = wordEnd(source, i);
      if (stop < 0) {
        i += widthAt(source, i);
        continue;
      }
      let text = source.slice(i, stop);
      const start = paragraph.start + i;
      let possessive = false;
      let after = start + text.length;
      const n = text.length;
      const lastCode = text.charCodeAt(n - 1);
      if (n > 2 && (lastCode === 115 || lastCode === 83) && isApostrophe(text[n - 2])) {
        // "Lavrov's": the token is the name; the "'s" is skipped.
        text = text.slice(0, -2);
        possessive = true;
      } else if ((lastCode === 115 || lastCode === 83) && isApostrophe(body[after])) {
        // "the ministers'": a plural possessive; the apostrophe is skipped.
        possessive = true;
        after += 1;
      }
      let end = start + text.length;
      if (
        body.charCodeAt(end) === 46 &&
        !possessive &&
        ((text.length === 1 && text !== text.toLowerCase()) || isAbbreviation(text))
      ) {
        end += 1;
        text += '.';
        after = end;
      }
      const bits = shape(text);
      const lower = bits === 0 ? text : text.toLowerCase();
      const firstCode = text.charCodeAt(0);
      const upperFirst = firstCode < 128 ? firstCode >= 65 && firstCode <= 90 : text[0] !== text[0]?.toLowerCase();
      tokens.push({
        text,
        lower: lower.charCodeAt(lower.length - 1) === 46 ? lower.slice(0, -1) : lower,
        folded: bits & NOT_PLAIN ? foldName(text) : lower,
        start,
        end,
        after,
        capitalised: upperFirst || ((bits & NOT_PLAIN) !== 0 && joinerNearStart(text) && PARTICLE_PREFIX.test(text)),
        possessive,
        paragraphIndex: paragraph.index,
        sentenceIndex: -1,
        joinedToPrevious: previousEnd >= 0 && onlySpaces(body, previousEnd, start),
      });
      previousEnd = after;
      i = Math.max(stop, after - paragraph.start);
    }
  }
  return tokens;
}

function isApostrophe(ch: string | undefined): boolean {
  return ch === "'" || ch === '’';
}

/** The characters /\s/ matches, by code. */
export function isWhiteSpace(code: number): boolean {
  if (code < 128) return code === 32 || (code >= 9 && code <= 13);
  return (
    code === 0xa0 ||
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x3000 ||
    code === 0xfeff
  );
}

const STOP = /[.!?]/g;
const CLOSERS = '"”’\')]';

/**
 * Sentences within each paragraph. A full stop, question or exclamation mark ends one when
 * a capital, a digit or an opening quote follows; an abbreviation's or an initial's dot does not.
 * Token sentence indexes are filled in as a side effect of the walk.
 */
export function splitSentences(body: string, paragraphs: Paragraph[], tokens: Token[]): Sentence[] {
  const sentences: Sentence[] = [];
  let t = 0;
  for (const paragraph of paragraphs) {
    let start = paragraph.start;
    const boundaries: number[] = [];
    STOP.lastIndex = paragraph.start;
    for (let m = STOP.exec(body); m !== null && m.index < paragraph.end; m = STOP.exec(body)) {
      const i = m.index;
      const ch = m[0];
      let j = i + 1;
      while (j < paragraph.end && CLOSERS.includes(body[j] ?? '')) j++;
      if (j >= paragraph.end) continue;
      if (!/\s/.test(body[j] ?? '')) continue;
      let k = j;
      while (k < paragraph.end && /\s/.test(body[k] ?? '')) k++;
      const following = body[k] ?? '';
      if (!/[\p{Lu}\p{N}"“‘'(]/u.test(following)) continue;
      if (ch === '.') {
        // The word before the dot decides: "Gen." or "F." goes on, "said." stops.
        let w = i;
        while (w > paragraph.start && /[\p{L}.]/u.test(body[w - 1] ?? '')) w--;
        const word = body.slice(w, i + 1);
        if (/^\p{Lu}\.$/u.test(word)) continue;
        if (/^(?:\p{L}\.){2,}$/u.test(word)) {
          // "U.S." ends a sentence only when what follows reads like a sentence start.
          const nextWord = /^\p{L}+/u.exec(body.slice(k, k + 40))?.[0]?.toLowerCase();
          if (!nextWord || !FUNCTION_WORDS.has(nextWord)) continue;
        } else if (isAbbreviation(word) && !/^(?:etc|inc|ltd|corp|co|jr|sr|no)\.$/i.test(word)) {
          continue;
        }
      }
      boundaries.push(j);
    }
    boundaries.push(paragraph.end);
    for (const end of boundaries) {
      // The sentence without the white space around it; only its offsets are kept.
      let from = start;
      let to = end;
      while (from < to && isWhiteSpace(body.charCodeAt(from))) from++;
      while (to > from && isWhiteSpace(body.charCodeAt(to - 1))) to--;
      if (to > from) {
        const s: Sentence = { start: from, end: to, paragraphIndex: paragraph.index };
        const index = sentences.length;
        sentences.push(s);
        while (t < tokens.length && (tokens[t]?.start ?? Infinity) < s.end) {
          const token = tokens[t];
          if (token) token.sentenceIndex = index;
          t++;
        }
      }
      start = end;
    }
  }
  return sentences;
}
