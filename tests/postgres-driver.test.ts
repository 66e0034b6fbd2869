import { connect, type Socket } from 'node:net';
import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, createApp } from '../src/app.js';
import { createDb, type Database } from '../src/db/client.js';
import { loadArticles } from '../src/ingest/load.js';
import { seedVariants } from './helpers/articles.js';
import { createTestDatabase, type TestDatabase, testDriver } from './helpers/database.js';
import { graphql } from './helpers/graphql.js';

// postgres.js 3.4.9 with patches/postgres+3.4.9.patch. Terminating backends needs a server with
// backends of its own: PGlite has one, in this process, and is not reached through postgres.js.
describe.skipIf(testDriver !== 'postgres')("when Postgres terminates the API server's connections", () => {
  let database: TestDatabase;
  let served: Database;
  let app: App;
  let admin: postgres.Sql;
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => {
    unhandled.push(reason);
  };

  beforeAll(async () => {
    database = await createTestDatabase();
    await loadArticles(database.db, [await seedVariants(30)]);
    // The server's own pool, as `serve` opens it: its backends are the ones terminated.
    served = createDb({ databaseUrl: database.url, maxConnections: 4 });
    app = createApp({ db: served.db, ping: served.ping, logger: false });
    // Up before it is attacked, as a server is once it listens.
    await served.ping();
    admin = postgres(database.url as string, { max: 1, onnotice: () => {} });
    process.on('unhandledRejection', onUnhandled);
  });
  afterAll(async () => {
    process.off('unhandledRejection', onUnhandled);
    await admin?.end();
    await served?.close();
    await database?.destroy();
  });

  // Failed before the patch: dozens of unhandled rejections (postgres.js dropped the promise of the
  // array-type read each new connection makes; in `serve` each one ended the process), and with
  // those gone, INTERNAL_SERVER_ERROR from rows that came back with holes (the next test), and
  // then a request that never settled in about half the runs on an idle machine (a query left on
  // the dead socket's connection: the test below).
  it('fails the requests that lost their connection with a coded error, rejects nothing unawaited, and recovers', async () => {
    const query = `{ articles(first: 20) { totalCount edges { node { id headline
      persons(first: 5) { edges { node { name } } } places(first: 5) { edges { node { name } } }
      quotes(first: 3) { edges { node { text } } } } } } }`;
    const codes = new Map<string, number>();
    let stop = false;
    const killer = (async () => {
      for (let round = 0; round < 40; round++) {
        await admin`select pg_terminate_backend(pid) from pg_stat_activity
          where datname = current_database() and application_name = 'newsgraph' and pid <> pg_backend_pid()`;
        await new Promise((resolve) => setTimeout(resolve, 25 + (round % 4) * 10));
      }
      stop = true;
    })();
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        while (!stop) {
          const { data, errors } = await graphql(app, query);
          const code = errors ? String(errors[0]?.extensions?.code) : data ? 'ok' : 'none';
          codes.set(code, (codes.get(code) ?? 0) + 1);
        }
      }),
    );
    await killer;
    // Let any rejection nobody awaited surface.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(unhandled).toEqual([]);
    expect([...codes.keys()].filter((code) => code !== 'ok' && code !== 'DATABASE_UNAVAILABLE')).toEqual([]);
    expect(codes.get('ok')).toBeGreaterThan(0);
    // The next request gets a new connection.
    const after = await graphql<{ articles: { totalCount: number } }>(app, '{ articles { totalCount } }');
    expect(after.data?.articles.totalCount).toBe(30);
    const ready = await app.fetch('http://test/ready');
    expect(ready.status).toBe(200);
  });
});

describe.skipIf(testDriver !== 'postgres')('a statement that fails after sending some rows', () => {
  let database: TestDatabase;
  let single: Database;
  beforeAll(async () => {
    database = await createTestDatabase();
    // One connection, so that the next statement runs where the failed one did.
    single = createDb({ databaseUrl: database.url, maxConnections: 1 });
  });
  afterAll(async () => {
    await single?.close();
    await database?.destroy();
  });

  // Failed before the patch: the second result was 5 holes and then the 5 rows, length 10
  // (the connection's row counter stayed where the failed statement left it).
  it('leaves the next statement on its connection its own rows, from the first', async () => {
    await expect(
      single.db.execute(sql`select i, 1 / (6 - i) as boom from generate_series(1, 10) as i`),
    ).rejects.toMatchObject({ cause: { code: '22012' } });
    const next = (await single.db.execute(sql`select x from generate_series(1, 5) as x`)) as unknown as unknown[];
    expect(next.length).toBe(5);
    expect([...next]).toEqual([1, 2, 3, 4, 5].map((x) => ({ x })));
  });
});

describe.skipIf(testDriver !== 'postgres')('a connection whose socket closes under it', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    await database?.destroy();
  });

  /** A one-connection client on sockets the test makes, and the one it uses now. */
  function clientOnOwnSockets() {
    const url = new URL(database.url as string);
    const held: { socket: Socket | null } = { socket: null };
    // postgres.js takes a `socket` function; its types do not name it.
    const options: postgres.Options<Record<string, never>> & { socket: () => Promise<Socket> } = {
      max: 1,
      onnotice: () => {},
      socket: () =>
        new Promise<Socket>((resolve, reject) => {
          const s = connect(Number(url.port || 5432), url.hostname);
          s.once('connect', () => {
            held.socket = s;
            resolve(s);
          });
          s.once('error', reject);
        }),
    };
    return { client: postgres(database.url as string, options), held };
  }

  /** What a statement came to within 5 s: its rows, its error's code, or 'never settled'. */
  const settles = <T>(work: Promise<T>) =>
    Promise.race([
      work.then(
        (value) => ({ value }),
        (error: { code?: string }) => ({ code: error.code }),
      ),
      new Promise((resolve) => setTimeout(() => resolve('never settled'), 5000)),
    ]);

  // Failed before the patch: `next` never settled (the pool pipelined it onto the connection
  // between the socket's 'error' and its 'close', and postgres.js kept it for the next socket,
  // whose first answer made it current).
  it('fails the statement sent after an error, and the next one runs on a new socket', async () => {
    const { client, held } = clientOnOwnSockets();
    try {
      await client`select 1`;
      const first = client`select pg_sleep(5)`.execute();
      let next: Promise<unknown> = Promise.resolve();
      // What a server does when a request fails: the next one asks at once. Its statement goes to
      // the only connection, whose socket has errored and not yet closed.
      const failed = first.catch((error: unknown) => {
        next = client`select 2 as two`.execute();
        throw error;
      });
      // From a check phase, as a reset read arrives: the error is emitted on the next tick, the
      // close once the handle has closed.
      await new Promise<void>((resolve) =>
        setImmediate(() => {
          held.socket?.destroy(Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }));
          resolve();
        }),
      );
      expect(await settles(failed)).toEqual({ code: 'ECONNRESET' });
      expect(await settles(next)).toEqual({ code: 'CONNECTION_CLOSED' });
      expect(await settles(client`select 3 as three`.execute())).toEqual({ value: [{ three: 3 }] });
    } finally {
      await client.end({ timeout: 1 });
    }
  });

  // Failed before the patch: `after` never settled. The statement's write waited for the next
  // check phase and the socket closed first; the close cleared that timer but left it set, so
  // write() scheduled no other and the new socket's startup message was never sent.
  it('sends the next socket its startup message when one closed with a write waiting', async () => {
    const { client, held } = clientOnOwnSockets();
    try {
      await client`select 1`;
      let lost: Promise<unknown> = Promise.resolve();
      // Inside a check phase: the statement goes out a microtask later and schedules its write
      // for the next check phase; the close callback runs in this loop turn's close phase.
      await new Promise<void>((resolve) =>
        setImmediate(() => {
          lost = client`select 2 as two`.execute();
          held.socket?.destroy();
          resolve();
        }),
      );
      expect(await settles(lost)).toEqual({ code: 'CONNECTION_CLOSED' });
      expect(await settles(client`select 3 as three`.execute())).toEqual({ value: [{ three: 3 }] });
    } finally {
      await client.end({ timeout: 1 });
    }
  });
});

describe.skipIf(testDriver !== 'postgres')('a transaction whose connection is terminated mid-scope', () => {
  let database: TestDatabase;
  let admin: postgres.Sql;
  const uncaught: unknown[] = [];
  const onUncaught = (error: unknown) => {
    uncaught.push(error);
  };
  beforeAll(async () => {
    database = await createTestDatabase();
    admin = postgres(database.url as string, { max: 1, onnotice: () => {} });
    await admin`create table begin_probe (n int)`;
    process.on('uncaughtException', onUncaught);
  });
  afterAll(async () => {
    process.off('uncaughtException', onUncaught);
    await admin?.end();
    await database?.destroy();
  });

  /**
   * Runs a transaction that writes 1, has its backend terminated, and goes on to write 2 and 3
   * (its callback is not stopped by begin() rejecting); `reuse` sends a statement of the pool's
   * first, as a busy server does, which opens a new socket on the same connection.
   */
  const interrupted = async (reuse: boolean) => {
    await admin`truncate begin_probe`;
    const sql = postgres(database.url as string, { max: 1, onnotice: () => {} });
    const after: string[] = [];
    try {
      const outcome = await sql
        .begin(async (tx) => {
          await tx`insert into begin_probe values (1)`;
          const [row] = await tx<{ pid: number }[]>`select pg_backend_pid() as pid`;
          await admin`select pg_terminate_backend(${row?.pid as number})`;
          await new Promise((resolve) => setTimeout(resolve, 300));
          if (reuse) await sql`select 1`;
          for (const n of [2, 3]) {
            const settled = await Promise.race([
              tx`insert into begin_probe values (${n})`.then(
                () => 'written',
                (error: { code?: string }) => error.code ?? 'failed',
              ),
              new Promise<string>((resolve) => setTimeout(() => resolve('never settled'), 3000)),
            ]);
            after.push(settled);
          }
        })
        .then(
          () => 'committed',
          (error: { code?: string }) => error.code,
        );
      // The callback runs on after begin() has rejected: wait for it.
      while (after.length < 2) await new Promise((resolve) => setTimeout(resolve, 50));
      const stored = await admin<{ n: number }[]>`select n from begin_probe order by n`;
      return { outcome, after, stored: stored.map((r) => r.n) };
    } finally {
      await sql.end({ timeout: 1 });
    }
  };

  // Failed before the patch: the scope's next statements ran on the connection's new socket,
  // outside any transaction, and were committed one by one ([2, 3] stored of a transaction that
  // failed); with no other statement to reopen it, the next statement threw "Cannot read
  // properties of null (reading 'write')" from a timer (an uncaught exception, which ends a
  // server) and never settled.
  it.each([
    ['while the pool reuses the connection', true],
    ['while nothing else runs', false],
  ])('fails the statements its callback still sends, and stores none of them (%s)', async (_, reuse) => {
    const { outcome, after, stored } = await interrupted(reuse);
    expect(outcome).toBe('CONNECTION_CLOSED');
    expect(after).toEqual(['CONNECTION_CLOSED', 'CONNECTION_CLOSED']);
    expect(stored).toEqual([]);
    expect(uncaught).toEqual([]);
  });
});
