import { rmSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { drizzle } from 'drizzle-orm/pglite';
import { migrate } from 'drizzle-orm/pglite/migrator';
import { migrationsFolder } from './client.js';
import type { OwnerMessage, OwnerOptions } from './pglite-owner.js';
import { serveWire } from './pglite-wire.js';

// The owning process's database thread: PGlite's statements run here, synchronously, so the HTTP
// thread stays free while one is slow; everyone reaches it over the wire protocol.
const { dir, socketPath, channels } = workerData as OwnerOptions;
const post = (message: OwnerMessage) => parentPort?.postMessage(message);

try {
  const pg = new PGlite(dir, { extensions: { pg_trgm } });
  await pg.waitReady;
  await migrate(drizzle({ client: pg }), { migrationsFolder });
  // The one session listens for every client; the wire server hands notifications up.
  for (const channel of channels) await pg.exec(`listen "${channel.replaceAll('"', '')}"`);
  // A socket file a crashed owner left: ours to remove, since this process holds the folder's lock.
  rmSync(socketPath, { force: true });
  const wire = await serveWire({
    pg,
    path: socketPath,
    onNotification: (channel, payload) => post({ type: 'notification', channel, payload }),
    onError: (error) => post({ type: 'error', message: error instanceof Error ? error.message : String(error) }),
  });
  parentPort?.on('message', async (message: { type: 'close' }) => {
    if (message.type !== 'close') return;
    await wire.close();
    await pg.close();
    rmSync(socketPath, { force: true });
    post({ type: 'closed' });
  });
  post({ type: 'ready' });
} catch (error) {
  post({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
}
