import { readdir, readFile, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { connect } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/app.js';
import { listenTo } from '../src/db/listen.js';
import { LiveFeed } from '../src/graphql/live.js';
import { ARTICLES_CHANNEL, articlesInPayload } from '../src/ingest/events.js';
import { loadArticles } from '../src/ingest/load.js';
import { seedVariants } from './helpers/articles.js';
import { createTestDatabase, type TestDatabase } from './helpers/database.js';

let database: TestDatabase;
let server: Server;
let feed: LiveFeed;
let port: number;
let unlisten: () => Promise<void>;

beforeAll(async () => {
  database = await createTestDatabase();
  // A short queue, so that a stuck subscriber overflows within a few batches.
  feed = new LiveFeed(4);
  unlisten = await listenTo(database, ARTICLES_CHANNEL, (payload) => feed.publish(articlesInPayload(payload)));
  server = createServer(createApp({ db: database.db, logger: false, live: feed }));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  feed?.close();
  server?.closeAllConnections();
  await new Promise((r) => server?.close(r));
  await unlisten?.();
  await database?.destroy();
});

describe('a subscriber that never reads', () => {
  it('never blocks loading: it falls behind, is closed, and its queue dropped', async () => {
    // A raw HTTP client that sends a subscription and then reads nothing at all.
    const socket = connect(port, '127.0.0.1');
    await new Promise((r) => socket.once('connect', r));
    // Each event over half a megabyte (a 35 kB body twenty times): the socket's buffers fill within a
    // few, then the server stops pulling events for it, and its queue fills.
    const fields = Array.from({ length: 20 }, (_, i) => `b${i}: body`).join(' ');
    const body = JSON.stringify({ query: `subscription { articleAdded { headline ${fields} } }` });
    socket.write(
      `POST /graphql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nAccept: text/event-stream\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
    );
    socket.pause();
    for (let waited = 0; feed.stats().subscribers === 0 && waited < 10_000; waited += 50) {
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(feed.stats().subscribers).toBe(1);

    // Thirty batches of one article each: far more than the subscriber can take.
    const dir = await seedVariants(30);
    for (const name of await readdir(dir)) {
      const text = await readFile(join(dir, name), 'utf8');
      // Intro, headline, agency and date line, then the story: the story fifteen times over.
      const story = text.split('\n\n').slice(3).join('\n\n').trim();
      await writeFile(join(dir, name), `${text}\n\n${Array.from({ length: 15 }, () => story).join('\n\n')}\n`);
    }
    const summary = await loadArticles(database.db, [dir], { batchSize: 1, workers: 0 });
    expect(summary.loaded).toBe(30);
    expect(summary.failed).toEqual([]);
    for (let waited = 0; feed.stats().subscribers > 0 && waited < 10_000; waited += 50) {
      await new Promise((r) => setTimeout(r, 50));
    }
    const stats = feed.stats();
    expect(stats.subscribers).toBe(0);
    expect(stats.dropped).toBe(1);
    expect(stats.deepestQueue).toBeLessThanOrEqual(4);
    // The server still answers others.
    const response = await fetch(`http://127.0.0.1:${port}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ stats { articles } }' }),
    });
    expect(((await response.json()) as { data: { stats: { articles: number } } }).data.stats.articles).toBe(30);
    socket.destroy();
  });
});

describe('the live feed', () => {
  it('closes a subscriber that falls behind with an error saying so, and keeps serving the others', async () => {
    const live = new LiveFeed(2);
    const stuck = live.batches(async (ids) => ids);
    const reader = live.batches(async (ids) => ids);
    // Generators start on their first pull: both subscribe now.
    const first = stuck.next();
    const read = reader.next();
    await new Promise((r) => setTimeout(r, 0));
    expect(live.stats().subscribers).toBe(2);
    live.publish([1]);
    expect((await read).value).toBe(1);
    expect((await first).value).toBe(1);
    for (let id = 2; id <= 5; id++) {
      live.publish([id]);
      expect((await reader.next()).value).toBe(id);
    }
    expect(live.stats()).toMatchObject({ subscribers: 1, dropped: 1 });
    await expect(stuck.next()).rejects.toThrow(/fell more than 2 batches .* behind/);
    live.close();
    expect((await reader.next()).done).toBe(true);
  });
});
