/**
 * What the compiled tier's fast path (src/graphql/compiled/fast-path.ts) learnt of a request
 * before it handed the request on to Yoga: Yoga's plugins take it as their own verdict rather
 * than reach it a second time, so a request handed on is counted and run once.
 */
export interface Handoff {
  /** The rate limit's verdict, already counted: null when allowed, else the seconds to wait. */
  rateLimit?: number | null;
  /** The compiled statement failed: the tier answers that failure, without running it again. */
  statement?: { error: unknown; aborted: boolean };
}

// Keyed by node:http's request, the one object both paths see (Yoga's server context holds it as `req`).
const handoffs = new WeakMap<object, Handoff>();

export function handOff(request: object, handoff: Handoff): void {
  handoffs.set(request, handoff);
}

/** The handoff of the request a Yoga server context belongs to, if the fast path left one. */
export function handedOff(serverContext: unknown): Handoff | undefined {
  const request = (serverContext as { req?: unknown } | undefined)?.req;
  return typeof request === 'object' && request !== null ? handoffs.get(request) : undefined;
}
