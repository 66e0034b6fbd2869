import { connect, createServer, type Server, type Socket } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/app.js';
import { createTestDatabase, type TestDatabase, testDriver } from './helpers/database.js';
import { spawnCli, stopAll } from './helpers/processes.js';

let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
});

afterAll(async () => {
  await database?.destroy();
});

afterEach(async () => {
  await stopAll();
});

const readyOf = async (fetchReady: () => Promise<Response>) => {
  const response = await fetchReady();
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
};

describe('/ready', () => {
  it('says in JSON why it is not ready: the database unreachable, or too slow to answer', async () => {
    const ready = (ping: () => Promise<void>) => {
      const app = createApp({ db: database.db, logger: false, ping });
      return readyOf(async () => app.fetch('http://test/ready'));
    };
    expect(await ready(database.ping)).toEqual({ status: 200, body: { ready: true } });
    const refused = Object.assign(new Error('connect ECONNREFUSED 10.1.2.3:5432'), { code: 'ECONNREFUSED' });
    expect(await ready(() => Promise.reject(refused))).toEqual({
      status: 503,
      body: { ready: false, reason: 'the database cannot be reached (ECONNREFUSED)' },
    });
    const terminated = Object.assign(new Error('terminating connection'), { code: '57P01' });
    expect((await ready(() => Promise.reject(terminated))).body.reason).toBe(
      'the connection to the database was lost (57P01)',
    );
    const started = Date.now();
    expect(await ready(() => new Promise(() => {}))).toEqual({
      status: 503,
      body: { ready: false, reason: 'the database did not answer within 2000 ms' },
    });
    expect(Date.now() - started).toBeLessThan(5000);
  });
});

/** A port nothing listens on (yet). */
async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
  const address = probe.address();
  await new Promise((r) => probe.close(r));
  return typeof address === 'object' && address ? address.port : 0;
}

describe.runIf(testDriver === 'postgres')('start-up on Postgres', () => {
  it('waits for a database that is not up yet, saying so on /ready, then serves', async () => {
    const target = new URL(database.url as string);
    const port = await freePort();
    const through = new URL(target);
    through.hostname = '127.0.0.1';
    through.port = String(port);
    const server = spawnCli(['serve'], { DATABASE_URL: through.toString(), DATABASE_WAIT_S: '120' });
    const listening = await server.waitFor(/listening on port (\d+)/, 90_000);
    const base = `http://127.0.0.1:${listening[1]}`;
    await server.waitFor('ECONNREFUSED', 60_000);
    expect(await readyOf(() => fetch(`${base}/ready`))).toEqual({
      status: 503,
      body: {
        ready: false,
        reason: expect.stringMatching(
          /^waiting for the database: the database cannot be reached \(ECONNREFUSED\), attempt \d+$/,
        ),
      },
    });
    expect((await fetch(`${base}/health`)).status).toBe(200);
    expect((await fetch(`${base}/graphql?query={__typename}`)).status).toBe(503);

    // The database comes up (a proxy to it opens on the port the server is trying).
    const sockets = new Set<Socket>();
    const proxy: Server = createServer((client) => {
      const upstream = connect(Number(target.port || 5432), target.hostname);
      sockets.add(client).add(upstream);
      client.pipe(upstream).pipe(client);
      client.on('error', () => upstream.destroy());
      upstream.on('error', () => client.destroy());
    });
    await new Promise<void>((r) => proxy.listen(port, '127.0.0.1', r));
    try {
      await server.waitFor(/localhost:\d+\/graphql/, 90_000);
      expect(await readyOf(() => fetch(`${base}/ready`))).toEqual({ status: 200, body: { ready: true } });
      const answer = await fetch(`${base}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ stats { articles } }' }),
      });
      expect(answer.status).toBe(200);
      expect(server.output()).toMatch(/"msg":"database: answered on attempt \d+"/);
      // Every line is JSON, and none carries a colour escape.
      for (const line of server.output().trim().split('\n')) expect(() => JSON.parse(line)).not.toThrow();
      expect(server.output()).not.toContain('\u001b');
    } finally {
      await server.stop();
      for (const socket of sockets) socket.destroy();
      await new Promise((r) => proxy.close(r));
    }
  }, 180_000);

  it('gives up after DATABASE_WAIT_S, naming it', async () => {
    const target = new URL(database.url as string);
    target.hostname = '127.0.0.1';
    target.port = String(await freePort());
    const server = spawnCli(['serve'], { DATABASE_URL: target.toString(), DATABASE_WAIT_S: '2' });
    const exited = await server.exited;
    expect(exited.code).toBe(1);
    expect(server.output()).toMatch(
      /the database cannot be reached \(ECONNREFUSED\); gave up after \d+ attempts in [\d.]+ s \(DATABASE_WAIT_S sets how long to wait\)/,
    );
  }, 120_000);
});
