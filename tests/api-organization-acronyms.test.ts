import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, createApp } from '../src/app.js';
import { loadArticles } from '../src/ingest/load.js';
import { folderOf, GRAPH_CASES } from './helpers/articles.js';
import { createTestDatabase, type TestDatabase } from './helpers/database.js';
import { graphql } from './helpers/graphql.js';

// One organisation across articles through the API (issue 13 item 1): "IMF" alone in two articles
// and "International Monetary Fund (IMF)" in a third are one organisation; "PFA" with two full
// names stays apart from both. Loaded one article a batch, the acronym alone first.

let database: TestDatabase;
let app: App;

const cases = Object.fromEntries(Object.entries(GRAPH_CASES).filter(([name]) => /^(imf|pfa)-/.test(name)));

async function ask<T>(query: string, variables?: Record<string, unknown>): Promise<T> {
  const { data, errors } = await graphql<T>(app, query, variables);
  expect(errors).toBeUndefined();
  return data as T;
}

interface Organization {
  id: string;
  name: string;
  acronym: string | null;
  aliases: string[];
  kind: string;
  articleCount: number;
  mentionCount: number;
  quoteCount: number;
  articles: { totalCount: number; edges: { name: string; node: { headline: string } }[] };
  quotes: { edges: { node: { text: string } }[] };
  persons: { edges: { role: string | null; node: { name: string } }[] };
}

const FIELDS = `id name acronym aliases kind articleCount mentionCount quoteCount
  articles(first: 10) { totalCount edges { name node { headline } } }
  quotes(first: 10) { edges { node { text } } }
  persons(first: 10) { edges { role node { name } } }`;

beforeAll(async () => {
  database = await createTestDatabase();
  const dir = await folderOf(cases);
  // Batches of one, in name order: imf-acronym comes after imf-economist, pfa-lone after pfa-footballers.
  const summary = await loadArticles(database.db, [dir], { batchSize: 1, writers: 1, workers: 0 });
  expect(summary.failed).toEqual([]);
  app = createApp({ db: database.db, logger: false });
});

afterAll(async () => {
  await database?.destroy();
});

describe('an acronym across articles', () => {
  it('is the organisation one article spells out with it, with both forms and every total', async () => {
    const { organizations } = await ask<{ organizations: { edges: { node: { id: string; name: string } }[] } }>(
      '{ organizations(first: 20, orderBy: NAME) { edges { node { id name } } } }',
    );
    expect(organizations.edges.map((e) => e.node.name)).toEqual([
      'IMF',
      'Inter-Mountain Federation',
      'International Monetary Fund',
      'PFA',
      'Pakistan Football Association',
      'Professional Footballers Association',
    ]);
    const fundId = organizations.edges.find((e) => e.node.name === 'International Monetary Fund')?.node.id;
    const { organization } = await ask<{ organization: Organization }>(
      `query ($id: ID!) { organization(id: $id) { ${FIELDS} } }`,
      { id: fundId },
    );
    expect(organization).toMatchObject({
      name: 'International Monetary Fund',
      acronym: 'IMF',
      aliases: ['IMF'],
      kind: 'INTERNATIONAL',
      // imf-lone, imf-economist, imf-acronym (three mentions) and imf-plain's full name.
      articleCount: 4,
      mentionCount: 6,
      quoteCount: 2,
    });
    expect(organization.articles.totalCount).toBe(4);
    expect(organization.articles.edges.map((e) => [e.node.headline, e.name]).sort()).toEqual([
      ['Money four', 'International Monetary Fund'],
      ['Money one', 'IMF'],
      ['Money three', 'International Monetary Fund'],
      ['Money two', 'IMF'],
    ]);
    expect(organization.quotes.edges.map((e) => e.node.text).sort()).toEqual([
      'Growth will slow',
      'The outlook is weaker',
    ]);
    expect(organization.persons.edges.map((e) => [e.node.name, e.role])).toEqual([['Anna Berg', 'economist']]);
  });

  it('keeps an acronym with two full names, and one beside its full name unmarked, apart', async () => {
    const { organizations } = await ask<{ organizations: { edges: { node: Organization }[] } }>(
      `{ organizations(first: 20, search: "PFA") { edges { node { ${FIELDS} } } } }`,
    );
    const pfa = organizations.edges.find((e) => e.node.name === 'PFA')?.node;
    expect(pfa).toMatchObject({ aliases: [], articleCount: 1, quoteCount: 1 });
    expect(pfa?.articles.edges.map((e) => e.node.headline)).toEqual(['Football one']);
    const { organizations: imf } = await ask<{ organizations: { edges: { node: Organization }[] } }>(
      `{ organizations(first: 20, search: "IMF") { edges { node { ${FIELDS} } } } }`,
    );
    const lone = imf.edges.find((e) => e.node.name === 'IMF')?.node;
    expect(lone?.articles.edges.map((e) => e.node.headline)).toEqual(['Money four']);
  });
});
