import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/app.js';
import { createDb, type Database } from '../src/db/client.js';
import { loadArticles } from '../src/ingest/load.js';
import { folderOf, GRAPH_CASES } from './helpers/articles.js';
import { createTestDatabase, lockArticles, type TestDatabase, testDriver } from './helpers/database.js';
import { graphql } from './helpers/graphql.js';

// A statement timeout is Postgres' (PGlite does not apply one).
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
});
