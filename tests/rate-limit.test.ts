import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, createApp } from '../src/app.js';
import { loadConfig, parseApiKeys } from '../src/config.js';
import { createTestDatabase, type TestDatabase } from './helpers/database.js';

const KEY_A = 'rate-limit-key-a-0123456789';
const KEY_B = 'rate-limit-key-b-0123456789';

let database: TestDatabase;
let app: App;

beforeAll(async () => {
  database = await createTestDatabase();
  app = createApp({
    db: database.db,
    logger: false,
    apiKeyHashes: parseApiKeys(`${KEY_A},${KEY_B}`),
    rateLimit: { operations: 3, windowSeconds: 30, trustProxy: true },
  });
});

afterAll(async () => {
  await database?.destroy();
});

const ask = (headers: Record<string, string>) =>
  app.fetch('http://test/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...headers },
    body: JSON.stringify({ query: '{ stats { articles } }' }),
  });

describe('the rate limit', () => {
  it('answers the operation over the limit 429 with Retry-After, per address', async () => {
    const from = { 'x-forwarded-for': '198.51.100.7, 10.0.0.1' };
    for (let i = 0; i < 3; i++) expect((await ask(from)).status).toBe(200);
    const refused = await ask(from);
    expect(refused.status).toBe(429);
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(30);
    const body = (await refused.json()) as { data?: unknown; errors: { message: string; extensions: unknown }[] };
    expect(body.data).toBeUndefined();
    expect(body.errors[0]?.message).toMatch(/^Too many operations: at most 3 every 30 s from one client/);
    expect(body.errors[0]?.extensions).toEqual({ code: 'RATE_LIMITED', retryAfterSeconds: retryAfter });
    // Another address has its own budget.
    expect((await ask({ 'x-forwarded-for': '198.51.100.8' })).status).toBe(200);
    // Probes are not operations.
    expect((await app.fetch('http://test/health')).status).toBe(200);
    expect((await app.fetch('http://test/metrics')).status).toBe(200);
  });

  it('counts a client with a valid API key by its key, and a wrong key by its address', async () => {
    const shared = '203.0.113.9';
    for (let i = 0; i < 3; i++) {
      expect((await ask({ 'x-forwarded-for': shared, authorization: `Bearer ${KEY_A}` })).status).toBe(200);
    }
    expect((await ask({ 'x-forwarded-for': shared, authorization: `Bearer ${KEY_A}` })).status).toBe(429);
    // Same address, another key: a budget of its own; and the address itself still has its own.
    expect((await ask({ 'x-forwarded-for': shared, authorization: `Bearer ${KEY_B}` })).status).toBe(200);
    for (let i = 0; i < 3; i++) {
      expect((await ask({ 'x-forwarded-for': shared, authorization: `Bearer made-up-${i}` })).status).toBe(200);
    }
    expect((await ask({ 'x-forwarded-for': shared, authorization: 'Bearer made-up-4' })).status).toBe(429);
    expect((await ask({ 'x-forwarded-for': shared })).status).toBe(429);
  });

  it('is off by default in development and on in production, set by RATE_LIMIT and RATE_LIMIT_WINDOW_S', async () => {
    expect(loadConfig({}).rateLimit).toBe(0);
    expect(loadConfig({ NODE_ENV: 'production' })).toMatchObject({
      rateLimit: 300,
      rateLimitWindowSeconds: 60,
      trustProxy: false,
    });
    expect(loadConfig({ NODE_ENV: 'production', RATE_LIMIT: '0' }).rateLimit).toBe(0);
    expect(loadConfig({ RATE_LIMIT: '50', RATE_LIMIT_WINDOW_S: '10', TRUST_PROXY: 'true' })).toMatchObject({
      rateLimit: 50,
      rateLimitWindowSeconds: 10,
      trustProxy: true,
    });
    expect(() => loadConfig({ RATE_LIMIT: 'lots' })).toThrow(/RATE_LIMIT/);
    const unlimited = createApp({ db: database.db, logger: false });
    for (let i = 0; i < 10; i++) {
      const response = await unlimited.fetch('http://test/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ __typename }' }),
      });
      expect(response.status).toBe(200);
    }
  });
});
