// Scores the extractor on every annotated set of ../shared/corpus (not part of this repository)
// and prints one table, a row per set, with the scorer's own figures.
//
//   npm run eval                       # the table
//   npm run eval -- --verbose wikinews # also the scorer's misses and extras for the sets named
//   npm run eval -- --json             # the table as one JSON object
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { extractArticle } from '../src/extract/index.js';
import { scorerLine } from '../src/extract/scorer-line.js';

export const EVAL_SETS = ['seed', 'wikinews', 'conll-dev', 'polnear-dev'] as const;

interface Prf {
  p: number;
  r: number;
  f1: number;
  canonical?: number;
}

export interface SetScores {
  docs: number;
  persons: Prf | null;
  places: Prf | null;
  organizations: Prf | null;
  quotes: Prf | null;
  speakerAccuracy: number | null;
  counts: { named: number; right: number };
}

/** What a predictor gives the scorer for one article: persons, places, organizations, quotes. */
export type Predict = (raw: string) => object;

// The lines `npm run extract` prints, so the table scores what users get from it.
const extractorOutput: Predict = (raw) => scorerLine(extractArticle(raw));

/** The predictor's output for every article of `dir`, in the scorer's JSON Lines shape. */
function predictions(dir: string, predict: Predict): string {
  const lines: string[] = [];
  for (const f of readdirSync(dir).sort()) {
    if (!f.endsWith('.txt') || f === 'ATTRIBUTION.txt') continue;
    const file = join(dir, f);
    lines.push(JSON.stringify({ file, ...predict(readFileSync(file, 'utf8')) }));
  }
  return `${lines.join('\n')}\n`;
}

/** Runs the shared scorer on one set; `extra` are the scorer's own flags (`--verbose`). */
export function scoreSet(
  shared: string,
  set: string,
  extra: string[] = [],
  predict: Predict = extractorOutput,
): { scores: SetScores; output: string } {
  const dir = join(shared, 'corpus', set);
  const tmp = mkdtempSync(join(tmpdir(), 'newsgraph-eval-'));
  try {
    const pred = join(tmp, 'pred.jsonl');
    writeFileSync(pred, predictions(dir, predict));
    const scorer = join(shared, 'eval/score.mjs');
    const json = execFileSync(process.execPath, [scorer, '--gold', dir, '--pred', pred, '--json'], {
      encoding: 'utf8',
    });
    const output = extra.length
      ? execFileSync(process.execPath, [scorer, '--gold', dir, '--pred', pred, ...extra], { encoding: 'utf8' })
      : '';
    // The JSON object is the first line; the one-line summary follows it.
    return { scores: JSON.parse(json.trim().split('\n')[0] as string) as SetScores, output };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

const pct = (x: number | null | undefined): string => (x === null || x === undefined ? 'n/a' : (100 * x).toFixed(1));

function row(set: string, s: SetScores): string[] {
  const canonical = [s.persons?.canonical, s.places?.canonical, s.organizations?.canonical].map(pct).join(' / ');
  const speaker =
    s.speakerAccuracy === null ? 'n/a' : `${pct(s.speakerAccuracy)} (${s.counts.right}/${s.counts.named})`;
  return [set, pct(s.persons?.f1), pct(s.places?.f1), pct(s.organizations?.f1), pct(s.quotes?.f1), speaker, canonical];
}

function main(argv: string[]): number {
  const shared = resolve(process.env.SHARED_DIR ?? '../shared');
  if (!existsSync(join(shared, 'eval/score.mjs'))) {
    process.stderr.write(
      `no scorer at ${shared}/eval/score.mjs: set SHARED_DIR to the folder that holds corpus/ and eval/\n`,
    );
    return 2;
  }
  const verbose = argv.includes('--verbose');
  const asJson = argv.includes('--json');
  const named = argv.filter((a) => !a.startsWith('--'));
  const unknown = named.filter((s) => !(EVAL_SETS as readonly string[]).includes(s));
  if (unknown.length) {
    process.stderr.write(`unknown set ${unknown.join(', ')}: the sets are ${EVAL_SETS.join(', ')}\n`);
    return 2;
  }
  const results: Record<string, SetScores> = {};
  for (const set of EVAL_SETS) {
    const showDetail = verbose && (named.length === 0 || named.includes(set));
    const { scores, output } = scoreSet(shared, set, showDetail ? ['--verbose'] : []);
    results[set] = scores;
    if (showDetail) process.stdout.write(`== ${set}\n${output}\n`);
  }
  if (asJson) {
    process.stdout.write(`${JSON.stringify(results)}\n`);
    return 0;
  }
  const header = [
    'set',
    'persons F1',
    'places F1',
    'orgs F1',
    'quotes F1',
    'speaker accuracy',
    'canonical (per / pla / org)',
  ];
  const rows = [header, ...EVAL_SETS.map((set) => row(set, results[set] as SetScores))];
  const widths = header.map((_, i) => Math.max(...rows.map((r) => (r[i] as string).length)));
  for (const r of rows) process.stdout.write(`${r.map((c, i) => c.padEnd(widths[i] as number)).join('  ')}\n`);
  return 0;
}

if (import.meta.url === `file://${process.argv[1]}`) process.exitCode = main(process.argv.slice(2));
