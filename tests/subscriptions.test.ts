import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createClient } from 'graphql-sse';
import { afterEach, describe, expect, it } from 'vitest';
import { seedVariants } from './helpers/articles.js';
import { createTestDatabase, migratedPgliteFolder, testDriver } from './helpers/database.js';
import { spawnCli, startServe, stopAll } from './helpers/processes.js';

const cleanups: (() => Promise<void>)[] = [];

afterEach(async () => {
  await stopAll();
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function target(): Promise<Record<string, string>> {
  if (testDriver === 'postgres') {
    const database = await createTestDatabase();
    cleanups.push(() => database.destroy());
    return { DATABASE_URL: database.url as string };
  }
  return { PGLITE_DIR: await migratedPgliteFolder('newsgraph-sse-') };
}

interface Received<T> {
  events: T[];
  /** Resolves once `count` events have arrived. */
  until(count: number, timeoutMs?: number): Promise<T[]>;
  stop(): void;
}

/** Subscribes over SSE with graphql-sse, as a browser or a service would. */
function subscribe<T>(url: string, query: string, variables: Record<string, unknown> = {}): Received<T> {
  const client = createClient({ url: `${url}/graphql`, retryAttempts: 0 });
  const events: T[] = [];
  const waiters = new Set<() => void>();
  let failure: unknown = null;
  const stop = client.subscribe<T>(
    { query, variables },
    {
      next: (value) => {
        if (value.errors) failure = new Error(JSON.stringify(value.errors));
        else events.push(value.data as T);
        for (const w of waiters) w();
      },
      error: (error) => {
        failure = error;
        for (const w of waiters) w();
      },
      complete: () => {},
    },
  );
  return {
    events,
    stop: () => {
      stop();
      client.dispose();
    },
    until: (count, timeoutMs = 60_000) =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`${events.length} of ${count} events within ${timeoutMs} ms`)),
          timeoutMs,
        );
        const check = () => {
          if (failure) {
            clearTimeout(timer);
            reject(failure);
          } else if (events.length >= count) {
            clearTimeout(timer);
            waiters.delete(check);
            resolve(events.slice(0, count));
          }
        };
        waiters.add(check);
        check();
      }),
  };
}

interface ArticleEvent {
  articleAdded: {
    headline: string;
    source: string | null;
    persons: { edges: { node: { name: string } }[] };
    quotes: { totalCount: number; edges: { node: { text: string; speakerLabel: string | null } }[] };
  };
}

describe('subscriptions over server-sent events', () => {
  it('sends articles a loader in another process stores, with their people and quotes, filtered on the server', async () => {
    const env = await target();
    const server = await startServe(env);
    const blinken = (
      (await (
        await fetch(`${server.url}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ query: '{ persons(search: "Antony Blinken", first: 1) { edges { node { id } } } }' }),
        })
      ).json()) as { data: { persons: { edges: { node: { id: string } }[] } } }
    ).data.persons.edges[0]?.node.id;
    expect(blinken).toBeDefined();

    const articles = subscribe<ArticleEvent>(
      server.url,
      `subscription ($filter: ArticleFilter) { articleAdded(filter: $filter) {
        headline source
        persons { edges { node { name } } }
        quotes { totalCount edges { node { text speakerLabel } } }
      } }`,
      { filter: { sources: ['AFP'] } },
    );
    const quotes = subscribe<{
      quoteAdded: { text: string; speaker: { name: string } | null; article: { headline: string } };
    }>(
      server.url,
      'subscription ($speaker: ID) { quoteAdded(speaker: $speaker) { text speaker { name } article { headline } } }',
      { speaker: blinken },
    );
    // The SSE streams are open once the server has answered their requests; give them a moment.
    await new Promise((r) => setTimeout(r, 1_500));

    const dir = await seedVariants(3);
    // One article from another agency: the filter keeps it from the AFP subscriber.
    await writeFile(
      join(dir, 'other.jsonl'),
      JSON.stringify({
        headline: 'Reuters story',
        publishedAt: '2022-01-20T10:00:00Z',
        source: 'Reuters',
        body: 'Secretary of State Antony Blinken spoke in Geneva. "We are ready," Blinken said.',
      }),
    );
    const loader = spawnCli(['load', dir, '--batch-size', '2', '--workers', '0', '--progress-interval', '0'], env);
    expect((await loader.exited).code, loader.output()).toBe(0);

    const received = await articles.until(3);
    expect(received.map((e) => e.articleAdded.headline).sort()).toEqual([
      'Talks on Ukraine, day 1',
      'Talks on Ukraine, day 2',
      'Talks on Ukraine, day 3',
    ]);
    for (const { articleAdded } of received) {
      expect(articleAdded.source).toBe('AFP');
      expect(articleAdded.persons.edges.map((e) => e.node.name)).toContain('Antony Blinken');
      expect(articleAdded.quotes.totalCount).toBeGreaterThan(0);
      expect(articleAdded.quotes.edges[0]?.node.speakerLabel).toBe('a US official');
    }
    // Blinken's quote, from the Reuters story; the seed's quotes are a US official's, not his.
    const [blinkenQuote] = await quotes.until(1);
    expect(blinkenQuote?.quoteAdded).toEqual({
      text: 'We are ready',
      speaker: { name: 'Antony Blinken' },
      article: { headline: 'Reuters story' },
    });
    await new Promise((r) => setTimeout(r, 500));
    expect(articles.events).toHaveLength(3);
    expect(quotes.events).toHaveLength(1);
    articles.stop();
    quotes.stop();
    await server.stop('SIGTERM');
    expect((await server.exited).code).toBe(0);
  }, 180_000);
});
