import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import { renderGraphiQL } from '@graphql-yoga/render-graphiql';
import { type Plugin, shouldRenderGraphiQL } from 'graphql-yoga';

interface RenderedPage {
  etag: string;
  identity: Buffer;
  gzip: Buffer;
  br: Buffer;
}

const brotliAsync = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

function preferredEncoding(acceptEncoding: string | null): 'br' | 'gzip' | null {
  const accepted = new Map<string, number>();
  for (const part of (acceptEncoding ?? '').toLowerCase().split(',')) {
    const [name, ...params] = part.trim().split(';');
    if (!name) continue;
    const q = params.map((p) => /^\s*q=([\d.]+)/.exec(p)?.[1]).find(Boolean);
    accepted.set(name.trim(), q === undefined ? 1 : Number(q));
  }
  if ((accepted.get('br') ?? 0) > 0) return 'br';
  if ((accepted.get('gzip') ?? 0) > 0) return 'gzip';
  return null;
}

/**
 * GraphiQL's page, rendered, hashed and compressed once (it is the same page on every request):
 * Yoga would send the bundled page, 9 MB of HTML with its scripts inline, uncompressed and
 * uncached on every visit, and eight clients pulling it starved the queries (issue 16 item 5).
 * Here a browser gets about a fifth of it (brotli or gzip, as it accepts) and, on its next
 * visit, `304 Not Modified` for its ETag. Served where Yoga's own GraphiQL would be: a GET of
 * the GraphQL path that accepts HTML.
 */
export function useGraphiQLPage(options: { title: string; defaultQuery: string; endpoint?: string }): Plugin {
  const endpoint = options.endpoint ?? '/graphql';
  let page: Promise<RenderedPage> | null = null;
  // Compressed once, on the first visit, on libuv's threads: the event loop goes on serving.
  const rendered = async (): Promise<RenderedPage> => {
    const identity = Buffer.from(
      renderGraphiQL({ title: options.title, defaultQuery: options.defaultQuery, endpoint }),
      'utf8',
    );
    const [gzipped, br] = await Promise.all([
      gzipAsync(identity, { level: 6 }),
      brotliAsync(identity, { params: { [constants.BROTLI_PARAM_QUALITY]: 5 } }),
    ]);
    return {
      etag: `"${createHash('sha256').update(identity).digest('base64url').slice(0, 27)}"`,
      identity,
      gzip: gzipped,
      br,
    };
  };
  return {
    async onRequest({ request, url, fetchAPI, endResponse }) {
      if ((url.pathname !== endpoint && url.pathname !== `${endpoint}/`) || !shouldRenderGraphiQL(request)) return;
      page ??= rendered();
      const { etag, ...bodies } = await page;
      const headers: Record<string, string> = {
        etag,
        // Cached, but asked after each time: a new version of the server is a new page.
        'cache-control': 'public, no-cache',
        vary: 'Accept-Encoding',
      };
      const ifNoneMatch = request.headers.get('if-none-match');
      if (ifNoneMatch?.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag)) {
        endResponse(new fetchAPI.Response(null, { status: 304, headers }));
        return;
      }
      const encoding = preferredEncoding(request.headers.get('accept-encoding'));
      const body = encoding ? bodies[encoding] : bodies.identity;
      endResponse(
        new fetchAPI.Response(new Uint8Array(body), {
          status: 200,
          headers: {
            ...headers,
            'content-type': 'text/html; charset=utf-8',
            'content-length': String(body.length),
            ...(encoding ? { 'content-encoding': encoding } : {}),
          },
        }),
      );
    },
  };
}
