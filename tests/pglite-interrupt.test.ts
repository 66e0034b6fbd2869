import { rm } from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import { amcheck } from '@electric-sql/pglite/contrib/amcheck';
import { type SQL, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, createApp } from '../src/app.js';
import { createDb, type Database, openOwnedPglite } from '../src/db/client.js';
import { StatementInterrupts } from '../src/db/pglite-interrupt.js';
import { endsTransaction, withoutStatementTimeout } from '../src/db/pglite-wire.js';
import { migratedPgliteFolder } from './helpers/database.js';
import { graphql } from './helpers/graphql.js';

// The embedded database as `npm start` serves it: PGlite on its own thread, behind the socket.

/**
 * Makes reading `articles` take tens of seconds (a 225-million-row cross join before the first
 * row; about 20 s on a calm machine): the table is renamed and a view of it takes its place.
 */
const SLOW_ARTICLES = [
  'alter table articles rename to articles_stored',
  `create view articles as select * from articles_stored
     where (select count(*) from generate_series(1, 15000) a, generate_series(1, 15000) b) > 0`,
];
const ARTICLES_QUERY = '{ articles(first: 5) { edges { node { headline } } } }';

/** Resolves once a statement matching `pattern` has been sent, and a moment more. */
function sentStatement(statements: string[], pattern: RegExp): Promise<void> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const poll = setInterval(() => {
      if (statements.some((s) => pattern.test(s))) {
        clearInterval(poll);
        setTimeout(resolve, 200);
      } else if (Date.now() - started > 60_000) {
        clearInterval(poll);
        reject(new Error(`no statement matched ${pattern} in a minute: ${JSON.stringify(statements)}`));
      }
    }, 20);
  });
}

/** The rows of a statement run through the owner's socket (postgres.js: an array of rows). */
async function rowsOf<T>(db: Database['db'], query: SQL): Promise<T[]> {
  return [...((await db.execute(query)) as unknown as T[])];
}

/** A connection to the owner without the server's statement timeout (a loader's). */
function unlimited(database: Database): Database {
  if (database.raw.kind !== 'pglite-socket') throw new Error('not an owned PGlite');
  return createDb({ databaseUrl: null, pgliteSocket: database.raw.path, maxConnections: 1 });
}

interface SlowSetup {
  dir: string;
  served: Database;
  /** A connection without the server's limit, for setting up and checking. */
  setup: Database;
  app: App;
  /** Every statement the owner was sent, in order. */
  statements: string[];
}

/**
 * A migrated folder served by an owner (with `statementTimeoutMs`, if given), whose `articles`
 * is the slow view, and an app on it that has answered its first request.
 */
async function servedWithSlowArticles(statementTimeoutMs?: number): Promise<SlowSetup> {
  const dir = await migratedPgliteFolder('newsgraph-interrupt-');
  const statements: string[] = [];
  const served = await openOwnedPglite(dir, {
    command: 'test',
    ...(statementTimeoutMs === undefined ? {} : { statementTimeoutMs }),
    onQuery: (query) => {
      statements.push(query);
    },
  });
  const setup = unlimited(served);
  for (const statement of SLOW_ARTICLES) await setup.db.execute(sql.raw(statement));
  const app = createApp({ db: served.db, logger: false });
  // Yoga's first request builds what later ones reuse: not part of what is timed below.
  expect((await graphql(app, '{ places(first: 1) { totalCount } }')).errors).toBeUndefined();
  return { dir, served, setup, app, statements };
}

describe('a statement past STATEMENT_TIMEOUT_MS on the embedded database', () => {
  let dir: string;
  let served: Database | null = null;
  let setup: Database;
  let app: App;
  let statements: string[] = [];

  beforeAll(async () => {
    ({ dir, served, setup, app, statements } = await servedWithSlowArticles(1000));
    await setup.db.execute(sql`create table interrupted (n integer primary key, note text not null)`);
    await setup.db.execute(sql`insert into interrupted select n, 'committed' from generate_series(1, 1000) n`);
  });
  afterAll(async () => {
    await setup?.close();
    await served?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  // Failed before: PGlite ignored the limit, the statement ran its full 20 s or more and the
  // request got the articles; the cheap query waited all that time behind it.
  it('ends with QUERY_TIMEOUT, as on Postgres, and a cheap query queued behind it answers soon after', async () => {
    statements.length = 0;
    const started = Date.now();
    const slow = graphql(app, ARTICLES_QUERY).then((answer) => ({ answer, ms: Date.now() - started }));
    await sentStatement(statements, /\barticles\b/);
    const cheap = rowsOf<{ n: number }>(
      served?.db as Database['db'],
      sql`select count(*)::int as n from interrupted`,
    ).then((rows) => ({ n: rows[0]?.n, ms: Date.now() - started }));
    const { answer, ms } = await slow;
    expect(answer.errors?.[0]?.extensions?.code).toBe('QUERY_TIMEOUT');
    expect(answer.data?.articles ?? null).toBeNull();
    // Stopped at about the limit (1 s), far from the statement's own 20 s and more.
    expect(ms).toBeGreaterThanOrEqual(1000);
    expect(ms).toBeLessThan(8000);
    const queued = await cheap;
    expect(queued?.n).toBe(1000);
    expect(queued?.ms).toBeLessThan(ms + 3000);
  });

  // Failed before: the insert ran on (tens of seconds, millions of rows) instead of ending.
  it('rolls back the write transaction it interrupts: every committed row stays, none of its own', async () => {
    const attempt = served?.db.transaction(async (tx) => {
      await tx.execute(sql`insert into interrupted select n, 'rolled back' from generate_series(1001, 2000) n`);
      // Stopped while it writes rows and their index entries: 100,000 rows, each after counting
      // 2,000 (tens of seconds in all).
      await tx.execute(sql`insert into interrupted
        select 2000 + n, 'rolled back ' || (select count(*) from generate_series(1, 2000 + n % 2))
        from generate_series(1, 100000) n`);
    });
    await expect(attempt).rejects.toMatchObject({ cause: { code: '57014' } });
    const counted = (db: Database['db']) =>
      rowsOf(db, sql`select note, count(*)::int as n from interrupted group by note order by note`);
    expect(await counted(setup.db)).toEqual([{ note: 'committed', n: 1000 }]);
    // The connection is back in order for the next statement.
    expect(await counted(served?.db as Database['db'])).toEqual([{ note: 'committed', n: 1000 }]);

    // The folder as a plain PGlite finds it (its own memory, nothing shared), files and indexes whole.
    await setup.close();
    await served?.close();
    served = null;
    const plain = new PGlite(dir, { extensions: { amcheck } });
    try {
      const rows = await plain.query<{ note: string; n: number }>(
        'select note, count(*)::int as n from interrupted group by note order by note',
      );
      expect(rows.rows).toEqual([{ note: 'committed', n: 1000 }]);
      await plain.exec('create extension if not exists amcheck');
      // Every heap tuple has its index entry and the index is well formed (throws otherwise).
      await plain.query(`select bt_index_check('interrupted_pkey', true)`);
      const corrupt = await plain.query(`select * from verify_heapam('interrupted')`);
      expect(corrupt.rows).toEqual([]);
      await plain.exec(`insert into interrupted values (1001, 'after reopening')`);
      const after = await plain.query<{ n: number }>('select count(*)::int as n from interrupted');
      expect(after.rows[0]?.n).toBe(1001);
    } finally {
      await plain.close();
    }
  });
});

describe('a client that disconnects from the embedded database', () => {
  let dir: string;
  let served: Database;
  let setup: Database;
  let app: App;
  let statements: string[] = [];

  beforeAll(async () => {
    // No statement timeout: only the cancel can end the statement early.
    ({ dir, served, setup, app, statements } = await servedWithSlowArticles());
  });
  afterAll(async () => {
    await setup?.close();
    await served?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  // Failed before: the owner's thread read the cancel request only after the statement had run
  // its 20 s and more, and did nothing with it; the next statement waited all that time.
  it('has its running statement cancelled, and the next statement answers at once', async () => {
    statements.length = 0;
    const client = new AbortController();
    const answer = Promise.resolve(
      app.fetch(
        new Request('http://test/graphql', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ query: ARTICLES_QUERY }),
          signal: client.signal,
        }),
      ),
    ).then(
      (response) => response.status,
      () => 'aborted',
    );
    await sentStatement(statements, /\barticles\b/);
    const abortedAt = Date.now();
    client.abort();
    await served.db.execute(sql`select 1`);
    expect(Date.now() - abortedAt).toBeLessThan(5000);
    await answer;
    const next = await graphql<{ places: { totalCount: number } }>(app, '{ places(first: 1) { totalCount } }');
    expect(next.errors).toBeUndefined();
  });
});

describe('statements cancelled at random points', () => {
  let dir: string;
  let served: Database;
  let hurried: Database;

  beforeAll(async () => {
    dir = await migratedPgliteFolder('newsgraph-interrupt-');
    served = await openOwnedPglite(dir, { command: 'test' });
    if (served.raw.kind !== 'pglite-socket') throw new Error('not an owned PGlite');
    // Most statements outlive 1 ms, so cancels land anywhere in them, transaction ends included.
    hurried = createDb({ databaseUrl: null, pgliteSocket: served.raw.path, statementTimeoutMs: 1, maxConnections: 4 });
    await served.db.execute(sql`create table hurried (tx integer, k integer, primary key (tx, k))`);
  });
  afterAll(async () => {
    await hurried?.close();
    await served?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  // Cancels land in BEGIN, in the inserts and in Parse or Bind of COMMIT and ROLLBACK (the last two
  // are exempt: see the next describe).
  it('leave every transaction whole or absent, as its client was told, and the database serving', async () => {
    const told = new Map<number, boolean>();
    const client = async (c: number) => {
      for (let i = 0; i < 60; i++) {
        const tx = c * 1000 + i;
        const work = (tx * 7919) % 30_000;
        try {
          await hurried.db.transaction(async (t) => {
            await t.execute(sql`insert into hurried select ${tx}::int, k from generate_series(1, 5) k`);
            await t.execute(sql`insert into hurried select ${tx}::int, 5 + k from generate_series(1, 5) k
              where (select count(*) from generate_series(1, ${work}::int)) >= 0`);
          });
          told.set(tx, true);
        } catch (error) {
          // Drizzle wraps a statement's failure; a failed BEGIN comes from postgres.js itself.
          const failure = error as { code?: string; cause?: { code?: string } };
          expect(failure.cause?.code ?? failure.code).toBe('57014');
          told.set(tx, false);
        }
      }
    };
    await Promise.all([0, 1, 2, 3].map(client));
    const stored = new Map(
      (
        await rowsOf<{ tx: number; n: number }>(served.db, sql`select tx, count(*)::int as n from hurried group by tx`)
      ).map((r) => [r.tx, r.n]),
    );
    for (const [tx, committed] of told) expect([tx, stored.get(tx) ?? 0]).toEqual([tx, committed ? 10 : 0]);
    // Some of each, or the limit tested nothing.
    expect([...told.values()]).toContain(true);
    expect([...told.values()]).toContain(false);
  });
});

describe('StatementInterrupts', () => {
  // A stand-in for the database's memory: QueryCancelPending at byte 0, InterruptPending at 4.
  const fresh = () => {
    const memory = new SharedArrayBuffer(8);
    const interrupts = new StatementInterrupts({
      control: new SharedArrayBuffer(64),
      memory,
      queryCancelPending: 0,
      interruptPending: 4,
    });
    return { interrupts, flags: () => [...new Int32Array(memory)] };
  };

  it('cancels the unit that runs, and only that one', () => {
    const { interrupts, flags } = fresh();
    const first = interrupts.begin(7, 1234, 1000);
    expect(interrupts.cancelGeneration(first)).toBe(true);
    expect(flags()).toEqual([1, 1]);
    // Once: a cancel request after the timer's finds it cancelled already.
    expect(interrupts.cancelConnection(7, 1234)).toBe(false);
    interrupts.end();
    // The unit ended before Postgres read the flag: the next one does not inherit it.
    expect(flags()[0]).toBe(0);
    const second = interrupts.begin(7, 1234, 1000);
    expect(second).not.toBe(first);
    // A timer of the first unit that fires late.
    expect(interrupts.cancelGeneration(first)).toBe(false);
    expect(flags()[0]).toBe(0);
    interrupts.end();
    expect(interrupts.cancelGeneration(second)).toBe(false);
  });

  it('serves a cancel request only for the connection and key whose unit runs', () => {
    const { interrupts, flags } = fresh();
    expect(interrupts.cancelConnection(7, 1234)).toBe(false);
    interrupts.begin(7, 1234, 0);
    expect(interrupts.cancelConnection(8, 1234)).toBe(false);
    expect(interrupts.cancelConnection(7, 999)).toBe(false);
    expect(flags()[0]).toBe(0);
    expect(interrupts.cancelConnection(7, 1234)).toBe(true);
    expect(flags()[0]).toBe(1);
    interrupts.end();
    interrupts.close();
    expect(interrupts.cancelConnection(7, 1234)).toBe(false);
  });
});

describe('a startup message to the owner', () => {
  const startup = (fields: string[]) => {
    const body = Buffer.from(`${fields.map((f) => `${f}\0`).join('')}\0`);
    const message = Buffer.alloc(8 + body.length);
    message.writeInt32BE(message.length, 0);
    message.writeInt32BE(196_608, 4);
    body.copy(message, 8);
    return message;
  };

  it.each([
    ['5000', 5000],
    ['2s', 2000],
    ['1 min', 60_000],
    ['0', 0],
  ])('gives statement_timeout %s to the multiplexer (%i ms), not to the shared session', (value, ms) => {
    const read = withoutStatementTimeout(startup(['user', 'postgres', 'statement_timeout', value, 'database', 'x']));
    expect(read.statementTimeoutMs).toBe(ms);
    expect(Buffer.from(read.message).equals(startup(['user', 'postgres', 'database', 'x']))).toBe(true);
  });

  it('passes a value Postgres would refuse on, for PGlite to refuse', () => {
    const message = startup(['user', 'postgres', 'statement_timeout', 'soon']);
    const read = withoutStatementTimeout(message);
    expect(read.statementTimeoutMs).toBe(0);
    expect(Buffer.from(read.message).equals(message)).toBe(true);
  });
});

describe('the multiplexer never cancels the end of a transaction', () => {
  const message = (type: string, ...fields: string[]) => {
    const body = Buffer.from(fields.map((f) => `${f}\0`).join(''));
    const out = Buffer.alloc(5 + body.length + 2);
    out.write(type, 0);
    out.writeInt32BE(out.length - 1, 1);
    body.copy(out, 5);
    return out;
  };
  const type = (m: Buffer) => m[0] as number;

  // A cancelled ROLLBACK would leave the transaction open and aborted while postgres.js, its
  // rollback failed, takes the connection back to its pool as idle; the multiplexer serves only a
  // connection inside a transaction, so every other client would wait for good.
  it('knows such statements by their text, and prepared ones by their name', () => {
    const statements = new Map<string, boolean>();
    const ends = (m: Buffer) => endsTransaction(statements, type(m), m);
    expect(ends(message('Q', 'COMMIT'))).toBe(true);
    expect(ends(message('Q', '  rollback to savepoint s1'))).toBe(true);
    expect(ends(message('Q', 'select 1'))).toBe(false);
    // postgres.js prepares `rollback` once per connection, then only binds it by its name.
    expect(ends(message('P', 'rb1', 'rollback'))).toBe(true);
    expect(ends(message('P', 'q1', 'select * from articles'))).toBe(false);
    expect(ends(message('B', '', 'rb1'))).toBe(true);
    expect(ends(message('B', '', 'q1'))).toBe(false);
    // The unnamed statement, replaced by each Parse.
    expect(ends(message('P', '', 'end'))).toBe(true);
    expect(ends(message('B', '', ''))).toBe(true);
    expect(ends(message('P', '', 'select 2'))).toBe(false);
    expect(ends(message('B', '', ''))).toBe(false);
  });
});
