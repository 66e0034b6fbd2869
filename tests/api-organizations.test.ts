import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, createApp } from '../src/app.js';
import { loadArticles } from '../src/ingest/load.js';
import { prepareArticle } from '../src/ingest/prepare.js';
import { saveArticles } from '../src/ingest/save.js';
import { seedVariants } from './helpers/articles.js';
import { createTestDatabase, type TestDatabase } from './helpers/database.js';
import { graphql } from './helpers/graphql.js';

// Organisations through the API (issue 13): seeds/, tests/fixtures/articles and the two stories
// of tests/fixtures/organizations, plus seed variants for a full page of articles.

const seeds = new URL('../seeds', import.meta.url).pathname;
const fixtures = new URL('./fixtures/articles', import.meta.url).pathname;
const organisations = new URL('./fixtures/organizations', import.meta.url).pathname;

interface Page<N, E = Record<string, unknown>> {
  totalCount?: number;
  edges: ({ node: N; cursor: string } & E)[];
  pageInfo?: { hasNextPage: boolean; endCursor: string | null };
}

let database: TestDatabase;
let app: App;
const ids: Record<string, string> = {};

async function ask<T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>): Promise<T> {
  const { data, errors } = await graphql<T>(app, query, variables);
  expect(errors).toBeUndefined();
  return data as T;
}

async function names(args: string, variables?: Record<string, unknown>): Promise<string[]> {
  const declared = [variables?.search !== undefined && '$search: String', variables?.codes && '$codes: [String!]'];
  const header = declared.filter(Boolean).join(', ');
  const data = await ask<{ organizations: Page<{ name: string }> }>(
    `query ${header ? `(${header})` : ''} { organizations(first: 100, ${args}) { totalCount edges { node { name } } } }`,
    variables,
  );
  expect(data.organizations.totalCount).toBe(data.organizations.edges.length);
  return data.organizations.edges.map((e) => e.node.name);
}

beforeAll(async () => {
  database = await createTestDatabase();
  const summary = await loadArticles(database.db, [seeds, fixtures, organisations, await seedVariants(16)]);
  expect(summary.failed).toEqual([]);
  // Names of other scripts and of any length, stored as written: what the extractor does not find
  // in English wire copy, the write path must still keep.
  const file = join(seeds, '000_b889685c8d47e0ee.txt');
  const prepared = prepareArticle('scripts.txt', Buffer.from(`${await readFile(file, 'utf8')}\nScripts.\n`));
  if (!prepared.ok) throw new Error(prepared.reason);
  const long = `Gesellschaft ${'für Forschung '.repeat(300)}`.trim();
  prepared.value.article.organizations = [
    { key: 'газпром', name: 'Газпром', acronym: null, kind: 'company', countryCode: 'RU', mentions: [] },
    { key: '中国石油', name: '中国石油', acronym: null, kind: 'company', countryCode: 'CN', mentions: [] },
    { key: long.toLowerCase(), name: long, acronym: null, kind: 'education', countryCode: 'DE', mentions: [] },
  ];
  prepared.value.article.persons = [];
  prepared.value.article.quotes = [];
  await saveArticles(database.db, [prepared.value]);
  app = createApp({ db: database.db, logger: false });
  const all = await ask<{ organizations: Page<{ id: string; name: string }> }>(
    '{ organizations(first: 100) { edges { node { id name } } } }',
  );
  for (const e of all.organizations.edges) ids[e.node.name] = e.node.id;
  const faury = await ask<{ persons: Page<{ id: string }> }>(
    '{ persons(first: 1, search: "Faury") { edges { node { id } } } }',
  );
  ids.faury = faury.persons.edges[0]?.node.id as string;
});

afterAll(async () => {
  await database?.destroy();
});

describe('no N+1', () => {
  it('answers a page of 20 articles with people, places, organisations and quotes with speakers in at most 5 statements', async () => {
    database.resetStatements();
    const data = await ask<{ articles: Page<unknown> }>(
      `{ articles(first: 20) { totalCount edges { node {
          headline
          persons(first: 10) { totalCount edges { mentionCount title node { name } } }
          places(first: 10) { totalCount edges { node { name countryCode } } }
          organizations(first: 10) { totalCount edges { mentionCount name mentions { start end } node { name acronym kind } } }
          quotes(first: 10) { totalCount edges { node { text speaker { name } speakerOrganization { name kind } } } }
          mentions { kind text organization { name } }
      } } } }`,
    );
    expect(data.articles.edges).toHaveLength(20);
    expect(database.statements.length).toBeGreaterThanOrEqual(1);
    expect(database.statements.length).toBeLessThanOrEqual(5);
  });
});

describe('organizations', () => {
  it('lists every organisation by name, once however many articles name it, names of any script as written', async () => {
    const list = await names('');
    expect(list.slice(0, 6)).toEqual([
      'Airbus',
      'Bank of England',
      'Deutsche Bank',
      'European Commission',
      expect.stringMatching(/^Gesellschaft für Forschung/),
      'International Monetary Fund',
    ]);
    expect(list).toContain('Газпром');
    expect(list).toContain('中国石油');
    expect(list.find((n) => n.startsWith('Gesellschaft'))?.length).toBe(
      `Gesellschaft ${'für Forschung '.repeat(300)}`.trim().length,
    );
    expect(list.filter((n) => n === 'Airbus')).toHaveLength(1);
  });

  it('finds organisations by a prefix of any word, by acronym and by a misspelling, ranked by relevance', async () => {
    expect(await names('search: $search', { search: 'trade' })).toEqual(['World Trade Organization']);
    expect(await names('search: $search', { search: 'wto' })).toEqual(['World Trade Organization']);
    expect(await names('search: $search', { search: 'IMF' })).toEqual(['International Monetary Fund']);
    expect(await names('search: $search', { search: 'Comission' })).toEqual(['European Commission']);
    expect(await names('search: $search', { search: 'газ' })).toEqual(['Газпром']);
    expect(await names('search: $search, orderBy: RELEVANCE', { search: 'bank' })).toEqual([
      'Bank of England',
      'Deutsche Bank',
    ]);
  });

  it('takes injection, LIKE wildcards and NUL in a search as plain text', async () => {
    // Unescaped, '%' and '_' would match every name by prefix, and 'b_nk' both banks.
    for (const search of [
      "' or 1=1 --",
      "x'); drop table organizations; --",
      '%',
      '_',
      '\\',
      'b_nk',
      `ban${String.fromCharCode(0)}k`,
    ]) {
      const found = await names('search: $search', { search });
      if (search.includes(String.fromCharCode(0))) expect(found).toEqual(['Bank of England', 'Deutsche Bank']);
      else expect(found, search).toEqual([]);
    }
    expect((await names('')).length).toBeGreaterThan(6);
  });

  it('filters by kind and country and orders by mentions and articles', async () => {
    expect(await names('kinds: [INTERNATIONAL]')).toEqual([
      'European Commission',
      'International Monetary Fund',
      'World Trade Organization',
    ]);
    expect(await names('kinds: [COMPANY], countryCodes: $codes', { codes: ['gb', 'ru'] })).toEqual([
      'Bank of England',
      'Газпром',
    ]);
    expect(await names('direction: DESC')).toEqual([...(await names(''))].reverse());
    const byArticles = await names('orderBy: ARTICLES');
    expect(byArticles[0]).toBe('Airbus');
    const byMentions = await ask<{ organizations: Page<{ mentionCount: number }> }>(
      '{ organizations(first: 100, orderBy: MENTIONS) { edges { node { mentionCount } } } }',
    );
    const counts = byMentions.organizations.edges.map((e) => e.node.mentionCount);
    expect(counts).toEqual([...counts].sort((a, b) => b - a));
    expect(counts[0]).toBe(3);
  });

  it('refuses relevance order without a search', async () => {
    const { errors } = await graphql(app, '{ organizations(orderBy: RELEVANCE) { edges { node { name } } } }');
    expect(errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});

describe('organization(id)', () => {
  it('gives an organisation with its articles, quotes, people and co-mentions', async () => {
    const data = await ask<{ organization: Record<string, unknown> }>(
      `query ($id: ID!) { organization(id: $id) {
          __typename name acronym aliases kind countryCode articleCount mentionCount quoteCount
          articles(first: 5) { totalCount edges { mentionCount name mentions { start end text } node { headline } } }
          quotes(first: 5) { totalCount edges { node { text speaker { name } speakerOrganization { name } } } }
          persons(first: 5) { edges { role articleCount latestAt node { name } } }
          coMentions(first: 5) { edges { node { sharedArticles organization { name } } } }
        } }`,
      { id: ids['World Trade Organization'] },
    );
    expect(data.organization).toMatchObject({
      __typename: 'Organization',
      name: 'World Trade Organization',
      acronym: 'WTO',
      aliases: ['WTO'],
      kind: 'INTERNATIONAL',
      countryCode: null,
      articleCount: 1,
      mentionCount: 3,
      quoteCount: 1,
      quotes: {
        totalCount: 1,
        edges: [
          {
            node: {
              text: 'The panel found that the measures distort trade and must be withdrawn',
              speaker: null,
              speakerOrganization: { name: 'World Trade Organization' },
            },
          },
        ],
      },
      // Its people are those its articles tie to it: the WTO's article ties nobody to it.
      persons: { edges: [] },
    });
    const co = data.organization.coMentions as Page<{ sharedArticles: number; organization: { name: string } }>;
    expect(co.edges.map((e) => [e.node.organization.name, e.node.sharedArticles]).sort()).toEqual([
      ['Airbus', 1],
      ['European Commission', 1],
    ]);
    const articles = data.organization.articles as Page<{ headline: string }, { mentionCount: number; name: string }>;
    expect(articles.totalCount).toBe(1);
    expect(articles.edges[0]).toMatchObject({
      mentionCount: 3,
      name: 'World Trade Organization',
      node: { headline: 'Trade body rules against aircraft subsidies' },
    });
  });

  it('lists the people an organisation has, with their latest role', async () => {
    const data = await ask<{
      organization: { persons: Page<{ name: string }, { role: string; articleCount: number; latestAt: string }> };
    }>(
      'query ($id: ID!) { organization(id: $id) { persons(first: 5) { edges { role articleCount latestAt node { name } } } } }',
      { id: ids.Airbus },
    );
    expect(data.organization.persons.edges.map(({ cursor: _c, ...e }) => e)).toEqual([
      {
        role: 'chief executive',
        articleCount: 2,
        latestAt: '2022-02-03T12:05:00Z',
        node: { name: 'Guillaume Faury' },
      },
    ]);
  });

  it('is null for an id of no row, and an error for an id of another type or a bad one', async () => {
    const none = Buffer.from('Organization:999999').toString('base64');
    expect(await ask('query ($id: ID!) { organization(id: $id) { name } }', { id: none })).toEqual({
      organization: null,
    });
    for (const id of [ids.faury, 'not-an-id', Buffer.from('Organization:01').toString('base64')]) {
      for (const query of [
        'query ($id: ID!) { organization(id: $id) { name } }',
        'query ($id: ID!) { articles(filter: { organizations: [$id] }) { totalCount } }',
      ]) {
        const { errors, data } = await graphql(app, query, { id });
        expect(errors?.length, `${id} in ${query}`).toBeGreaterThan(0);
        expect(data?.organization ?? null).toBeNull();
      }
    }
  });
});

describe('organisations on articles, people, quotes and facets', () => {
  it('filters articles by organisations, all of them', async () => {
    const count = async (organizations: string[]) =>
      (
        await ask<{ articles: { totalCount: number } }>(
          'query ($ids: [ID!]) { articles(filter: { organizations: $ids }) { totalCount } }',
          { ids: organizations },
        )
      ).articles.totalCount;
    expect(await count([ids.Airbus as string])).toBe(2);
    expect(await count([ids.Airbus as string, ids['Bank of England'] as string])).toBe(1);
    expect(await count([ids['World Trade Organization'] as string, ids['Bank of England'] as string])).toBe(0);
  });

  it('gives an article its organisations with edge data, and its mentions in text order with organisations', async () => {
    const data = await ask<{
      articles: Page<{
        organizations: Page<{ name: string }, { mentionCount: number }>;
        mentions: { kind: string; start: number; text: string; organization: { name: string } | null }[];
        body: string;
      }>;
    }>(
      `{ articles(first: 1, filter: { search: "subsidies" }) { edges { node { body
          organizations(first: 10) { totalCount edges { mentionCount node { name } } }
          mentions { kind start end text organization { name } person { name } } } } } }`,
    );
    const article = data.articles.edges[0]?.node;
    expect(article?.organizations.totalCount).toBe(3);
    expect(article?.organizations.edges.map((e) => [e.node.name, e.mentionCount])).toEqual([
      ['World Trade Organization', 3],
      ['European Commission', 2],
      ['Airbus', 1],
    ]);
    const orgMentions = article?.mentions.filter((m) => m.kind === 'ORGANIZATION') ?? [];
    expect(orgMentions.map((m) => m.text)).toEqual([
      'World Trade Organization',
      'WTO',
      'European Commission',
      'WTO',
      'Airbus',
      'European Commission',
    ]);
    for (const m of orgMentions) expect(article?.body.slice(m.start, m.start + m.text.length)).toBe(m.text);
    const starts = article?.mentions.map((m) => m.start) ?? [];
    expect(starts).toEqual([...starts].sort((a, b) => a - b));
  });

  it("gives a person's organisations with the role on the edge, the latest first", async () => {
    const data = await ask<{
      person: { organizations: Page<{ name: string }, { role: string; articleCount: number }> };
    }>(
      'query ($id: ID!) { person(id: $id) { organizations(first: 5) { edges { role articleCount node { name kind } } } } }',
      { id: ids.faury },
    );
    expect(data.person.organizations.edges.map((e) => [e.node.name, e.role, e.articleCount])).toEqual([
      ['Airbus', 'chief executive', 2],
    ]);
  });

  it('gives totals and the top organisations of a filtered set', async () => {
    const data = await ask<{
      stats: Record<string, number>;
      articleFacets: { topOrganizations: { articleCount: number; organization: { name: string } }[] };
    }>(
      `{ stats { organizations }
         articleFacets(filter: { publishedAfter: "2022-01-22T00:00:00Z" }) {
           topOrganizations(limit: 2) { articleCount organization { name } } } }`,
    );
    expect(data.stats.organizations).toBe(9);
    // Ties go by name.
    expect(data.articleFacets.topOrganizations).toEqual([
      { articleCount: 2, organization: { name: 'Airbus' } },
      { articleCount: 1, organization: { name: 'Bank of England' } },
    ]);
  });
});
