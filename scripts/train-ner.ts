// Trains the named-entity tagger (src/extract/ner.ts) and writes its weights,
// src/extract/ner-weights.json, bit for bit the same on every run: the data is the committed copy
// under data/ner/ (see data/ner/ATTRIBUTION.md; scripts/ner-data.ts made it from the sources),
// the people-name list is @cspell/dict-people-names, and the order of the examples comes from a
// fixed seed.
//
//   npm run train:ner              # train, write the weights, print held-out figures
//   npm run train:ner -- --check   # train and compare with the committed weights; exit 1 if they differ
//   npm run train:ner -- --out F   # write elsewhere (for experiments)
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { foldName } from '../src/extract/fold.js';
import { gazetteer } from '../src/extract/gazetteer.js';
import {
  constrained,
  decode,
  forbidStarts,
  loadModel,
  type NerWeightsFile,
  type TaggedEntity,
  tagEntities,
} from '../src/extract/ner.js';
import {
  hashString,
  MAX_FEATURES,
  NER_TAGS,
  NerDocument,
  type NerLexicon,
  TAG_COUNT,
} from '../src/extract/ner-features.js';
import { splitSentences, type Token, tokenize } from '../src/extract/tokens.js';
import type { Paragraph } from '../src/extract/types.js';

const ROOT = join(import.meta.dirname, '..');
const WEIGHTS = join(ROOT, 'src/extract/ner-weights.json');
export const TRAINING = {
  sources: ['gum', 'wikigold', 'btc'],
  seed: 20261201,
  epochs: 12,
  /** A feature seen at fewer training tokens than this is not learned. */
  minCount: 2,
  /** Rows whose largest stored weight is smaller than this are left out of the file. */
  prune: 2,
  /** One document in this many (by a hash of its id) is held out. */
  heldOutEvery: 10,
};

type Kind = 'PER' | 'LOC' | 'ORG' | 'MISC';
interface SourceDocument {
  id: string;
  text: string;
  spans: [number, number, Kind][];
}

interface Prepared {
  source: string;
  id: string;
  text: string;
  tokens: Token[];
  /** Gold tag of every token (NER_TAGS index), over all tokens. */
  gold: Int8Array;
}

const TAG_INDEX = new Map<string, number>(NER_TAGS.map((t, k) => [t, k]));

function paragraphsOf(text: string): Paragraph[] {
  const paragraphs: Paragraph[] = [];
  let start = 0;
  for (const line of text.split('\n')) {
    const end = start + line.length;
    if (line.trim()) paragraphs.push({ index: paragraphs.length, start, end, text: line });
    start = end + 1;
  }
  return paragraphs;
}

function prepare(source: string, doc: SourceDocument): Prepared {
  const paragraphs = paragraphsOf(doc.text);
  const tokens = tokenize(doc.text, paragraphs);
  splitSentences(doc.text, paragraphs, tokens);
  const gold = new Int8Array(tokens.length);
  let s = 0;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as Token;
    while (s < doc.spans.length && (doc.spans[s] as [number, number, Kind])[1] <= t.start) s++;
    const span = doc.spans[s];
    if (!span || span[0] >= t.end) continue;
    const inside = i > 0 && (tokens[i - 1] as Token).end > span[0] && (tokens[i - 1] as Token).start < span[1];
    gold[i] = TAG_INDEX.get(`${inside ? 'I' : 'B'}-${span[2]}`) as number;
  }
  return { source, id: doc.id, text: doc.text, tokens, gold };
}

/** mulberry32: a small seeded generator, so the examples come in the same order on every run. */
function random(seed: number): () => number {
  let a = seed | 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A stretch of candidate tokens with its gold tags and each token's feature keys. */
interface Example {
  gold: Int8Array;
  /** Feature keys of each position, then (after indexing) their rows; `offsets[k]..offsets[k+1]`. */
  features: Int32Array;
  offsets: Int32Array;
  capitalised: Uint8Array;
}

function examplesOf(doc: Prepared, lexicon: NerLexicon): { examples: Example[]; lost: number } {
  const gaz = gazetteer();
  const nd = new NerDocument(doc.text, doc.tokens, lexicon, gaz);
  const examples: Example[] = [];
  const buffer = new Int32Array(MAX_FEATURES);
  let lost = 0;
  const n = doc.tokens.length;
  for (let i = 0; i < n; i++) if (doc.gold[i] && !nd.candidate[i]) lost++;
  let i = 0;
  while (i < n) {
    if (!nd.candidate[i]) {
      i++;
      continue;
    }
    const j = nd.stretchEnd(i);
    nd.prepare(i, j);
    const gold = new Int8Array(j - i);
    const capitalised = new Uint8Array(j - i);
    const keys: number[] = [];
    const offsets = new Int32Array(j - i + 1);
    for (let k = i; k < j; k++) {
      let tag = doc.gold[k] as number;
      // A name whose first tokens are not candidates begins at its first candidate.
      if (tag > 0 && tag % 2 === 0 && (k === i || doc.gold[k - 1] === 0)) tag -= 1;
      gold[k - i] = tag;
      capitalised[k - i] = (doc.tokens[k] as Token).capitalised ? 1 : 0;
      const count = nd.features(k, buffer);
      for (let f = 0; f < count; f++) keys.push(buffer[f] as number);
      offsets[k - i + 1] = keys.length;
    }
    examples.push({ gold, features: Int32Array.from(keys), offsets, capitalised });
    i = j;
  }
  return { examples, lost };
}

function readSource(name: string): SourceDocument[] {
  return readFileSync(join(ROOT, 'data/ner', `${name}.jsonl`), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as SourceDocument);
}

function peopleNames(): Int32Array {
  const require = createRequire(import.meta.url);
  const dir = dirname(require.resolve('@cspell/dict-people-names/cspell-ext.json'));
  const hashes = new Set<number>();
  for (const line of readFileSync(join(dir, 'dict/people-names.txt'), 'utf8').split('\n')) {
    const name = line.trim();
    if (!name || name.startsWith('#')) continue;
    hashes.add(hashString(foldName(name)));
  }
  return Int32Array.from([...hashes].sort((a, b) => a - b));
}

function base64(array: Int32Array | Int16Array): string {
  return Buffer.from(array.buffer, array.byteOffset, array.byteLength).toString('base64');
}

export function heldOut(id: string): boolean {
  return (hashString(id) >>> 0) % TRAINING.heldOutEvery === 0;
}

/** Reads the data, trains, and returns the weights file's text and the held-out documents. */
export function train(log: (line: string) => void = () => {}): { json: string; heldOutDocs: Prepared[] } {
  const names = peopleNames();
  const lexicon: NerLexicon = { names };
  const trainingDocs: Prepared[] = [];
  const heldOutDocs: Prepared[] = [];
  for (const source of TRAINING.sources) {
    for (const doc of readSource(source)) (heldOut(doc.id) ? heldOutDocs : trainingDocs).push(prepare(source, doc));
  }
  const examples: Example[] = [];
  let lost = 0;
  let goldTokens = 0;
  for (const doc of trainingDocs) {
    const got = examplesOf(doc, lexicon);
    examples.push(...got.examples);
    lost += got.lost;
    for (const g of doc.gold) if (g) goldTokens++;
  }
  log(
    `training: ${trainingDocs.length} documents, ${examples.length} stretches, ` +
      `${goldTokens} name tokens (${lost} outside the candidates); held out: ${heldOutDocs.length} documents`,
  );

  // Features seen too seldom are not learned; the rest get a row each, in order of first sight.
  const counts = new Map<number, number>();
  for (const e of examples) for (const key of e.features) counts.set(key, (counts.get(key) ?? 0) + 1);
  const rowOf = new Map<number, number>();
  const keyOf: number[] = [];
  for (const e of examples) {
    const kept: number[] = [];
    const offsets = new Int32Array(e.offsets.length);
    for (let k = 0; k + 1 < e.offsets.length; k++) {
      for (let f = e.offsets[k] as number; f < (e.offsets[k + 1] as number); f++) {
        const key = e.features[f] as number;
        if ((counts.get(key) as number) < TRAINING.minCount) continue;
        let row = rowOf.get(key);
        if (row === undefined) {
          row = keyOf.length;
          rowOf.set(key, row);
          keyOf.push(key);
        }
        kept.push(row);
      }
      offsets[k + 1] = kept.length;
    }
    e.features = Int32Array.from(kept);
    e.offsets = offsets;
  }
  const rows = keyOf.length;
  log(`features: ${counts.size} seen, ${rows} learned`);

  // The averaged perceptron (Collins 2002), averaged by the running-sum trick (Daumé 2006):
  // integer updates, so the sums are exact and the result the same on every machine.
  const T = TAG_COUNT;
  const w = new Float64Array(rows * T);
  const u = new Float64Array(rows * T);
  const tw = new Float64Array(T * T);
  const tu = new Float64Array(T * T);
  let c = 1;
  const next = random(TRAINING.seed);
  const order = examples.map((_, k) => k);
  let emissions = new Float64Array(64 * T);
  let path = new Int8Array(64);
  for (let epoch = 0; epoch < TRAINING.epochs; epoch++) {
    for (let k = order.length - 1; k > 0; k--) {
      const j = Math.floor(next() * (k + 1));
      [order[k], order[j]] = [order[j] as number, order[k] as number];
    }
    let wrong = 0;
    for (const index of order) {
      const e = examples[index] as Example;
      const length = e.gold.length;
      if (emissions.length < length * T) {
        emissions = new Float64Array(length * T * 2);
        path = new Int8Array(length * 2);
      }
      for (let p = 0; p < length; p++) {
        for (let y = 0; y < T; y++) emissions[p * T + y] = 0;
        for (let f = e.offsets[p] as number; f < (e.offsets[p + 1] as number); f++) {
          const row = (e.features[f] as number) * T;
          for (let y = 0; y < T; y++) emissions[p * T + y] = (emissions[p * T + y] as number) + (w[row + y] as number);
        }
        forbidStarts(e.capitalised[p] === 1, emissions, p * T);
      }
      decode(emissions, length, constrained(tw), path);
      let same = true;
      for (let p = 0; p < length; p++) if (path[p] !== e.gold[p]) same = false;
      if (!same) {
        wrong++;
        for (let p = 0; p < length; p++) {
          const g = e.gold[p] as number;
          const q = path[p] as number;
          if (g === q) continue;
          for (let f = e.offsets[p] as number; f < (e.offsets[p + 1] as number); f++) {
            const row = (e.features[f] as number) * T;
            w[row + g] = (w[row + g] as number) + 1;
            u[row + g] = (u[row + g] as number) + c;
            w[row + q] = (w[row + q] as number) - 1;
            u[row + q] = (u[row + q] as number) - c;
          }
        }
        for (let p = 0; p <= length; p++) {
          const g0 = p > 0 ? (e.gold[p - 1] as number) : 0;
          const g1 = p < length ? (e.gold[p] as number) : 0;
          const q0 = p > 0 ? (path[p - 1] as number) : 0;
          const q1 = p < length ? (path[p] as number) : 0;
          if (g0 === q0 && g1 === q1) continue;
          tw[g0 * T + g1] = (tw[g0 * T + g1] as number) + 1;
          tu[g0 * T + g1] = (tu[g0 * T + g1] as number) + c;
          tw[q0 * T + q1] = (tw[q0 * T + q1] as number) - 1;
          tu[q0 * T + q1] = (tu[q0 * T + q1] as number) - c;
        }
      }
      c++;
    }
    log(`epoch ${epoch + 1}: ${wrong} of ${order.length} stretches mislabelled`);
  }

  // Averaged, then stored as 16-bit integers on one scale; rows that say almost nothing go.
  const average = (x: number, sum: number) => x - sum / c;
  let largest = 0;
  for (let k = 0; k < w.length; k++) largest = Math.max(largest, Math.abs(average(w[k] as number, u[k] as number)));
  for (let k = 0; k < tw.length; k++) largest = Math.max(largest, Math.abs(average(tw[k] as number, tu[k] as number)));
  const scale = largest / 32767;
  const quantise = (x: number) => Math.round(x / scale);
  const kept: { key: number; row: number }[] = [];
  for (let r = 0; r < rows; r++) {
    let big = 0;
    for (let y = 0; y < T; y++)
      big = Math.max(big, Math.abs(quantise(average(w[r * T + y] as number, u[r * T + y] as number))));
    if (big >= TRAINING.prune) kept.push({ key: keyOf[r] as number, row: r });
  }
  kept.sort((a, b) => a.key - b.key);
  const keys = Int32Array.from(kept.map((k) => k.key));
  const weights = new Int16Array(kept.length * T);
  kept.forEach(({ row }, k) => {
    for (let y = 0; y < T; y++)
      weights[k * T + y] = quantise(average(w[row * T + y] as number, u[row * T + y] as number));
  });
  const transitions = Array.from(tw, (x, k) => quantise(average(x, tu[k] as number)));
  log(`weights: ${kept.length} rows kept of ${rows}`);
  const file: NerWeightsFile = {
    format: 1,
    tags: NER_TAGS,
    scale,
    training: { ...TRAINING, data: 'data/ner (see ATTRIBUTION.md)', names: '@cspell/dict-people-names' },
    transitions,
    keys: base64(keys),
    weights: base64(weights),
    names: base64(names),
  };
  return { json: `${JSON.stringify(file, null, 1)}\n`, heldOutDocs };
}

interface Counts {
  tp: number;
  fp: number;
  fn: number;
}

/** Exact-span scores of the tagger on documents, per kind: a name counts when its tokens and kind both match. */
export function score(docs: Prepared[], file: NerWeightsFile): Map<string, Counts> {
  const model = loadModel(file);
  const gaz = gazetteer();
  const totals = new Map<string, Counts>();
  const add = (kind: string, key: keyof Counts) => {
    const c = totals.get(kind) ?? { tp: 0, fp: 0, fn: 0 };
    c[key]++;
    totals.set(kind, c);
  };
  const KIND: Record<string, string> = { person: 'PER', place: 'LOC', organisation: 'ORG', misc: 'MISC' };
  for (const doc of docs) {
    const predicted = new Set(
      tagEntities(doc.text, doc.tokens, gaz, model).map((e: TaggedEntity) => `${e.from}:${e.to}:${KIND[e.kind]}`),
    );
    const gold = new Set<string>();
    for (let i = 0; i < doc.gold.length; ) {
      const tag = doc.gold[i] as number;
      if (!tag) {
        i++;
        continue;
      }
      let j = i + 1;
      while (j < doc.gold.length && doc.gold[j] === (tag % 2 ? tag + 1 : tag)) j++;
      gold.add(`${i}:${j}:${(NER_TAGS[tag] as string).slice(2)}`);
      i = j;
    }
    for (const g of gold) add(g.split(':')[2] as string, predicted.has(g) ? 'tp' : 'fn');
    for (const p of predicted) if (!gold.has(p)) add(p.split(':')[2] as string, 'fp');
  }
  return totals;
}

function report(docs: Prepared[], file: NerWeightsFile, log: (line: string) => void): void {
  const pct = (x: number) => (100 * x).toFixed(1);
  for (const source of [...TRAINING.sources, 'all']) {
    const part = source === 'all' ? docs : docs.filter((d) => d.source === source);
    const totals = score(part, file);
    const cells: string[] = [];
    const all: Counts = { tp: 0, fp: 0, fn: 0 };
    for (const kind of ['PER', 'LOC', 'ORG', 'MISC']) {
      const c = totals.get(kind) ?? { tp: 0, fp: 0, fn: 0 };
      if (kind !== 'MISC') for (const k of ['tp', 'fp', 'fn'] as const) all[k] += c[k];
      const p = c.tp / Math.max(1, c.tp + c.fp);
      const r = c.tp / Math.max(1, c.tp + c.fn);
      cells.push(`${kind} ${pct(p + r ? (2 * p * r) / (p + r) : 0)} (${c.tp + c.fn})`);
    }
    const p = all.tp / Math.max(1, all.tp + all.fp);
    const r = all.tp / Math.max(1, all.tp + all.fn);
    log(
      `held out ${source.padEnd(8)} F1: ${cells.join('  ')}  PER+LOC+ORG ${pct((2 * p * r) / Math.max(1e-9, p + r))}`,
    );
  }
}

function main(argv: string[]): number {
  const check = argv.includes('--check');
  const outAt = argv.indexOf('--out');
  const out = outAt >= 0 ? (argv[outAt + 1] as string) : WEIGHTS;
  const log = (line: string) => process.stdout.write(`${line}\n`);
  const { json, heldOutDocs } = train(log);
  if (check) {
    const same = readFileSync(WEIGHTS, 'utf8') === json;
    log(
      same ? 'the committed weights are what training makes' : 'the committed weights differ from what training makes',
    );
    return same ? 0 : 1;
  }
  writeFileSync(out, json);
  log(`wrote ${out} (${json.length} bytes)`);
  report(heldOutDocs, JSON.parse(json) as NerWeightsFile, log);
  return 0;
}

if (import.meta.url === `file://${process.argv[1]}`) process.exitCode = main(process.argv.slice(2));
