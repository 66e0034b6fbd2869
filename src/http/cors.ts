import { getCORSHeadersByRequestAndOptions } from '@whatwg-node/server';
import type { CORSOptions, Plugin } from 'graphql-yoga';

/** What the policy reads of a request: its headers (a fetch Request's, or node:http's through a getter). */
export interface HeaderSource {
  headers: { get(name: string): string | null };
}

/** Headers a browser client may read from an answer: when to come back after a 429. */
const EXPOSED_HEADERS = ['Retry-After', 'X-Request-Id'];

/**
 * What CORS answers an origin. Yoga's default reflects any origin *with* credentials, so any
 * web page a signed-in user visits could call the API with that user's cookies or HTTP auth.
 * Instead: with no list, any origin may call, without credentials (the API is public and reads
 * its API key from a header a page has to set itself); with `CORS_ORIGINS`, only the listed
 * origins may call, and they with credentials; any other origin gets no CORS header at all, so
 * the browser keeps the answer from the page.
 */
export function corsPolicy(origins: string[] | null): (request: HeaderSource) => CORSOptions {
  if (!origins) return () => ({ origin: '*', credentials: false, exposedHeaders: EXPOSED_HEADERS });
  const allowed = new Set(origins);
  return (request) => {
    const origin = request.headers.get('origin');
    if (!origin || !allowed.has(origin)) return false;
    return { origin: [origin], credentials: true, exposedHeaders: EXPOSED_HEADERS };
  };
}

/** `Vary` with `Origin` in it, or null when it names it already. */
function varyWithOrigin(vary: string | null | undefined): string | null {
  if (vary?.split(',').some((v) => v.trim().toLowerCase() === 'origin')) return null;
  return vary ? `${vary}, Origin` : 'Origin';
}

/**
 * With a list of origins the answer differs by the request's origin (CORS headers or none), so
 * a shared cache must key it by `Origin` too; Yoga says so only when it reflects the origin.
 */
export function useVaryByOrigin(origins: string[] | null): Plugin {
  return {
    onResponse({ response }) {
      if (!origins) return;
      const vary = varyWithOrigin(response.headers.get('vary'));
      if (vary) response.headers.set('vary', vary);
    },
  };
}

/**
 * The headers CORS and useVaryByOrigin add to an answer, for one the compiled tier's fast path
 * sends without Yoga: the same policy through the same function Yoga's CORS plugin calls
 * (@whatwg-node/server's), then `Vary: Origin` as useVaryByOrigin adds it, in that order (Yoga's
 * CORS plugin comes before the app's). Names in lower case, as Yoga's Headers writes them.
 */
export function corsHeaders(origins: string[] | null): (request: HeaderSource) => Record<string, string> {
  const policy = corsPolicy(origins);
  return (request) => {
    const headers: Record<string, string> = {};
    // The function reads only the request's headers.
    const found = getCORSHeadersByRequestAndOptions(request as Request, policy(request));
    for (const [name, value] of Object.entries(found ?? {})) headers[name.toLowerCase()] = value;
    const vary = origins ? varyWithOrigin(headers.vary) : null;
    if (vary) headers.vary = vary;
    return headers;
  };
}
