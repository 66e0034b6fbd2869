import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';
import { type Database, migrationsFolder } from './client.js';

// Any fixed number: two processes starting at once take turns at migrating.
const MIGRATION_LOCK = 7_264_001;

/** Applies the generated migrations in `drizzle/` that the database has not seen yet. */
export async function migrateDatabase(database: Database): Promise<void> {
  // The owner of an embedded database migrated it before it served it.
  if (database.raw.kind === 'pglite-socket') return;
  if (database.raw.kind === 'pglite') {
    await migratePglite(drizzlePglite({ client: database.raw.client }), { migrationsFolder });
    return;
  }
  // One reserved connection holds the advisory lock for the whole migration.
  const connection = await database.raw.client.reserve();
  try {
    await connection`select pg_advisory_lock(${MIGRATION_LOCK})`;
    const single = postgres(database.raw.url, { max: 1, onnotice: () => {} });
    try {
      await migratePostgres(drizzlePostgres({ client: single }), { migrationsFolder });
    } finally {
      await single.end({ timeout: 5 });
    }
  } finally {
    await connection`select pg_advisory_unlock(${MIGRATION_LOCK})`;
    connection.release();
  }
}
