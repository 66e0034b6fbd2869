// npm run bench:ingest -- --articles N [--keep] [--database-url URL] [--against REF [--rounds R]]
//
// --against REF also loads the same files with the code of git revision REF (unpacked with `git
// archive` beside this checkout's node_modules), into a fresh database of its own, in turns with
// this code's load (R rounds each, default 1), so both load rates come from one run on one
// machine state and their ratio is what to compare.
//
// Writes a deterministic synthetic corpus of N articles in the seed's layout, then measures, each
// in a process of its own so that peak memory is its own: extraction alone (a dry run) and the
// whole load into a fresh Postgres database, then (with --changed, default a fifth of N) the
// same load again after that many files changed: updates in place against new articles, one run.
// Prints articles/s, rows/s, peak RSS and row counts.
// Figures, not assertions: the machine is shared and timings vary from run to run.
import { execFileSync, execSync } from 'node:child_process';
import { mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
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
    against: { type: 'string' },
    rounds: { type: 'string', default: '1' },
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
    // The update phase loads only the changed files, named one per line in --files, under the
    // corpus folder as root: named alone, each would be its bare file name, another article than
    // the one the whole load stored (which knows it as `0000/…`), and nothing would update.
    const paths =
      phase === 'update' ? (await readFile(values.files as string, 'utf8')).split('\n').filter(Boolean) : [dir];
    const t0 = performance.now();
    const summary = await loadArticles(database.db, paths, {
      batchSize,
      workers,
      writers: Number(values.writers),
      ...(phase === 'update' ? { root: dir } : {}),
    });
    if (phase === 'update' && summary.updated !== paths.length)
      throw new Error(`${paths.length} files changed, ${summary.updated} articles updated (${summary.loaded} loaded)`);
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
  const root = new URL('..', import.meta.url).pathname;
  let againstScript: string | null = null;
  let againstTree: string | null = null;
  const databases = [name];
  const freshDatabase = async (suffix: string): Promise<string> => {
    const db = `${name}_${suffix}`;
    await admin.unsafe(`drop database if exists ${db}`);
    await admin.unsafe(`create database ${db}`);
    databases.push(db);
    const u = new URL(values['database-url'] as string);
    u.pathname = `/${db}`;
    return u.toString();
  };
  if (values.against) {
    const tree = await mkdtemp(join(tmpdir(), 'newsgraph-against-'));
    execSync(
      `git -C ${JSON.stringify(root)} archive ${JSON.stringify(values.against)} | tar -x -C ${JSON.stringify(tree)}`,
    );
    await symlink(join(root, 'node_modules'), join(tree, 'node_modules'));
    againstScript = join(tree, 'bench', 'ingest.ts');
    againstTree = tree;
    console.log(
      `--against ${values.against}: ${execSync(
        `git -C ${JSON.stringify(root)} rev-parse --short ${JSON.stringify(values.against)}`,
      )
        .toString()
        .trim()} unpacked in ${tree}`,
    );
  }
  const changed = Math.min(n, Number(values.changed ?? Math.ceil(n / 5)));
  const listFile = join(dir, 'changed-files.list');
  const phase = (which: string, code = script, databaseUrl = url.toString()): PhaseResult => {
    const args = [
      code,
      '--files',
      listFile,
      '--phase',
      which,
      '--dir',
      dir,
      '--database-url',
      databaseUrl,
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
    // In turns, this code first: each load into a database of its own, the same files.
    const ours: PhaseResult[] = [load];
    const theirs: PhaseResult[] = [];
    const rounds = Math.max(1, Number(values.rounds));
    for (let k = 0; againstScript && k < rounds; k++) {
      theirs.push(phase('load', againstScript, await freshDatabase(`against${k}`)));
      if (k + 1 < rounds) ours.push(phase('load', script, await freshDatabase(`ours${k}`)));
    }
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
    if (theirs.length) {
      const rate = (r: PhaseResult) => r.articles / r.seconds;
      for (let k = 1; k < ours.length; k++) console.log(line(`whole load (${k + 1})`, ours[k] as PhaseResult));
      theirs.forEach((r, k) => {
        console.log(line(`${values.against} load${theirs.length > 1 ? ` (${k + 1})` : ''}`, r));
      });
      const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)] as number;
      const ratio = median(ours.map(rate)) / median(theirs.map(rate));
      console.log(
        `whole load / ${values.against}: ${ratio.toFixed(2)} of its rate (${Math.abs((1 / ratio - 1) * 100).toFixed(1)} % ${ratio < 1 ? 'more' : 'less'} time; medians of ${ours.length} and ${theirs.length})`,
      );
      console.log(`${values.against} rows: ${JSON.stringify(theirs[0]?.counts)}`);
    }
    if (update) {
      console.log(line('changed files', update));
      console.log(
        `changed files / new articles: ${(update.articles / update.seconds / (load.articles / load.seconds)).toFixed(2)} of the rate`,
      );
    }
    console.log(`whole load / extraction alone: ${(extract.seconds / load.seconds).toFixed(2)} of the extraction rate`);
    console.log(`rows: ${JSON.stringify(load.counts)}`);
  } finally {
    for (const db of databases) await admin.unsafe(`drop database if exists ${db} with (force)`);
    await admin.end();
    if (!values.keep) await rm(dir, { recursive: true, force: true });
    if (againstTree) await rm(againstTree, { recursive: true, force: true });
  }
}

await main();
