import type { CORSOptions, Plugin } from 'graphql-yoga';

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
export function corsPolicy(origins: string[] | null): (request: Request) => CORSOptions {
  if (!origins) return () => ({ origin: '*', credentials: false, exposedHeaders: EXPOSED_HEADERS });
  const allowed = new Set(origins);
  return (request) => {
    const origin = request.headers.get('origin');
    if (!origin || !allowed.has(origin)) return false;
    return { origin: [origin], credentials: true, exposedHeaders: EXPOSED_HEADERS };
  };
}

/**
 * With a list of origins the answer differs by the request's origin (CORS headers or none), so
 * a shared cache must key it by `Origin` too; Yoga says so only when it reflects the origin.
 */
export function useVaryByOrigin(origins: string[] | null): Plugin {
  return {
    onResponse({ response }) {
      if (!origins) return;
      const vary = response.headers.get('vary');
      if (!vary?.split(',').some((v) => v.trim().toLowerCase() === 'origin')) {
        response.headers.set('vary', vary ? `${vary}, Origin` : 'Origin');
      }
    },
  };
}
