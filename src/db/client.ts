import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { type Logger, sql } from 'drizzle-orm';
import type { PgAsyncDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import { type FolderLock, lockFolder } from './folder-lock.js';
import { relations } from './relations.js';

/** The one database type the rest of the program sees, whichever driver is behind it. */
export type Db = PgAsyncDatabase<PgQueryResultHKT, typeof relations>;

export const migrationsFolder = fileURLToPath(new URL('../../drizzle', import.meta.url));

export interface DbConfig {
  /** A Postgres URL; null uses PGlite. */
  databaseUrl: string | null;
  /** PGlite's data folder, or `memory://` for a database that lives as long as the process. */
  pgliteDir?: string;
  /** Called with every SQL statement the program runs (tests count them). */
  onQuery?: (query: string, params: unknown[]) => void;
  /** Pool size for postgres.js. */
  maxConnections?: number;
  /** What this process is (`serve`, `load`), written in a PGlite folder's lock for whoever finds it taken. */
  command?: string;
}

export interface Database {
  db: Db;
  driver: 'postgres' | 'pglite';
  /** Resolves when the database answers a trivial query; rejects otherwise. */
  ping(): Promise<void>;
  close(): Promise<void>;
  /** The raw postgres.js client or PGlite instance, for migrations. */
  raw: { kind: 'postgres'; client: postgres.Sql; url: string } | { kind: 'pglite'; client: PGlite };
  /** The lock of the PGlite folder this process holds, if it opened one. */
  lock?: FolderLock;
}

export function createDb(config: DbConfig): Database {
  const onQuery = config.onQuery;
  const logger: Logger | undefined = onQuery ? { logQuery: (query, params) => onQuery(query, params) } : undefined;
  if (config.databaseUrl) {
    const client = postgres(config.databaseUrl, {
      max: config.maxConnections ?? 10,
      onnotice: () => {},
      connection: { application_name: 'newsgraph' },
    });
    const db = drizzlePostgres({ client, relations, logger }) as unknown as Db;
    return {
      db,
      driver: 'postgres',
      raw: { kind: 'postgres', client, url: config.databaseUrl },
      ping: async () => {
        await client`select 1`;
      },
      close: () => client.end({ timeout: 5 }),
    };
  }
  const dir = config.pgliteDir ?? 'memory://';
  // Two processes on one PGlite folder corrupt it: the lock is taken before PGlite touches a file.
  const lock = dir.startsWith('memory://') ? null : lockFolder(dir, config.command ?? 'open');
  // Extensions are compiled into PGlite's WebAssembly build and must be named when it starts.
  const client = new PGlite(dir, { extensions: { pg_trgm } });
  const db = drizzlePglite({ client, relations, logger }) as unknown as Db;
  return {
    db,
    driver: 'pglite',
    raw: { kind: 'pglite', client },
    ping: async () => {
      await db.execute(sql`select 1`);
    },
    close: async () => {
      try {
        await client.close();
      } finally {
        lock?.release();
      }
    },
    ...(lock ? { lock } : {}),
  };
}
