import { readFile, writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { type Config, loadConfig } from './config.js';
import { createDb, type Database } from './db/client.js';
import { folderHolder, type LockHolder } from './db/folder-lock.js';
import { migrateDatabase } from './db/migrate.js';
import { DEFAULT_TIME_ZONE, isTimeZone } from './extract/date-line.js';
import { extractArticle } from './extract/index.js';
import { scorerLine } from './extract/scorer-line.js';
import { listArticleFiles } from './ingest/files.js';
import { DatabaseGoneError, type LoadOptions, type LoadSummary, loadArticles } from './ingest/load.js';
import { decodeArticleBytes } from './ingest/prepare.js';
import { progressReporter } from './ingest/progress.js';
import { countRows } from './ingest/save.js';
import { watchArticles } from './ingest/watch.js';

const USAGE = `newsgraph <command>

  serve                 migrate, load seeds/ into an empty database, serve the API (default)
  load [PATH...]        load article files, folders (recursively) or globs (default: seeds/);
                        exits 1 if any file failed
      --dry-run         extract and report; write nothing
      --watch DIR       after loading, keep loading files that appear or change in DIR
      --batch-size N    articles per transaction (default 500)
      --workers N       extraction threads (default: 2 for large loads, none for a few files)
      --progress-interval S   seconds between progress lines when not on a terminal (default 5)
      --timezone ZONE   IANA zone of date lines that name none (default Europe/Stockholm)
      --source NAME     the agency of texts without an agency line ("Reuters")
  extract FILE...       print what the extractor finds, one JSON object per article per line
  migrate               apply pending migrations
  schema [--check]      write schema.graphql from the code (--check: fail if it is stale)
`;

async function withDatabase<T>(
  command: string,
  run: (db: Database, owner: LockHolder | null) => Promise<T>,
): Promise<T> {
  const config = loadConfig();
  const { database, owner } = await openDatabase(config, command);
  reportStaleLock(database);
  try {
    await migrateDatabase(database);
    return await run(database, owner);
  } finally {
    await database.close();
  }
}

/**
 * The database to load into. On PGlite, a folder that a running server owns is reached through
 * the socket that server serves it on (named in the folder's lock): the folder is never opened by
 * two processes. Otherwise this process opens, and locks, the folder itself.
 */
async function openDatabase(
  config: Config,
  command: string,
): Promise<{ database: Database; owner: LockHolder | null }> {
  if (config.databaseUrl || config.pgliteDir.startsWith('memory://') || command !== 'load') {
    return {
      database: createDb({ databaseUrl: config.databaseUrl, pgliteDir: config.pgliteDir, command }),
      owner: null,
    };
  }
  let holder = folderHolder(config.pgliteDir);
  // A server that is starting holds the folder a moment before it serves it (it migrates first).
  for (let waited = 0; holder && !holder.socket && holder.command === 'serve' && waited < 60_000; waited += 250) {
    await new Promise((r) => setTimeout(r, 250));
    holder = folderHolder(config.pgliteDir);
  }
  if (holder?.socket) {
    process.stderr.write(
      `note    ${config.pgliteDir} is owned by the running server (process ${holder.pid}): loading through it\n`,
    );
    // One connection: there is one PGlite backend behind it, and it serves the API too.
    return { database: createDb({ databaseUrl: null, pgliteSocket: holder.socket, maxConnections: 1 }), owner: holder };
  }
  return { database: createDb({ databaseUrl: null, pgliteDir: config.pgliteDir, command }), owner: null };
}

function reportStaleLock(database: Database): void {
  const stale = database.lock?.replacedStale;
  if (stale)
    process.stderr.write(`note    took over the lock process ${stale.pid} left behind (it is no longer running)\n`);
}

interface LoadFlags {
  dryRun: boolean;
  watch: string | undefined;
  batchSize: number | undefined;
  workers: number | undefined;
  progressIntervalS: number | undefined;
  timeZone: string;
  source: string | undefined;
}

function printSummary(summary: LoadSummary, dryRun: boolean): void {
  for (const f of summary.failed) process.stderr.write(`failed  ${f.file}: ${f.reason}\n`);
  for (const n of summary.notes) process.stderr.write(`note    ${n.file}: ${n.reason}\n`);
  if (dryRun) {
    const e = summary.extracted;
    process.stdout.write(
      `dry run: ${e.articles} articles would load (${e.persons} people, ${e.places} places, ${e.quotes} quotes found), ${summary.failed.length} failed; nothing written\n`,
    );
  } else {
    process.stdout.write(
      `loaded ${summary.loaded}, updated ${summary.updated}, unchanged ${summary.unchanged}, failed ${summary.failed.length}\n`,
    );
  }
}

async function load(paths: string[], flags: LoadFlags): Promise<number> {
  const config = loadConfig();
  const targets = paths.length ? paths : flags.watch ? [] : [config.seedsDir];
  const options: LoadOptions = {
    dryRun: flags.dryRun,
    batchSize: flags.batchSize,
    workers: flags.workers,
    prepare: { timeZone: flags.timeZone, ...(flags.source ? { source: flags.source } : {}) },
  };
  if (flags.dryRun) {
    const progress = progressReporter(process.stderr, (flags.progressIntervalS ?? 5) * 1000);
    const summary = await loadArticles(null, targets, { ...options, onProgress: (p) => progress.update(p) });
    progress.stop();
    printSummary(summary, true);
    return summary.failed.length ? 1 : 0;
  }
  return withDatabase('load', async (database, owner) => {
    const progress = progressReporter(process.stderr, (flags.progressIntervalS ?? 5) * 1000);
    // On Postgres two batches are written at once: one server backend uses one core.
    const writers = database.driver === 'postgres' ? 2 : 1;
    let summary: LoadSummary;
    try {
      summary = await loadArticles(database.db, targets, {
        ...options,
        writers,
        onProgress: (p) => progress.update(p),
      });
    } catch (error) {
      progress.stop();
      if (!(error instanceof DatabaseGoneError)) throw error;
      printSummary(error.summary, false);
      const who = owner
        ? `the server (process ${owner.pid}) that owns ${config.pgliteDir}`
        : database.driver === 'postgres'
          ? 'the Postgres server'
          : 'the database';
      process.stderr.write(
        `stopped: ${who} went away mid-load (${error.message}). ` +
          `Every batch counted above is stored whole; the batch under way was not written. ` +
          'Run the same load again once it is back: what is stored is recognised as unchanged.\n',
      );
      return 1;
    }
    progress.stop();
    printSummary(summary, false);
    const counts = await countRows(database.db);
    process.stdout.write(
      `database now holds ${counts.articles} articles, ${counts.persons} persons, ${counts.places} places, ${counts.organizations} organisations, ${counts.quotes} quotes\n`,
    );
    if (!flags.watch) return summary.failed.length ? 1 : 0;
    const watcher = watchArticles(database.db, flags.watch, (batch) => printSummary(batch, false), options);
    await watcher.ready;
    process.stdout.write(`watching ${flags.watch} for new and changed article files (Ctrl-C stops)\n`);
    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    });
    await watcher.close();
    return 0;
  });
}

async function extract(paths: string[]): Promise<number> {
  const { files, missing } = await listArticleFiles(paths);
  for (const m of missing) process.stderr.write(`${m.file}: ${m.reason}\n`);
  let failed = missing.length;
  for (const file of files) {
    // Decoded as the loader decodes it, so a Latin-1 file reads the same here as when loaded.
    const decoded = decodeArticleBytes(await readFile(file));
    if ('reason' in decoded) {
      process.stderr.write(`${file}: ${decoded.reason}\n`);
      failed++;
      continue;
    }
    const line = { file, ...scorerLine(extractArticle(decoded.text)) };
    process.stdout.write(`${JSON.stringify(line)}\n`);
  }
  return failed ? 1 : 0;
}

async function schema(check: boolean): Promise<number> {
  const { printSchemaSdl } = await import('./graphql/schema.js');
  const printed = printSchemaSdl();
  const path = new URL('../schema.graphql', import.meta.url);
  if (check) {
    const committed = await readFile(path, 'utf8').catch(() => '');
    if (committed !== printed) {
      process.stderr.write('schema.graphql is stale: run `npm run schema:print`\n');
      return 1;
    }
    return 0;
  }
  await writeFile(path, printed);
  return 0;
}

function wholeNumber(raw: string | undefined, name: string, min: number): number | undefined {
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min)
    throw new Error(`${name} takes a whole number of at least ${min}, not "${raw}"`);
  return value;
}

async function main(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      check: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
      'dry-run': { type: 'boolean', default: false },
      watch: { type: 'string' },
      'batch-size': { type: 'string' },
      workers: { type: 'string' },
      'progress-interval': { type: 'string' },
      timezone: { type: 'string' },
      source: { type: 'string' },
    },
  });
  const [command = 'serve', ...rest] = positionals;
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  switch (command) {
    case 'serve': {
      const { startServer } = await import('./server.js');
      await startServer(loadConfig());
      return -1;
    }
    case 'load': {
      const timeZone = values.timezone?.trim() || DEFAULT_TIME_ZONE;
      if (!isTimeZone(timeZone)) {
        process.stderr.write(`--timezone takes an IANA zone name ("Europe/London", "UTC"), not "${timeZone}"\n`);
        return 2;
      }
      return load(rest, {
        dryRun: values['dry-run'],
        watch: values.watch,
        batchSize: wholeNumber(values['batch-size'], '--batch-size', 1),
        workers: wholeNumber(values.workers, '--workers', 0),
        progressIntervalS: wholeNumber(values['progress-interval'], '--progress-interval', 0),
        timeZone,
        source: values.source?.trim() || undefined,
      });
    }
    case 'extract':
      if (!rest.length) {
        process.stderr.write('extract needs at least one file or folder\n');
        return 2;
      }
      return extract(rest);
    case 'migrate':
      return withDatabase('migrate', async () => 0);
    case 'schema':
      return schema(values.check);
    default:
      process.stderr.write(`unknown command "${command}"\n\n${USAGE}`);
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    // A server keeps running; every other command ends with its status.
    if (code >= 0) process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
