import { readFile, writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { loadConfig } from './config.js';
import { createDb } from './db/client.js';
import { migrateDatabase } from './db/migrate.js';
import { extractArticle } from './extract/index.js';
import { listArticleFiles } from './ingest/files.js';
import { loadArticles } from './ingest/load.js';
import { countRows } from './ingest/save.js';

const USAGE = `newsgraph <command>

  serve                 migrate, load seeds/ into an empty database, serve the API (default)
  load [PATH...]        load article files or folders (default: seeds/); exits 1 if any file failed
  extract FILE...       print what the extractor finds, one JSON object per article per line
  migrate               apply pending migrations
  schema [--check]      write schema.graphql from the code (--check: fail if it is stale)
`;

async function withDatabase<T>(run: (db: ReturnType<typeof createDb>) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const database = createDb({ databaseUrl: config.databaseUrl, pgliteDir: config.pgliteDir });
  try {
    await migrateDatabase(database);
    return await run(database);
  } finally {
    await database.close();
  }
}

async function load(paths: string[]): Promise<number> {
  const config = loadConfig();
  const targets = paths.length ? paths : [config.seedsDir];
  return withDatabase(async (database) => {
    const summary = await loadArticles(database.db, targets, {
      onFile: (file, outcome, reason) => {
        if (outcome === 'failed') process.stderr.write(`failed  ${file}: ${reason}\n`);
      },
    });
    const counts = await countRows(database.db);
    process.stdout.write(
      `loaded ${summary.loaded}, updated ${summary.updated}, unchanged ${summary.unchanged}, failed ${summary.failed.length}\n` +
        `database now holds ${counts.articles} articles, ${counts.persons} persons, ${counts.places} places, ${counts.quotes} quotes\n`,
    );
    return summary.failed.length ? 1 : 0;
  });
}

async function extract(paths: string[]): Promise<number> {
  const { files, missing } = await listArticleFiles(paths);
  for (const m of missing) process.stderr.write(`${m.file}: ${m.reason}\n`);
  for (const file of files) {
    const a = extractArticle(await readFile(file, 'utf8'));
    const line = {
      file,
      headline: a.headline,
      source: a.source,
      distributor: a.distributor,
      publishedAt: a.publishedAt,
      language: a.language,
      persons: a.persons.map(({ name, title, affiliation, affiliationCode, mentions }) => ({
        name,
        title,
        affiliation,
        affiliationCode,
        mentions,
      })),
      places: a.places.map(({ name, kind, countryCode, lat, lon, gazetteerId, mentions }) => ({
        name,
        kind,
        countryCode,
        lat,
        lon,
        gazetteerId,
        mentions,
      })),
      quotes: a.quotes,
    };
    process.stdout.write(`${JSON.stringify(line)}\n`);
  }
  return missing.length ? 1 : 0;
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

async function main(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { check: { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h', default: false } },
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
    case 'load':
      return load(rest);
    case 'extract':
      if (!rest.length) {
        process.stderr.write('extract needs at least one file or folder\n');
        return 2;
      }
      return extract(rest);
    case 'migrate':
      return withDatabase(async () => 0);
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
