import { type ChildProcess, spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createDb } from '../src/db/client.js';
import { GRAPH_CASES, seedVariants } from './helpers/articles.js';
import { createTestDatabase, migratedPgliteFolder, type TestDatabase } from './helpers/database.js';
import { cleanLoadFingerprint, fingerprint } from './helpers/fingerprint.js';

const root = new URL('..', import.meta.url).pathname;
const cleanups: (() => Promise<void>)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

/** Runs `load` as its own process; resolves with its exit code, or kills it once `killWhen` says so. */
function runLoad(dir: string, env: Record<string, string>, killWhen?: (output: string) => boolean) {
  // node itself with tsx as a loader, not the tsx command: that runs node as a child of its own,
  // which a SIGKILL to tsx leaves running, still loading and holding the folder.
  const child: ChildProcess = spawn(
    process.execPath,
    ['--import', 'tsx', 'src/cli.ts', 'load', dir, '--batch-size', '4', '--workers', '0', '--progress-interval', '0'],
    { cwd: root, env: { ...process.env, DATABASE_URL: '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  return new Promise<{ code: number | null; signal: NodeJS.Signals | null; output: string }>((resolve) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (killWhen?.(output) && child.exitCode === null) child.kill('SIGKILL');
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.on('exit', (code, signal) => resolve({ code, signal, output }));
  });
}

const loadedSoFar = (output: string) => {
  const counts = [...output.matchAll(/progress: (\d+)\//g)].map((m) => Number(m[1]));
  return Math.max(0, ...counts);
};

describe('a loader killed with SIGKILL', () => {
  it('leaves a database that a second run brings to exactly the state of a clean load', async () => {
    const dir = await seedVariants(48);
    // Lone surnames, second full names and ties that a graph built in load order gets wrong.
    for (const [name, text] of Object.entries(GRAPH_CASES)) await writeFile(join(dir, name), text);
    let env: Record<string, string>;
    let open: () => Promise<{ db: TestDatabase['db']; close: () => Promise<void> }>;
    if (process.env.TEST_DATABASE_URL) {
      const target = await createTestDatabase();
      cleanups.push(() => target.destroy());
      env = { DATABASE_URL: target.url as string };
      open = async () => ({ db: target.db, close: async () => {} });
    } else {
      const pgliteDir = await migratedPgliteFolder('newsgraph-crash-');
      env = { PGLITE_DIR: pgliteDir };
      open = async () => {
        const database = createDb({ databaseUrl: null, pgliteDir });
        return { db: database.db, close: () => database.close() };
      };
    }

    const killed = await runLoad(dir, env, (output) => loadedSoFar(output) >= 12);
    expect(killed.signal).toBe('SIGKILL');
    expect(loadedSoFar(killed.output)).toBeLessThan(60);

    const rerun = await runLoad(dir, env);
    expect(rerun.code, rerun.output).toBe(0);
    expect(rerun.output).toMatch(/unchanged [1-9]\d*/);

    const want = await cleanLoadFingerprint([dir]);
    const after = await open();
    try {
      expect(await fingerprint(after.db)).toEqual(want);
    } finally {
      await after.close();
    }
  }, 240_000); // three loader processes and a clean load: minutes on a loaded 2-core machine
});
