import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, createApp } from '../src/app.js';
import { parseApiKeys } from '../src/config.js';
import { createMetrics, databasePoolSampler } from '../src/http/metrics.js';
import { createTestDatabase, type TestDatabase, testDriver } from './helpers/database.js';
import { graphql } from './helpers/graphql.js';

const KEY = 'metrics-key-0123456789abcdef';
const seedPath = new URL('../seeds/000_b889685c8d47e0ee.txt', import.meta.url).pathname;

let database: TestDatabase;
let app: App;

beforeAll(async () => {
  database = await createTestDatabase();
  app = createApp({
    db: database.db,
    logger: false,
    apiKeyHashes: parseApiKeys(KEY),
    metrics: createMetrics(databasePoolSampler(database, 7)),
  });
});

afterAll(async () => {
  await database?.destroy();
});

async function scrape(): Promise<string> {
  const response = await app.fetch('http://test/metrics');
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  return response.text();
}

/** The value of one sample: the metric's name and every label given (in any order). */
function sample(text: string, name: string, labels: Record<string, string>): number | null {
  for (const line of text.split('\n')) {
    const m = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const have = Object.fromEntries([...(m[2] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((l) => [l[1], l[2]]));
    if (Object.entries(labels).every(([k, v]) => have[k] === v)) return Number(m[3]);
  }
  return null;
}

describe('/metrics', () => {
  it('counts and times operations by name, errors by code, articles ingested and the pool', async () => {
    const seed = await readFile(seedPath, 'utf8');
    const ingest = await app.fetch('http://test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${KEY}` },
      body: JSON.stringify({
        query: 'mutation Ingest($input: IngestArticlesInput!) { ingestArticles(input: $input) { loaded } }',
        variables: {
          input: {
            articles: [
              { id: 'm-1', text: seed },
              { id: 'm-2', text: 'no headline' },
            ],
          },
        },
      }),
    });
    expect(await ingest.json()).toEqual({ data: { ingestArticles: { loaded: 1 } } });
    for (let i = 0; i < 3; i++) {
      expect((await graphql(app, 'query Latest { articles(first: 1) { totalCount } }')).status).toBe(200);
    }
    expect((await graphql(app, 'query Broken { stats { articls } }')).status).toBe(400);
    expect((await graphql(app, '{ articles(first: 5000) { totalCount } }')).status).toBe(400);

    const text = await scrape();
    const latest = { operationName: 'Latest', operationType: 'query' };
    expect(sample(text, 'graphql_envelop_request', latest)).toBe(3);
    expect(sample(text, 'graphql_envelop_request_duration_count', latest)).toBe(3);
    expect(sample(text, 'graphql_envelop_request_duration_bucket', { ...latest, le: '+Inf' })).toBe(3);
    expect(sample(text, 'graphql_yoga_http_duration_count', { ...latest, method: 'POST', statusCode: '200' })).toBe(3);
    expect(sample(text, 'graphql_envelop_request', { operationName: 'Ingest', operationType: 'mutation' })).toBe(1);
    expect(
      sample(text, 'graphql_envelop_error_result', {
        operationName: 'Broken',
        phase: 'validate',
        code: 'GRAPHQL_VALIDATION_FAILED',
      }),
    ).toBe(1);
    expect(sample(text, 'newsgraph_errors_total', { code: 'GRAPHQL_VALIDATION_FAILED' })).toBe(1);
    expect(sample(text, 'newsgraph_errors_total', { code: 'BAD_USER_INPUT' })).toBe(1);
    expect(sample(text, 'newsgraph_articles_ingested_total', { via: 'api', outcome: 'loaded' })).toBe(1);
    expect(sample(text, 'newsgraph_articles_ingested_total', { via: 'api', outcome: 'failed' })).toBe(1);
    expect(sample(text, 'newsgraph_db_pool_connections', { state: 'max' })).toBe(7);
    if (testDriver === 'postgres') {
      // The test's own pool, as Postgres sees it: at least the connection that ran the queries.
      const states = ['idle', 'active', 'idle in transaction'].map(
        (state) => sample(text, 'newsgraph_db_pool_connections', { state }) ?? 0,
      );
      expect(states.reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
    }
    expect(sample(text, 'process_resident_memory_bytes', {})).toBeGreaterThan(0);
    expect(text).toContain('# TYPE graphql_envelop_request_duration histogram');
  });

  it('keeps at most 200 operation names apart, so a client cannot grow it without end', async () => {
    for (let i = 0; i < 210; i++) await graphql(app, `query Name${i} { __typename }`);
    await graphql(app, 'query Name5 { __typename }');
    const text = await scrape();
    expect(sample(text, 'graphql_envelop_request', { operationName: 'Name5' })).toBe(2);
    expect(sample(text, 'graphql_envelop_request', { operationName: 'Name209' })).toBeNull();
    expect(sample(text, 'graphql_envelop_request', { operationName: 'other' })).toBeGreaterThanOrEqual(10);
  });
});
