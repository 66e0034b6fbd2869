import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, createApp } from '../src/app.js';
import { parseApiKeys } from '../src/config.js';
import { loadArticles } from '../src/ingest/load.js';
import { watchArticles } from '../src/ingest/watch.js';
import { createTestDatabase, type TestDatabase } from './helpers/database.js';
import { graphql } from './helpers/graphql.js';

const KEY = 'http-safety-key-0123456789';
const seedPath = new URL('../seeds/000_b889685c8d47e0ee.txt', import.meta.url).pathname;

let database: TestDatabase;
let app: App;

beforeAll(async () => {
  database = await createTestDatabase();
  app = createApp({ db: database.db, logger: false, apiKeyHashes: parseApiKeys(KEY) });
});

afterAll(async () => {
  await database?.destroy();
});

const preflight = (target: App, origin: string) =>
  target.fetch('http://test/graphql', {
    method: 'OPTIONS',
    headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
  });

const postFrom = (target: App, origin: string) =>
  target.fetch('http://test/graphql', {
    method: 'POST',
    headers: { origin, 'content-type': 'application/json' },
    body: JSON.stringify({ query: '{ stats { articles } }' }),
  });

describe('CORS', () => {
  it('with no CORS_ORIGINS lets any origin call, but never with credentials', async () => {
    for (const response of [await preflight(app, 'https://any.example'), await postFrom(app, 'https://any.example')]) {
      expect(response.headers.get('access-control-allow-origin')).toMatch(/^(\*|https:\/\/any\.example)$/);
      expect(response.headers.get('access-control-allow-credentials')).toBeNull();
    }
    expect((await postFrom(app, 'https://any.example')).status).toBe(200);
  });

  it('with CORS_ORIGINS gives credentials to the listed origins only, and other origins no CORS header', async () => {
    const listed = createApp({
      db: database.db,
      logger: false,
      corsOrigins: ['https://a.example', 'https://b.example'],
    });
    for (const origin of ['https://a.example', 'https://b.example']) {
      for (const response of [await preflight(listed, origin), await postFrom(listed, origin)]) {
        expect(response.headers.get('access-control-allow-origin')).toBe(origin);
        expect(response.headers.get('access-control-allow-credentials')).toBe('true');
        expect(response.headers.get('access-control-expose-headers')).toContain('Retry-After');
        expect(response.headers.get('vary')).toMatch(/\bOrigin\b/);
      }
    }
    for (const response of [
      await preflight(listed, 'https://evil.example'),
      await postFrom(listed, 'https://evil.example'),
    ]) {
      expect(response.headers.get('access-control-allow-origin')).toBeNull();
      expect(response.headers.get('access-control-allow-credentials')).toBeNull();
      expect(response.headers.get('vary')).toMatch(/\bOrigin\b/);
    }
  });
});

describe('/', () => {
  it('redirects to /graphql, keeping the query string', async () => {
    const root = await app.fetch('http://test/', { redirect: 'manual' });
    expect(root.status).toBe(302);
    expect(root.headers.get('location')).toBe('/graphql');
    const withQuery = await app.fetch('http://test/?query=%7Bstats%7Barticles%7D%7D', { redirect: 'manual' });
    expect(withQuery.headers.get('location')).toBe('/graphql?query=%7Bstats%7Barticles%7D%7D');
  });
});

describe('Article.sourceFile and sourceFiles', () => {
  it('never show an absolute path: files from a folder, a glob, by themselves, the API and the watcher', async () => {
    const seed = await readFile(seedPath, 'utf8');
    const text = (n: number) =>
      seed
        .replace('Blinken, Russian FM to meet in Geneva Friday on Ukraine', `Source names, story ${n}`)
        .replace('18 January 2022, 17.19', `${n} January 2022, 10.00`);
    const root = await mkdtemp(join(tmpdir(), 'newsgraph-names-'));
    await mkdir(join(root, 'feeds', '2022-01'), { recursive: true });
    await mkdir(join(root, 'feeds', '2022-02'), { recursive: true });
    await writeFile(join(root, 'feeds', '2022-01', 'story.txt'), text(1));
    await writeFile(join(root, 'feeds', '2022-02', 'story.txt'), text(2));
    await writeFile(join(root, 'alone.txt'), text(3));
    await mkdir(join(root, 'globbed', '2022-03'), { recursive: true });
    await writeFile(join(root, 'globbed', '2022-03', 'story.txt'), text(4));
    // The same text as story 1 under another name: one article with two names.
    await writeFile(join(root, 'feeds', 'copy.txt'), text(1));

    expect((await loadArticles(database.db, [join(root, 'feeds')])).failed).toEqual([]);
    expect((await loadArticles(database.db, [join(root, 'alone.txt')])).failed).toEqual([]);
    expect((await loadArticles(database.db, [`${join(root, 'globbed')}/2022-*/*.txt`])).failed).toEqual([]);

    const ingested = await app.fetch('http://test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${KEY}` },
      body: JSON.stringify({
        query: 'mutation ($input: IngestArticlesInput!) { ingestArticles(input: $input) { loaded } }',
        variables: { input: { articles: [{ id: 'wire-5', text: text(5) }] } },
      }),
    });
    expect(await ingested.json()).toEqual({ data: { ingestArticles: { loaded: 1 } } });

    const watched = join(root, 'incoming');
    await mkdir(join(watched, 'sub'), { recursive: true });
    let seen: () => void = () => {};
    const loaded = new Promise<void>((resolve) => {
      seen = resolve;
    });
    const watcher = watchArticles(database.db, watched, (summary) => {
      if (summary.loaded) seen();
    });
    try {
      await watcher.ready;
      await writeFile(join(watched, 'sub', 'late.txt'), text(6));
      await loaded;
    } finally {
      await watcher.close();
    }

    const { data } = await graphql<{
      articles: { edges: { node: { headline: string; sourceFile: string; sourceFiles: string[] } }[] };
    }>(app, '{ articles(first: 50, orderBy: OLDEST) { edges { node { headline sourceFile sourceFiles } } } }');
    const names = Object.fromEntries(
      (data?.articles.edges ?? []).map((e) => [e.node.headline, [e.node.sourceFile, e.node.sourceFiles]]),
    );
    expect(names).toEqual({
      'Source names, story 1': ['2022-01/story.txt', ['2022-01/story.txt', 'copy.txt']],
      'Source names, story 2': ['2022-02/story.txt', ['2022-02/story.txt']],
      'Source names, story 3': ['alone.txt', ['alone.txt']],
      'Source names, story 4': ['2022-03/story.txt', ['2022-03/story.txt']],
      'Source names, story 5': ['api:wire-5', ['api:wire-5']],
      'Source names, story 6': ['sub/late.txt', ['sub/late.txt']],
    });
    // What the database keeps for itself (the loader's absolute path) stays in the database.
    const everything = JSON.stringify(data);
    expect(everything).not.toContain(root);
    expect(everything).not.toMatch(/"\//);
  }, 60_000);
});
