import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/app.js';
import { createDb, type Database } from '../src/db/client.js';
import type { FastPathOutcome } from '../src/graphql/compiled/plugin.js';
import { loadArticles } from '../src/ingest/load.js';
import { folderOf, GRAPH_CASES } from './helpers/articles.js';
import { createTestDatabase, lockArticles, type TestDatabase, testDriver } from './helpers/database.js';
import { graphql } from './helpers/graphql.js';
import { postOperation, serve } from './helpers/http.js';

// A statement timeout is Postgres' here: the test databases' PGlite runs in-process, on the thread
// that would have to time it (the served PGlite's: tests/pglite-interrupt.test.ts).
describe.skipIf(testDriver !== 'postgres')('a compiled statement that runs past the timeout', () => {
  let database: TestDatabase;
  let timed: Database;
  let admin: postgres.Sql;
  const statements: string[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    await loadArticles(database.db, [await folderOf(GRAPH_CASES)]);
    timed = createDb({
      databaseUrl: database.url,
      statementTimeoutMs: 300,
      maxConnections: 2,
      onQuery: (query) => {
        statements.push(query);
      },
    });
    admin = postgres(database.url as string, { max: 1, onnotice: () => {} });
  });
  afterAll(async () => {
    await admin?.end();
    await timed?.close();
    await database?.destroy();
  });

  // Failed before: the tier fell back to the normal path, which waited out a second timeout.
  it('answers QUERY_TIMEOUT at once instead of running the query again on the normal path', async () => {
    const app = createApp({ db: timed.db, logger: false });
    const query = '{ articles(first: 5) { edges { node { headline } } } }';
    // Compiled and prepared while nothing holds the table.
    expect((await graphql(app, query)).errors).toBeUndefined();
    const release = await lockArticles(admin);
    try {
      statements.length = 0;
      const answer = await graphql(app, query);
      expect(answer.errors?.[0]?.extensions?.code).toBe('QUERY_TIMEOUT');
      expect(statements.filter((s) => /\barticles\b/.test(s))).toHaveLength(1);
    } finally {
      release();
    }
  });

  // The fast path in front of Yoga runs the statement itself: past the timeout it hands the
  // failure to Yoga, which answers it as the tier does there (masked as QUERY_TIMEOUT), once.
  it('answers QUERY_TIMEOUT on the fast path too, as the normal path, running the statement once', async () => {
    const outcomes: FastPathOutcome[] = [];
    const app = createApp({ db: timed.db, logger: false, compiled: { onFastPath: (o) => outcomes.push(o) } });
    const served = await serve(app);
    const query = '{ articles(first: 6) { edges { node { headline } } } }';
    try {
      expect((await postOperation(served.url, { query })).status).toBe(200);
      expect((await postOperation(served.url, { query })).status).toBe(200);
      expect(outcomes.at(-1)).toEqual({ answered: true });
      const release = await lockArticles(admin);
      let fast: Awaited<ReturnType<typeof postOperation>>;
      try {
        statements.length = 0;
        fast = await postOperation(served.url, { query });
        expect(statements.filter((s) => /\barticles\b/.test(s))).toHaveLength(1);
        expect(outcomes.at(-1)).toEqual({ answered: false, reason: 'statement failed' });
        // What the same app answers in-process (Yoga's path, the tier inside it), for comparison.
        const normal = await app.fetch('http://test/graphql', {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-request-id': 'compare-1' },
          body: JSON.stringify({ query }),
        });
        expect(fast.status).toBe(normal.status);
        expect(fast.body).toBe(await normal.text());
      } finally {
        release();
      }
      expect(JSON.parse(fast.body).errors[0].extensions.code).toBe('QUERY_TIMEOUT');
    } finally {
      await served.close();
    }
  });
});
