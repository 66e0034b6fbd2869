import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, createApp } from '../src/app.js';
import { loadArticles } from '../src/ingest/load.js';
import { createTestDatabase, type TestDatabase } from './helpers/database.js';
import { graphql } from './helpers/graphql.js';

const seeds = new URL('../seeds', import.meta.url).pathname;
const fixtures = new URL('./fixtures/articles', import.meta.url).pathname;

interface Connection<N, E = object> {
  totalCount: number;
  edges: ({ node: N; cursor: string } & E)[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; endCursor: string | null; startCursor: string | null };
}

let database: TestDatabase;
let app: App;

beforeAll(async () => {
  database = await createTestDatabase();
  const summary = await loadArticles(database.db, [seeds, fixtures]);
  expect(summary.failed).toEqual([]);
  app = createApp({ db: database.db, ping: database.ping, logger: false });
});

afterAll(async () => {
  await database?.destroy();
});

const SEED_QUERY = /* GraphQL */ `
  {
    articles(first: 1) {
      totalCount
      edges {
        node {
          headline
          source
          distributor
          publishedAt
          persons { edges { node { name title } } }
          places { totalCount }
          quotes { totalCount edges { node { text speakerLabel speaker { name } } } }
        }
      }
    }
  }
`;

describe('articles', () => {
  it('answers the seed query, newest article first, in a bounded number of SQL statements', async () => {
    database.resetStatements();
    const { data, errors } = await graphql<{ articles: Connection<Record<string, unknown>> }>(
      app,
      SEED_QUERY.replace('articles(first: 1)', 'articles(first: 1, after: $after)').replace(
        '{',
        'query ($after: String) {',
      ),
      { after: null },
    );
    expect(errors).toBeUndefined();
    // One statement for the page with everything under it, one for the total.
    expect(database.statements.length).toBeLessThanOrEqual(2);
    expect(data?.articles.totalCount).toBe(2);
    expect(data?.articles.edges[0]?.node.headline).toBe('Ministers promise more talks after Geneva meeting');
  });

  it('returns the seed article with its four people, ten places and six quotes from the US official', async () => {
    const { data } = await graphql<{ articles: Connection<Record<string, unknown>> }>(
      app,
      SEED_QUERY.replace('articles(first: 1)', 'articles(last: 1)'),
    );
    const article = data?.articles.edges[0]?.node;
    expect(article).toMatchObject({
      headline: 'Blinken, Russian FM to meet in Geneva Friday on Ukraine',
      source: 'AFP',
      distributor: 'Omni',
      publishedAt: '2022-01-18T16:19:00Z',
      persons: {
        edges: [
          { node: { name: 'Antony Blinken', title: 'Secretary of State' } },
          { node: { name: 'Sergei Lavrov', title: 'Foreign Minister' } },
          { node: { name: 'Alexander Lukashenko', title: 'strongman' } },
          { node: { name: 'Vladimir Putin', title: 'President' } },
        ],
      },
      places: { totalCount: 10 },
      quotes: { totalCount: 6 },
    });
    const quotes = (article?.quotes as Connection<{ speakerLabel: string; speaker: null }> | undefined)?.edges ?? [];
    expect(quotes.map((e) => [e.node.speaker, e.node.speakerLabel])).toEqual(Array(6).fill([null, 'a US official']));
  });

  it('exposes per-article edge data and mention offsets into the body', async () => {
    const { data } = await graphql<{
      articles: Connection<{
        id: string;
        body: string;
        paragraphs: string[];
        wordCount: number;
        language: string;
        dateLine: string;
        sourceFile: string;
        persons: Connection<
          { name: string },
          { mentionCount: number; title: string | null; mentions: { start: number; end: number; text: string }[] }
        >;
        places: Connection<
          { name: string; kind: string; countryCode: string; latitude: number; longitude: number; gazetteerId: string },
          { mentionCount: number; mentions: { start: number; end: number; text: string }[] }
        >;
      }>;
    }>(
      app,
      `{ articles(last: 1) { edges { node {
          id body paragraphs wordCount language dateLine sourceFile
          persons(first: 2) { totalCount pageInfo { hasNextPage } edges { mentionCount title mentions { start end text } node { name } } }
          places(first: 100) { totalCount edges { mentionCount mentions { start end text } node { name kind countryCode latitude longitude gazetteerId } } }
      } } } }`,
    );
    const article = data?.articles.edges[0]?.node;
    expect(article).toMatchObject({
      language: 'en',
      dateLine: '18 January 2022, 17.19',
      sourceFile: '000_b889685c8d47e0ee.txt',
    });
    expect(article?.paragraphs).toHaveLength(12);
    expect(article?.persons.totalCount).toBe(4);
    expect(article?.persons.edges).toHaveLength(2);
    expect(article?.persons.pageInfo).toMatchObject({ hasNextPage: true });
    const blinken = article?.persons.edges[0];
    expect(blinken).toMatchObject({ mentionCount: 4, title: 'Secretary of State', node: { name: 'Antony Blinken' } });
    for (const m of blinken?.mentions ?? []) expect(article?.body.slice(m.start, m.end)).toBe(m.text);
    const geneva = article?.places.edges.find((e) => e.node.name === 'Geneva');
    expect(geneva?.node).toMatchObject({
      kind: 'CITY',
      countryCode: 'CH',
      gazetteerId: expect.stringMatching(/^geonames:/),
    });
    expect(geneva?.node.latitude).toBeCloseTo(46.2, 1);
    expect(article?.places.edges.find((e) => e.node.name === 'United States')?.mentionCount).toBe(5);
  });

  it('looks an article up by global id, through article(id) and node(id)', async () => {
    const list = await graphql<{ articles: Connection<{ id: string; headline: string }> }>(
      app,
      '{ articles(first: 2) { edges { node { id headline } } } }',
    );
    const [first, second] = list.data?.articles.edges.map((e) => e.node) ?? [];
    const one = await graphql<{ article: { headline: string } }>(
      app,
      'query ($id: ID!) { article(id: $id) { headline } }',
      { id: first?.id },
    );
    expect(one.data?.article.headline).toBe(first?.headline);
    const nodes = await graphql<{ node: { __typename: string }; nodes: { headline: string }[] }>(
      app,
      'query ($id: ID!, $ids: [ID!]!) { node(id: $id) { __typename } nodes(ids: $ids) { ... on Article { headline } } }',
      { id: first?.id, ids: [second?.id, first?.id] },
    );
    expect(nodes.data?.node.__typename).toBe('Article');
    expect(nodes.data?.nodes.map((n) => n.headline)).toEqual([second?.headline, first?.headline]);
  });

  it('answers null for an id that names no article', async () => {
    const id = Buffer.from('Article:999999').toString('base64');
    const { data, errors } = await graphql(app, 'query ($id: ID!) { article(id: $id) { headline } }', { id });
    expect(errors).toBeUndefined();
    expect(data).toEqual({ article: null });
  });

  it('rejects the global id of another type', async () => {
    const persons = await graphql<{ persons: Connection<{ id: string }> }>(
      app,
      '{ persons(first: 1) { edges { node { id } } } }',
    );
    const { errors } = await graphql(app, 'query ($id: ID!) { article(id: $id) { headline } }', {
      id: persons.data?.persons.edges[0]?.node.id,
    });
    expect(errors?.[0]?.message).toMatch(/Article/);
  });
});

describe('people, places and quotes', () => {
  it('lists people by name with their articles, the title each article gives, and their quotes', async () => {
    const { data, errors } = await graphql<{
      persons: Connection<{
        name: string;
        aliases: string[];
        title: string | null;
        affiliationCountryCode: string | null;
        articles: Connection<{ headline: string }, { title: string | null; mentionCount: number }>;
        quotes: Connection<{ text: string; verb: string; speaker: { name: string }; article: { headline: string } }>;
      }>;
    }>(
      app,
      `{ persons(first: 10) { totalCount edges { node {
          name aliases title affiliationCountryCode
          articles { totalCount edges { title mentionCount node { headline } } }
          quotes { totalCount edges { node { text verb speaker { name } article { headline } } } }
      } } } }`,
    );
    expect(errors).toBeUndefined();
    expect(data?.persons.totalCount).toBe(4);
    expect(data?.persons.edges.map((e) => e.node.name)).toEqual([
      'Alexander Lukashenko',
      'Antony Blinken',
      'Sergei Lavrov',
      'Vladimir Putin',
    ]);
    const blinken = data?.persons.edges[1]?.node;
    expect(blinken).toMatchObject({ aliases: ['Blinken'], title: 'Secretary of State', affiliationCountryCode: 'US' });
    expect(blinken?.articles.totalCount).toBe(2);
    expect(blinken?.quotes.totalCount).toBe(1);
    expect(blinken?.quotes.edges[0]?.node).toMatchObject({
      verb: 'told',
      speaker: { name: 'Antony Blinken' },
      article: { headline: 'Ministers promise more talks after Geneva meeting' },
    });
    const lavrov = data?.persons.edges[2]?.node;
    expect(lavrov?.quotes.edges.map((e) => e.node.text)).toEqual([
      'constructive and useful for both sides',
      'Our partners understand our concerns better now',
    ]);
  });

  it('looks a person, a place and a quote up by id', async () => {
    const ids = await graphql<{
      persons: Connection<{ id: string }>;
      places: Connection<{ id: string }>;
      quotes: Connection<{ id: string }>;
    }>(
      app,
      '{ persons(first: 1) { edges { node { id } } } places(first: 1) { edges { node { id } } } quotes(first: 1) { edges { node { id } } } }',
    );
    const { data, errors } = await graphql<{
      person: { name: string };
      place: { name: string };
      quote: { text: string; start: number; end: number; paragraphIndex: number };
    }>(
      app,
      'query ($p: ID!, $pl: ID!, $q: ID!) { person(id: $p) { name } place(id: $pl) { name } quote(id: $q) { text start end paragraphIndex } }',
      {
        p: ids.data?.persons.edges[0]?.node.id,
        pl: ids.data?.places.edges[0]?.node.id,
        q: ids.data?.quotes.edges[0]?.node.id,
      },
    );
    expect(errors).toBeUndefined();
    expect(data?.person.name).toBe('Alexander Lukashenko');
    expect(data?.place.name).toBe('Belarus');
    expect(data?.quote.end).toBeGreaterThan(data?.quote.start ?? Infinity);
  });

  it('lists places with the articles that name them', async () => {
    const { data } = await graphql<{
      places: Connection<{ name: string; articles: Connection<{ headline: string }, { mentionCount: number }> }>;
    }>(
      app,
      '{ places(first: 100) { totalCount edges { node { name articles { totalCount edges { mentionCount node { headline } } } } } } }',
    );
    expect(data?.places.totalCount).toBe(10);
    const geneva = data?.places.edges.find((e) => e.node.name === 'Geneva')?.node;
    expect(geneva?.articles.totalCount).toBe(2);
    expect(geneva?.articles.edges.every((e) => e.mentionCount === 1)).toBe(true);
  });

  it('pages through quotes forwards with cursors', async () => {
    const page1 = await graphql<{ quotes: Connection<{ text: string }> }>(
      app,
      '{ quotes(first: 5) { totalCount pageInfo { hasNextPage endCursor } edges { node { text } } } }',
    );
    expect(page1.data?.quotes.totalCount).toBe(9);
    expect(page1.data?.quotes.pageInfo.hasNextPage).toBe(true);
    const page2 = await graphql<{ quotes: Connection<{ text: string }> }>(
      app,
      'query ($after: String) { quotes(first: 5, after: $after) { pageInfo { hasNextPage } edges { node { text } } } }',
      { after: page1.data?.quotes.pageInfo.endCursor },
    );
    expect(page2.data?.quotes.edges).toHaveLength(4);
    expect(page2.data?.quotes.pageInfo.hasNextPage).toBe(false);
    const all = [...(page1.data?.quotes.edges ?? []), ...(page2.data?.quotes.edges ?? [])].map((e) => e.node.text);
    expect(new Set(all).size).toBe(9);
  });
});

describe('limits and errors', () => {
  it.each(['articles(first: 101)', 'persons(last: 500)', 'quotes(first: 1000)'])(
    'refuses %s with a clear message',
    async (field) => {
      database.resetStatements();
      const { data, errors } = await graphql(app, `{ ${field} { totalCount edges { cursor } } }`);
      expect(errors?.[0]?.message).toMatch(/may be at most 100/);
      expect(errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(database.statements).toEqual([]);
      expect(data ?? null).toBeNull();
    },
  );

  it('refuses an oversized page on a nested connection too', async () => {
    const { errors } = await graphql(
      app,
      '{ articles(first: 1) { edges { node { persons(first: 101) { totalCount } } } } }',
    );
    expect(errors?.[0]?.message).toMatch(/may be at most 100/);
  });

  it('masks database failures: no SQL or stack trace reaches the client', async () => {
    const broken = await createTestDatabase();
    await broken.close();
    const brokenApp = createApp({ db: broken.db, ping: broken.ping, logger: false });
    const { errors } = await graphql(brokenApp, '{ articles(first: 1) { totalCount edges { node { headline } } } }');
    // A closed postgres.js pool is a lost connection, which a client may retry; PGlite's is not.
    expect(errors?.[0]?.message).toMatch(/^(Unexpected error\.|The connection to the database was lost; try again\.)$/);
    expect(JSON.stringify(errors)).not.toMatch(/select |from "|\.ts:\d|Drizzle|PGlite/i);
    const ready = await brokenApp.fetch('http://test/ready');
    expect(ready.status).toBe(503);
    await broken.destroy().catch(() => {});
  });
});

describe('HTTP endpoints', () => {
  it('answers /health and /ready', async () => {
    expect((await app.fetch('http://test/health')).status).toBe(200);
    expect((await app.fetch('http://test/ready')).status).toBe(200);
  });

  it('serves GraphiQL opening on the example query', async () => {
    const response = await app.fetch('http://test/graphql', { headers: { accept: 'text/html' } });
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('GraphiQL');
    expect(html).toContain('LatestArticle');
  });

  it('commits a schema.graphql that matches the code', async () => {
    const { printSchemaSdl } = await import('../src/graphql/schema.js');
    const committed = await readFile(new URL('../schema.graphql', import.meta.url), 'utf8');
    expect(committed, 'schema.graphql is stale: run `npm run schema:print` and commit it').toBe(printSchemaSdl());
  });
});
