import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, createApp, OPERATION_LIMITS } from '../src/app.js';
import { loadArticles } from '../src/ingest/load.js';
import { createTestDatabase, type TestDatabase } from './helpers/database.js';
import { graphql } from './helpers/graphql.js';

let database: TestDatabase;
let app: App;

beforeAll(async () => {
  database = await createTestDatabase();
  await loadArticles(database.db, [new URL('../seeds', import.meta.url).pathname]);
  app = createApp({ db: database.db, logger: false });
});

afterAll(async () => {
  await database?.destroy();
});

/** Runs an operation that must be refused before any SQL is sent, and returns the error message. */
async function refused(query: string, target: App = app): Promise<string> {
  database.resetStatements();
  const { errors, data } = await graphql(target, query);
  expect(data ?? null).toBeNull();
  expect(database.statements).toEqual([]);
  return errors?.map((e) => e.message).join('\n') ?? '';
}

describe('operation limits', () => {
  it('refuses a query deeper than the limit', async () => {
    let inner = 'name';
    for (let i = 0; i < 2; i++) inner = `articles { edges { node { persons { edges { node { ${inner} } } } } } }`;
    const message = await refused(`{ persons { edges { node { ${inner} } } } }`);
    expect(message).toMatch(new RegExp(`depth limit of ${OPERATION_LIMITS.maxDepth}`, 'i'));
  });

  it('refuses too many aliases', async () => {
    const aliases = Array.from({ length: OPERATION_LIMITS.maxAliases + 1 }, (_, i) => `a${i}: stats { articles }`).join(
      ' ',
    );
    expect(await refused(`{ ${aliases} }`)).toMatch(/aliases limit/i);
  });

  it('refuses too many tokens', async () => {
    const fields = Array.from({ length: OPERATION_LIMITS.maxTokens }, () => 'articles').join(' ');
    expect(await refused(`{ stats { ${fields} } }`)).toMatch(/token limit/i);
  });

  it('refuses an operation over the cost limit', async () => {
    // Within the depth, alias and token limits: three full pages of articles with all they hold.
    const page = `articles(first: 20) { totalCount edges { node { headline publishedAt
      persons(first: 10) { totalCount edges { mentionCount title node { name title } } }
      places(first: 10) { totalCount edges { node { name countryCode } } }
      quotes(first: 10) { totalCount edges { node { text speakerLabel speaker { name title } } } } } } }`;
    const query = `{ a: ${page} b: ${page} c: ${page} }`;
    expect(await refused(query)).toMatch(/cost limit/i);
  });

  it('lets the example query and a dashboard query through', async () => {
    const { EXAMPLE_QUERY } = await import('../src/app.js');
    expect((await graphql(app, EXAMPLE_QUERY)).errors).toBeUndefined();
    const dashboard = `{ stats { articles persons places quotes }
      articleFacets { articleCount topPersons { articleCount person { name } } topPlaces { articleCount place { name } } articlesPerDay { date articleCount } }
      articles(first: 20) { totalCount edges { node { headline publishedAt snippet { text }
        persons(first: 10) { totalCount edges { mentionCount title node { name title } } }
        places(first: 10) { totalCount edges { node { name countryCode } } }
        quotes(first: 10) { totalCount edges { node { text speakerLabel speaker { name title } } } } } } } }`;
    expect((await graphql(app, dashboard)).errors).toBeUndefined();
  });
});

describe('HTTP limits', () => {
  const post = (body: BodyInit, headers: Record<string, string> = {}) =>
    app.fetch('http://test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body,
    });

  it('answers 413 to a body over 1 MB', async () => {
    const big = JSON.stringify({ query: `{ stats { articles } } # ${'x'.repeat(1024 * 1024)}` });
    const response = await post(big);
    expect(response.status).toBe(413);
  });

  it('answers 413 to a body over 1 MB sent in chunks without a length', async () => {
    const chunk = new TextEncoder().encode(' '.repeat(64 * 1024));
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent > 1.5 * 1024 * 1024) {
          controller.enqueue(new TextEncoder().encode('{"query":"{ stats { articles } }"}'));
          controller.close();
          return;
        }
        sent += chunk.byteLength;
        controller.enqueue(chunk);
      },
    });
    const response = await app.fetch(
      new Request('http://test/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: stream,
        duplex: 'half',
      } as RequestInit),
    );
    expect(response.status).toBe(413);
  });

  it('answers 413 to a body over 1 MB whose declared length is under it, outside node:http', async () => {
    // Over HTTP node ends a body at its Content-Length; a Request handed to app.fetch need not.
    const big = JSON.stringify({ query: `{ stats { articles } } # ${'x'.repeat(1024 * 1024)}` });
    const response = await post(big, { 'content-length': '100' });
    expect(response.status).toBe(413);
  });

  it('answers 400 to a Content-Length that is no length', async () => {
    const response = await post(JSON.stringify({ query: '{ stats { articles } }' }), { 'content-length': '12, 12' });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ errors: [{ extensions: { code: 'BAD_REQUEST' } }] });
  });

  it('still takes a body just under the limit', async () => {
    const response = await post(JSON.stringify({ query: `{ stats { articles } } # ${'x'.repeat(1000 * 1000)}` }));
    expect(response.status).toBe(200);
  });

  it('does not batch operations', async () => {
    const response = await post(
      JSON.stringify([{ query: '{ stats { articles } }' }, { query: '{ stats { quotes } }' }]),
    );
    expect(response.status).toBeGreaterThanOrEqual(400);
  });
});

describe('switches', () => {
  it('suggests field names in development only', async () => {
    const dev = await graphql(app, '{ stats { articls } }');
    expect(dev.errors?.[0]?.message).toMatch(/Did you mean/);
    const production = createApp({ db: database.db, logger: false, production: true });
    const prod = await graphql(production, '{ stats { articls } }');
    expect(prod.errors?.[0]?.message).not.toMatch(/Did you mean/);
  });

  it('turns introspection and GraphiQL off when told to', async () => {
    const closed = createApp({ db: database.db, logger: false, introspection: false, graphiql: false });
    const { errors } = await graphql(closed, '{ __schema { types { name } } }');
    expect(errors?.[0]?.message).toMatch(/introspection/i);
    const page = await closed.fetch('http://test/graphql', { headers: { accept: 'text/html' } });
    expect(await page.text()).not.toContain('GraphiQL');
    const open = await graphql(app, '{ __schema { queryType { name } } }');
    expect(open.data).toEqual({ __schema: { queryType: { name: 'Query' } } });
  });

  it('answers CORS only for the configured origins', async () => {
    const cors = createApp({ db: database.db, logger: false, corsOrigins: ['https://news.example'] });
    const preflight = (origin: string) =>
      cors.fetch('http://test/graphql', {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
      });
    expect((await preflight('https://news.example')).headers.get('access-control-allow-origin')).toBe(
      'https://news.example',
    );
    expect((await preflight('https://evil.example')).headers.get('access-control-allow-origin')).not.toBe(
      'https://evil.example',
    );
  });

  it('runs only known operations in persisted-operations mode', async () => {
    const document = '{ stats { articles } }';
    const hash = createHash('sha256').update(document).digest('hex');
    const locked = createApp({ db: database.db, logger: false, persistedOperations: { [hash]: document } });
    const known = await locked.fetch('http://test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ extensions: { persistedQuery: { version: 1, sha256Hash: hash } } }),
    });
    expect(await known.json()).toEqual({ data: { stats: { articles: 1 } } });
    const arbitrary = await graphql(locked, document);
    expect(arbitrary.data ?? null).toBeNull();
    expect(arbitrary.errors?.[0]?.message).toMatch(/persisted/i);
    const unknown = await locked.fetch('http://test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ extensions: { persistedQuery: { version: 1, sha256Hash: 'f'.repeat(64) } } }),
    });
    expect(JSON.stringify(await unknown.json())).toMatch(/PersistedQueryNotFound|not found/i);
  });
});
