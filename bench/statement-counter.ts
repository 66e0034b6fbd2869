import { connect, createServer, type Server, type Socket } from 'node:net';

// A TCP proxy in front of Postgres that counts the statements clients run, by reading the
// frontend side of the wire protocol: a simple Query ('Q') or an Execute ('E') is one statement.
// It serves every server under test alike, whatever its driver, so "SQL statements per request"
// means the same for each; it is used for counting only, never while throughput is measured.

const SSL_REQUEST = 80_877_103;
const GSSENC_REQUEST = 80_877_104;

export interface StatementCounter {
  port: number;
  /** Statements run since the last reset. */
  count(): number;
  reset(): void;
  close(): Promise<void>;
}

/** Reads one connection's frontend messages as they stream past; `onStatement` fires per statement. */
function frontendReader(onStatement: () => void): (chunk: Buffer) => void {
  let pending: Buffer = Buffer.alloc(0);
  let startup = true;
  return (chunk) => {
    pending = pending.length ? Buffer.concat([pending, chunk]) : chunk;
    let at = 0;
    for (;;) {
      if (startup) {
        // Untyped messages come first: an optional SSL/GSS request, then the startup packet.
        if (pending.length - at < 8) break;
        const length = pending.readInt32BE(at);
        if (pending.length - at < length) break;
        const code = pending.readInt32BE(at + 4);
        at += length;
        if (code !== SSL_REQUEST && code !== GSSENC_REQUEST) startup = false;
        continue;
      }
      if (pending.length - at < 5) break;
      const type = pending[at];
      const length = pending.readInt32BE(at + 1);
      if (pending.length - at < 1 + length) break;
      if (type === 0x51 /* Q */ || type === 0x45 /* E */) onStatement();
      at += 1 + length;
    }
    pending = pending.subarray(at);
  };
}

export async function startStatementCounter(target: { host: string; port: number }): Promise<StatementCounter> {
  let statements = 0;
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const upstream = connect(target.port, target.host);
    sockets.add(client).add(upstream);
    const read = frontendReader(() => {
      statements++;
    });
    client.on('data', (chunk: Buffer) => {
      read(chunk);
      upstream.write(chunk);
    });
    upstream.pipe(client);
    const end = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('close', end).on('error', end);
    upstream.on('close', end).on('error', end);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  return {
    port: typeof address === 'object' && address ? address.port : 0,
    count: () => statements,
    reset: () => {
      statements = 0;
    },
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
