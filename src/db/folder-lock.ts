import { linkSync, mkdirSync, readFileSync, renameSync, rmdirSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';

/** What the lock file says about the process that holds a PGlite folder. */
export interface LockHolder {
  pid: number;
  hostname: string;
  /** The holder's start time as the kernel counts it (Linux), so a reused pid is not taken for it. */
  processStart: string | null;
  /** What the holder is: `serve`, `load`, `migrate`. */
  command: string;
  since: string;
  /** Where the holder serves the database over the Postgres wire protocol, if it does. */
  socket?: string;
}

export const LOCK_FILE = 'newsgraph.lock';

/** Another live process holds the folder. The message names the folder, the holder and what to do. */
export class FolderInUseError extends Error {
  constructor(
    readonly folder: string,
    readonly holder: LockHolder,
  ) {
    const who = `process ${holder.pid}${holder.hostname !== hostname() ? ` on ${holder.hostname}` : ''}`;
    super(
      `The embedded database in ${folder} is in use by ${who} (newsgraph ${holder.command}, since ${holder.since}). ` +
        'Only one process may open a PGlite folder at a time: two corrupt it. ' +
        `Stop that process first (kill ${holder.pid}), or set PGLITE_DIR to another folder, ` +
        'or DATABASE_URL to a Postgres server that many processes can share.',
    );
    this.name = 'FolderInUseError';
  }
}

/** Field 22 of /proc/PID/stat: the process's start time in clock ticks since boot (null off Linux). */
function processStart(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) is in parentheses and may hold spaces: count from the last ")".
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return fields[19] ?? null;
  } catch {
    return null;
  }
}

function isAlive(holder: LockHolder): boolean {
  // A holder on another machine (a shared folder) cannot be checked: it is taken to be alive.
  if (holder.hostname !== hostname()) return true;
  try {
    process.kill(holder.pid, 0);
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  const start = processStart(holder.pid);
  return holder.processStart === null || start === null || start === holder.processStart;
}

function readHolder(path: string): LockHolder | null {
  try {
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as LockHolder;
    return typeof parsed.pid === 'number' ? parsed : null;
  } catch {
    return null;
  }
}

export interface FolderLock {
  holder: LockHolder;
  /** A holder found dead and replaced on the way in, to tell the user. */
  replacedStale: LockHolder | null;
  /** Rewrites the lock file's information (to add the socket address once it listens). */
  update(extra: Partial<Pick<LockHolder, 'socket'>>): void;
  release(): void;
}

/** Reads who holds `folder`, or null when nobody alive does. */
export function folderHolder(folder: string): LockHolder | null {
  const holder = readHolder(join(folder, LOCK_FILE));
  return holder && isAlive(holder) ? holder : null;
}

/**
 * Takes the lock of a PGlite folder for this process, or throws FolderInUseError naming the live
 * holder. The lock is a file of the holder's pid made by an atomic link, so it appears whole or not
 * at all; a holder that died (a crash, SIGKILL) is noticed by its pid being gone or reused, and its
 * lock is taken over. Chosen over an mtime lock (proper-lockfile) because that one is declared stale
 * when the holder fails to touch it for some seconds, which a long synchronous PGlite query or a
 * suspended laptop does, and because it cannot say which process holds the folder.
 */
export function lockFolder(folder: string, command: string): FolderLock {
  mkdirSync(folder, { recursive: true });
  const path = join(folder, LOCK_FILE);
  const holder: LockHolder = {
    pid: process.pid,
    hostname: hostname(),
    processStart: processStart(process.pid),
    command,
    since: new Date().toISOString(),
  };
  let replacedStale: LockHolder | null = null;
  const temp = `${path}.${process.pid}.tmp`;
  for (let attempt = 0; ; attempt++) {
    writeFileSync(temp, JSON.stringify(holder));
    try {
      linkSync(temp, path);
      unlinkSync(temp);
      break;
    } catch (error) {
      unlinkSync(temp);
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const current = readHolder(path);
    if (current && isAlive(current)) throw new FolderInUseError(folder, current);
    if (attempt >= 20) throw new Error(`cannot take the lock ${path}: it keeps changing; is another program using it?`);
    breakStaleLock(path, current);
    replacedStale = current;
  }
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    process.removeListener('exit', release);
    // Only our own lock is removed: never one a later holder took after ours was judged stale.
    if (readHolder(path)?.pid === holder.pid) unlinkSync(path);
  };
  process.on('exit', release);
  return {
    holder,
    replacedStale,
    update: (extra) => {
      Object.assign(holder, extra);
      const next = `${path}.${process.pid}.tmp`;
      writeFileSync(next, JSON.stringify(holder));
      // rename replaces the file atomically: a reader sees the old information or the new.
      renameSync(next, path);
    },
    release,
  };
}

/**
 * Removes a stale lock, once: two processes that both found it stale would otherwise both remove
 * it, the second removing the lock the first had just taken. A directory made beside it (mkdir is
 * atomic) lets one of them at a time look again and remove it.
 */
function breakStaleLock(path: string, seen: LockHolder | null): void {
  const guard = `${path}.break`;
  try {
    mkdirSync(guard);
  } catch {
    // Another process is breaking it; a guard left by a crash is cleared after a while.
    try {
      if (Date.now() - statSync(guard).mtimeMs > 10_000) rmdirSync(guard);
    } catch {}
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 50);
    return;
  }
  try {
    const now = readHolder(path);
    const same = now === null ? seen === null : seen !== null && now.pid === seen.pid && now.since === seen.since;
    if (same && !(now && isAlive(now))) {
      try {
        unlinkSync(path);
      } catch {}
    }
  } finally {
    rmdirSync(guard);
  }
}
