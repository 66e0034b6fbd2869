import type { Plugin } from 'graphql-yoga';

export const MAX_BODY_BYTES = 1024 * 1024;

function tooLarge(limit: number): Response {
  return Response.json(
    { errors: [{ message: `Request body is larger than ${limit} bytes.`, extensions: { code: 'PAYLOAD_TOO_LARGE' } }] },
    { status: 413 },
  );
}

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
 * Answers 413 to a request whose body is over `limit` bytes, whether it declares its length or
 * streams it in chunks, before anything is parsed.
 */
export function useBodyLimit(limit = MAX_BODY_BYTES): Plugin {
  return {
    onRequestParse({ request, requestParser, setRequestParser, endResponse }) {
      const declared = Number(request.headers.get('content-length') ?? Number.NaN);
      if (declared > limit) {
        endResponse(tooLarge(limit));
        return;
      }
      if (!requestParser || !request.body) return;
      setRequestParser(async (incoming) => {
        const body = await readAtMost(incoming, limit);
        if (body === null) return tooLarge(limit);
        return requestParser(new Request(incoming.url, { method: incoming.method, headers: incoming.headers, body }));
      });
    },
  };
}
