import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, createApp } from '../src/app.js';
import { loadArticles } from '../src/ingest/load.js';
import { seedVariants } from './helpers/articles.js';
import { createTestDatabase, type TestDatabase } from './helpers/database.js';
import { graphql } from './helpers/graphql.js';

// The normal path keeps a root field's relational query per operation and the variables it reads
// (src/graphql/kept-query.ts): the same document must still answer each request for its own values.

let database: TestDatabase;
let app: App;

beforeAll(async () => {
  database = await createTestDatabase();
  await loadArticles(database.db, [await seedVariants(4)]);
  app = createApp({ db: database.db, ping: database.ping, logger: false, compiled: false });
});

afterAll(async () => {
  await database?.destroy();
});

interface Page {
  articles: { edges: { node: { id: string; headline: string; persons?: { totalCount: number } } }[] };
}

describe('kept relational queries', () => {
  it('binds the id of each request, and null for an id with no row', async () => {
    const page = await graphql<Page>(app, '{ articles(first: 5) { edges { node { id headline } } } }');
    const nodes = page.data?.articles.edges.map((e) => e.node) ?? [];
    expect(nodes.length).toBeGreaterThan(0);
    const query = 'query One($id: ID!) { article(id: $id) { id headline } }';
    for (const node of [...nodes, ...nodes]) {
      const one = await graphql<{ article: { id: string; headline: string } | null }>(app, query, { id: node.id });
      expect(one.data?.article).toEqual(node);
    }
    const none = await graphql(app, query, { id: Buffer.from('Article:999999').toString('base64') });
    expect(none.data).toEqual({ article: null });
  });

  it('plans again for a page size, an @include and a cursor sent as variables', async () => {
    const query = `query Page($n: Int, $after: String, $withPersons: Boolean!) {
      articles(first: $n, after: $after) { edges { cursor node { id headline persons @include(if: $withPersons) { totalCount } } } } }`;
    const run = (variables: Record<string, unknown>) =>
      graphql<{ articles: { edges: { cursor: string; node: Page['articles']['edges'][number]['node'] }[] } }>(
        app,
        query,
        variables,
      );
    const one = await run({ n: 1, withPersons: false });
    const two = await run({ n: 2, withPersons: true });
    const absent = await run({ withPersons: false });
    expect(one.data?.articles.edges).toHaveLength(1);
    expect(two.data?.articles.edges).toHaveLength(2);
    expect(one.data?.articles.edges[0]?.node.persons).toBeUndefined();
    expect(two.data?.articles.edges[0]?.node.persons?.totalCount).toEqual(expect.any(Number));
    expect(absent.data?.articles.edges.length).toBeGreaterThanOrEqual(2);
    const after = await run({ n: 1, after: two.data?.articles.edges[0]?.cursor, withPersons: false });
    expect(after.data?.articles.edges[0]?.node.id).toBe(two.data?.articles.edges[1]?.node.id);
    // The first request's plan again, after the others: still its own answer.
    expect(await run({ n: 1, withPersons: false })).toEqual(one);
  });

  it('plans a page size beneath the root field for each request (the drizzle plugin keeps plans too)', async () => {
    const query = `query Nested($p: Int) { articles(first: 2) { edges { node { persons(first: $p) { edges { node { name } } } } } } }`;
    type Nested = { articles: { edges: { node: { persons: { edges: unknown[] } } }[] } };
    const sizes = async (p: number | null) =>
      (await graphql<Nested>(app, query, { p })).data?.articles.edges.map((e) => e.node.persons.edges.length);
    const one = await sizes(1);
    const two = await sizes(2);
    expect(one).toEqual([1, 1]);
    expect(two?.every((n) => n === 2 || n > 1)).toBe(true);
    expect(await sizes(1)).toEqual(one);
  });

  it('runs one statement per request, the same text each time', async () => {
    const page = await graphql<Page>(app, '{ articles(first: 2) { edges { node { id } } } }');
    const ids = page.data?.articles.edges.map((e) => e.node.id) ?? [];
    const query = 'query P($id: ID!) { article(id: $id) { headline persons(first: 3) { edges { node { name } } } } }';
    const texts: string[] = [];
    for (const id of [...ids, ...ids]) {
      database.resetStatements();
      await graphql(app, query, { id });
      expect(database.statements).toHaveLength(1);
      texts.push(database.statements[0] as string);
    }
    expect(new Set(texts).size).toBe(1);
  });
});
