import { createServer, type Server, type Socket } from 'node:net';
import type { PGlite } from '@electric-sql/pglite';

/**
 * Serves one PGlite database over the Postgres wire protocol to any number of client connections
 * (the server's own pool, loaders in other processes), so that they all use it as they would a
 * Postgres server, transactions included.
 *
 * PGlite is one backend: one session, one statement at a time. Client messages are therefore run
 * in units that end where the client waits for an answer: a simple Query, a Sync closing an
 * extended-protocol sequence (Parse/Bind/Describe/Execute), or a Flush inside one. Units from all
 * connections are queued and run one at a time, in arrival order. The backend changes hands only
 * where the protocol allows it: never between a Flush and its Sync (the unnamed statement and
 * portal are the backend's, not the client's), and never while it is inside a transaction
 * (ReadyForQuery says `T` or `E`), where only the connection that opened it is served, so two
 * clients' statements and transactions never mix. A connection that goes away inside its transaction is rolled
 * back. NotificationResponse messages (LISTEN/NOTIFY: the one session listens for everyone) are
 * taken out of the client streams and handed to `onNotification`.
 *
 * Written here rather than taken from @electric-sql/pglite-socket (0.2.17): that package pins its
 * peer dependencies to PGlite 0.5.14 and seven extension packages, its shared queue stops for good
 * when a PGlite call throws (its `processing` flag is never reset), it queues message by message
 * rather than by protocol unit, so another client's Parse can land between a client's Flush and
 * its Bind (this multiplexer did that before it held the backend across a Flush: "bind message
 * supplies 7 parameters, but prepared statement "" requires 6", under concurrent API requests),
 * and it gives no hook for notifications, which land in whichever client's stream ran the commit.
 */
export interface WireServerOptions {
  pg: PGlite;
  /** A unix socket path. */
  path: string;
  onNotification?: (channel: string, payload: string) => void;
  /** Called with errors that closed one connection (the others go on). */
  onError?: (error: unknown) => void;
}

export interface WireServer {
  close(): Promise<void>;
  /** Connections open now. */
  connections(): number;
}

const SSL_REQUEST = 80_877_103;
const CANCEL_REQUEST = 80_877_102;
const PROTOCOL_3 = 196_608;

interface Unit {
  connection: Connection;
  bytes: Uint8Array;
  /**
   * Ends with a Flush, not a Sync: the client is mid-sequence (postgres.js parses an unnamed
   * statement, flushes to learn its parameter types, then binds it), so the backend stays its own
   * until its Sync, or another client's Parse would replace the statement it is about to bind.
   */
  holds?: boolean;
}

interface Connection {
  id: number;
  socket: Socket;
  buffer: Buffer;
  /** Messages read since the last unit boundary. */
  pending: Buffer[];
  started: boolean;
  closed: boolean;
}

export async function serveWire({ pg, path, onNotification, onError }: WireServerOptions): Promise<WireServer> {
  const queue: Unit[] = [];
  const open = new Set<Connection>();
  /** The connection whose transaction is open on the backend, if any. */
  let owner: Connection | null = null;
  let running = false;
  let nextId = 1;

  /** Splits the backend's answer into messages; notifications go aside, the rest to the client. */
  const deliver = (connection: Connection, output: Uint8Array): string | null => {
    const data = Buffer.from(output.buffer, output.byteOffset, output.byteLength);
    let status: string | null = null;
    const keep: Buffer[] = [];
    let offset = 0;
    while (offset + 5 <= data.length) {
      const type = data[offset] as number;
      const end = offset + 1 + data.readInt32BE(offset + 1);
      const message = data.subarray(offset, end);
      if (type === 0x41 /* A: NotificationResponse */) {
        // int32 pid, then channel and payload as NUL-terminated strings.
        const body = message.subarray(9);
        const split = body.indexOf(0);
        const channel = body.subarray(0, split).toString();
        const payload = body.subarray(split + 1, body.indexOf(0, split + 1)).toString();
        try {
          onNotification?.(channel, payload);
        } catch (error) {
          onError?.(error);
        }
      } else {
        if (type === 0x5a /* Z: ReadyForQuery */) status = String.fromCharCode(message[5] as number);
        keep.push(message);
      }
      offset = end;
    }
    if (!connection.closed && keep.length) connection.socket.write(Buffer.concat(keep));
    return status;
  };

  const run = async () => {
    if (running) return;
    running = true;
    try {
      for (;;) {
        const index = owner ? queue.findIndex((u) => u.connection === owner) : 0;
        const unit = index >= 0 ? queue[index] : undefined;
        if (!unit) break;
        queue.splice(index, 1);
        if (unit.connection.closed) continue;
        let output: Uint8Array;
        try {
          output = await pg.execProtocolRaw(unit.bytes);
        } catch (error) {
          // PGlite refused the bytes themselves: that client goes, the others are still served.
          onError?.(error);
          drop(unit.connection);
          continue;
        }
        const status = deliver(unit.connection, output);
        if (unit.holds) owner = unit.connection;
        else if (status === 'I') owner = null;
        else if (status === 'T' || status === 'E') owner = unit.connection;
      }
    } finally {
      running = false;
    }
  };

  const drop = (connection: Connection) => {
    if (connection.closed) return;
    connection.closed = true;
    open.delete(connection);
    connection.socket.destroy();
    for (let i = queue.length - 1; i >= 0; i--) if (queue[i]?.connection === connection) queue.splice(i, 1);
    if (owner === connection) {
      // Its transaction must not stay open, holding the backend, nor be committed by anyone else.
      owner = null;
      queue.unshift({ connection: rollbackConnection, bytes: simpleQuery('ROLLBACK') });
    }
    void run();
  };

  // Runs the rollback of a vanished client's transaction; its answer goes nowhere.
  const rollbackConnection: Connection = {
    id: 0,
    socket: { write: () => true, destroy: () => {} } as unknown as Socket,
    buffer: Buffer.alloc(0),
    pending: [],
    started: true,
    closed: false,
  };

  const read = (connection: Connection, chunk: Buffer) => {
    connection.buffer = connection.buffer.length ? Buffer.concat([connection.buffer, chunk]) : chunk;
    for (;;) {
      const buffer = connection.buffer;
      if (!connection.started) {
        // Startup-phase messages have no type byte: a length, then a code.
        if (buffer.length < 8) return;
        const length = buffer.readInt32BE(0);
        if (buffer.length < length) return;
        const code = buffer.readInt32BE(4);
        const message = buffer.subarray(0, length);
        connection.buffer = buffer.subarray(length);
        if (code === SSL_REQUEST) {
          connection.socket.write('N');
          continue;
        }
        if (code === CANCEL_REQUEST) {
          // No backend to signal: the statement runs to its end. The protocol expects no answer.
          drop(connection);
          return;
        }
        if (code !== PROTOCOL_3) {
          drop(connection);
          return;
        }
        connection.started = true;
        queue.push({ connection, bytes: new Uint8Array(message) });
        void run();
        continue;
      }
      if (buffer.length < 5) return;
      const length = 1 + buffer.readInt32BE(1);
      if (buffer.length < length) return;
      const type = buffer[0] as number;
      const message = buffer.subarray(0, length);
      connection.buffer = buffer.subarray(length);
      if (type === 0x58 /* X: Terminate */) {
        drop(connection);
        return;
      }
      connection.pending.push(message);
      // Q: Query, S: Sync, H: Flush end a unit; the backend answers and may change hands after it.
      if (type === 0x51 || type === 0x53 || type === 0x48) {
        queue.push({
          connection,
          bytes: new Uint8Array(Buffer.concat(connection.pending)),
          holds: type === 0x48,
        });
        connection.pending = [];
        void run();
      }
    }
  };

  const server: Server = createServer((socket) => {
    const connection: Connection = {
      id: nextId++,
      socket,
      buffer: Buffer.alloc(0),
      pending: [],
      started: false,
      closed: false,
    };
    open.add(connection);
    socket.setNoDelay?.(true);
    socket.on('data', (chunk: Buffer) => {
      try {
        read(connection, chunk);
      } catch (error) {
        onError?.(error);
        drop(connection);
      }
    });
    socket.on('error', () => drop(connection));
    socket.on('close', () => drop(connection));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(path, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return {
    connections: () => open.size,
    close: async () => {
      for (const connection of [...open]) drop(connection);
      await new Promise<void>((resolve) => server.close(() => resolve()));
      // Whatever is still queued (a rollback) runs before PGlite is closed.
      while (running || queue.length) await new Promise((r) => setTimeout(r, 5));
    },
  };
}

/** A simple-protocol Query message. */
function simpleQuery(text: string): Uint8Array {
  const body = Buffer.from(`${text}\0`);
  const message = Buffer.alloc(5 + body.length);
  message.write('Q', 0);
  message.writeInt32BE(4 + body.length, 1);
  body.copy(message, 5);
  return new Uint8Array(message);
}
