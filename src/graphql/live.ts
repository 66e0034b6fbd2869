import { createGraphQLError } from 'graphql-yoga';

/** Batches of new article ids a subscriber may fall behind by before it is closed. */
export const DEFAULT_QUEUE_LIMIT = 256;

interface Subscriber {
  queue: number[][];
  /** Wakes the subscriber's iterator when it waits for a batch. */
  wake: (() => void) | null;
  overflowed: boolean;
  closed: boolean;
}

export interface LiveFeedStats {
  subscribers: number;
  /** Subscribers closed because they fell too far behind. */
  dropped: number;
  /** The most batches any subscriber had waiting at once. */
  deepestQueue: number;
}

/**
 * Fans out the articles announced on the database (LISTEN/NOTIFY) to this process's
 * subscriptions. Publishing never waits for a subscriber: each has a queue of its own, bounded,
 * and one that falls `queueLimit` batches behind (a client that stopped reading, a connection
 * gone quiet) is closed with an error saying so, its queue dropped. A writer never blocks on a
 * subscriber; a subscriber costs at most its queue.
 */
export class LiveFeed {
  private readonly subscribers = new Set<Subscriber>();
  private dropped = 0;
  private deepest = 0;

  constructor(private readonly queueLimit = DEFAULT_QUEUE_LIMIT) {}

  publish(articleIds: number[]): void {
    if (!articleIds.length) return;
    for (const s of this.subscribers) {
      if (s.queue.length >= this.queueLimit) {
        s.overflowed = true;
        s.queue = [];
        this.subscribers.delete(s);
        this.dropped++;
      } else {
        s.queue.push(articleIds);
        this.deepest = Math.max(this.deepest, s.queue.length);
      }
      s.wake?.();
    }
  }

  stats(): LiveFeedStats {
    return { subscribers: this.subscribers.size, dropped: this.dropped, deepestQueue: this.deepest };
  }

  /** Ends every subscription (the server is stopping). */
  close(): void {
    for (const s of this.subscribers) {
      s.closed = true;
      s.wake?.();
    }
    this.subscribers.clear();
  }

  /**
   * The batches of article ids announced from now on, for one subscription, each passed through
   * `select` (the subscription's server-side filter, run when the subscriber is ready for it).
   */
  async *batches<T>(select: (articleIds: number[]) => Promise<T[]>, signal?: AbortSignal): AsyncGenerator<T> {
    const s: Subscriber = { queue: [], wake: null, overflowed: false, closed: false };
    this.subscribers.add(s);
    const onAbort = () => {
      s.closed = true;
      s.wake?.();
    };
    signal?.addEventListener('abort', onAbort);
    try {
      for (;;) {
        const next = s.queue.shift();
        if (next) {
          for (const item of await select(next)) yield item;
          continue;
        }
        if (s.overflowed) {
          throw createGraphQLError(
            `This subscription fell more than ${this.queueLimit} batches of articles behind and was closed; subscribe again.`,
            { extensions: { code: 'SUBSCRIBER_TOO_SLOW' } },
          );
        }
        if (s.closed) return;
        await new Promise<void>((resolve) => {
          s.wake = resolve;
        });
        s.wake = null;
      }
    } finally {
      signal?.removeEventListener('abort', onAbort);
      this.subscribers.delete(s);
    }
  }
}
