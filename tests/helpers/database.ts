import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
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

/**
 * A fresh, migrated database for one test file: in-memory PGlite by default, or, when
 * TEST_DATABASE_URL is set, a new database created on that server and dropped afterwards.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const statements: string[] = [];
  const onQuery = (query: string) => {
    statements.push(query);
  };
  let databaseUrl: string | null = null;
  let name: string | null = null;
  if (serverUrl) {
    name = `newsgraph_test_${randomBytes(6).toString('hex')}`;
    const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
    await admin.unsafe(`create database ${name}`);
    await admin.end();
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    databaseUrl = url.toString();
  }
  const database = createDb({ databaseUrl, pgliteDir: 'memory://', onQuery });
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
