import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import postgres from 'postgres';
import { afterEach, describe, expect, it } from 'vitest';
import { createDb, type Db } from '../src/db/client.js';
import { LOCK_FILE } from '../src/db/folder-lock.js';
import { seedVariants } from './helpers/articles.js';
import { createTestDatabase, migratedPgliteFolder, testDriver } from './helpers/database.js';
import { cleanLoadFingerprint, fingerprint } from './helpers/fingerprint.js';
import { type CliProcess, spawnCli, startServe, stopAll } from './helpers/processes.js';

const seeds = new URL('../seeds', import.meta.url).pathname;
const cleanups: (() => Promise<void>)[] = [];

afterEach(async () => {
  await stopAll();
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

/** Where the workflow runs: a PGlite folder, or a database of its own on the test Postgres. */
async function target(): Promise<{
  env: Record<string, string>;
  open: () => Promise<{ db: Db; close(): Promise<void> }>;
}> {
  if (testDriver === 'postgres') {
    const database = await createTestDatabase();
    cleanups.push(() => database.destroy());
    return {
      env: { DATABASE_URL: database.url as string },
      open: async () => ({ db: database.db, close: async () => {} }),
    };
  }
  // Migrated already: the servers here test loading beside a running server, not a first start.
  const dir = await migratedPgliteFolder('newsgraph-live-');
  return {
    env: { PGLITE_DIR: dir },
    open: async () => {
      const database = createDb({ databaseUrl: null, pgliteDir: dir });
      return { db: database.db, close: () => database.close() };
    },
  };
}

async function query<T>(url: string, text: string): Promise<T> {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: text }),
  });
  const body = (await response.json()) as { data: T; errors?: unknown };
  expect(body.errors).toBeUndefined();
  return body.data;
}

const articleCount = async (url: string) =>
  (await query<{ stats: { articles: number } }>(url, '{ stats { articles } }')).stats.articles;

function load(paths: string[], env: Record<string, string>): CliProcess {
  return spawnCli(['load', ...paths, '--batch-size', '4', '--workers', '0', '--progress-interval', '0'], env);
}

describe('a live newsroom: the server up, loads from other processes, a restart', () => {
  it('keeps every article exactly once, as a clean load of the same files would', async () => {
    const first = await seedVariants(16);
    const second = await seedVariants(10, 16);
    const { env, open } = await target();
    let server = await startServe(env);
    expect(await articleCount(server.url)).toBe(1);

    // Two loads at once, overlapping: `first` is in both.
    const a = load([first], env);
    const b = load([second, first], env);
    const [ra, rb] = await Promise.all([a.exited, b.exited]);
    expect(ra.code, a.output()).toBe(0);
    expect(rb.code, b.output()).toBe(0);
    if (testDriver === 'pglite') expect(a.output()).toContain(`owned by the running server (process ${server.pid})`);
    // The server sees them at once: no restart needed.
    expect(await articleCount(server.url)).toBe(1 + 16 + 10);

    await server.stop('SIGTERM');
    expect((await server.exited).code).toBe(0);
    server = await startServe(env);
    expect(await articleCount(server.url)).toBe(27);
    await server.stop('SIGTERM');

    const want = await cleanLoadFingerprint([seeds, first, second]);
    const stored = await open();
    try {
      expect(await fingerprint(stored.db)).toEqual(want);
    } finally {
      await stored.close();
    }
  }, 180_000);

  it.skipIf(testDriver === 'postgres')(
    'a loader whose server vanishes mid-load says so, exits 1, and leaves only whole batches',
    async () => {
      // Enough batches of 4 that the loader is still writing when its server goes at 8 or more.
      const dir = await seedVariants(40);
      const { env, open } = await target();
      const server = await startServe(env);
      const loader = load([dir], env);
      await loader.waitFor(/progress: (?:[89]|\d\d)\//, 60_000);
      await server.stop('SIGKILL');
      const result = await loader.exited;
      expect(result.code, loader.output()).toBe(1);
      expect(loader.output()).toContain(`the server (process ${server.pid}) that owns`);
      expect(loader.output()).toContain('went away mid-load');

      // Whatever was stored is whole: loading again completes it to exactly a clean load.
      const again = await startServe(env);
      const rerun = load([dir], env);
      expect((await rerun.exited).code, rerun.output()).toBe(0);
      expect(rerun.output()).toMatch(/unchanged [1-9]\d*/);
      await again.stop('SIGTERM');
      const want = await cleanLoadFingerprint([seeds, dir]);
      const stored = await open();
      try {
        expect(await fingerprint(stored.db)).toEqual(want);
      } finally {
        await stored.close();
      }
    },
    180_000,
  );

  it.skipIf(testDriver === 'postgres')(
    'answers /health and queries that need no database while a slow statement runs on the embedded one',
    async () => {
      const { env } = await target();
      const server = await startServe(env);
      const lock = JSON.parse(await readFile(join(env.PGLITE_DIR as string, LOCK_FILE), 'utf8')) as { socket: string };
      const sql = postgres({ path: lock.socket, user: 'postgres', database: 'postgres', max: 1, onnotice: () => {} });
      try {
        const slow = sql`select pg_sleep(3)`.then(() => Date.now());
        await new Promise((r) => setTimeout(r, 500));
        const started = Date.now();
        const health = await fetch(`${server.url}/health`);
        expect(health.status).toBe(200);
        expect(await query<{ __typename: string }>(server.url, '{ __typename }')).toEqual({ __typename: 'Query' });
        const answeredIn = Date.now() - started;
        // A statement waits its turn on the one backend, and then answers.
        const count = articleCount(server.url).then((n) => ({ n, at: Date.now() }));
        const slowDone = await slow;
        expect(answeredIn).toBeLessThan(slowDone - started);
        expect((await count).n).toBe(1);
      } finally {
        await sql.end({ timeout: 1 });
        await server.stop('SIGTERM');
      }
    },
  );
});
