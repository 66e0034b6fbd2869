import type { Gazetteer } from './gazetteer.js';
import { wordPlaces } from './gazetteer.js';
import {
  ACRONYM,
  CALENDAR_WORD,
  COMPASS_WORDS,
  FUNCTION_WORD,
  GIVEN_NAME,
  LOCATIVES,
  NAME_PARTICLES,
  OCCUPATIONS,
  ORGANISATION_WORD,
  SPEECH_VERB,
  TITLE_HEADS,
  TITLE_WORD,
  WORK_NOUNS,
} from './lexicon.js';
import type { Token, WordForms } from './tokens.js';

// The features of the named-entity tagger (ner.ts), shared by the tagger and its training script
// (scripts/train-ner.ts) so that both read a token the same way. Every feature is a 32-bit hash
// of a template and a value; the weights file keeps the hashes of the features it learned.

/** BIO tags over four kinds; MISC (works, events, nationalities) is learned so it is not taken for the others. */
export const NER_TAGS = ['O', 'B-PER', 'I-PER', 'B-LOC', 'I-LOC', 'B-ORG', 'I-ORG', 'B-MISC', 'I-MISC'] as const;
export const TAG_COUNT = NER_TAGS.length;

/** FNV-1a over UTF-16 units: the hash every word, suffix and shape is known by. */
export function hashString(text: string, from = 0, to = text.length): number {
  let hash = 0x811c9dc5 | 0;
  for (let k = from; k < to; k++) hash = Math.imul(hash ^ text.charCodeAt(k), 0x01000193);
  return hash;
}

/** A feature's key: its template and value mixed (murmur3's finaliser), never 0 (0 marks an empty slot). */
export function featureKey(template: number, value: number): number {
  let h = Math.imul(template + 1, 0x9e3779b1) ^ value;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  h ^= h >>> 16;
  return h === 0 ? 1 : h;
}

// Word classes: what the project's lexicons, gazetteer and name lists say of a spelling.
const CLASS_GIVEN_NAME = 0;
const CLASS_ORGANISATION_WORD = 1;
const CLASS_TITLE_WORD = 2;
const CLASS_FUNCTION_WORD = 3;
const CLASS_SPEECH_VERB = 4;
const CLASS_CALENDAR = 5;
const CLASS_ACRONYM = 6;
const CLASS_PERSON_NAME = 7;
const CLASS_COUNTRY = 8;
const CLASS_REGION = 9;
const CLASS_MAJOR_CITY = 10;
const CLASS_TOWN = 11;
const CLASS_DEMONYM = 12;
const CLASS_PLACE_START = 13;
const CLASS_LOCATIVE = 14;
const CLASS_TITLE_HEAD = 15;
const CLASS_OCCUPATION = 16;
const CLASS_COMPASS = 17;
const CLASS_PARTICLE = 18;
const CLASS_WORK_NOUN = 19;
const CLASS_COUNT = 20;

/** The lexicon side of a model: the name list whose membership is a feature. */
export interface NerLexicon {
  /** Hashes (`hashString`) of the folded names of the people-name list, sorted. */
  names: Int32Array;
}

/** What the tagger reads of one spelling, worked out once and kept with its `WordForms`. */
export interface NerWord {
  lexicon: NerLexicon;
  gazetteer: Gazetteer;
  lower: number;
  shape: number;
  suffix2: number;
  suffix3: number;
  suffix4: number;
  prefix3: number;
  /** `CLASS_*` bits. */
  classes: number;
  capitalised: boolean;
  /**
   * Where the summed weights of the word's own features in each role (`ROLES`) start in the
   * tagger's pool of them (ner.ts), written in pool generation `sumsGeneration`; the summed
   * weights of its `classFeatures` by opening and run position (`classSums`); for the model that
   * summed them (`scoresModel`; null: not yet). Fields of the word itself, not of a record it
   * points to: the tagger reads them for every token and its four neighbours, and each pointer
   * more is a load that often misses the cache.
   */
  scoresModel: object | null;
  sumsAt: number;
  sumsGeneration: number;
  classSums: Int32Array;
}

function sortedHas(sorted: Int32Array, value: number): boolean {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const v = sorted[mid] as number;
    if (v === value) return true;
    if (v < value) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}

/** "Xx", "X.X.", "Xx-Xx", "d", "xXx": each run of one kind of character written once. */
function shapeOf(text: string): string {
  let shape = '';
  let last = -1;
  for (let k = 0; k < text.length; k++) {
    const c = text.charCodeAt(k);
    let kind: number;
    if (c >= 65 && c <= 90) kind = 88;
    else if (c >= 97 && c <= 122) kind = 120;
    else if (c >= 48 && c <= 57) kind = 100;
    else if (c < 128) kind = c;
    else {
      const ch = text[k] as string;
      kind = ch !== ch.toLowerCase() ? 88 : ch !== ch.toUpperCase() ? 120 : c;
    }
    if (kind !== last) shape += String.fromCharCode(kind);
    last = kind;
  }
  return shape;
}

function bit(index: number, on: boolean | number): number {
  return on ? 1 << index : 0;
}

const NO_SUMS = new Int32Array(0);

export function nerWord(word: WordForms, capitalised: boolean, lexicon: NerLexicon, gaz: Gazetteer): NerWord {
  const kept = word.ner;
  if (kept !== null && kept.lexicon === lexicon && kept.gazetteer === gaz) return kept;
  const { lower, flags } = word;
  const places = wordPlaces(gaz, word);
  let classes =
    bit(CLASS_GIVEN_NAME, flags & GIVEN_NAME) |
    bit(CLASS_ORGANISATION_WORD, flags & ORGANISATION_WORD) |
    bit(CLASS_TITLE_WORD, flags & TITLE_WORD) |
    bit(CLASS_FUNCTION_WORD, flags & FUNCTION_WORD) |
    bit(CLASS_SPEECH_VERB, flags & SPEECH_VERB) |
    bit(CLASS_CALENDAR, flags & CALENDAR_WORD) |
    bit(CLASS_ACRONYM, flags & ACRONYM) |
    bit(CLASS_PERSON_NAME, sortedHas(lexicon.names, hashString(word.folded))) |
    bit(CLASS_DEMONYM, places.demonym !== undefined) |
    bit(CLASS_PLACE_START, places.taggerLongest > 1) |
    bit(CLASS_LOCATIVE, LOCATIVES.has(lower)) |
    bit(CLASS_TITLE_HEAD, TITLE_HEADS.has(lower)) |
    bit(CLASS_OCCUPATION, OCCUPATIONS.has(lower)) |
    bit(CLASS_COMPASS, COMPASS_WORDS.has(lower)) |
    bit(CLASS_PARTICLE, NAME_PARTICLES.has(word.text)) |
    bit(CLASS_WORK_NOUN, WORK_NOUNS.has(lower));
  const untagged = gaz.untaggedOptions.get(word.folded);
  for (const option of places.options ?? []) {
    if (option === untagged) continue;
    classes |=
      bit(CLASS_COUNTRY, option.kind === 'country') |
      bit(CLASS_REGION, option.kind === 'region') |
      bit(CLASS_MAJOR_CITY, option.kind === 'city' && option.major) |
      bit(CLASS_TOWN, option.kind === 'city' && !option.major);
  }
  const n = lower.length;
  const ner: NerWord = {
    lexicon,
    gazetteer: gaz,
    lower: word.lowerHash,
    shape: hashString(shapeOf(word.text)),
    suffix2: n > 2 ? hashString(lower, n - 2) : 0,
    suffix3: n > 3 ? hashString(lower, n - 3) : 0,
    suffix4: n > 4 ? hashString(lower, n - 4) : 0,
    prefix3: n > 3 ? hashString(lower, 0, 3) : 0,
    classes,
    capitalised,
    scoresModel: null,
    sumsAt: 0,
    sumsGeneration: 0,
    classSums: NO_SUMS,
  };
  word.ner = ner;
  return ner;
}

// Lower-case words that may stand inside a name between capitalised ones ("Bank of England",
// "Ursula von der Leyen", "Department of Health and Human Services").
const CONNECTORS = new Set([
  'of',
  'the',
  'and',
  'for',
  'on',
  'upon',
  'am',
  'de',
  'du',
  'da',
  'dos',
  'das',
  'do',
  'di',
  'del',
  'della',
  'von',
  'van',
  'der',
  'den',
  'la',
  'le',
  'al',
  'el',
  'bin',
  'ibn',
  'y',
  'zu',
  'ter',
  'ten',
]);

/**
 * Which tokens the tagger labels at all: capitalised words, and up to two connectors between two
 * of them in one sentence. Every other token is outside any name (news writes names with
 * capitals), which keeps the tagger's work to a sixth of the article. A capitalised function or
 * date word with no capitalised word beside it is no candidate either. Marks `out[i] = 1`.
 */
export function markCandidates(tokens: Token[], out: Uint8Array): void {
  const n = tokens.length;
  for (let i = 0; i < n; i++) {
    const t = tokens[i] as Token;
    // "The", "But", "Monday" alone, with no capitalised word beside them, name nothing.
    out[i] =
      t.capitalised &&
      !(
        t.flags & (FUNCTION_WORD | CALENDAR_WORD) &&
        !(tokens[i + 1]?.capitalised && tokens[i + 1]?.joinedToPrevious) &&
        !(tokens[i - 1]?.capitalised && t.joinedToPrevious)
      )
        ? 1
        : 0;
  }
  for (let i = 1; i < n - 1; i++) {
    if (out[i] || !out[i - 1]) continue;
    const t = tokens[i] as Token;
    if (!t.joinedToPrevious || !CONNECTORS.has(t.lower)) continue;
    let j = i + 1;
    if (j < n && !out[j] && CONNECTORS.has((tokens[j] as Token).lower) && (tokens[j] as Token).joinedToPrevious) j++;
    const next = tokens[j];
    if (next?.capitalised && next.joinedToPrevious && next.sentenceIndex === t.sentenceIndex) {
      for (let k = i; k < j; k++) out[k] = 1;
      i = j;
    }
  }
}

// Templates.
const T_BIAS = 0;
const T_W0 = 1;
const T_WM1 = 2;
const T_WP1 = 3;
const T_WM2 = 4;
const T_WP2 = 5;
const T_SH0 = 6;
const T_SHM1 = 7;
const T_SHP1 = 8;
const T_SHM1_SH0 = 9;
const T_SH0_SHP1 = 10;
const T_SUF2 = 11;
const T_SUF3 = 12;
const T_SUF4 = 13;
const T_PRE3 = 14;
const T_CLS0 = 15;
const T_CLSM1 = 16;
const T_CLSP1 = 17;
const T_GAP_BEFORE = 18;
const T_GAP_AFTER = 19;
const T_RUN = 20;
const T_PLACE_NAME = 21;
const T_WM1_W0 = 22;
const T_W0_WP1 = 23;
const T_DOC = 24;
const T_CLS0_START = 25;
const T_POSSESSIVE = 26;
const T_CLSM2 = 27;
const T_CLSP2 = 28;
const T_CLS0_RUN = 29;

export const PAIR_FEATURES = 4;

/**
 * How many values of each template with few values get a dense table of weights (template ->
 * number of values, the smallest ones); a larger value (a rare punctuation mark) is looked up.
 */
export const SMALL_DOMAINS: ReadonlyMap<number, number> = new Map([
  [T_BIAS, 1],
  [T_CLS0_START, CLASS_COUNT * 2],
  [T_CLS0_RUN, CLASS_COUNT * 32],
  [T_GAP_BEFORE, 256],
  [T_GAP_AFTER, 128],
  [T_RUN, 64],
  [T_PLACE_NAME, 3],
  [T_POSSESSIVE, 2],
  [T_DOC, 16],
]);
export const TEMPLATE_COUNT = 30;
export const MAX_SMALL_FEATURES = CLASS_COUNT * 2 + 8;
const smallTemplates = new Int32Array(MAX_SMALL_FEATURES);
const smallValues = new Int32Array(MAX_SMALL_FEATURES);

/**
 * The bias and a word's classes, each where the token opens its sentence or not (`starts`) and
 * where it stands in its capitalised run (`run`, `NerDocument.run`): the small features that
 * depend on the word's classes and those two alone, so the tagger sums them once per such triple.
 * Into `templates` and `values`; returns how many.
 */
export function classFeatures(
  classes: number,
  starts: number,
  run: number,
  templates: Int32Array,
  values: Int32Array,
): number {
  let n = 0;
  templates[n] = T_BIAS;
  values[n++] = 0;
  for (let b = 0; b < CLASS_COUNT; b++) {
    if (classes & (1 << b)) {
      templates[n] = T_CLS0_START;
      values[n++] = b * 2 + starts;
      templates[n] = T_CLS0_RUN;
      values[n++] = b * 32 + run;
    }
  }
  return n;
}

/** Run positions (`NerDocument.run`) are below this: two bits of position, the length up to 4 above them. */
export const RUN_VALUES = 32;

/** The most features one token has: the buffer the caller hands in must hold this many. */
export const MAX_FEATURES = 192;

const OUTSIDE = 0x5f3759df;

/** The punctuation between two tokens, by the character nearest `side` of it. */
function gapCode(body: string, from: number, to: number, nearEnd: boolean): number {
  if (from >= to) return 0;
  let newline = false;
  if (nearEnd) {
    for (let k = to - 1; k >= from; k--) {
      const c = body.charCodeAt(k);
      if (c === 10) newline = true;
      else if (c !== 32 && c !== 9 && c !== 13 && c !== 0xa0) return c;
    }
  } else {
    for (let k = from; k < to; k++) {
      const c = body.charCodeAt(k);
      if (c === 10) newline = true;
      else if (c !== 32 && c !== 9 && c !== 13 && c !== 0xa0) return c;
    }
  }
  return newline ? 10 : 32;
}

/**
 * The features that join two words (shapes and words side by side) of word `w` between `m1` and
 * `p1` (null: the sentence ends there), as keys into `out` from `at`; returns how many.
 */
export function pairKeys(w: NerWord, m1: NerWord | null, p1: NerWord | null, out: Int32Array, at: number): number {
  out[at] = featureKey(T_SHM1_SH0, Math.imul(m1 ? m1.shape : OUTSIDE, 31) ^ w.shape);
  out[at + 1] = featureKey(T_SH0_SHP1, Math.imul(w.shape, 31) ^ (p1 ? p1.shape : OUTSIDE));
  out[at + 2] = featureKey(T_WM1_W0, Math.imul(m1 ? m1.lower : OUTSIDE, 31) ^ w.lower);
  out[at + 3] = featureKey(T_W0_WP1, Math.imul(w.lower, 31) ^ (p1 ? p1.lower : OUTSIDE));
  return PAIR_FEATURES;
}

/** A word's features split by where it stands from the token being labelled. */
export const SELF = 0;
export const LEFT = 1;
export const RIGHT = 2;
export const LEFT2 = 3;
export const RIGHT2 = 4;
export const ROLES = 5;

/**
 * The features a word brings in one role: its own spelling, shape, affixes and classes as the
 * token labelled (SELF), or as the word one or two before or after it. They depend on the
 * spelling alone, so the tagger sums their weights once per spelling (`null`: no word there, the
 * sentence ends).
 */
export function roleFeatures(w: NerWord | null, role: number, out: Int32Array, at: number): number {
  let n = at;
  if (role === SELF) {
    const word = w as NerWord;
    out[n++] = featureKey(T_W0, word.lower);
    out[n++] = featureKey(T_SH0, word.shape);
    if (word.suffix2) out[n++] = featureKey(T_SUF2, word.suffix2);
    if (word.suffix3) out[n++] = featureKey(T_SUF3, word.suffix3);
    if (word.suffix4) out[n++] = featureKey(T_SUF4, word.suffix4);
    if (word.prefix3) out[n++] = featureKey(T_PRE3, word.prefix3);
    for (let b = 0; b < CLASS_COUNT; b++) if (word.classes & (1 << b)) out[n++] = featureKey(T_CLS0, b);
    return n - at;
  }
  const [wordTemplate, shapeTemplate, classTemplate] = ROLE_TEMPLATES[role] as [number, number, number];
  out[n++] = featureKey(wordTemplate, w ? w.lower : OUTSIDE);
  if (shapeTemplate >= 0) out[n++] = featureKey(shapeTemplate, w ? w.shape : OUTSIDE);
  if (w) for (let b = 0; b < CLASS_COUNT; b++) if (w.classes & (1 << b)) out[n++] = featureKey(classTemplate, b);
  return n - at;
}

const ROLE_TEMPLATES: [number, number, number][] = [
  [T_W0, T_SH0, T_CLS0],
  [T_WM1, T_SHM1, T_CLSM1],
  [T_WP1, T_SHP1, T_CLSP1],
  [T_WM2, -1, T_CLSM2],
  [T_WP2, -1, T_CLSP2],
];

// Spellings the article writes in lower case, and capitalised inside a sentence, by the hash of
// their lower case: a small table stamped per article, so no set is built and dropped each time.
const SEEN_SLOTS = 1 << 12;
const seenKeys = new Int32Array(SEEN_SLOTS);
const seenStamps = new Int32Array(SEEN_SLOTS);
const seenBits = new Uint8Array(SEEN_SLOTS);
let stamp = 0;

function markSeen(hash: number, bits: number, used: { count: number }): void {
  let slot = hash & (SEEN_SLOTS - 1);
  while (seenStamps[slot] === stamp) {
    if (seenKeys[slot] === hash) {
      seenBits[slot] = (seenBits[slot] as number) | bits;
      return;
    }
    slot = (slot + 1) & (SEEN_SLOTS - 1);
  }
  // A table more than half full answers "not seen" for the rest: an article of thousands of
  // distinct words loses a weak hint, not its linear time.
  if (used.count >= SEEN_SLOTS / 2) return;
  used.count++;
  seenStamps[slot] = stamp;
  seenKeys[slot] = hash;
  seenBits[slot] = bits;
}

function seen(hash: number): number {
  let slot = hash & (SEEN_SLOTS - 1);
  while (seenStamps[slot] === stamp) {
    if (seenKeys[slot] === hash) return seenBits[slot] as number;
    slot = (slot + 1) & (SEEN_SLOTS - 1);
  }
  return 0;
}

/**
 * Per-article state the features read: which tokens are candidates, and, worked out per stretch
 * of candidates when it is first read (`prepare`), the tokens' `NerWord`s, their places in their
 * capitalised runs and the gazetteer names of several words there. The extractor asks the
 * tagger about a few stretches of an article only, so nothing is worked out for the rest.
 */
export class NerDocument {
  readonly candidate: Uint8Array;
  /** Capitalised-run position of each token: bits 0-1 single/first/inner/last, then the run length. */
  readonly run: Uint8Array;
  /** 1 when the token starts a gazetteer name of several words, 2 inside one. */
  readonly placeName: Uint8Array;
  /**
   * Of each candidate, whether the article writes its spelling in lower case somewhere (1) and
   * capitalised inside a sentence (2): a capitalised word at a sentence's start that the article
   * also writes in lower case is an ordinary word there. Worked out with the first stretch.
   */
  readonly seen: Uint8Array;
  private seenDone = false;
  private readonly words: (NerWord | undefined)[];

  constructor(
    readonly body: string,
    readonly tokens: Token[],
    readonly lexicon: NerLexicon,
    readonly gaz: Gazetteer,
  ) {
    const n = tokens.length;
    this.candidate = new Uint8Array(n);
    this.run = new Uint8Array(n);
    this.placeName = new Uint8Array(n);
    this.words = new Array(n);
    this.seen = new Uint8Array(n);
    markCandidates(tokens, this.candidate);
  }

  /** The end of the stretch of candidates in one sentence that starts at candidate `from`. */
  stretchEnd(from: number): number {
    const { tokens, candidate } = this;
    const sentence = (tokens[from] as Token).sentenceIndex;
    let to = from + 1;
    while (to < tokens.length && candidate[to] && (tokens[to] as Token).sentenceIndex === sentence) to++;
    return to;
  }

  /** The start of the stretch that holds candidate `i`. */
  stretchStart(i: number): number {
    // Worked out for every token at the first call: walking back from each token asked about
    // would be quadratic in a sentence of thousands of names.
    if (!this.starts) {
      const { tokens, candidate } = this;
      const starts = new Int32Array(tokens.length);
      for (let k = 0; k < tokens.length; k++)
        starts[k] =
          k > 0 && candidate[k - 1] && (tokens[k - 1] as Token).sentenceIndex === (tokens[k] as Token).sentenceIndex
            ? (starts[k - 1] as number)
            : k;
      this.starts = starts;
    }
    return this.starts[i] as number;
  }

  private starts: Int32Array | null = null;

  /**
   * What the features of the stretch [from, to) read. The runs, place names and spellings seen are
   * worked out for the whole article at the first stretch asked about: a capitalised run may go on
   * past its sentence ("the U.S. The president"), and the run features read it whole.
   */
  prepare(_from: number, _to: number): void {
    if (this.seenDone) return;
    this.markSeen();
    const { tokens } = this;
    const n = tokens.length;
    for (let i = 0; i < n; ) {
      if (!(tokens[i] as Token).capitalised) {
        i++;
        continue;
      }
      let j = i + 1;
      while (j < n && (tokens[j] as Token).capitalised && (tokens[j] as Token).joinedToPrevious) j++;
      const length = Math.min(j - i, 4);
      for (let k = i; k < j; k++) {
        const position = j - i === 1 ? 0 : k === i ? 1 : k === j - 1 ? 3 : 2;
        this.run[k] = position | (length << 2);
      }
      this.markPlaceNames(i, j);
      i = j;
    }
  }

  private markSeen(): void {
    this.seenDone = true;
    const { tokens } = this;
    stamp = (stamp + 1) | 0;
    const used = { count: 0 };
    let previousSentence = -1;
    for (let i = 0; i < tokens.length; i++) {
      const t = tokens[i] as Token;
      if (!t.capitalised) markSeen(t.lowerHash, 1, used);
      else if (t.sentenceIndex === previousSentence) markSeen(t.lowerHash, 2, used);
      previousSentence = t.sentenceIndex;
    }
    // The token's copy of its word's hash (`NerWord.lower` is the same number): a candidate the
    // tagger is never asked about needs no `NerWord`.
    for (let i = 0; i < tokens.length; i++) if (this.candidate[i]) this.seen[i] = seen((tokens[i] as Token).lowerHash);
  }

  word(k: number): NerWord {
    let w = this.words[k];
    if (w === undefined) {
      const t = this.tokens[k] as Token;
      w = nerWord(t.word, t.capitalised, this.lexicon, this.gaz);
      this.words[k] = w;
    }
    return w;
  }

  /** Multi-word gazetteer names inside the capitalised run [from, to): "New York", "South Korea". */
  private markPlaceNames(from: number, to: number): void {
    const { tokens, gaz } = this;
    for (let i = from; i < to - 1; i++) {
      const word = this.word(i);
      if (!(word.classes & (1 << CLASS_PLACE_START))) continue;
      const longest = Math.min(wordPlaces(gaz, (tokens[i] as Token).word).taggerLongest, gaz.maxWords, to - i);
      for (let n = longest; n >= 2; n--) {
        let key = (tokens[i] as Token).folded;
        for (let k = i + 1; k < i + n; k++) key += ` ${(tokens[k] as Token).folded}`;
        if (gaz.byName.get(key)?.some((p) => p.countryCode !== null) && !gaz.untaggedNames.has(key)) {
          this.placeName[i] = 1;
          for (let k = i + 1; k < i + n; k++) this.placeName[k] = 2;
          i += n - 1;
          break;
        }
      }
    }
  }

  /** The word `offset` tokens from `i` in the same sentence, or null. */
  neighbour(i: number, offset: number): NerWord | null {
    const k = i + offset;
    const { tokens } = this;
    if (k < 0 || k >= tokens.length) return null;
    if ((tokens[k] as Token).sentenceIndex !== (tokens[i] as Token).sentenceIndex) return null;
    return this.word(k);
  }

  /**
   * The features of token `i` that join two words (shapes and words side by side), as keys into
   * `out` from `at`; returns how many (always PAIR_FEATURES).
   */
  pairFeatures(i: number, out: Int32Array, at: number): number {
    return pairKeys(this.word(i), this.neighbour(i, -1), this.neighbour(i, 1), out, at);
  }

  /**
   * The features of token `i` whose values are few (where it stands in its sentence and run, the
   * punctuation around it, its classes there), as template and value pairs; returns how many.
   * The tagger keeps their weights in small dense tables (`SMALL_DOMAINS`) instead of looking
   * each up.
   */
  smallFeatures(i: number, templates: Int32Array, values: Int32Array): number {
    return this.smallFeaturesOf(i, this.word(i), this.neighbour(i, -1) === null, templates, values);
  }

  /** `smallFeatures` of token `i`, whose word is `w`, given whether it opens its sentence. */
  smallFeaturesOf(i: number, w: NerWord, opens: boolean, templates: Int32Array, values: Int32Array): number {
    const n = classFeatures(w.classes, opens ? 1 : 0, this.run[i] as number, templates, values);
    return n + this.placementFeatures(i, w, opens, templates, values, n);
  }

  /**
   * The small features of token `i` that are not `classFeatures`: the punctuation around it, its
   * place in its run, a place's name, a possessive, how the article writes the word elsewhere.
   * Into `templates` and `values` from `at`; returns how many.
   */
  placementFeatures(
    i: number,
    w: NerWord,
    opens: boolean,
    templates: Int32Array,
    values: Int32Array,
    at: number,
  ): number {
    const { tokens, body } = this;
    const t = tokens[i] as Token;
    const starts = opens ? 1 : 0;
    const run = this.run[i] as number;
    let n = at;
    const previous = tokens[i - 1];
    const next = tokens[i + 1];
    templates[n] = T_GAP_BEFORE;
    values[n++] = (previous ? gapCode(body, previous.after, t.start, true) : 10) * 2 + starts;
    templates[n] = T_GAP_AFTER;
    values[n++] = next ? gapCode(body, t.after, next.start, false) : 10;
    templates[n] = T_RUN;
    values[n++] = run * 2 + starts;
    templates[n] = T_PLACE_NAME;
    values[n++] = this.placeName[i] as number;
    if (t.possessive) {
      templates[n] = T_POSSESSIVE;
      values[n++] = 1;
    }
    templates[n] = T_DOC;
    values[n++] = (this.seen[i] as number) | (starts << 2) | (w.capitalised ? 8 : 0);
    return n - at;
  }

  /** The features of token `i` that depend on more than one word, into `out` from `at`; returns how many. */
  contextFeatures(i: number, out: Int32Array, at: number): number {
    let n = at + this.pairFeatures(i, out, at);
    const count = this.smallFeatures(i, smallTemplates, smallValues);
    for (let k = 0; k < count; k++) out[n++] = featureKey(smallTemplates[k] as number, smallValues[k] as number);
    return n - at;
  }

  /** Every feature of token `i` (its words' in each role, then the context's), into `out`. */
  features(i: number, out: Int32Array): number {
    let n = roleFeatures(this.word(i), SELF, out, 0);
    n += roleFeatures(this.neighbour(i, -1), LEFT, out, n);
    n += roleFeatures(this.neighbour(i, 1), RIGHT, out, n);
    n += roleFeatures(this.neighbour(i, -2), LEFT2, out, n);
    n += roleFeatures(this.neighbour(i, 2), RIGHT2, out, n);
    return n + this.contextFeatures(i, out, n);
  }
}
