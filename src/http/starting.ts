import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Log } from './log.js';
import { databaseReason } from './readiness.js';

/** What the server is doing before it serves: `/ready` gives it as its reason. */
export interface StartingState {
  reason: string;
}

/**
 * Answers while the server starts (waiting for the database, migrating, seeding): `/health` 200
 * (the process is alive; an orchestrator should not restart it), `/ready` 503 with the reason in
 * JSON, anything else 503 with the same reason as a GraphQL error and `Retry-After`.
 */
export function startingHandler(state: StartingState) {
  return (request: IncomingMessage, response: ServerResponse): void => {
    const path = (request.url ?? '/').split('?')[0];
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      response.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store', ...headers });
      response.end(JSON.stringify(body));
    };
    request.resume();
    if (path === '/health') send(200, { status: 'starting' });
    else if (path === '/ready') send(503, { ready: false, reason: state.reason });
    else {
      send(
        503,
        { errors: [{ message: `The server is starting: ${state.reason}.`, extensions: { code: 'STARTING' } }] },
        { 'retry-after': '5' },
      );
    }
  };
}

/** Failures worth waiting out: the database is not up yet, or is starting, or the network is. */
const TRANSIENT = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ETIMEDOUT',
  'CONNECT_TIMEOUT',
  'CONNECTION_CLOSED',
  'CONNECTION_ENDED',
  'CONNECTION_DESTROYED',
  'PING_TIMEOUT',
  '57P03', // cannot_connect_now: the server is starting up or shutting down
  '57P01',
]);

function codeOf(error: unknown): string | null {
  const e = error as { code?: unknown; cause?: { code?: unknown } } | null;
  if (typeof e?.cause?.code === 'string') return e.cause.code;
  return typeof e?.code === 'string' ? e.code : null;
}

/**
 * Tries `ping` until it answers, waiting 0.5 s, then twice as long each time up to 5 s, for at
 * most `waitMs` in all (DATABASE_WAIT_S): a database started beside the server (compose, a
 * reboot) takes a few seconds to accept connections, and exiting on the first ECONNREFUSED made
 * the server's start a race. A failure that waiting cannot mend (a wrong password, no such
 * database) fails at once; so does the last try.
 */
export async function waitForDatabase(
  ping: () => Promise<void>,
  options: { waitMs: number; log: Log; state: StartingState; sleep?: (ms: number) => Promise<void> },
): Promise<void> {
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const started = Date.now();
  let delay = 500;
  for (let attempt = 1; ; attempt++) {
    try {
      await ping();
      if (attempt > 1) options.log.info(`database: answered on attempt ${attempt}`);
      return;
    } catch (error) {
      const code = codeOf(error);
      const waited = Date.now() - started;
      const reason = databaseReason(error);
      if (!code || !TRANSIENT.has(code) || waited + delay > options.waitMs) {
        throw Object.assign(
          new Error(
            `${reason}; gave up after ${attempt} attempt${attempt === 1 ? '' : 's'} in ${(waited / 1000).toFixed(1)} s` +
              (code && TRANSIENT.has(code) ? ' (DATABASE_WAIT_S sets how long to wait)' : ''),
          ),
          { cause: error },
        );
      }
      options.state.reason = `waiting for the database: ${reason}, attempt ${attempt}`;
      options.log.warn(
        { code, attempt, retryInMs: delay },
        `database: ${reason}; trying again in ${(delay / 1000).toFixed(1)} s`,
      );
      await sleep(delay);
      delay = Math.min(delay * 2, 5000);
    }
  }
}
