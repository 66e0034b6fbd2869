import { randomBytes } from 'node:crypto';
import { cp, mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import { inject } from 'vitest';
import { createDb, type Database } from '../../src/db/client.js';
import { migrateDatabase } from '../../src/db/migrate.js';

export interface TestDatabase extends Database {
  /** The database's own URL on Postgres; null on PGlite. */
  url: string | null;
  /** Every SQL statement run since the last `resetStatements()`. */
  statements: string[];
  resetStatements(): void;
  /** Closes the connection and, on Postgres, drops the database made for the test file. */
  destroy(): Promise<void>;
}

const serverUrl = process.env.TEST_DATABASE_URL?.trim() || null;

export const testDriver = serverUrl ? 'postgres' : 'pglite';

let pgliteTemplate: Promise<Blob> | null = null;

/** The migrated empty database `tests/setup/database-template.ts` dumped, read once per test file. */
function pgliteDump(): Promise<Blob> {
  pgliteTemplate ??= readFile(inject('pgliteTemplate')).then((bytes) => new Blob([bytes]));
  return pgliteTemplate;
}

/**
 * A new PGlite folder holding an empty, migrated database, for servers and loaders that the test
 * starts as processes of their own (they would otherwise each run every migration first). Tests of
 * what a first start on an empty folder does use an empty folder instead.
 */
export async function migratedPgliteFolder(prefix = 'newsgraph-'): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  await cp(inject('pgliteTemplateFolder'), dir, { recursive: true });
  return dir;
}

/**
 * A fresh, migrated database for one test file: in-memory PGlite by default, or, when
 * TEST_DATABASE_URL is set, a new database created on that server and dropped afterwards.
 */
export async function createTestDatabase(
  options: { onQuery?: (query: string, params: unknown[]) => void } = {},
): Promise<TestDatabase> {
  const statements: string[] = [];
  const onQuery = (query: string, params: unknown[]) => {
    statements.push(query);
    options.onQuery?.(query, params);
  };
  let databaseUrl: string | null = null;
  let name: string | null = null;
  if (serverUrl) {
    name = `newsgraph_test_${randomBytes(6).toString('hex')}`;
    const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
    // A copy of the database the global setup migrated: no migration to run per test database.
    await admin.unsafe(`create database ${name} template ${inject('postgresTemplate')}`);
    await admin.end();
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    databaseUrl = url.toString();
  }
  const database = databaseUrl
    ? createDb({ databaseUrl, onQuery })
    : createDb({ databaseUrl: null, pgliteDir: 'memory://', pgliteDump: await pgliteDump(), onQuery });
  // Finds every migration applied already; it stays so that a template older than drizzle/ cannot pass.
  await migrateDatabase(database);
  statements.length = 0;
  return {
    ...database,
    url: databaseUrl,
    statements,
    resetStatements: () => {
      statements.length = 0;
    },
    destroy: async () => {
      await database.close();
      if (serverUrl && name) {
        const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
        await admin.unsafe(`drop database if exists ${name} with (force)`);
        await admin.end();
      }
    },
  };
}

/**
 * Holds `lock table articles in access exclusive mode` in a transaction of `admin` until the
 * returned function is called: statements on the table wait meanwhile (Postgres only).
 */
export async function lockArticles(admin: postgres.Sql): Promise<() => void> {
  let release = () => {};
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  await new Promise<void>((resolveLocked, rejectLocked) => {
    admin
      .begin(async (tx) => {
        await tx`lock table articles in access exclusive mode`;
        resolveLocked();
        await released;
      })
      .catch(rejectLocked);
  });
  return release;
}
