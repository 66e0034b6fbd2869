import type { TokenRun } from './chunks.js';
import type { Gazetteer } from './gazetteer.js';
import {
  classFeatures,
  featureKey,
  LEFT,
  LEFT2,
  MAX_FEATURES,
  MAX_SMALL_FEATURES,
  NER_TAGS,
  NerDocument,
  type NerLexicon,
  type NerWord,
  pairKeys,
  RIGHT,
  RIGHT2,
  ROLES,
  RUN_VALUES,
  roleFeatures,
  SELF,
  SMALL_DOMAINS,
  TAG_COUNT,
  TEMPLATE_COUNT,
} from './ner-features.js';
import weightsFile from './ner-weights.json' with { type: 'json' };
import type { Token } from './tokens.js';

// A named-entity tagger: an averaged perceptron over BIO tags, decoded by Viterbi over each
// stretch of candidate tokens (ner-features.ts says which and what it reads of them). The weights
// come from scripts/train-ner.ts (trained on permissively licensed corpora only, data/ner/) and
// are read once, like the gazetteer.

export type EntityKind = 'person' | 'place' | 'organisation' | 'misc';

export interface TaggedEntity extends TokenRun {
  kind: EntityKind;
  /**
   * How far the best labelling beats the best one that labels some token of the span otherwise,
   * in the model's score units: near 0 is a toss-up, 5 and more a clear call.
   */
  margin: number;
}

/** The weights file as scripts/train-ner.ts writes it. */
export interface NerWeightsFile {
  format: 1;
  tags: readonly string[];
  /** A stored weight times this is the learned weight. */
  scale: number;
  /** Feature keys, little-endian Int32, base64. */
  keys: string;
  /** TAG_COUNT weights per key, little-endian Int16, base64. */
  weights: string;
  /** Tag-to-tag weights, TAG_COUNT × TAG_COUNT (from, to), in stored units; O stands before and after each stretch. */
  transitions: number[];
  /** Hashes of the folded people names of the name list, sorted, little-endian Int32, base64. */
  names: string;
  [meta: string]: unknown;
}

export interface NerModel {
  lexicon: NerLexicon;
  scale: number;
  /**
   * Open addressing, two numbers a slot side by side: the key (0: empty) and the row of its
   * weights, so that a probe that finds its key reads the row from the same cache line.
   */
  slots: Int32Array;
  mask: number;
  rows: Int16Array;
  transitions: Float64Array;
  /** The summed weights of "no word here" in each role (the sentence ends). */
  outside: Int32Array;
  /** Per template of few values (`SMALL_DOMAINS`), the weights of each value side by side. */
  dense: (Int32Array | null)[];
  /**
   * Per set of word classes, the summed weights of its `classFeatures` for each opening and run
   * position (row `starts * RUN_VALUES + run`): words share a few hundred sets of classes.
   */
  classSums: Map<number, Int32Array>;
}

function int32s(base64: string): Int32Array {
  const bytes = Buffer.from(base64, 'base64');
  const out = new Int32Array(bytes.length / 4);
  for (let k = 0; k < out.length; k++) out[k] = bytes.readInt32LE(k * 4);
  return out;
}

function int16s(base64: string): Int16Array {
  const bytes = Buffer.from(base64, 'base64');
  const out = new Int16Array(bytes.length / 2);
  for (let k = 0; k < out.length; k++) out[k] = bytes.readInt16LE(k * 2);
  return out;
}

export function loadModel(file: NerWeightsFile): NerModel {
  if (file.format !== 1 || file.tags.join() !== NER_TAGS.join()) throw new Error('ner weights: unknown format');
  const keys = int32s(file.keys);
  let capacity = 1;
  while (capacity < keys.length * 2) capacity <<= 1;
  const slots = new Int32Array(capacity * 2);
  const mask = capacity - 1;
  for (let row = 0; row < keys.length; row++) {
    const key = keys[row] as number;
    let slot = key & mask;
    while (slots[slot * 2] !== 0) slot = (slot + 1) & mask;
    slots[slot * 2] = key;
    slots[slot * 2 + 1] = row;
  }
  const model: NerModel = {
    lexicon: { names: int32s(file.names) },
    scale: file.scale,
    slots,
    mask,
    rows: int16s(file.weights),
    transitions: constrained(file.transitions),
    outside: new Int32Array(ROLES * TAG_COUNT),
    dense: new Array<Int32Array | null>(TEMPLATE_COUNT).fill(null),
    classSums: new Map(),
  };
  for (const [template, size] of SMALL_DOMAINS) {
    const table = new Int32Array(size * TAG_COUNT);
    for (let value = 0; value < size; value++) {
      features[0] = featureKey(template, value);
      addWeights(model, features, 1, table, value * TAG_COUNT);
    }
    model.dense[template] = table;
  }
  for (const role of [LEFT, RIGHT, LEFT2, RIGHT2]) {
    const n = roleFeatures(null, role, features, 0);
    addWeights(model, features, n, model.outside, role * TAG_COUNT);
  }
  return model;
}

/** Adds the weights of `count` feature keys to `sums` at `offset`; features the model lacks weigh nothing. */
function addWeights(
  model: NerModel,
  keys: Int32Array,
  count: number,
  sums: Int32Array | Float64Array,
  offset: number,
): void {
  const { slots, mask, rows } = model;
  for (let f = 0; f < count; f++) {
    const key = keys[f] as number;
    let slot = key & mask;
    for (;;) {
      const stored = slots[slot * 2] as number;
      if (stored === key) {
        const row = (slots[slot * 2 + 1] as number) * TAG_COUNT;
        for (let y = 0; y < TAG_COUNT; y++) sums[offset + y] = (sums[offset + y] as number) + (rows[row + y] as number);
        break;
      }
      if (stored === 0) break;
      slot = (slot + 1) & mask;
    }
  }
}

/** Adds the weights of one small feature to `sums` at `offset`, from its dense table where it has a row there. */
function addSmall(model: NerModel, template: number, value: number, sums: Int32Array, offset: number): void {
  const table = model.dense[template] as Int32Array;
  if (value * TAG_COUNT < table.length) {
    const row = value * TAG_COUNT;
    for (let y = 0; y < TAG_COUNT; y++) sums[offset + y] = (sums[offset + y] as number) + (table[row + y] as number);
  } else {
    features[0] = featureKey(template, value);
    addWeights(model, features, 1, sums, offset);
  }
}

/** The summed weights of `classFeatures` of a set of classes, for every opening and run position. */
function classSums(model: NerModel, classes: number): Int32Array {
  let sums = model.classSums.get(classes);
  if (sums === undefined) {
    sums = new Int32Array(2 * RUN_VALUES * TAG_COUNT);
    for (let starts = 0; starts < 2; starts++) {
      for (let run = 0; run < RUN_VALUES; run++) {
        const offset = (starts * RUN_VALUES + run) * TAG_COUNT;
        const n = classFeatures(classes, starts, run, smallTemplates, smallValues);
        for (let k = 0; k < n; k++)
          addSmall(model, smallTemplates[k] as number, smallValues[k] as number, sums, offset);
      }
    }
    model.classSums.set(classes, sums);
  }
  return sums;
}

// Every word's summed weights in every role, side by side in one array: a word keeps where its
// sums start (`NerWord.sumsAt`), so the tagger reads a neighbour's row one load from the word,
// where an array of its own (too large for V8 to keep in the heap) was three: the array, its
// buffer, the buffer's memory. Bounded: when full it starts over, and a word whose sums were
// written before that (`sumsGeneration`) sums them again, to the same numbers.
const WORD_SUMS = ROLES * TAG_COUNT;
let sumsPool = new Int32Array(16_384 * WORD_SUMS);
let sumsUsed = 0;
let sumsGeneration = 1;

/** Room in the pool for the sums of `words` more words, so that none is overwritten while a token is scored. */
function reserveSums(words: number): void {
  const need = words * WORD_SUMS;
  if (sumsUsed + need <= sumsPool.length) return;
  if (need > sumsPool.length) sumsPool = new Int32Array(need);
  sumsUsed = 0;
  sumsGeneration++;
}

/**
 * Where a word's summed weights in every role start in the pool, worked out on its first sight
 * (and with its classes' small features) and kept with it: most of a token's features belong to
 * one word, and news repeats its words. The pool must have room for it (`reserveSums`).
 */
function sumsAt(model: NerModel, w: NerWord): number {
  if (w.scoresModel === model && w.sumsGeneration === sumsGeneration) return w.sumsAt;
  const at = sumsUsed;
  sumsUsed += WORD_SUMS;
  sumsPool.fill(0, at, at + WORD_SUMS);
  for (let role = SELF; role < ROLES; role++) {
    const n = roleFeatures(w, role, features, 0);
    addWeights(model, features, n, sumsPool, at + role * TAG_COUNT);
  }
  w.sumsAt = at;
  w.sumsGeneration = sumsGeneration;
  w.classSums = classSums(model, w.classes);
  w.scoresModel = model;
  return at;
}

let cached: NerModel | null = null;

/** The committed model, read on first use. */
export function nerModel(): NerModel {
  cached ??= loadModel(weightsFile as NerWeightsFile);
  return cached;
}

/** Whether tag `to` may follow tag `from`: an I- tag only continues its own kind. */
export function allowed(from: number, to: number): boolean {
  return to === 0 || to % 2 === 1 || from === to || from === to - 1;
}

/** Transition weights with the pairs `allowed` forbids at -Infinity, as `decode` reads them. */
export function constrained(transitions: ArrayLike<number>): Float64Array {
  const out = Float64Array.from(transitions);
  for (let p = 0; p < TAG_COUNT; p++)
    for (let y = 0; y < TAG_COUNT; y++) if (!allowed(p, y)) out[p * TAG_COUNT + y] = -Infinity;
  return out;
}

// Buffers reused across calls: an article's stretches are short, a hostile one may be long.
let scores = new Float64Array(64 * TAG_COUNT);
let alphaBuffer = new Float64Array(64 * TAG_COUNT);
let betaBuffer = new Float64Array(64 * TAG_COUNT);
let backBuffer = new Int8Array(64 * TAG_COUNT);
const features = new Int32Array(MAX_FEATURES);
const smallTemplates = new Int32Array(MAX_SMALL_FEATURES);
const smallValues = new Int32Array(MAX_SMALL_FEATURES);

function ensure(length: number): void {
  if (scores.length >= length * TAG_COUNT) return;
  let size = scores.length;
  while (size < length * TAG_COUNT) size *= 2;
  scores = new Float64Array(size);
  alphaBuffer = new Float64Array(size);
  betaBuffer = new Float64Array(size);
  backBuffer = new Int8Array(size);
}

/**
 * The best tag sequence for `length` positions of `emissions` (TAG_COUNT a position) under
 * `transitions` (`constrained`), with O before and after, into `path`; with `margins`, each position's margin
 * (best score less the best score with another tag there). Returns the best score.
 */
export function decode(
  emissions: Float64Array,
  length: number,
  transitions: Float64Array,
  path: Int8Array,
  margins: Float64Array | null = null,
): number {
  ensure(length);
  // Locals, not the module's buffers: those are `let`s, loaded again at every use.
  const alpha = alphaBuffer;
  const beta = betaBuffer;
  const back = backBuffer;
  const T = TAG_COUNT;
  const { from, fromCount, to, toCount } = allowedPairs(transitions);
  for (let y = 0; y < T; y++) alpha[y] = (transitions[y] as number) + (emissions[y] as number);
  for (let k = 1; k < length; k++) {
    for (let y = 0; y < T; y++) {
      let best = -Infinity;
      let arg = 0;
      const count = fromCount[y] as number;
      for (let c = 0; c < count; c++) {
        const p = from[y * T + c] as number;
        const s = (alpha[(k - 1) * T + p] as number) + (transitions[p * T + y] as number);
        if (s > best) {
          best = s;
          arg = p;
        }
      }
      alpha[k * T + y] = best + (emissions[k * T + y] as number);
      back[k * T + y] = arg;
    }
  }
  let best = -Infinity;
  let last = 0;
  for (let y = 0; y < T; y++) {
    const s = (alpha[(length - 1) * T + y] as number) + (transitions[y * T] as number);
    if (s > best) {
      best = s;
      last = y;
    }
  }
  path[length - 1] = last;
  for (let k = length - 1; k > 0; k--) path[k - 1] = back[k * T + (path[k] as number)] as number;
  if (margins) {
    for (let y = 0; y < T; y++) beta[(length - 1) * T + y] = transitions[y * T] as number;
    for (let k = length - 2; k >= 0; k--) {
      for (let y = 0; y < T; y++) {
        let b = -Infinity;
        const count = toCount[y] as number;
        for (let c = 0; c < count; c++) {
          const q = to[y * T + c] as number;
          const s =
            (transitions[y * T + q] as number) +
            (emissions[(k + 1) * T + q] as number) +
            (beta[(k + 1) * T + q] as number);
          if (s > b) b = s;
        }
        beta[k * T + y] = b;
      }
    }
    for (let k = 0; k < length; k++) {
      const chosen = path[k] as number;
      let other = -Infinity;
      for (let y = 0; y < T; y++) {
        if (y === chosen) continue;
        const s = (alpha[k * T + y] as number) + (beta[k * T + y] as number);
        if (s > other) other = s;
      }
      margins[k] = best - other;
    }
  }
  return best;
}

interface AllowedPairs {
  transitions: Float64Array | null;
  /** Per tag y, in increasing order, the tags p whose transition p -> y is not -Infinity (`fromCount[y]` of them). */
  from: Int8Array;
  fromCount: Int8Array;
  /** Per tag y, in increasing order, the tags q whose transition y -> q is not -Infinity. */
  to: Int8Array;
  toCount: Int8Array;
}

const pairs: AllowedPairs = {
  transitions: null,
  from: new Int8Array(TAG_COUNT * TAG_COUNT),
  fromCount: new Int8Array(TAG_COUNT),
  to: new Int8Array(TAG_COUNT * TAG_COUNT),
  toCount: new Int8Array(TAG_COUNT),
};

/**
 * The pairs of tags `transitions` allows, for the model's matrix worked out once. A -Infinity
 * transition adds -Infinity to any score, which never wins a maximum, so `decode` skips those
 * pairs (most I- tags may follow only two tags) and finds exactly what it found reading them all.
 */
function allowedPairs(transitions: Float64Array): AllowedPairs {
  if (pairs.transitions === transitions) return pairs;
  const T = TAG_COUNT;
  pairs.fromCount.fill(0);
  pairs.toCount.fill(0);
  for (let a = 0; a < T; a++) {
    for (let b = 0; b < T; b++) {
      if ((transitions[a * T + b] as number) === -Infinity) continue;
      pairs.from[b * T + (pairs.fromCount[b] as number)] = a;
      pairs.fromCount[b] = (pairs.fromCount[b] as number) + 1;
      pairs.to[a * T + (pairs.toCount[a] as number)] = b;
      pairs.toCount[a] = (pairs.toCount[a] as number) + 1;
    }
  }
  pairs.transitions = transitions;
  return pairs;
}

const KINDS: EntityKind[] = ['person', 'place', 'organisation', 'misc'];
let path = new Int8Array(64);
let margins = new Float64Array(64);

/**
 * The emission scores of token `i` into `out` at `offset`. `out` is handed in rather than read
 * from the module's buffer: a module-level `let` is loaded again at every use in the loops.
 */
function emit(model: NerModel, doc: NerDocument, i: number, out: Float64Array, offset: number): void {
  const T = TAG_COUNT;
  const w = doc.word(i);
  const selfAt = sumsAt(model, w) + SELF * T;
  const m1 = doc.neighbour(i, -1);
  const p1 = doc.neighbour(i, 1);
  const m2 = doc.neighbour(i, -2);
  const p2 = doc.neighbour(i, 2);
  const leftAt = m1 ? sumsAt(model, m1) + LEFT * T : -1;
  const rightAt = p1 ? sumsAt(model, p1) + RIGHT * T : -1;
  const left2At = m2 ? sumsAt(model, m2) + LEFT2 * T : -1;
  const right2At = p2 ? sumsAt(model, p2) + RIGHT2 * T : -1;
  // Read after the sums above: none of them starts the pool over (the caller reserved room for five).
  const pool = sumsPool;
  const outside = model.outside;
  const left = leftAt < 0 ? outside : pool;
  const right = rightAt < 0 ? outside : pool;
  const left2 = left2At < 0 ? outside : pool;
  const right2 = right2At < 0 ? outside : pool;
  const l = leftAt < 0 ? LEFT * T : leftAt;
  const r = rightAt < 0 ? RIGHT * T : rightAt;
  const l2 = left2At < 0 ? LEFT2 * T : left2At;
  const r2 = right2At < 0 ? RIGHT2 * T : right2At;
  const opens = m1 === null;
  const run = doc.run[i] as number;
  // The weights are whole numbers, so the sum is the same in any order.
  const classes = w.classSums;
  const classRow = ((opens ? RUN_VALUES : 0) + run) * T;
  for (let y = 0; y < T; y++) {
    out[offset + y] =
      (pool[selfAt + y] as number) +
      (left[l + y] as number) +
      (right[r + y] as number) +
      (left2[l2 + y] as number) +
      (right2[r2 + y] as number) +
      (classes[classRow + y] as number);
  }
  const n = pairKeys(w, m1, p1, features, 0);
  addWeights(model, features, n, out, offset);
  const count = doc.placementFeatures(i, w, opens, smallTemplates, smallValues, 0);
  for (let k = 0; k < count; k++) {
    const template = smallTemplates[k] as number;
    const value = smallValues[k] as number;
    const table = model.dense[template] as Int32Array;
    if (value * TAG_COUNT < table.length) {
      const row = value * TAG_COUNT;
      for (let y = 0; y < T; y++) out[offset + y] = (out[offset + y] as number) + (table[row + y] as number);
    } else {
      features[0] = featureKey(template, value);
      addWeights(model, features, 1, out, offset);
    }
  }
  forbidStarts((doc.tokens[i] as Token).capitalised, out, offset);
}

/**
 * Token `i`'s scores per tag two ways: as `tagEntities` adds them (per-word sums and dense tables)
 * or `slow`ly, feature by feature as training sees them. A test holds the two equal.
 */
export function tokenScores(model: NerModel, doc: NerDocument, i: number, slow: boolean): number[] {
  const from = doc.stretchStart(i);
  doc.prepare(from, doc.stretchEnd(from));
  if (slow) {
    const sums = new Float64Array(TAG_COUNT);
    const keys = new Int32Array(MAX_FEATURES);
    addWeights(model, keys, doc.features(i, keys), sums, 0);
    forbidStarts((doc.tokens[i] as Token).capitalised, sums, 0);
    return [...sums];
  }
  ensure(1);
  reserveSums(5);
  emit(model, doc, i, scores, 0);
  return [...scores.subarray(0, TAG_COUNT)];
}

/** A lower-case connector ("of", "von") goes on with a name; it never begins one. */
export function forbidStarts(capitalised: boolean, emissions: Float64Array, offset: number): void {
  if (capitalised) return;
  for (let y = 1; y < TAG_COUNT; y += 2) emissions[offset + y] = -Infinity;
}

/**
 * The last of a stretch's names (in text order, not overlapping) that starts at or before token
 * `at`: a binary search, since one sentence of a huge article can hold tens of thousands.
 */
function lastStartingBy(names: TaggedEntity[], at: number): TaggedEntity | undefined {
  let lo = 0;
  let hi = names.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((names[mid] as TaggedEntity).from <= at) lo = mid + 1;
    else hi = mid;
  }
  return names[lo - 1];
}

/**
 * The tagger's names in one article, tagged a stretch of candidates at a time on first ask: the
 * extractor consults it about the few runs its rules leave undecided, and each stretch is decoded
 * on its own (O stands before and after it), so asking about one costs nothing for the rest.
 * Pure; never throws.
 */
/**
 * How clearly the tagger must call a run a person's or an organisation's name for a gazetteer
 * name inside it to be no place ("Liverpool beat Leeds" in a match report).
 */
export const NAME_OVER_PLACE_MARGIN = 30;

export class EntityTagging {
  private document: NerDocument | null = null;
  private readonly byStretch = new Map<number, TaggedEntity[]>();

  constructor(
    readonly body: string,
    readonly tokens: Token[],
    private readonly gaz: Gazetteer,
    private readonly model: NerModel = nerModel(),
  ) {}

  /** Made on first ask: an article whose rules decide every run needs none. */
  private get doc(): NerDocument {
    this.document ??= new NerDocument(this.body, this.tokens, this.model.lexicon, this.gaz);
    return this.document;
  }

  /** The names of the stretch that holds token `i` (none when `i` is no candidate). */
  around(i: number): TaggedEntity[] {
    const doc = this.doc;
    if (!doc.candidate[i]) return [];
    const from = doc.stretchStart(i);
    let found = this.byStretch.get(from);
    if (!found) {
      found = this.tagStretch(from, doc.stretchEnd(from));
      this.byStretch.set(from, found);
    }
    return found;
  }

  /** The person the tagger finds starting at token `from`, if it is clear enough: its end, else -1. */
  personEnd(from: number, margin: number): number {
    const e = lastStartingBy(this.around(from), from);
    return e && e.from === from && e.kind === 'person' && e.margin >= margin ? e.to : -1;
  }

  /** Whether tokens [from, to) lie inside a person's or organisation's name the tagger is sure of. */
  inOtherName(from: number, to: number, margin: number): boolean {
    // The names of a stretch do not overlap: only the last one starting by `from` can hold it.
    const e = lastStartingBy(this.around(from), from);
    return e !== undefined && e.to >= to && e.margin >= margin && (e.kind === 'person' || e.kind === 'organisation');
  }

  /** Every name in the article, in text order. */
  all(): TaggedEntity[] {
    const found: TaggedEntity[] = [];
    const doc = this.doc;
    const n = this.tokens.length;
    for (let i = 0; i < n; i++) {
      if (!doc.candidate[i]) continue;
      // One at a time: spreading a stretch of tens of thousands of names would overflow the stack.
      for (const e of this.around(i)) found.push(e);
      i = doc.stretchEnd(i) - 1;
    }
    return found;
  }

  /**
   * The names of the stretches for which `wanted(from, to)` holds when the walk reaches them, in
   * text order; the others are not decoded. Lazy, so a caller's answer may depend on what it made
   * of the names before: the organisation step leaves out stretches that its rules and the people
   * already hold whole (a third of the candidates), whose names it would drop anyway.
   */
  *namesWhere(wanted: (from: number, to: number) => boolean): Generator<TaggedEntity, void, undefined> {
    const doc = this.doc;
    const n = this.tokens.length;
    for (let i = 0; i < n; i++) {
      if (!doc.candidate[i]) continue;
      const end = doc.stretchEnd(i);
      if (wanted(i, end)) for (const e of this.around(i)) yield e;
      i = end - 1;
    }
  }

  private tagStretch(i: number, j: number): TaggedEntity[] {
    const { doc, model, tokens } = this;
    const found: TaggedEntity[] = [];
    const length = j - i;
    ensure(length);
    if (path.length < length) {
      path = new Int8Array(scores.length / TAG_COUNT);
      margins = new Float64Array(scores.length / TAG_COUNT);
    }
    doc.prepare(i, j);
    const emissions = scores;
    const tags = path;
    const sure = margins;
    // Room for one token and two words either side at a time, not for the whole stretch: a
    // hostile stretch of a million tokens must not make the pool a million words long.
    for (let k = 0; k < length; k++) {
      reserveSums(5);
      emit(model, doc, i + k, emissions, k * TAG_COUNT);
    }
    decode(emissions, length, model.transitions, tags, sure);
    for (let k = 0; k < length; ) {
      const tag = tags[k] as number;
      if (tag === 0) {
        k++;
        continue;
      }
      let e = k + 1;
      while (e < length && tags[e] === tag + 1) e++;
      // Nor does a connector end one ("Bank of").
      while (e > k + 1 && !(tokens[i + e - 1] as Token).capitalised) e--;
      let margin = Infinity;
      for (let m = k; m < e; m++) margin = Math.min(margin, sure[m] as number);
      found.push({ from: i + k, to: i + e, kind: KINDS[(tag - 1) >> 1] as EntityKind, margin: margin * model.scale });
      k = e;
    }
    return found;
  }
}

/**
 * Names in the article, by kind: people, places, organisations and other names (works, events,
 * nationalities), each a run of tokens within one sentence. Pure; never throws.
 */
export function tagEntities(
  body: string,
  tokens: Token[],
  gaz: Gazetteer,
  model: NerModel = nerModel(),
): TaggedEntity[] {
  return new EntityTagging(body, tokens, gaz, model).all();
}
