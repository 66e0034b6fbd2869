import { createHash } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AppOptions, createApp, type PersistedCompileSummary, startApp } from '../src/app.js';
import type { StatementText } from '../src/db/client.js';
import type { FastPathOutcome } from '../src/graphql/compiled/plugin.js';
import { countStatement } from '../src/http/request-context.js';
import { loadArticles } from '../src/ingest/load.js';
import { createTestDatabase, type TestDatabase } from './helpers/database.js';
import { type Exchanged, exchange, postOperation, type Served, serve } from './helpers/http.js';
import { type CapturedLog, captureLog } from './helpers/log.js';

// The compiled tier's fast path (src/graphql/compiled/fast-path.ts) answers in front of Yoga a
// document the tier has answered before. Each test runs two apps made alike but for the fast
// path (on in one, off in the other: the tier then answers inside Yoga), both behind node:http,
// and requires the same answers, logs, metrics and limits of both, and that the fast path
// answered what it should (so a test cannot pass by the fast path having stepped aside).

const seeds = new URL('../seeds', import.meta.url).pathname;
let database: TestDatabase;
const opened: Served[] = [];

beforeAll(async () => {
  // Statements counted per request, as the server counts them (the log line's `sql`).
  database = await createTestDatabase({ onQuery: countStatement });
  await loadArticles(database.db, [seeds]);
});

afterAll(async () => {
  for (const s of opened) await s.close();
  await database?.destroy();
});

interface Twins {
  fast: Served;
  normal: Served;
  outcomes: FastPathOutcome[];
  fastLog: CapturedLog;
  normalLog: CapturedLog;
}

async function twins(options: Omit<AppOptions, 'db' | 'logger' | 'compiled'> = {}): Promise<Twins> {
  const outcomes: FastPathOutcome[] = [];
  const fastLog = captureLog('debug');
  const normalLog = captureLog('debug');
  const fast = await serve(
    createApp({ ...options, db: database.db, logger: fastLog.log, compiled: { onFastPath: (o) => outcomes.push(o) } }),
  );
  const normal = await serve(
    createApp({ ...options, db: database.db, logger: normalLog.log, compiled: { fastPath: false } }),
  );
  opened.push(fast, normal);
  return { fast, normal, outcomes, fastLog, normalLog };
}

const C = `query C($n: Int = 3) { persons(first: $n) { totalCount edges { cursor node { id name quoteCount
  quotes(first: 2) { edges { node { text publishedAt article { id headline } } } } } } } }`;
const STATS = 'query Stats { stats { articles persons places quotes } }';

/** The same request to both apps, whose answers must be equal; and how the fast path took it. */
async function same(
  t: Twins,
  params: Record<string, unknown>,
  headers: Record<string, string> = {},
  normalise: (answer: Exchanged) => Exchanged = (answer) => answer,
): Promise<{ answer: Exchanged; outcome: FastPathOutcome | undefined }> {
  t.outcomes.length = 0;
  const answer = await postOperation(t.fast.url, params, headers);
  const outcome = t.outcomes[0];
  expect(normalise(answer)).toEqual(normalise(await postOperation(t.normal.url, params, headers)));
  return { answer, outcome };
}

/** A 429 with its seconds to wait taken out: the twins' windows open a moment apart. */
function withoutSeconds(answer: Exchanged): Exchanged {
  const { 'retry-after': _retryAfter, ...headers } = answer.headers;
  return { ...answer, headers, body: answer.body.replace(/\d+ s\.|"retryAfterSeconds":\d+/g, '') };
}

/** Sent to each app, so that the tier has answered it and the fast path may from then on. */
async function prove(t: Twins, params: Record<string, unknown>, headers: Record<string, string> = {}) {
  await same(t, params, headers);
}

describe('the fast path', () => {
  let t: Twins;
  beforeAll(async () => {
    t = await twins();
  });

  it('answers a proven document, and only that, with the normal path’s whole answer', async () => {
    const { outcome: first } = await same(t, { query: C });
    expect(first).toEqual({ answered: false, reason: 'nothing proven yet' });
    for (const variables of [undefined, { n: 5 }, { n: 1 }]) {
      const { answer, outcome } = await same(t, { query: C, variables });
      expect(outcome).toEqual({ answered: true });
      expect(answer.status).toBe(200);
      expect(answer.headers['content-type']).toBe('application/json; charset=utf-8');
      expect(answer.headers['x-request-id']).toBe('compare-1');
    }
    // The operation named, or named wrongly: "" is no name, and a name the document lacks is an error.
    const named = await same(t, { query: C, operationName: 'C' });
    expect(named.outcome).toEqual({ answered: false, reason: 'not proven' });
    expect((await same(t, { query: C, operationName: 'C' })).outcome).toEqual({ answered: true });
    for (const operationName of ['', 'D']) {
      const wrong = await same(t, { query: C, operationName });
      expect(wrong.outcome?.answered).toBe(false);
      expect(wrong.answer.status).not.toBe(200);
    }
    // The same document with one more space is another text, not proven.
    expect((await same(t, { query: `${C} ` })).outcome).toEqual({ answered: false, reason: 'not proven' });
  });

  it('answers in the media type Yoga would, and leaves the others to Yoga', async () => {
    await prove(t, { query: STATS });
    const answered: [string, string][] = [
      ['*/*', 'application/json'],
      ['application/json', 'application/json'],
      ['application/graphql-response+json', 'application/graphql-response+json'],
      ['application/graphql-response+json, application/json;q=0.9', 'application/graphql-response+json'],
      ['application/json, application/graphql-response+json', 'application/json'],
      ['application/*', 'application/json'],
    ];
    for (const [accept, type] of answered) {
      const { answer, outcome } = await same(t, { query: STATS }, { accept });
      expect(outcome).toEqual({ answered: true });
      expect(answer.headers['content-type']).toBe(`${type}; charset=utf-8`);
    }
    for (const accept of [
      'text/event-stream',
      'multipart/mixed',
      'application/xml',
      'application/json; charset=latin1',
    ]) {
      const { outcome } = await same(t, { query: STATS }, { accept });
      expect(outcome).toEqual({ answered: false, reason: 'accept' });
    }
  });

  it('hands on to Yoga what Yoga refuses or reads otherwise, with the body still readable', async () => {
    await prove(t, { query: STATS });
    const cases: [Record<string, unknown>, string][] = [
      [{ query: STATS, variables: [] }, 'variables'],
      [{ query: STATS, operationName: 7 }, 'operation name'],
      [{ query: STATS, extra: 1 }, 'unexpected parameter'],
      [{ query: STATS, extensions: { persistedQuery: { version: 1, sha256Hash: 'x' } } }, 'not a plain document'],
      [{ query: C, variables: { n: 'three' } }, 'variables'],
      [{ query: C, variables: { n: 500 } }, 'page size'],
    ];
    await prove(t, { query: C, variables: { n: 2 } });
    for (const [params, reason] of cases) {
      const { answer, outcome } = await same(t, params);
      expect(outcome).toEqual({ answered: false, reason });
      expect(answer.status).toBeGreaterThanOrEqual(200);
    }
    // Bodies the fast path does not read: not JSON by type, chunked, empty, over the limit.
    const post = (base: string, init: RequestInit) => exchange(`${base}/graphql`, { method: 'POST', ...init });
    const body = JSON.stringify({ query: STATS });
    const inits: [RequestInit, string][] = [
      [{ headers: { 'content-type': 'application/graphql+json', 'x-request-id': 'r' }, body }, 'content type'],
      [{ headers: { 'content-type': 'text/plain', 'x-request-id': 'r' }, body }, 'content type'],
      [{ headers: { 'content-type': 'application/json', 'x-request-id': 'r' }, body: '' }, 'body length'],
      [
        {
          headers: { 'content-type': 'application/json', 'x-request-id': 'r' },
          body: JSON.stringify({ query: STATS, variables: { pad: 'x'.repeat(1024 * 1024) } }),
        },
        'body length',
      ],
      [{ headers: { 'content-type': 'application/json', 'x-request-id': 'r' }, body: '{"query": ' }, 'body not JSON'],
      [{ headers: { 'content-type': 'application/json', 'x-request-id': 'r' }, body: '[1]' }, 'body not an object'],
    ];
    for (const [init, reason] of inits) {
      t.outcomes.length = 0;
      const fast = await post(t.fast.url, init);
      expect(t.outcomes).toEqual([{ answered: false, reason }]);
      expect(fast).toEqual(await post(t.normal.url, init));
    }
    // A chunked body (no Content-Length): node:http gives no length to trust, so Yoga reads it.
    const chunked = async (base: string) => {
      const stream = new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(new TextEncoder().encode(body));
          controller.close();
        },
      });
      return post(base, {
        headers: { 'content-type': 'application/json', 'x-request-id': 'r' },
        body: stream,
        duplex: 'half',
      } as RequestInit);
    };
    t.outcomes.length = 0;
    const fastChunked = await chunked(t.fast.url);
    expect(t.outcomes).toEqual([{ answered: false, reason: 'body not framed by a length' }]);
    expect(fastChunked).toEqual(await chunked(t.normal.url));
    expect(fastChunked.status).toBe(200);
  });

  it('logs each answer as the normal path does, statements counted', async () => {
    // A document of its own: nothing before proved it under this name.
    const L = C.replace('query C', 'query L');
    t.fastLog.lines.length = 0;
    t.normalLog.lines.length = 0;
    const { outcome } = await same(
      t,
      { query: L, variables: { n: 4 }, operationName: 'L' },
      { 'x-request-id': 'log-1' },
    );
    expect(outcome).toEqual({ answered: false, reason: 'not proven' });
    const answered = await same(t, { query: L, variables: { n: 4 }, operationName: 'L' }, { 'x-request-id': 'log-2' });
    expect(answered.outcome).toEqual({ answered: true });
    const anonymous = await same(t, { query: STATS }, { 'x-request-id': 'log-3' });
    expect(anonymous.outcome).toEqual({ answered: true });
    const lines = (log: CapturedLog) =>
      log.lines
        .filter((line) => line.msg === 'request')
        .map(({ time: _time, durationMs, pid: _pid, ...rest }) => {
          expect(typeof durationMs).toBe('number');
          return rest;
        });
    expect(lines(t.fastLog)).toEqual(lines(t.normalLog));
    expect(lines(t.fastLog)[1]).toEqual({
      level: 'info',
      msg: 'request',
      reqId: 'log-2',
      method: 'POST',
      path: '/graphql',
      operation: 'L',
      operationType: 'query',
      status: 200,
      sql: 1,
      remote: '127.0.0.1',
    });
    // No id given: one is made up, sent back and logged.
    t.fastLog.lines.length = 0;
    const response = await fetch(`${t.fast.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: STATS }),
    });
    await response.text();
    expect(response.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(t.fastLog.lines[0]?.reqId).toBe(response.headers.get('x-request-id'));
  });
});

describe('CORS on the fast path', () => {
  const origins = [undefined, 'https://app.example', 'https://elsewhere.example'];
  it.each([
    ['no CORS_ORIGINS', null],
    ['CORS_ORIGINS', ['https://app.example']],
    ['two CORS_ORIGINS', ['https://app.example', 'https://admin.example']],
  ])('sends the headers of the normal path with %s', async (_, corsOrigins) => {
    const t = await twins({ corsOrigins });
    await prove(t, { query: STATS });
    for (const origin of origins) {
      for (const extra of [{}, { 'access-control-request-headers': 'x-custom' }]) {
        const headers: Record<string, string> = { ...(origin ? { origin } : {}) };
        Object.assign(headers, extra);
        const { answer, outcome } = await same(t, { query: STATS }, headers);
        expect(outcome).toEqual({ answered: true });
        if (origin === 'https://app.example') {
          expect(answer.headers['access-control-allow-origin']).toBe(origin);
          expect(answer.headers['access-control-expose-headers']).toBe('Retry-After, X-Request-Id');
        }
        if (corsOrigins) expect(answer.headers.vary).toMatch(/Origin/);
      }
    }
  });
});

describe('the rate limit on the fast path', () => {
  it('draws on the same budget as the normal path and refuses as it does', async () => {
    const t = await twins({ rateLimit: { operations: 4, windowSeconds: 60, trustProxy: true } });
    const from = (n: number) => ({ 'x-forwarded-for': `198.51.100.${n}` });
    // The first goes through Yoga (and proves the document), the next through the fast path.
    const statuses: number[] = [];
    const reasons: (string | true)[] = [];
    for (let i = 0; i < 6; i++) {
      const { answer, outcome } = await same(t, { query: STATS }, from(1), withoutSeconds);
      statuses.push(answer.status);
      reasons.push(outcome?.answered ? true : ((outcome as { reason: string } | undefined)?.reason ?? 'none'));
      if (answer.status === 429) {
        const body = JSON.parse(answer.body) as { errors: { extensions: { code: string } }[] };
        expect(body.errors[0]?.extensions.code).toBe('RATE_LIMITED');
        expect(Number(answer.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      }
    }
    expect(statuses).toEqual([200, 200, 200, 200, 429, 429]);
    expect(reasons).toEqual(['nothing proven yet', true, true, true, 'rate limited', 'rate limited']);
    // Another client has a budget of its own, on the fast path at once.
    const other = await same(t, { query: STATS }, from(2));
    expect(other.outcome).toEqual({ answered: true });
    expect(other.answer.status).toBe(200);
  });
});

describe('metrics on the fast path', () => {
  it('counts and times what the normal path counts and times', async () => {
    const t = await twins();
    const scrape = async (s: Served) => (await fetch(`${s.url}/metrics`)).text();
    const samples = (text: string) =>
      text
        .split('\n')
        .filter((l) => /^graphql_(envelop_request|envelop_request_duration_count|yoga_http_duration_count)\{/.test(l))
        .sort();
    await prove(t, { query: C, operationName: 'C' });
    for (let i = 0; i < 3; i++) {
      expect((await same(t, { query: C, operationName: 'C' })).outcome).toEqual({ answered: true });
      expect((await same(t, { query: STATS })).outcome?.answered).toBe(i > 0);
    }
    const fast = samples(await scrape(t.fast));
    expect(fast).toEqual(samples(await scrape(t.normal)));
    expect(fast).toContain('graphql_envelop_request{operationName="C",operationType="query"} 4');
    expect(fast).toContain(
      'graphql_yoga_http_duration_count{operationName="Stats",operationType="query",method="POST",statusCode="200"} 3',
    );
  });
});

describe('persisted-only mode on the fast path', () => {
  it('answers a persisted id, and refuses a document sent as text as the normal path does', async () => {
    const hash = createHash('sha256').update(STATS).digest('hex');
    const t = await twins({ persistedOperations: { [hash]: STATS, [`sha256:${hash}`]: STATS } });
    const byId = { extensions: { persistedQuery: { version: 1, sha256Hash: hash } } };
    await prove(t, byId);
    const { answer, outcome } = await same(t, byId);
    expect(outcome).toEqual({ answered: true });
    expect(JSON.parse(answer.body).data.stats.articles).toBeGreaterThan(0);
    // The proven document, as text: persisted-only mode refuses it, on either path.
    const asText = await same(t, { query: STATS });
    expect(asText.outcome).toEqual({ answered: false, reason: 'not a persisted operation' });
    expect(JSON.parse(asText.answer.body).errors[0].extensions.code).toBe('CANNOT_SEND_PQ_ID_AND_BODY');
    const both = await same(t, { query: STATS, ...byId });
    expect(both.outcome?.answered).toBe(false);
    const unknown = await same(t, { extensions: { persistedQuery: { version: 1, sha256Hash: 'f'.repeat(64) } } });
    expect(unknown.outcome).toEqual({ answered: false, reason: 'unknown persisted id' });
    const version = await same(t, { extensions: { persistedQuery: { version: 2, sha256Hash: hash } } });
    expect(version.outcome).toEqual({ answered: false, reason: 'persisted id' });
  });
});

describe('persisted operations compiled at start', () => {
  const hashOf = (text: string) => createHash('sha256').update(text).digest('hex');
  const UNSUPPORTED = 'query Mentions { articles(first: 2) { edges { node { id mentions { text } } } } }';
  const INVALID = 'query Invalid { stats { nope } }';
  const OVERSIZED = 'query Oversized { persons(first: 500) { totalCount edges { node { id } } } }';
  const UNPREPARED = 'query Unprepared { refusedPlaces: places(first: 2) { edges { node { id name } } } }';
  const documents = [STATS, C, UNSUPPORTED, INVALID, OVERSIZED, UNPREPARED];
  const byId = (text: string, variables?: Record<string, unknown>) => ({
    ...(variables ? { variables } : {}),
    extensions: { persistedQuery: { version: 1, sha256Hash: hashOf(text) } },
  });
  let t: Twins;
  let summary: PersistedCompileSummary;
  let prepared: StatementText[];
  const compiles: { ahead: boolean }[] = [];

  beforeAll(async () => {
    const persistedOperations = Object.fromEntries(
      documents.flatMap((d) => [
        [hashOf(d), d],
        [`sha256:${hashOf(d)}`, d],
      ]),
    );
    const outcomes: FastPathOutcome[] = [];
    const fastLog = captureLog('debug');
    const normalLog = captureLog('debug');
    prepared = [];
    const started = await startApp({
      db: database.db,
      logger: fastLog.log,
      persistedOperations,
      compiled: { onFastPath: (o) => outcomes.push(o), onCompile: (c) => compiles.push(c) },
      // The driver's own where it has one (Postgres); one statement refused, as a driver may.
      prepareStatements: async (statements) => {
        prepared.push(...statements);
        const refused = statements.filter((s) => s.text.includes("'refusedPlaces'"));
        const others = statements.filter((s) => !refused.includes(s));
        const failed = database.prepare ? await database.prepare(others) : [];
        return [...failed, ...refused.map(({ text }) => ({ text, error: new Error('refused') }))];
      },
    });
    summary = started.persisted;
    const fast = await serve(started.app);
    const normal = await serve(
      createApp({ db: database.db, logger: normalLog.log, persistedOperations, compiled: { fastPath: false } }),
    );
    opened.push(fast, normal);
    t = { fast, normal, outcomes, fastLog, normalLog };
  });

  it('compiles what the tier supports and says why it left the rest', () => {
    expect(summary.ready.sort()).toEqual(['C', 'Stats']);
    const reasons = Object.fromEntries(summary.skipped.map((s) => [s.operation, s.reason]));
    expect(reasons.Mentions).toMatch(/mentions/);
    expect(reasons.Invalid).toMatch(/^validation: /);
    expect(reasons.Oversized).toBe('page size');
    expect(reasons.Unprepared).toBe('prepare: refused');
    expect(prepared).toHaveLength(3);
    expect(compiles).toEqual([{ ahead: true }, { ahead: true }, { ahead: true }, { ahead: true }]);
  });

  it('answers the first request of each compiled operation on the fast path, compiling nothing', async () => {
    compiles.length = 0;
    const stats = await same(t, byId(STATS));
    expect(stats.outcome).toEqual({ answered: true });
    expect(JSON.parse(stats.answer.body).data.stats.articles).toBeGreaterThan(0);
    expect((await same(t, byId(C))).outcome).toEqual({ answered: true });
    expect((await same(t, { ...byId(C), operationName: 'C' })).outcome).toEqual({ answered: true });
    // The same shape of variables: the statement compiled at start.
    expect((await same(t, byId(C, { n: 2 }))).outcome).toEqual({ answered: true });
    expect(compiles).toEqual([]);
  });

  it('leaves the rest to Yoga, whose answers are the normal path’s', async () => {
    compiles.length = 0;
    for (const text of [UNSUPPORTED, INVALID, OVERSIZED]) {
      const { outcome } = await same(t, byId(text));
      expect(outcome).toEqual({ answered: false, reason: 'not proven' });
    }
    // Compiled at start, its statement refused: the first request runs it through Yoga, compiling
    // nothing again, and proves it.
    expect((await same(t, byId(UNPREPARED))).outcome).toEqual({ answered: false, reason: 'not proven' });
    expect((await same(t, byId(UNPREPARED))).outcome).toEqual({ answered: true });
    expect(compiles.filter((c) => !c.ahead)).toHaveLength(0);
  });

  it('prepares the statements on every connection of a Postgres pool', async () => {
    if (database.raw.kind !== 'postgres') return;
    const client = database.raw.client;
    const connections = await Promise.all(Array.from({ length: client.options.max }, () => client.reserve()));
    try {
      for (const connection of connections) {
        const rows = await connection<{ statement: string }[]>`select statement from pg_prepared_statements`;
        const texts = new Set(rows.map((r) => r.statement));
        for (const { text } of prepared.filter((s) => !s.text.includes("'refusedPlaces'")))
          expect(texts).toContain(text);
      }
    } finally {
      for (const connection of connections) connection.release();
    }
  });
});

describe('readiness on the fast path', () => {
  it('leaves /ready to Yoga, which says what it says on the normal path', async () => {
    const t = await twins({ ping: () => Promise.reject(Object.assign(new Error('down'), { code: 'ECONNREFUSED' })) });
    await prove(t, { query: STATS });
    const ready = async (s: Served) => exchange(`${s.url}/ready`, { headers: { 'x-request-id': 'r' } });
    const fast = await ready(t.fast);
    expect(fast.status).toBe(503);
    expect(fast).toEqual(await ready(t.normal));
    // A query is answered whatever /ready says, on both paths.
    expect((await same(t, { query: STATS })).outcome).toEqual({ answered: true });
  });
});

describe('a client that goes while the fast path reads its body', () => {
  it('hands the request on and serves the next', async () => {
    const t = await twins();
    await prove(t, { query: STATS });
    const url = new URL(`${t.fast.url}/graphql`);
    await new Promise<void>((resolve) => {
      const request = httpRequest({
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-length': '1000' },
      });
      request.on('error', () => resolve());
      request.write('{"query": ');
      setTimeout(() => {
        request.destroy();
        resolve();
      }, 100);
    });
    await new Promise((r) => setTimeout(r, 100));
    expect(t.outcomes.at(-1)).toEqual({ answered: false, reason: 'client went away while sending' });
    expect((await same(t, { query: STATS })).outcome).toEqual({ answered: true });
  });
});
