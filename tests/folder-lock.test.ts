import { mkdtemp, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FolderInUseError, LOCK_FILE, lockFolder } from '../src/db/folder-lock.js';
import { migratedPgliteFolder } from './helpers/database.js';
import { spawnCli, stopAll } from './helpers/processes.js';

afterEach(stopAll);

/** Size and modification time of every file under a folder, but the lock itself. */
async function snapshot(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const files = entries.filter((e) => e.isFile() && e.name !== LOCK_FILE);
  return (
    await Promise.all(
      files.map(async (e) => {
        const path = join(e.parentPath, e.name);
        const s = await stat(path);
        return `${path} ${s.size} ${s.mtimeMs}`;
      }),
    )
  ).sort();
}

describe('one owner for a PGlite folder', () => {
  it('of two servers started at once on one folder, one serves and the other says who holds it and changes nothing', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'newsgraph-lock-'));
    const a = spawnCli(['serve'], { PGLITE_DIR: dir });
    const b = spawnCli(['serve'], { PGLITE_DIR: dir });
    const first = await Promise.any([
      a.waitFor('/graphql', 90_000).then(() => ({ winner: a, loser: b })),
      b.waitFor('/graphql', 90_000).then(() => ({ winner: b, loser: a })),
    ]);
    const refused = await first.loser.exited;
    expect(refused.code).toBe(1);
    const message = first.loser.output();
    expect(message).toContain(`The embedded database in ${dir} is in use by process ${first.winner.pid}`);
    expect(message).toContain(`kill ${first.winner.pid}`);

    // A third opener while it runs writes nothing into the folder.
    const before = await snapshot(dir);
    const migrate = spawnCli(['migrate'], { PGLITE_DIR: dir });
    expect((await migrate.exited).code).toBe(1);
    expect(migrate.output()).toContain(`in use by process ${first.winner.pid}`);
    expect(await snapshot(dir)).toEqual(before);

    // The holder stops cleanly and gives the folder back.
    await first.winner.stop('SIGTERM');
    expect((await first.winner.exited).code).toBe(0);
    await expect(stat(join(dir, LOCK_FILE))).rejects.toThrow();
  }, 180_000);

  it('takes over the lock of a holder that was killed, and keeps its data', async () => {
    const dir = await migratedPgliteFolder('newsgraph-lock-');
    const server = spawnCli(['serve'], { PGLITE_DIR: dir });
    await server.waitFor('/graphql', 90_000);
    await server.stop('SIGKILL');
    const holder = JSON.parse(await readFile(join(dir, LOCK_FILE), 'utf8')) as { pid: number };
    expect(holder.pid).toBe(server.pid);

    const load = spawnCli(['load', 'seeds'], { PGLITE_DIR: dir });
    expect((await load.exited).code, load.output()).toBe(0);
    expect(load.output()).toContain(`took over the lock process ${server.pid} left behind`);
    expect(load.output()).toContain('loaded 0, updated 0, unchanged 1, failed 0');
  }, 180_000);
});

describe('lockFolder', () => {
  it('refuses a second holder in the same process, naming the pid, and frees the folder on release', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'newsgraph-lock-'));
    const lock = lockFolder(dir, 'test');
    expect(() => lockFolder(dir, 'test')).toThrow(FolderInUseError);
    expect(() => lockFolder(dir, 'test')).toThrow(`in use by process ${process.pid}`);
    lock.release();
    lockFolder(dir, 'test').release();
  });

  it('judges a lock stale when its pid now belongs to a process started at another time (a reused pid)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'newsgraph-lock-'));
    const reused = { pid: process.pid, hostname: hostname(), processStart: '1', command: 'serve', since: 'earlier' };
    await writeFile(join(dir, LOCK_FILE), JSON.stringify(reused));
    const lock = lockFolder(dir, 'test');
    expect(lock.replacedStale).toMatchObject({ since: 'earlier' });
    lock.release();
  });

  it('judges a lock stale when its process is gone, and an unreadable lock file too', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'newsgraph-lock-'));
    const gone = spawnCli(['--help'], {});
    await gone.exited;
    await writeFile(join(dir, LOCK_FILE), JSON.stringify({ pid: gone.pid, hostname: hostname(), processStart: null }));
    const lock = lockFolder(dir, 'test');
    expect(lock.replacedStale?.pid).toBe(gone.pid);
    lock.release();
    await writeFile(join(dir, LOCK_FILE), '{"pid":');
    lockFolder(dir, 'test').release();
  });
});
