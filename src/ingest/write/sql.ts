import { Param, type SQL, sql } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import type { Db } from '../../db/client.js';

/** The transaction every write step runs in. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

/** The rows of a raw statement, whichever driver ran it (postgres.js answers an array, PGlite `{ rows }`). */
export async function rowsOf<R>(tx: Tx | Db, query: SQL): Promise<R[]> {
  const result = await tx.execute(query);
  return (Array.isArray(result) ? [...result] : (result as unknown as { rows: unknown[] }).rows) as R[];
}

/**
 * A whole column as one array parameter: one statement carries thousands of values and is planned
 * once, where an `IN (…)` list of as many parameters takes longer to plan than to run.
 * (postgres.js cannot send a timestamptz[] of strings: it goes as text[] and is cast.)
 */
export function arrayParam(values: unknown[], type: string): SQL {
  const cast = type === 'timestamptz' ? sql`::text[]::timestamptz[]` : sql`::${sql.raw(type)}[]`;
  return sql`${new Param(values)}${cast}`;
}

// Rows per unnest insert: large enough to amortise a round trip, small enough to bound a message.
const ROWS_PER_INSERT = 20_000;

export type Column<R> = [name: string, type: string, value: (row: R) => unknown];

/** Inserts rows with one array parameter per column: `insert … select * from unnest(…)`. */
export async function insertUnnest<R>(tx: Tx, table: PgTable, columns: Column<R>[], rows: R[]): Promise<void> {
  const names = sql.raw(columns.map(([name]) => `"${name}"`).join(', '));
  for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) {
    const chunk = rows.slice(i, i + ROWS_PER_INSERT);
    const arrays = sql.join(
      columns.map(([, type, value]) => arrayParam(chunk.map(value), type)),
      sql`, `,
    );
    await tx.execute(sql`insert into ${table} (${names}) select * from unnest(${arrays})`);
  }
}

/** Unique ids, sorted: rows are locked and written in id order, so two writers never wait on each other in a circle. */
export function idList(ids: Iterable<number>): number[] {
  return [...new Set(ids)].sort((a, b) => a - b);
}
