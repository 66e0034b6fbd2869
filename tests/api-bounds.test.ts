import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, createApp, EXAMPLE_QUERY } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { createDb } from '../src/db/client.js';
import { MAX_FILTER_VALUES, MAX_SEARCH_LENGTH } from '../src/graphql/article-filter.js';
import { loadArticles } from '../src/ingest/load.js';
import { createTestDatabase, type TestDatabase, testDriver } from './helpers/database.js';
import { rows } from './helpers/fingerprint.js';
import { graphql } from './helpers/graphql.js';

let database: TestDatabase;
let app: App;
const gid = (type: string, id: number) => Buffer.from(`${type}:${id}`).toString('base64');

beforeAll(async () => {
  database = await createTestDatabase();
  await loadArticles(database.db, [new URL('../seeds', import.meta.url).pathname]);
  app = createApp({ db: database.db, logger: false });
});
afterAll(async () => {
  await database?.destroy();
});

async function refusedBeforeSql(query: string, variables: Record<string, unknown>) {
  database.resetStatements();
  const { errors } = await graphql(app, query, variables);
  expect(database.statements.filter((s) => !/^select 1$/i.test(s))).toEqual([]);
  return errors ?? [];
}

describe('inputs that reach SQL are bounded', () => {
  const long = 'a'.repeat(MAX_SEARCH_LENGTH + 1);
  // Failed before: a 10 KB name search ran 8.7 s; nothing refused it.
  it.each([
    ['persons(search:)', 'query($s: String) { persons(search: $s) { edges { node { name } } } }'],
    ['places(search:)', 'query($s: String) { places(search: $s) { edges { node { name } } } }'],
    [
      'articles(filter: { search })',
      'query($s: String) { articles(filter: { search: $s }) { edges { node { id } } } }',
    ],
    ['quotes(filter: { search })', 'query($s: String) { quotes(filter: { search: $s }) { edges { node { text } } } }'],
    [
      'snippet(search:)',
      'query($s: String) { articles(first: 1) { edges { node { snippet(search: $s) { html } } } } }',
    ],
  ])('refuses a search longer than the limit in %s', async (_, query) => {
    const errors = await refusedBeforeSql(query, { s: long });
    expect(errors[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(errors[0]?.message).toMatch(new RegExp(`at most ${MAX_SEARCH_LENGTH}`));
    const ok = await graphql(app, query, { s: 'a'.repeat(MAX_SEARCH_LENGTH) });
    expect(ok.errors).toBeUndefined();
  });

  it('refuses an id list longer than the limit', async () => {
    const ids = Array.from({ length: MAX_FILTER_VALUES + 1 }, (_, i) => gid('Person', i + 1));
    const errors = await refusedBeforeSql(
      'query($p: [ID!]) { articles(filter: { persons: $p }) { totalCount edges { node { id } } } }',
      { p: ids },
    );
    expect(errors[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  // Failed before: one EXISTS per id, which the planner weighs in every join order (100 ids
  // planned for 5.2 s); now one grouped scan of the ids' links, whatever their number.
  it('filters by many people in one grouped statement, with the same answer', async () => {
    const people = (await rows(database.db, sql`select person_id as id from article_persons order by person_id`)) as {
      id: number;
    }[];
    const two = people.slice(0, 2).map((p) => gid('Person', p.id));
    const query = 'query($p: [ID!]) { articles(filter: { persons: $p }) { totalCount edges { node { id } } } }';
    database.resetStatements();
    const both = await graphql<{ articles: { totalCount: number } }>(app, query, { p: [...two, two[0]] });
    expect(both.data?.articles.totalCount).toBe(1);
    const statement = database.statements.find((s) => s.includes('article_persons')) ?? '';
    expect(statement).toMatch(/group by/i);
    expect(statement).not.toMatch(/exists/i);
    const none = await graphql<{ articles: { totalCount: number } }>(app, query, {
      p: [...two, gid('Person', 999999)],
    });
    expect(none.data?.articles.totalCount).toBe(0);
  });
});

describe('page sizes and cost read variables and their defaults', () => {
  // Failed before: a variable's default was not read, so first: $n = 500 ran.
  it('refuses first: $n when $n defaults to more than a page', async () => {
    const errors = await refusedBeforeSql('query($n: Int = 500) { articles(first: $n) { edges { node { id } } } }', {});
    expect(errors[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  // Failed before: pages of 100 inside pages of 100 cost no more than one to graphql-armor, and
  // ran 10,100 statements.
  it('refuses nested pages whose rows multiply past the limit, through variables', async () => {
    const query = `query($n: Int) { persons(first: $n) { edges { node { name
      coMentions(first: $n) { edges { node { person { name coMentions(first: $n) { edges { node { person { name } } } } } } } } } } } }`;
    const errors = await refusedBeforeSql(query, { n: 100 });
    expect(errors[0]?.extensions).toMatchObject({ code: 'OPERATION_LIMIT_EXCEEDED', limit: 'rows' });
    const small = await graphql(app, query, { n: 5 });
    expect(small.errors).toBeUndefined();
  });

  it('lets the example query through', async () => {
    expect((await graphql(app, EXAMPLE_QUERY)).errors).toBeUndefined();
  });
});

describe('statement timeout', () => {
  it('is read from STATEMENT_TIMEOUT_MS, a few seconds by default', () => {
    expect(loadConfig({}).statementTimeoutMs).toBe(5000);
    expect(loadConfig({ STATEMENT_TIMEOUT_MS: '250' }).statementTimeoutMs).toBe(250);
    expect(() => loadConfig({ STATEMENT_TIMEOUT_MS: 'soon' })).toThrow(/STATEMENT_TIMEOUT_MS/);
  });

  it.skipIf(testDriver !== 'postgres')('cancels a statement that runs longer, with a coded error', async () => {
    const timed = createDb({ databaseUrl: database.url, statementTimeoutMs: 200, maxConnections: 1 });
    try {
      await expect(timed.db.execute(sql`select pg_sleep(2)`)).rejects.toMatchObject({ cause: { code: '57014' } });
    } finally {
      await timed.close();
    }
  });
});
