import { decodeBase64, decodeCursorChunk } from '@pothos/core';
import { type Column, getColumns } from 'drizzle-orm';
import { getTableConfig, type PgTable } from 'drizzle-orm/pg-core';
import { createGraphQLError } from 'graphql-yoga';

/** Longest cursor the API hands out with room to spare (a name, a rank, a date and an id). */
const MAX_CURSOR_LENGTH = 1024;

const INT4_MAX = 2_147_483_647;
// What Postgres' timestamptz and JavaScript's Date can both hold, as the DateTime scalar allows.
const EARLIEST = Date.parse('0001-01-01T00:00:00Z');
const LATEST = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

interface PageArgs {
  after?: string | null;
  before?: string | null;
}

export function invalidCursor() {
  return createGraphQLError('Invalid cursor: use a cursor this connection returned, with the same order.', {
    extensions: { code: 'BAD_USER_INPUT' },
  });
}

function fits(value: unknown, column: Column | undefined): boolean {
  // An extra (a rank or a distance) is a rounded numeric, which arrives as its decimal text.
  if (!column) return typeof value === 'string' && /^-?\d{1,12}(?:\.\d{1,12})?$/.test(value);
  if (value === null) return !column.notNull;
  if (column.dataType === 'object date') {
    return value instanceof Date && value.getTime() >= EARLIEST && value.getTime() <= LATEST;
  }
  if (column.dataType.startsWith('number int')) {
    return typeof value === 'number' && Number.isInteger(value) && Math.abs(value) <= INT4_MAX;
  }
  if (column.dataType.startsWith('string')) return typeof value === 'string';
  return false;
}

interface CursorKey {
  key: string;
  column?: Column;
}

// Per table, per ordering (its keys joined): getTableConfig builds the table's whole config (its
// indexes and checks too) on every call, and a page of 20 articles asks for two connections each.
const cursorKeysByTable = new WeakMap<PgTable, Map<string, CursorKey[]>>();

/** The columns (or extras) a keyset cursor holds, in order: the ordering, then the primary key. */
function cursorKeys(table: PgTable, orderBy: Record<string, unknown>): CursorKey[] {
  let byOrder = cursorKeysByTable.get(table);
  if (!byOrder) {
    byOrder = new Map();
    cursorKeysByTable.set(table, byOrder);
  }
  const name = Object.keys(orderBy).join(',');
  let keys = byOrder.get(name);
  if (!keys) {
    keys = readCursorKeys(table, orderBy);
    byOrder.set(name, keys);
  }
  return keys;
}

function readCursorKeys(table: PgTable, orderBy: Record<string, unknown>): CursorKey[] {
  const columns = getColumns(table) as Record<string, Column>;
  const keys: CursorKey[] = Object.keys(orderBy).map((key) => ({ key, column: columns[key] }));
  const named = new Set(keys.map((k) => k.key));
  const composite = getTableConfig(table).primaryKeys[0]?.columns.map((c) => c.name);
  for (const [key, column] of Object.entries(columns)) {
    const inKey = composite ? composite.includes(column.name) : column.primary;
    if (inKey && !named.has(key)) keys.push({ key, column });
  }
  return keys;
}

/**
 * Refuses an `after` or `before` cursor that this connection, in this order, could not have
 * written: one from another connection, another order, or crafted. The connection plugin reads
 * any well-formed cursor and puts its values into SQL, where a name compared with a timestamp is
 * an internal error; here it is bad input, before any statement runs.
 */
export function checkKeysetCursors(args: PageArgs, table: PgTable, orderBy: Record<string, unknown>): void {
  if (args.after == null && args.before == null) return;
  const keys = cursorKeys(table, orderBy);
  for (const cursor of [args.after, args.before]) {
    if (cursor == null) continue;
    if (cursor.length > MAX_CURSOR_LENGTH) throw invalidCursor();
    let values: unknown[];
    try {
      const text = decodeBase64(cursor);
      if (!text.startsWith('DC:')) throw invalidCursor();
      const decoded: unknown = decodeCursorChunk(text.slice(3));
      values = Array.isArray(decoded) ? decoded : [decoded];
    } catch {
      throw invalidCursor();
    }
    if (values.length === 0 || values.length > keys.length) throw invalidCursor();
    values.forEach((value, i) => {
      if (!fits(value, keys[i]?.column)) throw invalidCursor();
    });
  }
}

const OFFSET_CURSOR = /^OffsetConnection:(0|[1-9]\d{0,8})$/;

/**
 * How deep an offset-paged list may be read: Postgres reads and drops every row before the
 * offset, so a crafted cursor at row 999,999,999 is a scan of the whole ordered result per
 * request. 10,000 rows is 500 pages of 20, more than anyone pages through; search narrows further.
 */
export const MAX_OFFSET = 10_000;

/**
 * Refuses an offset cursor that is not one the API writes: a negative, fractional or missing
 * offset would reach SQL's OFFSET (where a negative one is an internal error), and one deeper than
 * MAX_OFFSET is refused for what it would cost.
 */
export function checkOffsetCursors(args: PageArgs): void {
  for (const cursor of [args.after, args.before]) {
    if (cursor == null) continue;
    let text: string;
    try {
      text = cursor.length <= MAX_CURSOR_LENGTH ? decodeBase64(cursor) : '';
    } catch {
      throw invalidCursor();
    }
    const match = OFFSET_CURSOR.exec(text);
    if (!match) throw invalidCursor();
    if (Number(match[1]) >= MAX_OFFSET) {
      throw createGraphQLError(
        `A page may start at most ${MAX_OFFSET} rows deep in this list; narrow it with a search or filter instead.`,
        { extensions: { code: 'BAD_USER_INPUT' } },
      );
    }
  }
}
