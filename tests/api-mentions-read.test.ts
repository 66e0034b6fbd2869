import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, createApp } from '../src/app.js';
import { loadArticles } from '../src/ingest/load.js';
import { seedVariants } from './helpers/articles.js';
import { createTestDatabase, type TestDatabase } from './helpers/database.js';
import { graphql } from './helpers/graphql.js';

// The links' `mentions` column is read only when the operation can select a `mentions` field
// (src/graphql/mention.ts, mentionsAsked); the answers are the same either way.

let database: TestDatabase;
let app: App;

beforeAll(async () => {
  database = await createTestDatabase();
  await loadArticles(database.db, [await seedVariants(2)]);
  app = createApp({ db: database.db, ping: database.ping, logger: false, compiled: false });
});

afterAll(async () => {
  await database?.destroy();
});

const PAGE = `{ articles(first: 2) { edges { node { headline
  persons(first: 5) { edges { mentionCount node { name } } }
  places(first: 5) { edges { node { name } } } } } } }`;

describe('link mentions', () => {
  it('are not read for an operation that names no mentions field', async () => {
    database.resetStatements();
    const { data, errors } = await graphql(app, PAGE);
    expect(errors).toBeUndefined();
    expect(data).toBeTruthy();
    expect(database.statements.join('\n')).not.toMatch(/"mentions"/);
  });

  it('are read where an edge asks for them, in a fragment too, with the same answers otherwise', async () => {
    const withMentions = `{ articles(first: 2) { edges { node { headline
      persons(first: 5) { edges { mentionCount node { name } ...spans } }
      places(first: 5) { edges { node { name } } } } } } }
      fragment spans on ArticlePersonEdge { mentions { start end text } }`;
    database.resetStatements();
    const asked = await graphql<{
      articles: { edges: { node: { persons: { edges: { mentions: unknown[] }[] } } }[] };
    }>(app, withMentions);
    expect(database.statements.join('\n')).toMatch(/"mentions"/);
    const spans = asked.data?.articles.edges.flatMap((e) => e.node.persons.edges.map((p) => p.mentions)) ?? [];
    expect(spans.length).toBeGreaterThan(0);
    for (const list of spans) expect(list.length).toBeGreaterThan(0);
    // Less the spans, the answer is the one without them.
    const plain = await graphql(app, PAGE);
    const stripped = JSON.parse(JSON.stringify(asked.data), (key, value) => (key === 'mentions' ? undefined : value));
    expect(stripped).toEqual(plain.data);
  });
});
