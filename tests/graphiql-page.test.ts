import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, createApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { createTestDatabase, type TestDatabase } from './helpers/database.js';

let database: TestDatabase;
let app: App;

beforeAll(async () => {
  database = await createTestDatabase();
  app = createApp({ db: database.db, logger: false });
});

afterAll(async () => {
  await database?.destroy();
});

const page = (headers: Record<string, string> = {}) =>
  app.fetch('http://test/graphql', { headers: { accept: 'text/html', ...headers } });

describe('GraphiQL', () => {
  it('is off by default with NODE_ENV=production, and GRAPHIQL=true turns it on', () => {
    expect(loadConfig({}).graphiql).toBe(true);
    expect(loadConfig({ NODE_ENV: 'production' }).graphiql).toBe(false);
    expect(loadConfig({ NODE_ENV: 'production', GRAPHIQL: 'true' }).graphiql).toBe(true);
    expect(loadConfig({ GRAPHIQL: 'false' }).graphiql).toBe(false);
  });

  it('serves its page compressed as the browser accepts, with an ETag that answers 304 (issue 16 item 5)', async () => {
    const plain = await page();
    expect(plain.status).toBe(200);
    expect(plain.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(plain.headers.get('content-encoding')).toBeNull();
    const html = Buffer.from(await plain.arrayBuffer());
    expect(html.toString()).toContain('<title>newsgraph</title>');
    expect(html.length).toBeGreaterThan(5_000_000);

    const br = await page({ 'accept-encoding': 'gzip, deflate, br' });
    expect(br.headers.get('content-encoding')).toBe('br');
    const brBody = Buffer.from(await br.arrayBuffer());
    expect(brBody.length).toBeLessThan(html.length / 4);
    expect(Number(br.headers.get('content-length'))).toBe(brBody.length);
    expect(brotliDecompressSync(brBody).equals(html)).toBe(true);

    const gzip = await page({ 'accept-encoding': 'gzip' });
    expect(gzip.headers.get('content-encoding')).toBe('gzip');
    const gzipBody = Buffer.from(await gzip.arrayBuffer());
    expect(gzipBody.length).toBeLessThan(html.length / 3);
    expect(gunzipSync(gzipBody).equals(html)).toBe(true);

    const etag = plain.headers.get('etag');
    expect(etag).toMatch(/^"[\w-]{27}"$/);
    expect(br.headers.get('etag')).toBe(etag);
    expect(plain.headers.get('cache-control')).toBe('public, no-cache');
    expect(plain.headers.get('vary')).toContain('Accept-Encoding');
    const again = await page({ 'if-none-match': etag as string, 'accept-encoding': 'br' });
    expect(again.status).toBe(304);
    expect((await again.arrayBuffer()).byteLength).toBe(0);

    // Queries on the same path are still queries.
    const query = await app.fetch('http://test/graphql?query=%7B__typename%7D', {
      headers: { accept: 'application/json' },
    });
    expect(await query.json()).toEqual({ data: { __typename: 'Query' } });
  });
});
