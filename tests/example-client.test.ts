import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PersonQuotesDocument, personQuotes } from '../examples/client/src/person-quotes.js';
import { type App, createApp } from '../src/app.js';
import { persistedOperationMap } from '../src/graphql/persisted.js';
import { loadArticles } from '../src/ingest/load.js';
import { createTestDatabase, type TestDatabase } from './helpers/database.js';

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

describe('the typed example client', () => {
  it("gets a person's quotes and the articles they come from", async () => {
    const lavrov = await personQuotes('http://test/graphql', 'lavrov', (url, init) => app.fetch(url, init));
    expect(lavrov).toEqual({
      name: 'Sergei Lavrov',
      title: 'Foreign Minister',
      quotes: [
        {
          text: 'constructive and useful for both sides',
          headline: 'Ministers promise more talks after Geneva meeting',
          publishedAt: '2022-01-21T17:45:00Z',
        },
        {
          text: 'Our partners understand our concerns better now',
          headline: 'Ministers promise more talks after Geneva meeting',
          publishedAt: '2022-01-21T17:45:00Z',
        },
      ],
      articleCount: 2,
    });
    expect(await personQuotes('http://test/graphql', 'Nobody Atall', (url, init) => app.fetch(url, init))).toBeNull();
  });

  it('runs in persisted-operations mode from the generated manifest', async () => {
    const manifest = JSON.parse(
      await readFile(new URL('../examples/client/src/gql/persisted-documents.json', import.meta.url), 'utf8'),
    ) as Record<string, string>;
    const locked = createApp({ db: database.db, logger: false, persistedOperations: persistedOperationMap(manifest) });
    const hash = (PersonQuotesDocument as unknown as { __meta__: { hash: string } }).__meta__.hash;
    const response = await locked.fetch('http://test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        variables: { name: 'Blinken', quotes: 1 },
        extensions: { persistedQuery: { version: 1, sha256Hash: hash.replace(/^sha256:/, '') } },
      }),
    });
    const body = (await response.json()) as { data: { persons: { edges: { node: { name: string } }[] } } };
    expect(body.data.persons.edges[0]?.node.name).toBe('Antony Blinken');
  });
});
