import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, createApp } from '../src/app.js';
import { parseApiKeys } from '../src/config.js';
import { countRows } from '../src/ingest/save.js';
import { createTestDatabase, type TestDatabase } from './helpers/database.js';

const KEY = 'test-key-0123456789abcdef';
const HASHED_KEY = 'second-key-given-as-its-digest';

let database: TestDatabase;
let app: App;

beforeAll(async () => {
  database = await createTestDatabase();
  const hashes = parseApiKeys(`${KEY}, sha256:${createHash('sha256').update(HASHED_KEY).digest('hex')}`);
  app = createApp({ db: database.db, logger: false, apiKeyHashes: hashes });
});

afterAll(async () => {
  await database?.destroy();
});

interface Result {
  status: number;
  data?: Record<string, unknown> | null;
  errors?: { message: string; extensions?: { code?: string } }[];
}

async function post(
  target: App,
  query: string,
  variables: Record<string, unknown>,
  key: string | null,
): Promise<Result> {
  const response = await target.fetch('http://test/graphql', {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/graphql-response+json',
      ...(key === null ? {} : { authorization: `Bearer ${key}` }),
    },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, ...((await response.json()) as Omit<Result, 'status'>) };
}

const INGEST = `mutation Ingest($input: IngestArticlesInput!) {
  ingestArticles(input: $input) {
    loaded updated unchanged failed
    results {
      index id outcome reason
      article {
        id headline source url language publishedAt
        persons { edges { node { name } } }
        quotes { edges { node { text speaker { name } } } }
      }
    }
  }
}`;

const DELETE = 'mutation Delete($id: ID!) { deleteArticle(input: { id: $id }) { deletedArticleId } }';

const seed = await readFile(new URL('../seeds/000_b889685c8d47e0ee.txt', import.meta.url), 'utf8');

const structured = {
  id: 'wire-42',
  headline: 'Danish minister meets Norwegian counterpart in Bergen',
  publishedAt: '2023-03-22T14:05:00+01:00',
  source: 'NTB',
  url: 'https://example.com/wire-42',
  paragraphs: [
    'Danish Foreign Minister Lars Lokke Rasmussen met his Norwegian counterpart in Bergen on Wednesday.',
    '"We agree on the essentials," Rasmussen told reporters.',
  ],
};

describe('mutations need an API key', () => {
  it.each([
    ['no key', null],
    ['a wrong key', 'test-key-0123456789abcdeX'],
    ['a key that is a prefix of one', 'test-key-0123'],
  ])('refuses %s with UNAUTHENTICATED and runs no SQL', async (_, key) => {
    database.resetStatements();
    const result = await post(app, INGEST, { input: { articles: [{ text: seed }] } }, key);
    expect(result.status).toBe(401);
    expect(result.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(result.data ?? null).toBeNull();
    expect(database.statements).toEqual([]);
    const deleted = await post(app, DELETE, { id: Buffer.from('Article:1').toString('base64') }, key);
    expect(deleted.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(database.statements).toEqual([]);
  });

  it('refuses every mutation, saying how to turn them on, when no key is configured', async () => {
    const closed = createApp({ db: database.db, logger: false });
    database.resetStatements();
    const result = await post(closed, INGEST, { input: { articles: [{ text: seed }] } }, KEY);
    expect(result.status).toBe(403);
    expect(result.errors?.[0]?.message).toMatch(/API_KEYS/);
    expect(result.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(database.statements).toEqual([]);
    // Queries need no key.
    const query = await post(closed, '{ stats { articles } }', {}, null);
    expect(query.errors).toBeUndefined();
  });

  it('refuses a malformed API_KEYS', () => {
    expect(() => parseApiKeys('short')).toThrow(/at least 16/);
    expect(() => parseApiKeys('sha256:abc')).toThrow(/64 hex/);
    expect(parseApiKeys(' , ')).toEqual([]);
  });
});

describe('ingestArticles', () => {
  it('stores texts and structured articles, each with its outcome, and fails bad ones alone', async () => {
    const before = await countRows(database.db);
    const result = await post(
      app,
      INGEST,
      {
        input: {
          articles: [
            { text: seed, id: 'afp-1' },
            structured,
            { headline: 'No date', body: 'Text.' },
            { text: 'Only a line' },
            { text: seed, headline: 'Both' },
            { ...structured, headline: 'Same id twice' },
          ],
        },
      },
      HASHED_KEY,
    );
    expect(result.errors).toBeUndefined();
    const payload = (result.data as { ingestArticles: Record<string, unknown> }).ingestArticles as {
      loaded: number;
      failed: number;
      results: {
        index: number;
        id: string | null;
        outcome: string;
        reason: string | null;
        article: {
          id: string;
          headline: string;
          source: string | null;
          url: string | null;
          language: string;
          publishedAt: string;
          persons: { edges: { node: { name: string } }[] };
          quotes: { edges: { node: { text: string; speaker: { name: string } | null } }[] };
        } | null;
      }[];
    };
    expect(payload.loaded).toBe(2);
    expect(payload.failed).toBe(4);
    expect(payload.results.map((r) => [r.index, r.outcome, r.reason])).toEqual([
      [0, 'LOADED', null],
      [1, 'LOADED', null],
      [2, 'FAILED', 'no "publishedAt"'],
      [3, 'FAILED', expect.stringContaining('no date line')],
      [4, 'FAILED', expect.stringContaining('not both')],
      [5, 'FAILED', 'id "wire-42" is given twice (also at 1)'],
    ]);
    const [afp, ntb] = payload.results.map((r) => r.article);
    expect(afp?.headline).toBe('Blinken, Russian FM to meet in Geneva Friday on Ukraine');
    expect(afp?.persons.edges.map((e) => e.node.name)).toContain('Antony Blinken');
    expect(ntb).toMatchObject({
      source: 'NTB',
      url: 'https://example.com/wire-42',
      language: 'en',
      publishedAt: '2023-03-22T13:05:00Z',
    });
    expect(ntb?.persons.edges.map((e) => e.node.name)).toContain('Lars Lokke Rasmussen');
    expect(ntb?.quotes.edges[0]?.node).toEqual({
      text: 'We agree on the essentials',
      speaker: { name: 'Lars Lokke Rasmussen' },
    });
    const after = await countRows(database.db);
    expect(after.articles).toBe(before.articles + 2);

    // Again: unchanged; the same id with a changed text: updated in place, keeping its id.
    const again = await post(
      app,
      INGEST,
      {
        input: {
          articles: [structured, { ...structured, headline: 'Danish minister meets Norwegian peer' }].slice(0, 1),
        },
      },
      KEY,
    );
    expect(
      (again.data as { ingestArticles: { results: { outcome: string }[] } }).ingestArticles.results[0]?.outcome,
    ).toBe('UNCHANGED');
    const changed = await post(
      app,
      INGEST,
      { input: { articles: [{ ...structured, headline: 'Danish minister meets Norwegian peer' }] } },
      KEY,
    );
    const updated = (changed.data as { ingestArticles: { results: { outcome: string; article: { id: string } }[] } })
      .ingestArticles.results[0];
    expect(updated?.outcome).toBe('UPDATED');
    expect(updated?.article.id).toBe(ntb?.id);
    expect((await countRows(database.db)).articles).toBe(after.articles);
  });

  it('takes at most 100 articles a call, and a real time zone', async () => {
    database.resetStatements();
    const many = await post(app, INGEST, { input: { articles: Array.from({ length: 101 }, () => structured) } }, KEY);
    expect(many.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(many.errors?.[0]?.message).toMatch(/at most 100/);
    const zone = await post(app, INGEST, { input: { articles: [structured], timeZone: 'Mars/Olympus' } }, KEY);
    expect(zone.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(database.statements).toEqual([]);
  });

  it('reads a date without an offset in the time zone given', async () => {
    const result = await post(
      app,
      INGEST,
      {
        input: {
          timeZone: 'America/New_York',
          articles: [{ ...structured, id: 'ny-1', headline: 'New York date', publishedAt: '2023-03-24' }],
        },
      },
      KEY,
    );
    const article = (result.data as { ingestArticles: { results: { article: { publishedAt: string } }[] } })
      .ingestArticles.results[0]?.article;
    expect(article?.publishedAt).toBe('2023-03-24T04:00:00Z');
  });

  it('refuses a body over the limit before parsing it', async () => {
    const response = await app.fetch('http://test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${KEY}` },
      body: JSON.stringify({
        query: INGEST,
        variables: { input: { articles: [{ ...structured, body: 'x'.repeat(1_100_000), paragraphs: null }] } },
      }),
    });
    expect(response.status).toBe(413);
  });
});

describe('deleteArticle', () => {
  it('removes the article, its links and quotes, the people only it named, and recounts', async () => {
    const only = {
      id: 'solo-1',
      headline: 'Icelandic envoy visits Reykjavik',
      publishedAt: '2023-03-25T10:00:00Z',
      body: 'Icelandic Ambassador Gudrun Thorsdottir spoke in Reykjavik. "It went well," Thorsdottir said.',
    };
    const loaded = await post(app, INGEST, { input: { articles: [only] } }, KEY);
    const id = (loaded.data as { ingestArticles: { results: { article: { id: string } }[] } }).ingestArticles.results[0]
      ?.article.id as string;
    const person = async () =>
      (await post(app, '{ persons(search: "Thorsdottir") { totalCount } }', {}, null)).data as {
        persons: { totalCount: number };
      };
    expect((await person()).persons.totalCount).toBe(1);
    const before = await countRows(database.db);

    const deleted = await post(app, DELETE, { id }, KEY);
    expect(deleted.errors).toBeUndefined();
    expect(deleted.data).toEqual({ deleteArticle: { deletedArticleId: id } });
    expect((await person()).persons.totalCount).toBe(0);
    const after = await countRows(database.db);
    expect(after.articles).toBe(before.articles - 1);
    expect(after.quotes).toBe(before.quotes - 1);
    const article = await post(app, 'query ($id: ID!) { article(id: $id) { id } }', { id }, null);
    expect(article.data).toEqual({ article: null });
    // Reykjavik is named by no other article either.
    const place = await post(app, '{ places(countryCodes: ["IS"]) { totalCount } }', {}, null);
    expect(place.data).toEqual({ places: { totalCount: 0 } });

    // Nothing there any more: null, not an error.
    const again = await post(app, DELETE, { id }, KEY);
    expect(again.data).toEqual({ deleteArticle: { deletedArticleId: null } });
  });
});
