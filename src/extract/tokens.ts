import { foldName } from './fold.js';
import type { WordPlaces } from './gazetteer.js';
import { FUNCTION_WORDS, GIVEN_NAME, wordFlags } from './lexicon.js';
import { hashString, type NerWord } from './ner-features.js';
import type { Paragraph, Sentence } from './types.js';

export interface Token {
  text: string;
  /** Lower case, without a trailing abbreviation dot. */
  lower: string;
  /** As `foldName` folds it: the form gazetteer and name look-ups use. */
  folded: string;
  start: number;
  end: number;
  /** Just past the token and any possessive ending it drops (or a quoted nickname after it). */
  after: number;
  /** Starts with a capital letter (or is "al-Amr"-style: a lower-case particle bound to a capital). */
  capitalised: boolean;
  /** What the lexicons say of the word (`wordFlags` bits: function word, title word, ...). */
  flags: number;
  /** The record every token of this spelling shares. */
  word: WordForms;
  /** Followed directly by "'s" or "’s", which is not part of the token. */
  possessive: boolean;
  paragraphIndex: number;
  sentenceIndex: number;
  /** Only spaces (no punctuation, no line break) lie between this token and the previous one. */
  joinedToPrevious: boolean;
  /**
   * `word.lowerHash`, kept on the token too: the tagger reads it of every token of an article, and
   * the token is at hand where its word's record is one more load, often a cache miss.
   */
  lowerHash: number;
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
  'del',
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
/** On the first unit of a surrogate pair: the character takes two units. */
const WIDE = 8;
/** An upper-case letter: what the sentence splitter asks of the word after a stop. */
const UPPER_LETTER = 16;
const classes = new Uint8Array(0x10000);
const classKnown = new Uint8Array(0x10000);
const IS_LETTER = /\p{L}/u;
const IS_MARK = /\p{M}/u;
const IS_NUMBER = /\p{N}/u;
const IS_UPPER = /\p{Lu}/u;

function classOfChar(ch: string): number {
  return (
    (IS_LETTER.test(ch) ? LETTER : 0) |
    (IS_MARK.test(ch) ? MARK : 0) |
    (IS_NUMBER.test(ch) ? NUMBER : 0) |
    (IS_UPPER.test(ch) ? UPPER_LETTER : 0)
  );
}

/** The class bits of one UTF-16 unit alone (a lone surrogate has none). */
function unitClass(code: number): number {
  if (!classKnown[code]) {
    classes[code] = classOfChar(String.fromCharCode(code));
    classKnown[code] = 1;
  }
  return classes[code] as number;
}

/**
 * A text read once into arrays: its UTF-16 codes and the class bits of each character (on the
 * first unit of a surrogate pair). The scanner then reads arrays, not the string: a slice of an
 * article is a string V8 must look through on every character read.
 */
interface Scanned {
  codes: Uint16Array;
  classes: Uint8Array;
}

function scan(text: string): Scanned {
  // One spare zero at the end, read where a word runs up to the end of the text.
  return scanInto(text, { codes: new Uint16Array(text.length + 1), classes: new Uint8Array(text.length + 1) });
}

/**
 * `scan` into `into`, whose arrays hold at least one unit more than `text`; every unit up to
 * and including that spare one is written, so arrays used before may be handed in again.
 */
function scanInto(text: string, into: Scanned): Scanned {
  const n = text.length;
  const { codes, classes: bits } = into;
  for (let i = 0; i < n; i++) {
    const code = text.charCodeAt(i);
    codes[i] = code;
    if (code >= 0xd800 && code <= 0xdbff) {
      const low = text.charCodeAt(i + 1);
      bits[i] = low >= 0xdc00 && low <= 0xdfff ? classOfChar(String.fromCharCode(code, low)) | WIDE : 0;
      continue;
    }
    bits[i] = unitClass(code);
  }
  codes[n] = 0;
  bits[n] = 0;
  return into;
}

// The tokenizer's arrays, kept from one article to the next: two fresh arrays an article, each
// as long as the text, cost a zero-filled allocation apiece and work for the collector. A text
// longer than any story gets arrays of its own, which go with it.
let shared: Scanned = { codes: new Uint16Array(1 << 14), classes: new Uint8Array(1 << 14) };
const LONGEST_SHARED = 1 << 18;

function scanShared(text: string): Scanned {
  if (text.length >= LONGEST_SHARED) return scan(text);
  if (shared.codes.length <= text.length) {
    let size = shared.codes.length;
    while (size <= text.length) size *= 2;
    shared = { codes: new Uint16Array(size), classes: new Uint8Array(size) };
  }
  return scanInto(text, shared);
}

function width(bits: number): number {
  return bits & WIDE ? 2 : 1;
}

function consume(s: Scanned, i: number, mask: number, limit: number): number {
  const bits = s.classes;
  let j = i;
  while (j < limit && (bits[j] as number) & mask) j += width(bits[j] as number);
  return j;
}

function isJoiner(code: number): boolean {
  return code === 45 || code === 39 || code === 0x2019; // - ' ’
}

/**
 * The end of the word that starts at `i` (before `limit`), or -1: dotted acronyms first ("U.S.",
 * "D.C."), then words with inner hyphens or apostrophes, then numbers with inner dots, commas or colons.
 */
function endOfWord(s: Scanned, i: number, limit: number): number {
  const { codes, classes: bits } = s;
  const first = bits[i] as number;
  if (first & LETTER) {
    // (?:\p{L}\.){2,}
    let j = i;
    let pairs = 0;
    while (j < limit && (bits[j] as number) & LETTER) {
      const dot = j + width(bits[j] as number);
      if (dot >= limit || codes[dot] !== 46) break;
      pairs++;
      j = dot + 1;
    }
    if (pairs >= 2) return j;
  }
  if (first & (LETTER | MARK)) {
    let j = consume(s, i + width(first), LETTER | MARK | NUMBER, limit);
    while (j + 1 < limit && isJoiner(codes[j] as number) && (bits[j + 1] as number) & (LETTER | MARK | NUMBER)) {
      j = consume(s, j + 1, LETTER | MARK | NUMBER, limit);
    }
    return j;
  }
  if (first & NUMBER) {
    let j = consume(s, i, NUMBER, limit);
    for (;;) {
      const code = codes[j];
      if (!(code === 46 || code === 44 || code === 58) || j + 1 >= limit || !((bits[j + 1] as number) & NUMBER)) break;
      j = consume(s, j + 1, NUMBER, limit);
    }
    return j;
  }
  return -1;
}

let lastScanned: { text: string; scanned: Scanned } | null = null;

/** `endOfWord` over a whole text, for callers that hold a string (the scanner's own tests). */
export function wordEnd(text: string, i: number): number {
  if (lastScanned?.text !== text) lastScanned = { text, scanned: scan(text) };
  return endOfWord(lastScanned.scanned, i, text.length);
}

const PARTICLE_PREFIX = /^(?:al|el|ad|ash|as|at|ar|an|az|bin|ben|ibn|abu|o|d|l|mc|mac)[-'’]\p{Lu}/u;

export function isAbbreviation(word: string): boolean {
  const lower = word.toLowerCase();
  return ABBREVIATIONS.has(lower.charCodeAt(lower.length - 1) === 46 ? lower.slice(0, -1) : lower);
}

/** Only spaces or tabs (no punctuation, no line break) between `from` and `to`. */
function onlySpaces(codes: Uint16Array, from: number, to: number): boolean {
  if (from >= to) return false;
  for (let i = from; i < to; i++) {
    const ch = codes[i];
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

/** What a word is, apart from where it stands: the same for every occurrence of its spelling. */
export interface WordForms {
  text: string;
  lower: string;
  folded: string;
  upperFirst: boolean;
  particle: boolean;
  flags: number;
  /**
   * What the gazetteer says of the spelling alone, kept by `wordPlaces` on first request: the
   * tokens of an article ask it again and again, and this record is at hand where the
   * gazetteer's maps are large and far off in memory.
   */
  places: WordPlaces | null;
  /** What the entity tagger reads of the spelling (its hashes and word classes), kept by `nerWord`. */
  ner: NerWord | null;
  /**
   * The tagger's hash of `lower` (`hashString`): the tagger reads it of every token of an article,
   * and most of them are no candidate that needs the rest of `ner`.
   */
  lowerHash: number;
  /** Whether the word heads a title, kept by chunks.ts's `isHead` (0: not yet, 1: yes, 2: no). */
  titleHead: number;
  /** The last call of `lowerCaseWords` that counted this spelling. */
  lowerStamp: number;
  /** `lower` is a known abbreviation ("gen", "st"): a dot after it is the word's own. */
  abbreviation: boolean;
}

// News copy repeats its words, and an article with a curly quote anywhere is stored in two bytes
// a character, which makes every slice of it two-byte too: lower-casing such a string takes V8's
// slow path, and a Map keyed by fresh slices hashes each one in the runtime. So each spelling is
// worked out once, in one-byte strings where its letters allow, and found again by a hash of its
// characters taken in place, in a table of our own: a word seen before costs no slice at all.
// The table keeps hashes, lengths and characters in flat arrays, so a look-up compares in a few
// cache lines instead of chasing an object and a string per probe (memory is the slow part on a
// shared machine). Emptied when half full, so memory stays flat; long words are not kept.
const SLOTS = 1 << 15;
const SLOT_MASK = SLOTS - 1;
const LONGEST_KEPT = 40;
/**
 * Per slot, side by side so that a probe reads one cache line: the hash, then the length (0 for an
 * empty slot: no word is empty) in the low six bits and where the slot's characters start in
 * `pool` above them. Two numbers a slot, not three in four: the table is read once per token, and
 * at half the size more of it stays in the cache.
 */
const slotMeta = new Int32Array(SLOTS * 2);
// LONGEST_KEPT fits in the six bits, the pool's offsets (under 2^18) in the 25 above them.
const LENGTH_BITS = 6;
const LENGTH_MASK = (1 << LENGTH_BITS) - 1;
let slotForms: (WordForms | undefined)[] = new Array(SLOTS);
const pool = new Uint16Array((SLOTS / 2) * 12);
let poolUsed = 0;
let slotsUsed = 0;

/** The forms of `text.slice(from, to)`, from the table when that spelling was seen before. */
function formsAt(text: string, codes: Uint16Array, from: number, to: number): WordForms {
  const length = to - from;
  let hash = 0x811c9dc5 | 0;
  for (let k = from; k < to; k++) hash = Math.imul(hash ^ (codes[k] as number), 0x01000193);
  let slot = hash & SLOT_MASK;
  for (;;) {
    const at = slot * 2;
    const stored = slotMeta[at + 1] as number;
    if (stored === 0) break;
    if (
      slotMeta[at] === hash &&
      (stored & LENGTH_MASK) === length &&
      samePooled(stored >>> LENGTH_BITS, codes, from, to)
    ) {
      return slotForms[slot] as WordForms;
    }
    slot = (slot + 1) & SLOT_MASK;
  }
  const forms = formsOf(text.slice(from, to));
  if (length > LONGEST_KEPT) return forms;
  if (slotsUsed >= SLOTS / 2 || poolUsed + length > pool.length) {
    slotMeta.fill(0);
    slotForms = new Array(SLOTS);
    slotsUsed = 0;
    poolUsed = 0;
    slot = hash & SLOT_MASK;
  }
  pool.set(codes.subarray(from, to), poolUsed);
  const at = slot * 2;
  slotMeta[at] = hash;
  slotMeta[at + 1] = length | (poolUsed << LENGTH_BITS);
  slotForms[slot] = forms;
  poolUsed += length;
  slotsUsed++;
  return forms;
}

function samePooled(start: number, codes: Uint16Array, from: number, to: number): boolean {
  for (let k = from, p = start; k < to; k++, p++) if (pool[p] !== codes[k]) return false;
  return true;
}

function formsOf(word: string): WordForms {
  const text = compact(word);
  const bits = shape(text);
  const lower = bits === 0 ? text : text.toLowerCase();
  const firstCode = text.charCodeAt(0);
  const bare = lower.charCodeAt(lower.length - 1) === 46 ? lower.slice(0, -1) : lower;
  return {
    text,
    lower: bare,
    // An initial keeps its dot ("John A. Smith"): "A." is not the article, nor "I." the pronoun.
    flags: wordFlags(text, text.length === 2 && bare.length === 1 ? lower : bare),
    places: null,
    ner: null,
    lowerHash: hashString(bare),
    titleHead: 0,
    lowerStamp: 0,
    abbreviation: ABBREVIATIONS.has(bare),
    folded: bits & NOT_PLAIN ? foldName(text) : lower,
    upperFirst: firstCode < 128 ? firstCode >= 65 && firstCode <= 90 : text[0] !== text[0]?.toLowerCase(),
    particle: (bits & NOT_PLAIN) !== 0 && joinerNearStart(text) && PARTICLE_PREFIX.test(text),
  };
}

/** The same string, one byte a character when every character fits (a copy of a two-byte slice). */
function compact(word: string): string {
  // A word too long for the table is seen once; it is also too long to spread into arguments.
  if (word.length > LONGEST_KEPT) return word;
  const codes: number[] = [];
  for (let i = 0; i < word.length; i++) {
    const code = word.charCodeAt(i);
    if (code > 0xff) return word;
    codes.push(code);
  }
  return String.fromCharCode(...codes);
}

/**
 * A token as `tokenize` makes it. Made with `new`, not as an object literal: V8 tracks the
 * survival of a literal's objects per place in the code and, once most of them outlived a young
 * collection (as an article's tokens do while its later steps run), allocates every later one in
 * the old generation, where the tokens of each article then stayed as garbage for the full
 * collector (about 70 KB an article). A class's instances carry no such record and stay young.
 */
class TokenRecord implements Token {
  text: string;
  lower: string;
  folded: string;
  start: number;
  end: number;
  after: number;
  capitalised: boolean;
  flags: number;
  word: WordForms;
  possessive: boolean;
  paragraphIndex: number;
  sentenceIndex: number;
  joinedToPrevious: boolean;
  lowerHash: number;

  constructor(
    word: WordForms,
    start: number,
    end: number,
    after: number,
    possessive: boolean,
    paragraphIndex: number,
    joinedToPrevious: boolean,
  ) {
    this.text = word.text;
    this.lower = word.lower;
    this.folded = word.folded;
    this.start = start;
    this.end = end;
    this.after = after;
    this.capitalised = word.upperFirst || word.particle;
    this.flags = word.flags;
    this.word = word;
    this.possessive = possessive;
    this.paragraphIndex = paragraphIndex;
    this.sentenceIndex = -1;
    this.joinedToPrevious = joinedToPrevious;
    this.lowerHash = word.lowerHash;
  }
}

/** A copy of `t` of the same class (a spread would make a plain object, a second shape for every reader). */
function copyToken(t: Token): TokenRecord {
  const copy = new TokenRecord(t.word, t.start, t.end, t.after, t.possessive, t.paragraphIndex, t.joinedToPrevious);
  copy.text = t.text;
  copy.lower = t.lower;
  copy.folded = t.folded;
  copy.capitalised = t.capitalised;
  copy.flags = t.flags;
  copy.sentenceIndex = t.sentenceIndex;
  copy.lowerHash = t.lowerHash;
  return copy;
}

/**
 * Splits the body into word tokens with offsets. An initial ("F.") or a known abbreviation
 * ("Gen.") keeps its dot; a possessive "'s" is dropped and flagged so "Lavrov's" is "Lavrov".
 */
export function tokenize(body: string, paragraphs: Paragraph[]): Token[] {
  const tokens: Token[] = [];
  const scanned = scanShared(body);
  const codes = scanned.codes;
  for (const paragraph of paragraphs) {
    const limit = paragraph.end;
    // Where the text after the previous token starts (past its possessive ending, if any).
    let previousEnd = -1;
    let i = paragraph.start;
    while (i < limit) {
      const stop = endOfWord(scanned, i, limit);
      if (stop < 0) {
        i += width(scanned.classes[i] as number);
        continue;
      }
      const start = i;
      let possessive = false;
      let after = stop;
      let to = stop;
      const lastCode = codes[stop - 1];
      if (stop - i > 2 && (lastCode === 115 || lastCode === 83) && isApostrophe(codes[stop - 2] as number)) {
        // "Lavrov's": the token is the name; the "'s" is skipped.
        to -= 2;
        possessive = true;
      } else if ((lastCode === 115 || lastCode === 83) && isApostrophe(codes[after] as number)) {
        // "the ministers'": a plural possessive; the apostrophe is skipped.
        possessive = true;
        after += 1;
      }
      let forms = formsAt(body, codes, i, to);
      let end = to;
      if (codes[end] === 46 && !possessive && ((to - i === 1 && forms.upperFirst) || forms.abbreviation)) {
        end += 1;
        forms = formsAt(body, codes, i, end);
        after = end;
      }
      tokens.push(
        new TokenRecord(
          forms,
          start,
          end,
          after,
          possessive,
          paragraph.index,
          previousEnd >= 0 && onlySpaces(codes, previousEnd, start),
        ),
      );
      previousEnd = after;
      i = Math.max(stop, after);
    }
  }
  return tokens;
}

const NICKNAME_OPENS = /^\s+["“]$/;
const NICKNAME_CLOSES = /^["”]\s+$/;

/**
 * A nickname quoted inside a name ('Hector "Macho" Camacho', 'Marcia "Cia" Price') is left out
 * of the tokens, so the given name and the surname read as one name whose mention still spans
 * the nickname. Only after a given name, of one or two capitalised words, before a capital.
 * The tagger's training text is tokenized without this step: its gold spans take such a name
 * whole, nickname included, and the tagger is trained on the tokens they label.
 */
export function withoutNicknames(body: string, tokens: Token[]): Token[] {
  let kept: Token[] | null = null;
  for (let i = 0; i < tokens.length; i++) {
    const given = tokens[i] as Token;
    kept?.push(given);
    if (!(given.flags & GIVEN_NAME) || !given.capitalised || given.possessive) continue;
    const first = tokens[i + 1];
    if (!first?.capitalised || !NICKNAME_OPENS.test(body.slice(given.after, first.start))) continue;
    let last = i + 1;
    if (tokens[i + 2]?.joinedToPrevious && tokens[i + 2]?.capitalised) last = i + 2;
    const lastToken = tokens[last] as Token;
    const surname = tokens[last + 1];
    if (!surname?.capitalised || lastToken.possessive) continue;
    if (surname.sentenceIndex !== given.sentenceIndex && surname.sentenceIndex >= 0) continue;
    if (!NICKNAME_CLOSES.test(body.slice(lastToken.after, surname.start))) continue;
    kept ??= tokens.slice(0, i + 1);
    // The given name's `after` skips the nickname, so every gap between the two is one space.
    const givenCopy = copyToken(given);
    givenCopy.after = surname.start - 1;
    kept[kept.length - 1] = givenCopy;
    const surnameCopy = copyToken(surname);
    surnameCopy.joinedToPrevious = true;
    kept.push(surnameCopy);
    i = last + 1;
  }
  return kept ?? tokens;
}

/**
 * The words the article writes in lower case somewhere, built on first need and shared by the
 * steps that ask (such a word, capitalised elsewhere, is a word and not a name: "Ready", "Silver").
 */
export function lowerCaseWords(tokens: Token[]): () => ReadonlySet<string> {
  let words: Set<string> | null = null;
  return () => {
    if (words === null) {
      words = new Set();
      // Each spelling goes in once, not once per token: news repeats "the" and "said".
      const stamp = ++lowerCaseStamp;
      for (const t of tokens) {
        if (t.capitalised || t.word.lowerStamp === stamp) continue;
        t.word.lowerStamp = stamp;
        words.add(t.lower);
      }
    }
    return words;
  };
}

let lowerCaseStamp = 0;

function isApostrophe(code: number): boolean {
  return code === 39 || code === 0x2019;
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

/**
 * Where `pattern` (a global one) matches in `text`, in one pass. Callers that look for marks per
 * paragraph walk this list instead of searching from each paragraph's start, which would run on
 * to the next match in the article and so read the rest of it once per paragraph without one.
 */
export function offsetsOf(text: string, pattern: RegExp): number[] {
  const offsets: number[] = [];
  pattern.lastIndex = 0;
  for (let m = pattern.exec(text); m !== null; m = pattern.exec(text)) offsets.push(m.index);
  return offsets;
}

const STOP = /[.!?]/g;

/** " ” ’ ' ) ]: what may close a sentence after its stop. */
function isCloser(code: number): boolean {
  return code === 34 || code === 0x201d || code === 0x2019 || code === 39 || code === 41 || code === 93;
}

/** A capital, a digit or an opening quote or bracket: what may open a sentence. */
function opensSentence(code: number): boolean {
  return (
    code === 34 ||
    code === 0x201c ||
    code === 0x2018 ||
    code === 39 ||
    code === 40 ||
    (unitClass(code) & (UPPER_LETTER | NUMBER)) !== 0
  );
}

/** "U.S.", "D.C.": two or more letters, each with its dot, from `from` to the dot at `dot`. */
function isDottedAcronym(body: string, from: number, dot: number): boolean {
  const length = dot + 1 - from;
  if (length < 4 || length % 2 !== 0) return false;
  for (let p = from; p < dot; p += 2) {
    if (!(unitClass(body.charCodeAt(p)) & LETTER) || body.charCodeAt(p + 1) !== 46) return false;
  }
  return true;
}

/**
 * Sentences within each paragraph. A full stop, question or exclamation mark ends one when
 * a capital, a digit or an opening quote follows; an abbreviation's or an initial's dot does not.
 * Token sentence indexes are filled in as a side effect of the walk.
 */
export function splitSentences(body: string, paragraphs: Paragraph[], tokens: Token[]): Sentence[] {
  const sentences: Sentence[] = [];
  const stops = offsetsOf(body, STOP);
  let s = 0;
  let t = 0;
  for (const paragraph of paragraphs) {
    let start = paragraph.start;
    const boundaries: number[] = [];
    while (s < stops.length && (stops[s] as number) < paragraph.start) s++;
    for (; s < stops.length && (stops[s] as number) < paragraph.end; s++) {
      const i = stops[s] as number;
      const code = body.charCodeAt(i);
      let j = i + 1;
      while (j < paragraph.end && isCloser(body.charCodeAt(j))) j++;
      if (j >= paragraph.end) continue;
      if (!isWhiteSpace(body.charCodeAt(j))) continue;
      let k = j;
      while (k < paragraph.end && isWhiteSpace(body.charCodeAt(k))) k++;
      if (!opensSentence(body.charCodeAt(k))) continue;
      if (code === 46) {
        // The word before the dot decides: "Gen." or "F." goes on, "said." stops.
        let w = i;
        while (w > paragraph.start) {
          const code = body.charCodeAt(w - 1);
          if (code !== 46 && !(unitClass(code) & LETTER)) break;
          w--;
        }
        if (i - w === 1 && unitClass(body.charCodeAt(w)) & UPPER_LETTER) continue;
        if (isDottedAcronym(body, w, i)) {
          // "U.S." ends a sentence only when what follows reads like a sentence start.
          const nextWord = /^\p{L}+/u.exec(body.slice(k, k + 40))?.[0]?.toLowerCase();
          if (!nextWord || !FUNCTION_WORDS.has(nextWord)) continue;
        } else {
          const word = body.slice(w, i + 1);
          if (isAbbreviation(word) && !/^(?:etc|inc|ltd|corp|co|jr|sr|no)\.$/i.test(word)) continue;
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
