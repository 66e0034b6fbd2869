// npm run bench:ingest -- --articles N [--keep] [--database-url URL]
//
// Writes a deterministic synthetic corpus of N articles in the seed's layout, then measures, each
// in a process of its own so that peak memory is its own: extraction alone (a dry run) and the
// whole load into a fresh Postgres database, then (with --changed, default a fifth of N) the
// same load again after that many files changed: updates in place against new articles, one run.
// Prints articles/s, rows/s, peak RSS and row counts.
// Figures, not assertions: the machine is shared and timings vary from run to run.
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import postgres from 'postgres';
import { createDb } from '../src/db/client.js';
import { migrateDatabase } from '../src/db/migrate.js';
import { loadArticles } from '../src/ingest/load.js';
import { countRows } from '../src/ingest/save.js';
import { syntheticCorpus, writeCorpus } from './synthetic.js';

const { values } = parseArgs({
  options: {
    articles: { type: 'string', default: '10000' },
    'database-url': {
      type: 'string',
      default: process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
    },
    phase: { type: 'string' },
    dir: { type: 'string' },
    keep: { type: 'boolean', default: false },
    'batch-size': { type: 'string', default: '500' },
    workers: { type: 'string', default: '1' },
    writers: { type: 'string', default: '2' },
    changed: { type: 'string' },
    files: { type: 'string' },
  },
});

interface PhaseResult {
  seconds: number;
  articles: number;
  rows: number;
  peakRssMb: number;
  counts: Record<string, number> | null;
}

/** One measured phase, run as `--phase extract|load`: prints its result as one JSON line. */
async function runPhase(phase: string, dir: string, url: string): Promise<void> {
  let peak = 0;
  const sample = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 50);
  const batchSize = Number(values['batch-size']);
  const workers = Number(values.workers);
  const started = performance.now();
  let result: PhaseResult;
  if (phase === 'extract') {
    const summary = await loadArticles(null, [dir], { dryRun: true, batchSize, workers });
    const e = summary.extracted;
    result = { seconds: 0, articles: e.articles, rows: 0, peakRssMb: 0, counts: null };
  } else {
    const database = createDb({ databaseUrl: url, maxConnections: 2 });
    await migrateDatabase(database);
    // The update phase loads only the changed files, named one per line in --files.
    const paths =
      phase === 'update' ? (await readFile(values.files as string, 'utf8')).split('\n').filter(Boolean) : [dir];
    const t0 = performance.now();
    const summary = await loadArticles(database.db, paths, { batchSize, workers, writers: Number(values.writers) });
    const seconds = (performance.now() - t0) / 1000;
    const counts = await countRows(database.db);
    await database.close();
    if (summary.failed.length) throw new Error(`${summary.failed.length} files failed: ${summary.failed[0]?.reason}`);
    const rows = Object.values(counts).reduce((a, b) => a + b, 0) + summary.loaded; // + one source row per article
    const articles = phase === 'update' ? summary.updated : summary.loaded;
    result = { seconds, articles, rows: phase === 'update' ? 0 : rows, peakRssMb: 0, counts };
  }
  clearInterval(sample);
  if (phase === 'extract') result.seconds = (performance.now() - started) / 1000;
  result.peakRssMb = Math.round(Math.max(peak, process.resourceUsage().maxRSS * 1024) / 1e6);
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

async function main(): Promise<void> {
  if (values.phase) {
    await runPhase(values.phase, values.dir as string, values['database-url'] as string);
    return;
  }
  const n = Number(values.articles);
  const dir = await mkdtemp(join(tmpdir(), `newsgraph-bench-${n}-`));
  const corpus = syntheticCorpus();
  const t0 = performance.now();
  await writeCorpus(corpus, dir, n);
  console.log(`wrote ${n} synthetic articles to ${dir} in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

  const admin = postgres(values['database-url'] as string, { max: 1, onnotice: () => {} });
  const name = `newsgraph_bench_${process.pid}`;
  await admin.unsafe(`drop database if exists ${name}`);
  await admin.unsafe(`create database ${name}`);
  const url = new URL(values['database-url'] as string);
  url.pathname = `/${name}`;

  const tsx = new URL('../node_modules/.bin/tsx', import.meta.url).pathname;
  const script = new URL(import.meta.url).pathname;
  const changed = Math.min(n, Number(values.changed ?? Math.ceil(n / 5)));
  const listFile = join(dir, 'changed-files.list');
  const phase = (which: string): PhaseResult => {
    const args = [
      script,
      '--files',
      listFile,
      '--phase',
      which,
      '--dir',
      dir,
      '--database-url',
      url.toString(),
      '--batch-size',
      String(values['batch-size']),
      '--workers',
      String(values.workers),
      '--writers',
      String(values.writers),
    ];
    // The same heap cap as `npm run load`.
    const env = { ...process.env, NODE_OPTIONS: '--max-old-space-size=384' };
    const out = execFileSync(tsx, args, {
      encoding: 'utf8',
      env,
      stdio: ['ignore', 'pipe', 'inherit'],
      maxBuffer: 1 << 26,
    });
    return JSON.parse(out.trim().split('\n').pop() as string) as PhaseResult;
  };
  try {
    const extract = phase('extract');
    const load = phase('load');
    // A corrected story: every changed file gains a paragraph (a new place, a new quote).
    const changedFiles: string[] = [];
    for (let i = 0; i < changed; i++) {
      const { name, text } = corpus.article(i);
      const file = join(dir, String(Math.floor(i / 1000)).padStart(4, '0'), name);
      await writeFile(file, `${text}\n"We will meet again in Geneva next week," officials said in a statement.\n`);
      changedFiles.push(file);
    }
    await writeFile(listFile, changedFiles.join('\n'));
    const update = changed ? phase('update') : null;
    const line = (label: string, r: PhaseResult) =>
      `${label.padEnd(18)} ${String(r.articles).padStart(8)} articles in ${r.seconds.toFixed(1).padStart(6)} s = ${(r.articles / r.seconds).toFixed(0).padStart(6)} articles/s` +
      (r.rows ? `, ${(r.rows / r.seconds).toFixed(0)} rows/s` : '') +
      `, peak RSS ${r.peakRssMb} MB`;
    console.log(
      `\nmachine: ${cpus().length} cores (${cpus()[0]?.model ?? '?'}), ${(totalmem() / 2 ** 30).toFixed(0)} GiB; node ${process.version}; batch ${values['batch-size']}, ${values.workers} extraction thread(s), ${values.writers} writers`,
    );
    console.log(line('extraction alone', extract));
    console.log(line('whole load', load));
    if (update) {
      console.log(line('changed files', update));
      console.log(
        `changed files / new articles: ${(update.articles / update.seconds / (load.articles / load.seconds)).toFixed(2)} of the rate`,
      );
    }
    console.log(`whole load / extraction alone: ${(extract.seconds / load.seconds).toFixed(2)} of the extraction rate`);
    console.log(`rows: ${JSON.stringify(load.counts)}`);
  } finally {
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.end();
    if (!values.keep) await rm(dir, { recursive: true, force: true });
  }
}

await main();
