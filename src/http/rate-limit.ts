import { createHash, timingSafeEqual } from 'node:crypto';
import { createGraphQLError, type Plugin } from 'graphql-yoga';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';

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

function addressOf(request: Request, serverContext: unknown, trustProxy: boolean): string {
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
export function clientOf(request: Request, serverContext: unknown, options: RateLimitOptions): string {
  return (
    apiKeyOf(request.headers.get('authorization'), options.apiKeyHashes) ??
    `ip:${addressOf(request, serverContext, options.trustProxy)}`
  );
}

/**
 * At most `operations` GraphQL operations per client per window, counted when the request's
 * parameters are read (before parsing, so a refused one costs almost nothing); the one over is
 * answered 429 with `Retry-After` in seconds and the code RATE_LIMITED. `/health`, `/ready`,
 * `/metrics` and GraphiQL's page are not operations and are never limited. Counts live in this
 * process's memory (rate-limiter-flexible's fixed window): several servers behind a balancer
 * each count their own share.
 */
export function useRateLimit(options: RateLimitOptions): Plugin {
  const limiter = new RateLimiterMemory({ points: options.operations, duration: options.windowSeconds });
  return {
    async onParams({ request, context }) {
      const client = clientOf(request, context, options);
      try {
        await limiter.consume(client);
      } catch (rejection) {
        if (!(rejection instanceof RateLimiterRes)) throw rejection;
        const seconds = Math.max(1, Math.ceil(rejection.msBeforeNext / 1000));
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
      }
    },
  };
}
