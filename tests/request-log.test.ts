import { readFile } from 'node:fs/promises';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type App, createApp } from '../src/app.js';
import { parseApiKeys } from '../src/config.js';
import { countStatement } from '../src/http/request-context.js';
import { loadArticles } from '../src/ingest/load.js';
import { createTestDatabase, type TestDatabase } from './helpers/database.js';
import { type CapturedLog, captureLog } from './helpers/log.js';

const KEY = 'request-log-key-0123456789-SECRET';
const seedPath = new URL('../seeds/000_b889685c8d47e0ee.txt', import.meta.url).pathname;

let database: TestDatabase;
let captured: CapturedLog;
let app: App;

beforeAll(async () => {
  database = await createTestDatabase({ onQuery: countStatement });
  await loadArticles(database.db, [new URL('../seeds', import.meta.url).pathname]);
  captured = captureLog('info');
  app = createApp({ db: database.db, logger: captured.log, apiKeyHashes: parseApiKeys(KEY) });
});

afterAll(async () => {
  await database?.destroy();
});

beforeEach(() => {
  captured.lines.length = 0;
});

const post = (body: unknown, headers: Record<string, string> = {}) =>
  app.fetch('http://test/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...headers },
    body: JSON.stringify(body),
  });

const requestLines = () => captured.lines.filter((l) => l.msg === 'request');

describe('the request log', () => {
  it('writes one JSON line per request: id, operation, status, duration, SQL statements', async () => {
    database.resetStatements();
    const response = await post({
      query: 'query Latest { articles(first: 1) { edges { node { headline persons { totalCount } } } } }',
    });
    expect(response.status).toBe(200);
    await response.json();
    const lines = requestLines();
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: 'info',
      reqId: response.headers.get('x-request-id'),
      method: 'POST',
      path: '/graphql',
      operation: 'Latest',
      operationType: 'query',
      status: 200,
      sql: database.statements.length,
    });
    expect(database.statements.length).toBeGreaterThan(0);
    expect(lines[0]?.durationMs).toEqual(expect.any(Number));
    expect(lines[0]?.time).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(lines[0]).not.toHaveProperty('errors');
    // JSON only: no colour escapes in any line.
    expect(captured.text()).not.toContain('\u001b');
  });

  it('names the error codes of an answer, and keeps a request id a proxy gave', async () => {
    const response = await post({ query: '{ stats { articls } }' }, { 'x-request-id': 'edge-42' });
    expect(response.status).toBe(400);
    expect(response.headers.get('x-request-id')).toBe('edge-42');
    expect(requestLines()).toEqual([
      expect.objectContaining({ reqId: 'edge-42', status: 400, sql: 0, errors: ['GRAPHQL_VALIDATION_FAILED'] }),
    ]);
    const bogus = await post({ query: '{ stats { articles } }' }, { 'x-request-id': 'no spaces or "quotes" here' });
    expect(bogus.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('never logs an API key, a query string, a document or its variables', async () => {
    const marker = 'Zebulon-Marker-77';
    await post(
      { query: `query Find($s: String) { persons(search: $s) { totalCount } }`, variables: { s: marker } },
      { authorization: `Bearer ${KEY}`, 'x-api-key': KEY },
    );
    await app.fetch(
      `http://test/graphql?query=${encodeURIComponent(`{ persons(search: "${marker}") { totalCount } }`)}`,
      { headers: { accept: 'application/json', authorization: `Bearer ${KEY}` } },
    );
    await post(
      {
        query: 'mutation ($id: ID!) { deleteArticle(input: { id: $id }) { deletedArticleId } }',
        variables: { id: marker },
      },
      { authorization: `Bearer wrong-${marker}` },
    );
    expect(requestLines()).toHaveLength(3);
    const text = captured.text();
    expect(text).not.toContain(marker);
    expect(text).not.toContain('SECRET');
    expect(text).not.toMatch(/authorization|bearer/i);
  });
});

describe('a failed statement', () => {
  it('is logged once, with its parameters cut short (issue 16 item 6)', async () => {
    // A check the insert breaks: the statement fails with a 100,000-character body among its parameters.
    await database.db.execute(sql`alter table articles add constraint body_fits check (length(body) < 50000)`);
    try {
      const seed = await readFile(seedPath, 'utf8');
      const filler = 'Longwinded filler words go on. '.repeat(3300);
      const text = seed
        .replace('Blinken, Russian FM to meet in Geneva Friday on Ukraine', 'A very long story')
        .replace('Secretary of State', `${filler}\n\nSecretary of State`);
      expect(text.length).toBeGreaterThan(100_000);
      const response = await post(
        {
          query: 'mutation ($input: IngestArticlesInput!) { ingestArticles(input: $input) { loaded } }',
          variables: { input: { articles: [{ id: 'long-1', text }] } },
        },
        { authorization: `Bearer ${KEY}` },
      );
      const body = (await response.json()) as { errors?: { message: string }[] };
      expect(body.errors?.[0]?.message).toBe('Unexpected error.');
    } finally {
      await database.db.execute(sql`alter table articles drop constraint body_fits`);
    }
    const failures = captured.lines.filter((l) => l.level === 'error');
    expect(failures).toHaveLength(1);
    const failure = failures[0] as { msg: string; reqId: string; err: Record<string, unknown> };
    expect(failure.msg).toBe('request failed');
    expect(failure.reqId).toBe(requestLines()[0]?.reqId);
    expect(failure.err).toMatchObject({
      message: 'a statement failed',
      statement: expect.stringMatching(/^insert into "articles"/),
      paramCount: expect.any(Number),
      cause: { code: '23514' },
    });
    const text = captured.text();
    // The statement once (drizzle's own message would carry it a second time), the body cut short.
    expect(text.split('insert into \\"articles\\"')).toHaveLength(2);
    expect(text.length).toBeLessThan(12_000);
    expect(text).not.toContain('Longwinded filler words go on. '.repeat(10));
  }, 60_000);
});
