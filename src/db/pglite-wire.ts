import { randomInt } from 'node:crypto';
import { createServer, type Server, type Socket } from 'node:net';
import type { PGlite } from '@electric-sql/pglite';
import type { StatementInterrupts } from './pglite-interrupt.js';

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
 * With `interrupts`, each connection can have its statements stopped as on a Postgres server: a
 * `statement_timeout` in its startup message (the server's pool sends STATEMENT_TIMEOUT_MS there)
 * limits each of its units, and a cancel request with its key (BackendKeyData: each connection
 * gets its own, PGlite's one backend has one) stops the unit it runs. The multiplexer's thread is
 * blocked while PGlite runs a unit, so the timer is a watchdog thread's, and cancel requests that
 * must act at once are served where they are sent (`PgliteOwner.cancel`); one read here acts only
 * if its connection's unit runs, as on Postgres. A unit that ends a transaction is never stopped
 * (`endsTransaction`).
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
  /** Stops units past their connection's statement_timeout, and on cancel requests. */
  interrupts?: StatementInterrupts;
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
  /** How long it may run before it is cancelled (milliseconds; absent: no limit). */
  timeoutMs?: number;
  /** Runs (or prepares) a statement that ends a transaction: never cancelled (see `endsTransaction`). */
  endsTransaction?: boolean;
}

interface Connection {
  /** Also the process id of its BackendKeyData, which a cancel request names. */
  id: number;
  secret: number;
  /** The connection's statement_timeout (milliseconds; 0: none). */
  statementTimeoutMs: number;
  /** Its prepared statements by name (the unnamed one as ''): whether each ends a transaction. */
  statements: Map<string, boolean>;
  /** The messages read since the last unit boundary include one that ends a transaction. */
  pendingEndsTransaction: boolean;
  /** Its transaction status as the last ReadyForQuery gave it (I, T or E). */
  status: string;
  socket: Socket;
  buffer: Buffer;
  /** Messages read since the last unit boundary. */
  pending: Buffer[];
  started: boolean;
  closed: boolean;
}

export async function serveWire({
  pg,
  path,
  onNotification,
  onError,
  interrupts,
}: WireServerOptions): Promise<WireServer> {
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
        if (type === 0x4b /* K: BackendKeyData */ && message.length >= 13) {
          // The connection's own key, so that a cancel request says whose statement to stop.
          message.writeInt32BE(connection.id, 5);
          message.writeInt32BE(connection.secret, 9);
        }
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
        const connection = unit.connection;
        // Connection 0 cannot be named by a cancel request. In an aborted transaction anything but
        // its end fails at once, so there is nothing to stop there, only a ROLLBACK to lose.
        const cancellable = !unit.endsTransaction && connection.status !== 'E';
        interrupts?.begin(cancellable ? connection.id : 0, connection.secret, cancellable ? (unit.timeoutMs ?? 0) : 0);
        try {
          output = await pg.execProtocolRaw(unit.bytes);
        } catch (error) {
          // PGlite refused the bytes themselves: that client goes, the others are still served.
          onError?.(error);
          drop(unit.connection);
          continue;
        } finally {
          interrupts?.end();
        }
        const status = deliver(unit.connection, output);
        if (status) connection.status = status;
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
    secret: 0,
    statementTimeoutMs: 0,
    statements: new Map(),
    pendingEndsTransaction: false,
    status: 'I',
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
          // Read between units, so it stops one only in the moments around its run (PGlite's
          // call may yield before and after it); the protocol expects no answer.
          if (length >= 16) interrupts?.cancelConnection(message.readInt32BE(8), message.readInt32BE(12));
          drop(connection);
          return;
        }
        if (code !== PROTOCOL_3) {
          drop(connection);
          return;
        }
        const startup = withoutStatementTimeout(message);
        connection.statementTimeoutMs = startup.statementTimeoutMs;
        connection.started = true;
        queue.push({ connection, bytes: startup.message });
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
      if (endsTransaction(connection.statements, type, message)) connection.pendingEndsTransaction = true;
      // Q: Query, S: Sync, H: Flush end a unit; the backend answers and may change hands after it.
      if (type === 0x51 || type === 0x53 || type === 0x48) {
        queue.push({
          connection,
          bytes: new Uint8Array(Buffer.concat(connection.pending)),
          holds: type === 0x48,
          timeoutMs: connection.statementTimeoutMs,
          endsTransaction: connection.pendingEndsTransaction,
        });
        connection.pending = [];
        connection.pendingEndsTransaction = false;
        void run();
      }
    }
  };

  const server: Server = createServer((socket) => {
    const connection: Connection = {
      id: nextId++,
      secret: randomInt(1, 0x7fff_ffff),
      statementTimeoutMs: 0,
      statements: new Map(),
      pendingEndsTransaction: false,
      status: 'I',
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

/**
 * Whether a client message runs or prepares a statement that ends a transaction (or a savepoint's
 * scope), as the connection's Parse messages named them (`statements`, which it updates). Such a statement is never cancelled: a
 * cancelled ROLLBACK leaves the transaction open and aborted while the client (postgres.js, its
 * rollback having failed) takes the connection back to its pool as idle; the multiplexer would then
 * serve that connection alone, and everyone else would wait for good. Postgres' own timer could do
 * the same to one connection; here the whole database would stop.
 */
export function endsTransaction(statements: Map<string, boolean>, type: number, message: Buffer): boolean {
  if (type === 0x51 /* Q */) return TRANSACTION_END.test(cString(message, 5).text);
  if (type === 0x50 /* P: name, then query */) {
    const name = cString(message, 5);
    const ends = TRANSACTION_END.test(cString(message, name.end).text);
    statements.set(name.text, ends);
    return ends;
  }
  if (type === 0x42 /* B: portal, then statement */) {
    const portal = cString(message, 5);
    return statements.get(cString(message, portal.end).text) ?? false;
  }
  return false;
}

const TRANSACTION_END = /^\s*(commit|end|rollback|abort|release|prepare\s+transaction)\b/i;

/** The NUL-terminated string at `start`, and where the next field begins. */
function cString(message: Buffer, start: number): { text: string; end: number } {
  const nul = message.indexOf(0, start);
  const end = nul < 0 ? message.length : nul;
  return { text: message.toString('utf8', start, end), end: end + 1 };
}

/**
 * A startup message without its statement_timeout, and that timeout in milliseconds (0 if none).
 * The multiplexer enforces it per connection; passed on, it would set the one session's setting for
 * every client, and PGlite has no timer to apply it by.
 */
export function withoutStatementTimeout(message: Buffer): { message: Uint8Array; statementTimeoutMs: number } {
  const fields = message
    .subarray(8, message.length - 1)
    .toString()
    .split('\0');
  const kept: string[] = [];
  let statementTimeoutMs = 0;
  for (let i = 0; i + 1 < fields.length; i += 2) {
    const name = fields[i] as string;
    const value = fields[i + 1] as string;
    const milliseconds = name === 'statement_timeout' ? timeoutMilliseconds(value) : null;
    if (milliseconds === null) kept.push(name, value);
    else statementTimeoutMs = milliseconds;
  }
  const body = Buffer.from(`${kept.map((field) => `${field}\0`).join('')}\0`);
  const out = Buffer.alloc(8 + body.length);
  out.writeInt32BE(out.length, 0);
  message.copy(out, 4, 4, 8);
  body.copy(out, 8);
  return { message: new Uint8Array(out), statementTimeoutMs };
}

/** A statement_timeout as Postgres reads it (no unit: milliseconds), or null for one it would refuse. */
function timeoutMilliseconds(value: string): number | null {
  const match = /^\s*(\d+)\s*(ms|s|min|h)?\s*$/.exec(value);
  if (!match) return null;
  const unit = { ms: 1, s: 1000, min: 60_000, h: 3_600_000 }[match[2] ?? 'ms'] ?? 1;
  return Math.min(Number(match[1]) * unit, 0x7fff_ffff);
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
