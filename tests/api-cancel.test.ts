import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, createApp } from '../src/app.js';
import { createDb, type Database } from '../src/db/client.js';
import type { FastPathOutcome } from '../src/graphql/compiled/plugin.js';
import { MAX_OFFSET } from '../src/graphql/cursors.js';
import { loadArticles } from '../src/ingest/load.js';
import { folderOf, GRAPH_CASES } from './helpers/articles.js';
import { createTestDatabase, lockArticles, type TestDatabase, testDriver } from './helpers/database.js';
import { graphql } from './helpers/graphql.js';
import { serve } from './helpers/http.js';

let database: TestDatabase;
let app: App;
const offsetCursor = (n: number) => Buffer.from(`OffsetConnection:${n}`).toString('base64');

beforeAll(async () => {
  database = await createTestDatabase();
  await loadArticles(database.db, [await folderOf(GRAPH_CASES)]);
  app = createApp({ db: database.db, logger: false });
});
afterAll(async () => {
  await database?.destroy();
});

describe('offsets that reach SQL are bounded', () => {
  // Each list paged by offset (the root lists and article links page by keyset cursors).
  const lists: [string, string][] = [
    [
      'Person.coMentions',
      'query($after: String) { persons(first: 20) { edges { node { coMentions(after: $after) { edges { node { sharedArticles } } } } } } }',
    ],
    [
      'Place.persons',
      'query($after: String) { places(first: 20) { edges { node { persons(after: $after) { edges { node { sharedArticles } } } } } } }',
    ],
    [
      'Organization.coMentions',
      'query($after: String) { organizations(first: 5) { edges { node { coMentions(after: $after) { edges { node { sharedArticles } } } } } } }',
    ],
    [
      'Organization.persons',
      'query($after: String) { organizations(first: 5) { edges { node { persons(after: $after) { edges { node { name } } } } } } }',
    ],
    [
      'Person.organizations',
      'query($after: String) { persons(first: 20) { edges { node { organizations(after: $after) { edges { node { name } } } } } } }',
    ],
  ];

  it.each(lists)('refuses a page deeper than the limit in %s, before any SQL for it', async (_, query) => {
    database.resetStatements();
    const deep = await graphql(app, query, { after: offsetCursor(MAX_OFFSET) });
    expect(deep.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(deep.errors?.[0]?.message).toMatch(new RegExp(`at most ${MAX_OFFSET} rows deep`));
    expect(database.statements.filter((s) => /\boffset\b/i.test(s))).toEqual([]);
    const deepest = await graphql(app, query, { after: offsetCursor(MAX_OFFSET - 1) });
    expect(deepest.errors).toBeUndefined();
  });

  // Failed before: Organization.persons and Person.organizations took a crafted cursor to SQL's
  // OFFSET (-1 + 1 = 0 passed, -5 gave Postgres' "OFFSET must not be negative", an internal error).
  it.each(lists.slice(3))('refuses a crafted offset cursor in %s', async (_, query) => {
    for (const after of [Buffer.from('OffsetConnection:-5').toString('base64'), 'not a cursor']) {
      const { errors } = await graphql(app, query, { after });
      expect(errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(errors?.[0]?.message).toMatch(/Invalid cursor/);
    }
  });
});

// Cancelling needs a server that runs a statement while another waits: the test databases' PGlite
// runs in-process, one statement at a time (the served PGlite's cancel: tests/pglite-interrupt.test.ts).
describe.skipIf(testDriver !== 'postgres')('a client that disconnects', () => {
  let served: Database;
  let served_app: App;
  let admin: postgres.Sql;
  beforeAll(async () => {
    served = createDb({ databaseUrl: database.url, maxConnections: 2 });
    served_app = createApp({ db: served.db, logger: false });
    admin = postgres(database.url as string, { max: 2, onnotice: () => {} });
  });
  afterAll(async () => {
    await admin?.end();
    await served?.close();
  });

  /** The server's statements waiting for the lock the test holds. */
  const waiting = async () =>
    (
      await admin`select count(*)::int as n from pg_stat_activity where datname = current_database()
        and application_name = 'newsgraph' and state = 'active' and wait_event_type = 'Lock'`
    )[0]?.n as number;
  const until = async (done: () => Promise<boolean>, ms: number) => {
    const end = Date.now() + ms;
    while (Date.now() < end) {
      if (await done()) return true;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return false;
  };

  // Failed before: the statement went on waiting (running, on a real slow query) for as long as
  // the lock was held, its client long gone.
  it('has its running statement cancelled', async () => {
    const release = await lockArticles(admin);
    const client = new AbortController();
    const answer = Promise.resolve(
      served_app.fetch(
        new Request('http://test/graphql', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ query: '{ articles(first: 5) { edges { node { headline } } } }' }),
          signal: client.signal,
        }),
      ),
    ).then(
      (response) => response.status,
      () => 'aborted',
    );
    try {
      expect(await until(async () => (await waiting()) > 0, 20_000)).toBe(true);
      client.abort();
      expect(await until(async () => (await waiting()) === 0, 5_000)).toBe(true);
    } finally {
      release();
    }
    await answer;
    // The pool serves the next request.
    const next = await graphql<{ articles: { totalCount: number } }>(served_app, '{ articles { totalCount } }');
    expect(next.data?.articles.totalCount).toBeGreaterThan(0);
  });

  // The compiled tier's fast path (in front of Yoga, behind node:http) runs its statement
  // itself: a client gone must cancel it as on the normal path.
  it('has its running statement cancelled on the fast path', async () => {
    const outcomes: FastPathOutcome[] = [];
    const app = createApp({ db: served.db, logger: false, compiled: { onFastPath: (o) => outcomes.push(o) } });
    const server = await serve(app);
    const query = '{ articles(first: 7) { edges { node { headline } } } }';
    const post = (signal?: AbortSignal) =>
      fetch(`${server.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query }),
        signal,
      });
    try {
      // Answered in-process first: the tier has answered it, so the fast path answers it now.
      expect((await graphql(app, query)).errors).toBeUndefined();
      const release = await lockArticles(admin);
      const client = new AbortController();
      const answer = post(client.signal).then(
        (response) => response.status,
        () => 'aborted',
      );
      try {
        expect(await until(async () => (await waiting()) > 0, 20_000)).toBe(true);
        client.abort();
        expect(await until(async () => (await waiting()) === 0, 5_000)).toBe(true);
      } finally {
        release();
      }
      expect(await answer).toBe('aborted');
      // The fast path ran it (and handed the cancelled statement's failure to Yoga, which
      // answers nobody), then answers the next.
      expect(outcomes[0]).toEqual({ answered: false, reason: 'statement failed' });
      expect((await post()).status).toBe(200);
      expect(outcomes.at(-1)).toEqual({ answered: true });
    } finally {
      await server.close();
    }
  });
});
