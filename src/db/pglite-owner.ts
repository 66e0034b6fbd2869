import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { type InterruptHandles, StatementInterrupts } from './pglite-interrupt.js';

export interface OwnerOptions {
  /** The PGlite folder; the calling process must hold its lock. */
  dir: string;
  socketPath: string;
  /** LISTEN channels whose notifications are handed to `onNotification`. */
  channels: string[];
}

export type OwnerMessage =
  | { type: 'ready'; interrupts: InterruptHandles }
  | { type: 'closed' }
  | { type: 'failed'; message: string }
  | { type: 'error'; message: string }
  | { type: 'notification'; channel: string; payload: string };

export interface PgliteOwner {
  socketPath: string;
  /**
   * Serves a cancel request here, on the calling thread: the database thread reads its socket
   * only between statements, too late to stop the one that runs.
   */
  cancel(processId: number, secret: number): void;
  close(): Promise<void>;
}

/**
 * Where the owner of `dir` serves it: a unix socket in the folder itself, so that only who may read
 * the folder may connect; in the system's temporary folder when that path is too long for a socket
 * address (about 100 bytes).
 */
export function ownerSocketPath(dir: string): string {
  const inFolder = join(dir, 'newsgraph.sock');
  if (Buffer.byteLength(inFolder) < 100) return inFolder;
  return join(tmpdir(), `newsgraph-${createHash('sha256').update(dir).digest('hex').slice(0, 16)}.sock`);
}

/**
 * Opens the PGlite folder on a thread of its own and serves it over the Postgres wire protocol on a
 * unix socket, for this process's own connections and for loaders in other processes alike.
 * Migrations are applied before it answers.
 */
export async function startPgliteOwner(
  dir: string,
  options: {
    socketPath: string;
    channels?: string[];
    onNotification?: (channel: string, payload: string) => void;
    onError?: (message: string) => void;
  },
): Promise<PgliteOwner> {
  const { socketPath } = options;
  const workerOptions: OwnerOptions = { dir, socketPath, channels: options.channels ?? [] };
  const worker = new Worker(new URL('./pglite-owner-entry.mjs', import.meta.url), { workerData: workerOptions });
  let closed: (() => void) | null = null;
  const interrupts = await new Promise<StatementInterrupts>((resolve, reject) => {
    worker.on('message', (message: OwnerMessage) => {
      if (message.type === 'ready') resolve(new StatementInterrupts(message.interrupts));
      else if (message.type === 'failed')
        reject(new Error(`the embedded database in ${dir} did not open: ${message.message}`));
      else if (message.type === 'notification') options.onNotification?.(message.channel, message.payload);
      else if (message.type === 'error') options.onError?.(message.message);
      else if (message.type === 'closed') closed?.();
    });
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`the embedded database thread exited (${code}) before it opened`)));
  });
  return {
    socketPath,
    cancel: (processId, secret) => {
      interrupts.cancelConnection(processId, secret);
    },
    close: async () => {
      await new Promise<void>((resolve) => {
        closed = resolve;
        worker.postMessage({ type: 'close' });
      });
      await worker.terminate();
    },
  };
}
