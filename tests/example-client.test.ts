import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingest } from '../examples/client/src/ingest.js';
import { type AddedArticle, watchArticles } from '../examples/client/src/live-articles.js';
import { PersonQuotesDocument, personQuotes } from '../examples/client/src/person-quotes.js';
import { type App, createApp } from '../src/app.js';
import { parseApiKeys } from '../src/config.js';
import { listenTo } from '../src/db/listen.js';
import { LiveFeed } from '../src/graphql/live.js';
import { persistedOperationMap } from '../src/graphql/persisted.js';
import { ARTICLES_CHANNEL, articlesInPayload } from '../src/ingest/events.js';
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

describe('the typed example client, writing and listening', () => {
  it('sends an article with the typed mutation and receives it with the typed subscription', async () => {
    const key = 'example-client-key-0123456789';
    const live = new LiveFeed();
    const unlisten = await listenTo(database, ARTICLES_CHANNEL, (payload) => live.publish(articlesInPayload(payload)));
    const writable = createApp({ db: database.db, logger: false, apiKeyHashes: parseApiKeys(key), live });
    const fetchFn = (url: string, init: RequestInit) => writable.fetch(url, init);
    const received: AddedArticle[] = [];
    const stop = await watchArticles(
      'http://test/graphql',
      { sources: ['NTB'] },
      (a) => received.push(a),
      (input, init) => writable.fetch(new Request(input, init)),
    );
    try {
      for (let waited = 0; live.stats().subscribers === 0 && waited < 5_000; waited += 20) {
        await new Promise((r) => setTimeout(r, 20));
      }
      const results = await ingest(
        'http://test/graphql',
        key,
        [
          {
            id: 'ntb-7',
            headline: 'Norwegian minister speaks in Tromso',
            publishedAt: '2023-04-02T09:00:00Z',
            source: 'NTB',
            body: 'Norwegian Fisheries Minister Bjornar Skjaeran spoke in Tromso. "The quotas stand," Skjaeran said.',
          },
          { headline: 'Not from NTB', publishedAt: '2023-04-02T10:00:00Z', source: 'AFP', body: 'Text in Oslo.' },
        ],
        fetchFn,
      );
      expect(results).toMatchObject({ loaded: 2, failed: 0 });
      expect(results.results[0]?.article?.persons.edges.map((e) => e.node.name)).toContain('Bjornar Skjaeran');
      for (let waited = 0; received.length === 0 && waited < 10_000; waited += 20) {
        await new Promise((r) => setTimeout(r, 20));
      }
      await new Promise((r) => setTimeout(r, 200));
      expect(received.map((a) => a.headline)).toEqual(['Norwegian minister speaks in Tromso']);
      expect(received[0]?.quotes.edges[0]?.node).toMatchObject({
        text: 'The quotas stand',
        speaker: { name: 'Bjornar Skjaeran' },
      });
    } finally {
      stop();
      live.close();
      await unlisten();
    }
  });
});
