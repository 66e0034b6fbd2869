import { createServer, type Server } from 'node:http';
import type { App } from '../../src/app.js';

export interface Served {
  url: string;
  close(): Promise<void>;
}

/** The app behind node:http on a free port, as the server runs it (requests enter through its listener). */
export async function serve(app: App): Promise<Served> {
  const server: Server = createServer(app);
  // The client (fetch) and this server share the test's event loop, which in-process PGlite can
  // hold for seconds on a loaded machine: the server's 5 s keep-alive timer then closed a socket
  // just as fetch reused it (ECONNRESET). Idle sockets are left to the client to close.
  server.keepAliveTimeout = 10 * 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A whole HTTP answer: its status, every header but the connection's own, and its body's text. */
export interface Exchanged {
  status: number;
  headers: Record<string, string>;
  body: string;
}

// Headers node:http sets by the connection and the clock, not by what the app answered.
const CONNECTION_HEADERS = new Set(['date', 'connection', 'keep-alive']);

export async function exchange(url: string, init: RequestInit): Promise<Exchanged> {
  const response = await fetch(url, init);
  const headers: Record<string, string> = {};
  for (const [name, value] of response.headers) if (!CONNECTION_HEADERS.has(name)) headers[name] = value;
  return { status: response.status, headers, body: await response.text() };
}

/** A POST of one operation to `/graphql` over HTTP, with a request id given so that answers compare whole. */
export function postOperation(
  base: string,
  params: Record<string, unknown>,
  headers: Record<string, string> = {},
): Promise<Exchanged> {
  return exchange(`${base}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-request-id': 'compare-1', ...headers },
    body: JSON.stringify(params),
  });
}
