import type { Database } from './client.js';

/**
 * Calls `onPayload` with each notification on `channel` (LISTEN/NOTIFY), from any process writing
 * to the database; resolves with a function that stops listening. On Postgres postgres.js listens
 * on a connection of its own (and listens again after a reconnect); an in-process PGlite listens
 * on its one session. A PGlite reached over its owner's socket cannot: the owner's session listens
 * for everyone (`openOwnedPglite`'s `channels` and `onNotification`).
 */
export async function listenTo(
  database: Database,
  channel: string,
  onPayload: (payload: string) => void,
): Promise<() => Promise<void>> {
  const { raw } = database;
  if (raw.kind === 'postgres') {
    const { unlisten } = await raw.client.listen(channel, onPayload);
    return unlisten;
  }
  if (raw.kind === 'pglite') {
    const stop = await raw.client.listen(channel, onPayload);
    return stop;
  }
  throw new Error(
    'a PGlite database reached over a socket is listened to by its owner: pass `channels` to openOwnedPglite',
  );
}
