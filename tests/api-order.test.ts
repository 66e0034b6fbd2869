import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, createApp } from '../src/app.js';
import { loadArticles } from '../src/ingest/load.js';
import { createTestDatabase, type TestDatabase } from './helpers/database.js';
import { graphql } from './helpers/graphql.js';

// Issue 15 item 5: places(search:) as persons(search:) does, and a direction for every order.

let database: TestDatabase;
let app: App;

beforeAll(async () => {
  database = await createTestDatabase();
  await loadArticles(database.db, [
    new URL('../seeds', import.meta.url).pathname,
    new URL('./fixtures/articles', import.meta.url).pathname,
  ]);
  app = createApp({ db: database.db, logger: false });
});

afterAll(async () => {
  await database?.destroy();
});

type Names = { edges: { node: Record<string, unknown> }[] };

async function names(query: string, field: string, key = 'name'): Promise<unknown[]> {
  const { data, errors } = await graphql<Record<string, Names>>(app, query);
  expect(errors, query).toBeUndefined();
  return data?.[field]?.edges.map((e) => e.node[key]) ?? [];
}

describe('places(search:)', () => {
  it.each([
    ['genev', ['Geneva']],
    ['Genva', ['Geneva']],
    ['states', ['United States']],
    ['us', ['United States']],
    ['UA', ['Ukraine']],
    ['zzzz', []],
  ])('%s finds %j', async (search, expected) => {
    const found = await names(`{ places(search: ${JSON.stringify(search)}) { edges { node { name } } } }`, 'places');
    expect(found).toEqual(expected);
  });

  it('ranks by relevance and counts what it finds', async () => {
    const { data } = await graphql<{ places: { totalCount: number } & Names }>(
      app,
      '{ places(search: "geneva", orderBy: RELEVANCE) { totalCount edges { node { name } } } }',
    );
    expect(data?.places.totalCount).toBe(1);
    expect(data?.places.edges[0]?.node.name).toBe('Geneva');
    const none = await graphql(app, '{ places(orderBy: RELEVANCE) { edges { cursor } } }');
    expect(none.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('takes wildcards and quotes as text', async () => {
    expect(await names('{ places(search: "%") { edges { node { name } } } }', 'places')).toEqual([]);
    expect(await names(`{ places(search: "' or 1=1 --") { edges { node { name } } } }`, 'places')).toEqual([]);
  });
});

describe('direction', () => {
  it('reverses every order of every root connection, and pages the way it runs', async () => {
    const cases: [string, string, string][] = [
      ['articles', 'orderBy: NEWEST', 'publishedAt'],
      ['articles', 'orderBy: OLDEST', 'publishedAt'],
      ['persons', 'orderBy: NAME', 'name'],
      ['persons', 'orderBy: MENTIONS', 'mentionCount'],
      ['persons', 'orderBy: QUOTES', 'quoteCount'],
      ['persons', 'orderBy: ARTICLES', 'articleCount'],
      ['places', 'orderBy: NAME', 'name'],
      ['places', 'orderBy: MENTIONS', 'mentionCount'],
      ['places', 'orderBy: ARTICLES', 'articleCount'],
      ['places', 'orderBy: DISTANCE, near: { latitude: 46.2, longitude: 6.1, radiusKm: 20000 }', 'name'],
      ['quotes', 'orderBy: NEWEST', 'publishedAt'],
    ];
    for (const [field, order, key] of cases) {
      const ids = async (direction: string) =>
        names(`{ ${field}(first: 100, ${order}${direction}) { edges { node { id ${key} } } } }`, field, 'id');
      const natural = await ids('');
      const asc = await ids(', direction: ASC');
      const desc = await ids(', direction: DESC');
      expect(natural.length, `${field} ${order}`).toBeGreaterThan(1);
      expect(
        new Set([JSON.stringify(asc), JSON.stringify(desc)]).has(JSON.stringify(natural)),
        `${field} ${order}`,
      ).toBe(true);
      // Quotes keep text order inside an article whichever way the articles run.
      if (field !== 'quotes') expect(desc, `${field} ${order}`).toEqual([...asc].reverse());
      const values = await names(
        `{ ${field}(first: 100, ${order}, direction: DESC) { edges { node { ${key} } } } }`,
        field,
        key,
      );
      if (key !== 'name' || !order.includes('DISTANCE')) {
        const sorted = [...values].sort((a, b) => (String(a) < String(b) ? 1 : String(a) > String(b) ? -1 : 0));
        if (typeof values[0] === 'number') sorted.sort((a, b) => Number(b) - Number(a));
        expect(values, `${field} ${order} DESC`).toEqual(sorted);
      }
      // Paging one at a time with the cursors gives the whole list in the same order.
      const paged: unknown[] = [];
      let after: string | null = null;
      for (let i = 0; i < 200; i++) {
        const page: {
          data?: Record<
            string,
            { edges: { node: { id: string } }[]; pageInfo: { endCursor: string; hasNextPage: boolean } }
          > | null;
        } = await graphql(
          app,
          `query ($after: String) { ${field}(first: 3, after: $after, ${order}, direction: DESC) { edges { node { id } } pageInfo { endCursor hasNextPage } } }`,
          { after },
        );
        const connection = page.data?.[field];
        paged.push(...(connection?.edges.map((e) => e.node.id) ?? []));
        if (!connection?.pageInfo.hasNextPage) break;
        after = connection.pageInfo.endCursor;
      }
      expect(paged, `${field} ${order} paged`).toEqual(desc);
    }
  });

  it('keeps text order for the quotes of one article either way', async () => {
    const { data } = await graphql<{ quotes: { edges: { node: { start: number; article: { id: string } } }[] } }>(
      app,
      '{ quotes(first: 100, direction: ASC) { edges { node { start article { id } } } } }',
    );
    const edges = data?.quotes.edges ?? [];
    for (let i = 1; i < edges.length; i++) {
      const [a, b] = [edges[i - 1]?.node, edges[i]?.node];
      if (a && b && a.article.id === b.article.id) expect(b.start).toBeGreaterThan(a.start);
    }
  });
});
