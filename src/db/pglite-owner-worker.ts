import { rmSync } from 'node:fs';
import { parentPort, Worker, workerData } from 'node:worker_threads';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { drizzle } from 'drizzle-orm/pglite';
import { migrate } from 'drizzle-orm/pglite/migrator';
import { migrationsFolder } from './client.js';
import {
  interruptHandles,
  StatementInterrupts,
  sharedMemoryExtension,
  shareExtensionLibraries,
} from './pglite-interrupt.js';
import type { OwnerMessage, OwnerOptions } from './pglite-owner.js';
import { serveWire } from './pglite-wire.js';

// The owning process's database thread: PGlite's statements run here, synchronously, so the HTTP
// thread stays free while one is slow; everyone reaches it over the wire protocol.
const { dir, socketPath, channels } = workerData as OwnerOptions;
const post = (message: OwnerMessage) => parentPort?.postMessage(message);

let interrupts: StatementInterrupts | null = null;
try {
  // Its memory shared, so that the watchdog and the HTTP thread can stop a statement it runs.
  const pg = new PGlite(dir, { extensions: { sharedMemory: sharedMemoryExtension(), pg_trgm } });
  await pg.waitReady;
  shareExtensionLibraries(pg);
  await migrate(drizzle({ client: pg }), { migrationsFolder });
  // The one session listens for every client; the wire server hands notifications up.
  for (const channel of channels) await pg.exec(`listen "${channel.replaceAll('"', '')}"`);
  const handles = interruptHandles(pg);
  interrupts = new StatementInterrupts(handles);
  const watchdog = new Worker(new URL('./pglite-watchdog-entry.mjs', import.meta.url), { workerData: handles });
  // Serving starts once statements are timed from their first moment.
  await new Promise((resolve, reject) => {
    watchdog.once('message', resolve);
    watchdog.once('error', reject);
  });
  // A socket file a crashed owner left: ours to remove, since this process holds the folder's lock.
  rmSync(socketPath, { force: true });
  const wire = await serveWire({
    pg,
    path: socketPath,
    interrupts,
    onNotification: (channel, payload) => post({ type: 'notification', channel, payload }),
    onError: (error) => post({ type: 'error', message: error instanceof Error ? error.message : String(error) }),
  });
  const stopping = interrupts;
  parentPort?.on('message', async (message: { type: 'close' }) => {
    if (message.type !== 'close') return;
    await wire.close();
    // Before PGlite closes: nothing may be cancelled from now on.
    stopping.close();
    await pg.close();
    await watchdog.terminate();
    rmSync(socketPath, { force: true });
    post({ type: 'closed' });
  });
  post({ type: 'ready', interrupts: handles });
} catch (error) {
  // Ends the watchdog's loop, if it had started.
  interrupts?.close();
  post({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
}
