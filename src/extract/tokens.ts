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

// Dotted acronyms first ("U.S.", "D.C."), then words with inner hyphens or apostrophes, then numbers.
const WORD = /(?:\p{L}\.){2,}|[\p{L}\p{M}][\p{L}\p{M}\p{N}]*(?:[-'’][\p{L}\p{M}\p{N}]+)*|\p{N}+(?:[.,:]\p{N}+)*/gu;

const ASCII_LOWER = /^[a-z0-9]*$/;

const PARTICLE_PREFIX = /^(?:al|el|ad|ash|as|at|ar|an|az|bin|ben|ibn|abu|o|d|l|mc|mac)[-'’]\p{Lu}/u;

export function isAbbreviation(word: string): boolean {
  return ABBREVIATIONS.has(word.toLowerCase().replace(/\.$/, ''));
}

/**
 * Splits the body into word tokens with offsets. An initial ("F.") or a known abbreviation
 * ("Gen.") keeps its dot; a possessive "'s" is dropped and flagged so "Lavrov's" is "Lavrov".
 */
function isApostrophe(ch: string | undefined): boolean {
  return ch === "'" || ch === '’';
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

/**
 * Splits the body into word tokens with offsets. An initial ("F.") or a known abbreviation
 * ("Gen.") keeps its dot; a possessive "'s" is dropped and flagged so "Lavrov's" is "Lavrov".
 */
export function tokenize(body: string, paragraphs: Paragraph[]): Token[] {
  const tokens: Token[] = [];
  for (const paragraph of paragraphs) {
    WORD.lastIndex = 0;
    // Where the text after the previous token starts (past its possessive ending, if any).
    let previousEnd = -1;
    for (let m = WORD.exec(paragraph.text); m !== null; m = WORD.exec(paragraph.text)) {
      let text = m[0];
      const start = paragraph.start + m.index;
      let possessive = false;
      let after = start + text.length;
      const n = text.length;
      if (n > 2 && (text[n - 1] === 's' || text[n - 1] === 'S') && isApostrophe(text[n - 2])) {
        // "Lavrov's": the token is the name; the "'s" is skipped.
        text = text.slice(0, -2);
        possessive = true;
      } else if ((text[n - 1] === 's' || text[n - 1] === 'S') && isApostrophe(body[after])) {
        // "the ministers'": a plural possessive; the apostrophe is skipped.
        possessive = true;
        after += 1;
      }
      let end = start + text.length;
      if (
        body[end] === '.' &&
        !possessive &&
        ((text.length === 1 && text !== text.toLowerCase()) || isAbbreviation(text))
      ) {
        end += 1;
        text += '.';
        after = end;
      }
      const first = text[0] ?? '';
      const lowerFirst = first.toLowerCase();
      const lower = text.toLowerCase();
      tokens.push({
        text,
        lower: lower.endsWith('.') ? lower.slice(0, -1) : lower,
        // Most tokens are plain lower-case words, already folded.
        folded: first === lowerFirst && ASCII_LOWER.test(text) ? text : foldName(text),
        start,
        end,
        after,
        capitalised:
          first !== lowerFirst ||
          ((text.includes('-') || text.includes('’') || text.includes("'")) && PARTICLE_PREFIX.test(text)),
        possessive,
        paragraphIndex: paragraph.index,
        sentenceIndex: -1,
        joinedToPrevious: previousEnd >= 0 && onlySpaces(body, previousEnd, start),
      });
      previousEnd = after;
      WORD.lastIndex = Math.max(WORD.lastIndex, after - paragraph.start);
    }
  }
  return tokens;
}

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
    for (let i = paragraph.start; i < paragraph.end; i++) {
      const ch = body[i];
      if (ch !== '.' && ch !== '!' && ch !== '?') continue;
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
      const raw = body.slice(start, end);
      const lead = raw.length - raw.trimStart().length;
      const text = raw.trim();
      if (text) {
        const s = { start: start + lead, end: start + lead + text.length, text, paragraphIndex: paragraph.index };
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
