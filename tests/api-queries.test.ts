import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, createApp } from '../src/app.js';
import { loadArticles } from '../src/ingest/load.js';
import { seedVariants } from './helpers/articles.js';
import { createTestDatabase, type TestDatabase } from './helpers/database.js';
import { graphql } from './helpers/graphql.js';

const seeds = new URL('../seeds', import.meta.url).pathname;
const fixtures = new URL('./fixtures/articles', import.meta.url).pathname;

interface Edge<N> {
  node: N;
  cursor: string;
}
interface Page<N> {
  totalCount: number;
  edges: Edge<N>[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

let database: TestDatabase;
let app: App;
const ids: Record<string, string> = {};

async function idOf(kind: 'persons' | 'places', field: string, value: string): Promise<string> {
  const { data } = await graphql<Record<string, Page<Record<string, string>>>>(
    app,
    `{ ${kind}(first: 100) { edges { node { id ${field} } } } }`,
  );
  const id = data?.[kind]?.edges.find((e) => e.node[field] === value)?.node.id;
  if (!id) throw new Error(`no ${kind} with ${field} ${value}`);
  return id;
}

beforeAll(async () => {
  database = await createTestDatabase();
  const summary = await loadArticles(database.db, [seeds, fixtures, await seedVariants(24)]);
  expect(summary.failed).toEqual([]);
  app = createApp({ db: database.db, logger: false });
  ids.blinken = await idOf('persons', 'name', 'Antony Blinken');
  ids.lukashenko = await idOf('persons', 'name', 'Alexander Lukashenko');
  ids.lavrov = await idOf('persons', 'name', 'Sergei Lavrov');
  ids.geneva = await idOf('places', 'name', 'Geneva');
  ids.belarus = await idOf('places', 'name', 'Belarus');
});

afterAll(async () => {
  await database?.destroy();
});

describe('no N+1', () => {
  it('answers a page of 20 articles with people, places and quotes with speakers in at most 5 statements', async () => {
    database.resetStatements();
    const { data, errors } = await graphql<{ articles: Page<{ quotes: Page<unknown> }> }>(
      app,
      `{ articles(first: 20) { totalCount edges { node {
          headline publishedAt
          persons(first: 10) { totalCount edges { mentionCount title node { name title } } }
          places(first: 10) { totalCount edges { node { name countryCode } } }
          quotes(first: 10) { totalCount edges { node { text speakerLabel speaker { name title } } } }
      } } } }`,
    );
    expect(errors).toBeUndefined();
    expect(data?.articles.edges).toHaveLength(20);
    expect(database.statements.length).toBeLessThanOrEqual(5);
  });
});

describe('article filters and search', () => {
  const count = async (filter: Record<string, unknown>) => {
    const { data, errors } = await graphql<{ articles: Page<{ headline: string }> }>(
      app,
      'query ($filter: ArticleFilter) { articles(first: 100, filter: $filter) { totalCount edges { node { headline } } } }',
      { filter },
    );
    expect(errors).toBeUndefined();
    expect(data?.articles.edges.length).toBe(data?.articles.totalCount);
    return data?.articles.totalCount;
  };

  it('filters by people (all of them), places, countries, source and dates', async () => {
    expect(await count({})).toBe(26);
    expect(await count({ persons: [ids.blinken] })).toBe(26);
    expect(await count({ persons: [ids.blinken, ids.lukashenko] })).toBe(25);
    expect(await count({ places: [ids.belarus] })).toBe(25);
    expect(await count({ countryCodes: ['ch'] })).toBe(26);
    expect(await count({ countryCodes: ['BY', 'XX'] })).toBe(25);
    expect(await count({ sources: ['afp'] })).toBe(26);
    expect(await count({ sources: ['Reuters'] })).toBe(0);
    expect(await count({ publishedAfter: '2022-01-20T00:00:00Z', publishedBefore: '2022-01-22T00:00:00Z' })).toBe(3);
  });

  it('searches the text with web-search syntax, ranks, pages by relevance and marks the snippet', async () => {
    expect(await count({ search: 'written answers' })).toBe(1);
    expect(await count({ search: '"common ground"' })).toBe(25);
    expect(await count({ search: 'Lavrov -Lukashenko' })).toBe(1);
    const query = `query ($after: String) { articles(first: 10, after: $after, orderBy: RELEVANCE, filter: { search: "Geneva talks" }) {
      totalCount pageInfo { hasNextPage endCursor } edges { node { headline snippet(search: "Geneva talks") { text html highlights { start end } } } } } }`;
    const first = await graphql<{
      articles: Page<{
        headline: string;
        snippet: { text: string; html: string; highlights: { start: number; end: number }[] };
      }>;
    }>(app, query);
    expect(first.errors).toBeUndefined();
    // The story about the Geneva talks themselves ranks first.
    expect(first.data?.articles.edges[0]?.node.headline).toBe('Ministers promise more talks after Geneva meeting');
    const snippet = first.data?.articles.edges[0]?.node.snippet;
    expect(snippet?.highlights.length).toBeGreaterThan(0);
    for (const h of snippet?.highlights ?? [])
      expect(snippet?.text.slice(h.start, h.end)).toMatch(/^(geneva|talk\w*)$/i);
    expect(snippet?.html).toContain('<mark>');
    expect(snippet?.html).not.toMatch(/<(?!\/?mark>)/);
    const seen = new Set(first.data?.articles.edges.map((e) => e.node.headline));
    let after = first.data?.articles.pageInfo.endCursor;
    while (after) {
      const next = await graphql<{ articles: Page<{ headline: string }> }>(app, query, { after });
      for (const e of next.data?.articles.edges ?? []) seen.add(e.node.headline);
      after = next.data?.articles.pageInfo.hasNextPage ? next.data.articles.pageInfo.endCursor : null;
    }
    expect(seen.size).toBe(first.data?.articles.totalCount);
  });

  it.each([5, 12, 35, 100])('cuts a snippet to at most %i words', async (maxWords) => {
    const { data, errors } = await graphql<{ articles: Page<{ snippet: { text: string } }> }>(
      app,
      'query ($n: Int) { articles(first: 3, filter: { search: "Geneva" }) { edges { node { snippet(search: "Geneva", maxWords: $n) { text } } } } }',
      { n: maxWords },
    );
    expect(errors).toBeUndefined();
    for (const e of data?.articles.edges ?? []) {
      const fragments = e.node.snippet.text.split(' … ');
      for (const f of fragments) expect(f.split(/\s+/).filter(Boolean).length).toBeLessThanOrEqual(maxWords);
    }
  });

  it('refuses relevance order without a search', async () => {
    const { errors } = await graphql(app, '{ articles(orderBy: RELEVANCE) { totalCount edges { cursor } } }');
    expect(errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('orders oldest first when asked', async () => {
    const { data } = await graphql<{ articles: Page<{ publishedAt: string }> }>(
      app,
      '{ articles(first: 100, orderBy: OLDEST) { edges { node { publishedAt } } } }',
    );
    const dates = data?.articles.edges.map((e) => e.node.publishedAt) ?? [];
    expect(dates).toEqual([...dates].sort());
  });

  it('lists every mention in text order with its person or place, at offsets into the body', async () => {
    const { data } = await graphql<{
      articles: Page<{
        body: string;
        mentions: {
          kind: string;
          start: number;
          end: number;
          text: string;
          person: { name: string } | null;
          place: { name: string } | null;
        }[];
      }>;
    }>(
      app,
      '{ articles(first: 1, filter: { search: "written answers" }) { edges { node { body mentions { kind start end text person { name } place { name } } } } } }',
    );
    const article = data?.articles.edges[0]?.node;
    const mentions = article?.mentions ?? [];
    expect(mentions.length).toBeGreaterThan(5);
    expect(mentions.map((m) => m.start)).toEqual([...mentions.map((m) => m.start)].sort((a, b) => a - b));
    for (const m of mentions) {
      expect(article?.body.slice(m.start, m.end)).toBe(m.text);
      expect(m.kind === 'PERSON' ? m.person?.name : m.place?.name).toBeTruthy();
    }
    expect(mentions[0]).toMatchObject({ kind: 'PERSON', text: 'Antony Blinken', person: { name: 'Antony Blinken' } });
  });

  it.each([
    `'; drop table articles; --`,
    `") or 1=1 --`,
    `\\' OR '1'='1`,
    `%_%`,
    `<script>alert(1)</script>`,
    `ü Ω 中文 \u0000`,
  ])('treats %j as plain text everywhere', async (evil) => {
    const { data, errors } = await graphql<{ articles: Page<unknown>; persons: Page<unknown>; quotes: Page<unknown> }>(
      app,
      `query ($q: String!, $codes: [String!]) {
        articles(filter: { search: $q, sources: [$q], countryCodes: $codes }) { totalCount }
        persons(search: $q, affiliationCountryCodes: $codes) { totalCount }
        quotes(filter: { search: $q }) { totalCount }
      }`,
      { q: evil, codes: [evil] },
    );
    expect(errors).toBeUndefined();
    expect(data?.articles.totalCount).toBe(0);
    expect(data?.persons.totalCount).toBe(0);
    const stats = await graphql<{ stats: { articles: number } }>(app, '{ stats { articles } }');
    expect(stats.data?.stats.articles).toBe(26);
  });
});

describe('people', () => {
  const names = async (args: string) => {
    const { data, errors } = await graphql<{ persons: Page<{ name: string }> }>(
      app,
      `{ persons(first: 100, ${args}) { totalCount edges { node { name } } } }`,
    );
    expect(errors).toBeUndefined();
    return data?.persons.edges.map((e) => e.node.name);
  };

  it('finds people by a prefix of any name and by a misspelling', async () => {
    expect(await names('search: "blin"')).toEqual(['Antony Blinken']);
    expect(await names('search: "Vlad"')).toEqual(['Vladimir Putin']);
    expect(await names('search: "Lavrof", orderBy: RELEVANCE')).toEqual(['Sergei Lavrov']);
    expect(await names('search: "Lukashenka"')).toEqual(['Alexander Lukashenko']);
    expect(await names('search: "zzzz"')).toEqual([]);
  });

  it('filters by affiliation and orders by mentions, quotes and articles', async () => {
    expect(await names('affiliationCountryCodes: ["ru"]')).toEqual(['Sergei Lavrov', 'Vladimir Putin']);
    expect((await names('orderBy: MENTIONS'))?.[0]).toBe('Antony Blinken');
    expect((await names('orderBy: QUOTES'))?.[0]).toBe('Sergei Lavrov');
    const { data } = await graphql<{
      persons: Page<{ name: string; articleCount: number; mentionCount: number; quoteCount: number }>;
    }>(
      app,
      '{ persons(first: 1, orderBy: ARTICLES) { edges { node { name articleCount mentionCount quoteCount } } } }',
    );
    expect(data?.persons.edges[0]?.node).toMatchObject({ articleCount: 26 });
  });

  it('lists the people named alongside a person with the number of shared articles', async () => {
    const { data } = await graphql<{
      person: { coMentions: Page<{ sharedArticles: number; person: { name: string } }> };
    }>(
      app,
      'query ($id: ID!) { person(id: $id) { coMentions(first: 2) { pageInfo { hasNextPage } edges { node { sharedArticles person { name } } } } } }',
      { id: ids.lavrov },
    );
    expect(data?.person.coMentions.edges.map((e) => [e.node.person.name, e.node.sharedArticles])).toEqual([
      ['Antony Blinken', 26],
      ['Alexander Lukashenko', 25],
    ]);
    expect(data?.person.coMentions.pageInfo.hasNextPage).toBe(true);
  });
});

describe('places', () => {
  it('filters by country and kind, and by distance with nearest first', async () => {
    const { data, errors } = await graphql<{
      byCountry: Page<{ name: string }>;
      cities: Page<{ name: string }>;
      near: Page<{ name: string }>;
    }>(
      app,
      `{ byCountry: places(countryCodes: ["de"]) { totalCount edges { node { name } } }
         cities: places(kinds: [CITY]) { edges { node { name } } }
         near: places(near: { latitude: 47.37, longitude: 8.54, radiusKm: 800 }, orderBy: DISTANCE) { edges { node { name } } } }`,
    );
    expect(errors).toBeUndefined();
    expect(data?.byCountry.edges.map((e) => e.node.name)).toEqual(['Berlin', 'Germany']);
    expect(data?.cities.edges.map((e) => e.node.name)).toEqual(['Berlin', 'Geneva', 'Moscow']);
    // From Zurich: Geneva (about 220 km), then Germany's centre point and Berlin; Moscow is too far.
    expect(data?.near.edges.map((e) => e.node.name)).toEqual(['Geneva', 'Germany', 'France', 'Berlin']);
  });

  it('refuses a point off the globe and distance order without a point', async () => {
    const bad = await graphql(app, '{ places(near: { latitude: 91, longitude: 0, radiusKm: 5 }) { totalCount } }');
    expect(bad.errors?.[0]?.message).toMatch(/latitude/);
    const noPoint = await graphql(app, '{ places(orderBy: DISTANCE) { edges { cursor } } }');
    expect(noPoint.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('lists the people named in the articles that name a place', async () => {
    const { data } = await graphql<{
      place: { articles: Page<unknown>; persons: Page<{ sharedArticles: number; person: { name: string } }> };
    }>(
      app,
      'query ($id: ID!) { place(id: $id) { articles { totalCount } persons(first: 10) { edges { node { sharedArticles person { name } } } } } }',
      { id: ids.belarus },
    );
    expect(data?.place.articles.totalCount).toBe(25);
    expect(data?.place.persons.edges.map((e) => e.node.person.name)).toContain('Alexander Lukashenko');
  });
});

describe('quotes', () => {
  it('filters by speaker, article, date and text', async () => {
    const run = async (filter: Record<string, unknown>) => {
      const { data, errors } = await graphql<{ quotes: Page<{ text: string }> }>(
        app,
        'query ($filter: QuoteFilter) { quotes(first: 100, filter: $filter) { totalCount edges { node { text } } } }',
        { filter },
      );
      expect(errors).toBeUndefined();
      return data?.quotes;
    };
    expect((await run({ speakers: [ids.lavrov] }))?.totalCount).toBe(2);
    expect((await run({ search: 'breakthrough' }))?.edges.map((e) => e.node.text)).toEqual([
      'We did not expect a breakthrough today, but we are on a clearer path',
    ]);
    expect(
      (await run({ publishedAfter: '2022-01-21T00:00:00Z', publishedBefore: '2022-01-22T00:00:00Z' }))?.totalCount,
    ).toBe(3 + 6);
    const article = await graphql<{ articles: Page<{ id: string }> }>(
      app,
      '{ articles(first: 1, filter: { search: "written answers" }) { edges { node { id } } } }',
    );
    expect((await run({ articles: [article.data?.articles.edges[0]?.node.id] }))?.totalCount).toBe(3);
  });
});

describe('aggregates', () => {
  it('gives totals and the facets of a filtered set in one request', async () => {
    const { data, errors } = await graphql<{
      stats: Record<string, number>;
      articleFacets: {
        articleCount: number;
        topPersons: { articleCount: number; person: { name: string } }[];
        topPlaces: { articleCount: number; place: { name: string } }[];
        articlesPerDay: { date: string; articleCount: number }[];
      };
    }>(
      app,
      `{ stats { articles persons places quotes }
         articleFacets(filter: { publishedBefore: "2022-01-05T00:00:00Z" }) {
           articleCount topPersons(limit: 2) { articleCount person { name } } topPlaces(limit: 1) { articleCount place { name } }
           articlesPerDay { date articleCount } } }`,
    );
    expect(errors).toBeUndefined();
    expect(data?.stats).toEqual({ articles: 26, persons: 4, places: 10, quotes: 6 * 25 + 3 });
    expect(data?.articleFacets.articleCount).toBe(4);
    // All four people are in all four articles: ties go by name.
    expect(data?.articleFacets.topPersons).toEqual([
      { articleCount: 4, person: { name: 'Alexander Lukashenko' } },
      { articleCount: 4, person: { name: 'Antony Blinken' } },
    ]);
    expect(data?.articleFacets.articlesPerDay).toEqual([
      { date: '2022-01-01', articleCount: 1 },
      { date: '2022-01-02', articleCount: 1 },
      { date: '2022-01-03', articleCount: 1 },
      { date: '2022-01-04', articleCount: 1 },
    ]);
  });
});
