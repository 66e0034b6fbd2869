import { createGraphQLError, type Plugin } from 'graphql-yoga';

export const MAX_BODY_BYTES = 1024 * 1024;

function tooLarge(limit: number): Response {
  return Response.json(
    { errors: [{ message: `Request body is larger than ${limit} bytes.`, extensions: { code: 'PAYLOAD_TOO_LARGE' } }] },
    { status: 413 },
  );
}

// What Yoga's own body-size plugin (turned off in createApp: this one has the lower limit) refuses.
const CONTENT_LENGTH = /^\d+$/;

/** The body's bytes, or null as soon as they pass `limit`: a huge body is never buffered whole. */
async function readAtMost(request: Request, limit: number): Promise<ArrayBuffer | null> {
  if (!request.body) return new ArrayBuffer(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }
  const body = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    body.set(chunk, at);
    at += chunk.byteLength;
  }
  return body.buffer;
}

/**
 * Whether the request came through node:http, whose parser ends a body at its Content-Length:
 * its body cannot outgrow the length it declares. A Request handed to `app.fetch` can.
 */
function framedByNode(serverContext: unknown): boolean {
  const req = (serverContext as { req?: { socket?: unknown } } | undefined)?.req;
  return typeof req === 'object' && req !== null && req.socket !== undefined;
}

/**
 * Answers 413 to a request whose body is over `limit` bytes, whether it declares its length or
 * streams it in chunks, before anything is parsed. A body node:http frames by a Content-Length
 * within the limit is parsed as it comes: re-reading it into a new Request cost a tenth of a
 * compiled answer's CPU.
 */
export function useBodyLimit(limit = MAX_BODY_BYTES): Plugin {
  return {
    onRequestParse({ request, requestParser, setRequestParser, endResponse, serverContext }) {
      const length = request.headers.get('content-length');
      const declared = Number(length ?? Number.NaN);
      if (declared > limit) {
        endResponse(tooLarge(limit));
        return;
      }
      if (length !== null && !CONTENT_LENGTH.test(length)) {
        throw createGraphQLError('Content-Length header is invalid.', {
          extensions: { http: { status: 400 }, code: 'BAD_REQUEST' },
        });
      }
      if (!requestParser || !request.body) return;
      if (length !== null && framedByNode(serverContext)) return;
      setRequestParser(async (incoming) => {
        const body = await readAtMost(incoming, limit);
        if (body === null) return tooLarge(limit);
        return requestParser(new Request(incoming.url, { method: incoming.method, headers: incoming.headers, body }));
      });
    },
  };
}
