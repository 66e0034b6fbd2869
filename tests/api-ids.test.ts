import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, createApp } from '../src/app.js';
import { loadArticles } from '../src/ingest/load.js';
import { createTestDatabase, type TestDatabase } from './helpers/database.js';
import { graphql } from './helpers/graphql.js';

// Issue 16 item 14: a global id has one spelling; any other is bad input, never an alias or SQL.

let database: TestDatabase;
let app: App;
const base64 = (text: string) => Buffer.from(text).toString('base64');

beforeAll(async () => {
  database = await createTestDatabase();
  await loadArticles(database.db, [new URL('../seeds', import.meta.url).pathname]);
  app = createApp({ db: database.db, ping: database.ping, logger: false });
});

afterAll(async () => {
  await database?.destroy();
});

describe('global ids', () => {
  const bad = [
    'Person:01',
    'Person:1.0',
    'Person: 1',
    'Person:1e3',
    'Person:abc',
    'Person:-1',
    'Person:2147483648',
    'Person:99999999999999999999',
    'Person:1:2',
  ];

  it.each(bad)('refuses %s as bad input in person(id), node(id) and a filter', async (raw) => {
    const id = base64(raw);
    for (const [query, variables] of [
      ['query ($id: ID!) { person(id: $id) { name } }', { id }],
      ['query ($id: ID!) { node(id: $id) { id } }', { id }],
      ['query ($ids: [ID!]!) { nodes(ids: $ids) { id } }', { ids: [id] }],
      ['query ($id: ID!) { articles(filter: { persons: [$id] }) { totalCount } }', { id }],
      ['query ($id: ID!) { quotes(filter: { speakers: [$id] }) { totalCount } }', { id }],
    ] as const) {
      const { errors } = await graphql(app, query, variables);
      expect(errors?.[0]?.extensions?.code, `${raw} in ${query}`).toBe('BAD_USER_INPUT');
      expect(errors?.[0]?.message).toMatch(/^Invalid global id/);
    }
  });

  it('refuses an id whose base64 is not the one the API writes', async () => {
    const { errors } = await graphql(app, 'query ($id: ID!) { person(id: $id) { name } }', {
      id: base64('Person:1').replace(/=+$/, ''),
    });
    expect(errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('still finds a person by the id the API gives', async () => {
    const list = await graphql<{ persons: { edges: { node: { id: string; name: string } }[] } }>(
      app,
      '{ persons(first: 1) { edges { node { id name } } } }',
    );
    const first = list.data?.persons.edges[0]?.node;
    const { data, errors } = await graphql(app, 'query ($id: ID!) { person(id: $id) { name } }', { id: first?.id });
    expect(errors).toBeUndefined();
    expect(data).toEqual({ person: { name: first?.name } });
  });
});
