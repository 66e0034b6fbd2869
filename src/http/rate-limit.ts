import { createHash, timingSafeEqual } from 'node:crypto';
import { createGraphQLError, type Plugin } from 'graphql-yoga';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import type { HeaderSource } from './cors.js';
import { handedOff } from './handoff.js';

export interface RateLimitOptions {
  /** Operations one client may run per window. */
  operations: number;
  windowSeconds: number;
  /** SHA-256 digests of the API keys: a request with one of them is counted by its key. */
  apiKeyHashes: Buffer[];
  /** Behind a proxy, the client is the first address of `X-Forwarded-For`; else the socket's peer. */
  trustProxy: boolean;
}

/** The key of a valid API key, by a prefix of its digest (the key itself is never held). */
function apiKeyOf(authorization: string | null, hashes: Buffer[]): string | null {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
  if (!match || !hashes.length) return null;
  const presented = createHash('sha256')
    .update(match[1] as string)
    .digest();
  let found: Buffer | null = null;
  for (const hash of hashes) if (timingSafeEqual(presented, hash)) found = hash;
  return found ? `key:${found.toString('hex').slice(0, 16)}` : null;
}

function addressOf(request: HeaderSource, serverContext: unknown, trustProxy: boolean): string {
  if (trustProxy) {
    const forwarded = request.headers.get('x-forwarded-for')?.split(',')[0]?.trim();
    if (forwarded) return forwarded.slice(0, 64);
  }
  const socket = (serverContext as { req?: { socket?: { remoteAddress?: string } } } | undefined)?.req?.socket;
  return socket?.remoteAddress ?? 'unknown';
}

/**
 * Who a request counts against: its API key when it carries a valid one (many clients behind one
 * address each get their own budget), otherwise its address. A wrong key counts against the
 * address, so making up keys buys no fresh budget.
 */
export function clientOf(request: HeaderSource, serverContext: unknown, options: RateLimitOptions): string {
  return (
    apiKeyOf(request.headers.get('authorization'), options.apiKeyHashes) ??
    `ip:${addressOf(request, serverContext, options.trustProxy)}`
  );
}

/** One limiter's budget, which the plugin and the compiled tier's fast path both draw on. */
export interface RateLimiter {
  options: RateLimitOptions;
  /** Counts one operation of the request's client: null when it may run, else the seconds to wait. */
  take(request: HeaderSource, serverContext: unknown): Promise<number | null>;
}

export function createRateLimiter(options: RateLimitOptions): RateLimiter {
  const limiter = new RateLimiterMemory({ points: options.operations, duration: options.windowSeconds });
  return {
    options,
    async take(request, serverContext) {
      try {
        await limiter.consume(clientOf(request, serverContext, options));
        return null;
      } catch (rejection) {
        if (!(rejection instanceof RateLimiterRes)) throw rejection;
        return Math.max(1, Math.ceil(rejection.msBeforeNext / 1000));
      }
    },
  };
}

/**
 * At most `operations` GraphQL operations per client per window, counted when the request's
 * parameters are read (before parsing, so a refused one costs almost nothing); the one over is
 * answered 429 with `Retry-After` in seconds and the code RATE_LIMITED. `/health`, `/ready`,
 * `/metrics` and GraphiQL's page are not operations and are never limited. Counts live in this
 * process's memory (rate-limiter-flexible's fixed window): several servers behind a balancer
 * each count their own share. A request the fast path counted already comes with its verdict.
 */
export function useRateLimit(limiter: RateLimiter): Plugin {
  const { options } = limiter;
  return {
    async onParams({ request, context }) {
      const handed = handedOff(context)?.rateLimit;
      const seconds = handed === undefined ? await limiter.take(request, context) : handed;
      if (seconds === null) return;
      throw createGraphQLError(
        `Too many operations: at most ${options.operations} every ${options.windowSeconds} s from one client; try again in ${seconds} s.`,
        {
          extensions: {
            code: 'RATE_LIMITED',
            retryAfterSeconds: seconds,
            http: { status: 429, headers: { 'Retry-After': String(seconds) } },
          },
        },
      );
    },
  };
}
