import { mkdtempSync } from 'node:fs';
import { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { type Logger, sql } from 'drizzle-orm';
import type { PgAsyncDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import { type FolderLock, lockFolder } from './folder-lock.js';
import { ownerSocketPath, type PgliteOwner, startPgliteOwner } from './pglite-owner.js';
import { relations } from './relations.js';
import { trackStatements } from './statement-cancel.js';

/** The one database type the rest of the program sees, whichever driver is behind it. */
export type Db = PgAsyncDatabase<PgQueryResultHKT, typeof relations>;

export const migrationsFolder = fileURLToPath(new URL('../../drizzle', import.meta.url));

export interface DbConfig {
  /** A Postgres URL; null uses PGlite. */
  databaseUrl: string | null;
  /** PGlite's data folder, or `memory://` for a database that lives as long as the process. */
  pgliteDir?: string;
  /**
   * A PGlite data folder as `dumpDataDir` wrote it, to start a new database from instead of an empty
   * one (tests copy one migrated database rather than migrating each of theirs).
   */
  pgliteDump?: Blob;
  /** Called with every SQL statement the program runs (tests count them). */
  onQuery?: (query: string, params: unknown[]) => void;
  /** Pool size for postgres.js. */
  maxConnections?: number;
  /**
   * Postgres cancels any statement of these connections that runs longer (milliseconds; 0 or
   * absent: no limit); so does the owner of a PGlite socket (`pgliteSocket`). The server sets it;
   * a loader's large batches may take longer. A PGlite opened in this thread ignores it: its
   * statements run on the thread that would have to time them.
   */
  statementTimeoutMs?: number;
  /** What this process is (`serve`, `load`), written in a PGlite folder's lock for whoever finds it taken. */
  command?: string;
  /**
   * The unix socket where the process owning a PGlite folder serves it over the wire protocol:
   * connect there (postgres.js) instead of opening the folder.
   */
  pgliteSocket?: string;
  /**
   * With `pgliteSocket` of an owner in this process: serves the cancel requests of these
   * connections (a client gone, `src/db/statement-cancel.ts`) on this thread (`PgliteOwner.cancel`).
   */
  pgliteCancel?: (processId: number, secret: number) => void;
}

export interface Database {
  db: Db;
  driver: 'postgres' | 'pglite';
  /** Resolves when the database answers a trivial query; rejects otherwise. */
  ping(): Promise<void>;
  close(): Promise<void>;
  /** The raw postgres.js client or PGlite instance, for migrations. */
  raw:
    | { kind: 'postgres'; client: postgres.Sql; url: string }
    | { kind: 'pglite'; client: PGlite }
    /** A PGlite database served by its owning thread or process; migrated by the owner. */
    | { kind: 'pglite-socket'; client: postgres.Sql; path: string };
  /** The lock of the PGlite folder this process holds, if it opened one. */
  lock?: FolderLock;
  /**
   * Prepares statements on every connection of the pool before their first run, so that no
   * request pays for parsing and planning them; absent where the driver keeps no prepared
   * statements (PGlite in this process runs each statement unnamed). Resolves with the ones that
   * failed to prepare.
   */
  prepare?: PrepareStatements;
}

/** A statement to prepare: its text and how many parameters it takes. */
export interface StatementText {
  text: string;
  parameterCount: number;
}

export type PrepareStatements = (statements: StatementText[]) => Promise<{ text: string; error: unknown }[]>;

/**
 * postgres.js prepares a statement on a connection at its first run there and keeps it by its
 * parameters' inferred types and its text; `describe()` does the first half of that run (Parse
 * and Describe) and keeps it under the same key. Nulls infer the type numbers and strings do,
 * which is all the compiled tier binds. Every connection of the pool is reserved at once, so that
 * each gets its own copy (a prepared statement lives in one backend).
 */
function preparerFor(client: postgres.Sql): PrepareStatements {
  return async (statements) => {
    const failed = new Map<string, unknown>();
    const reserved = await Promise.allSettled(Array.from({ length: client.options.max }, () => client.reserve()));
    const connections = reserved.flatMap((c) => (c.status === 'fulfilled' ? [c.value] : []));
    // A connection that could not be had prepares its statements at their first run, as before.
    if (connections.length === 0) {
      const reason = reserved[0]?.status === 'rejected' ? reserved[0].reason : new Error('no connection');
      return statements.map(({ text }) => ({ text, error: reason }));
    }
    try {
      await Promise.all(
        connections.map(async (connection) => {
          for (const { text, parameterCount } of statements) {
            try {
              await connection.unsafe(text, Array(parameterCount).fill(null), { prepare: true }).describe();
            } catch (error) {
              if (!failed.has(text)) failed.set(text, error);
            }
          }
        }),
      );
    } finally {
      for (const connection of connections) connection.release();
    }
    return [...failed].map(([text, error]) => ({ text, error }));
  };
}

export function createDb(config: DbConfig): Database {
  const onQuery = config.onQuery;
  const logger: Logger | undefined = onQuery ? { logQuery: (query, params) => onQuery(query, params) } : undefined;
  if (config.databaseUrl) {
    const client = postgres(config.databaseUrl, {
      max: config.maxConnections ?? 10,
      onnotice: () => {},
      // No JIT: it compiles any statement the planner thinks costly, which a recount of a
      // thousand people is (estimated from 68 links each), and took 1.2 s of a 0.14 s statement.
      connection: {
        application_name: 'newsgraph',
        jit: 'off',
        ...(config.statementTimeoutMs ? { statement_timeout: config.statementTimeoutMs } : {}),
      },
    });
    // Statements a request started are cancelled when its client goes (useCancelOnDisconnect).
    const db = drizzlePostgres({ client: trackStatements(client), relations, logger }) as unknown as Db;
    return {
      db,
      driver: 'postgres',
      raw: { kind: 'postgres', client, url: config.databaseUrl },
      ping: async () => {
        await client`select 1`;
      },
      close: () => client.end({ timeout: 5 }),
      prepare: preparerFor(client),
    };
  }
  if (config.pgliteSocket) {
    const path = config.pgliteSocket;
    const serveCancel = config.pgliteCancel;
    const options: postgres.Options<Record<string, never>> & { socket?: () => Socket } = {
      path,
      user: 'postgres',
      database: 'postgres',
      max: config.maxConnections ?? 4,
      onnotice: () => {},
      connection: {
        application_name: 'newsgraph',
        // The owner's multiplexer reads it from the startup message and times each statement.
        ...(config.statementTimeoutMs ? { statement_timeout: config.statementTimeoutMs } : {}),
      },
      ...(serveCancel ? { socket: () => ownerSocket(path, serveCancel) } : {}),
    };
    const client = postgres(options);
    const db = drizzlePostgres({ client: trackStatements(client), relations, logger }) as unknown as Db;
    return {
      db,
      // Still one PGlite backend behind the socket: one writer, advisory locks shared by all.
      driver: 'pglite',
      raw: { kind: 'pglite-socket', client, path },
      ping: async () => {
        await client`select 1`;
      },
      close: () => client.end({ timeout: 5 }),
      prepare: preparerFor(client),
    };
  }
  const dir = config.pgliteDir ?? 'memory://';
  // Two processes on one PGlite folder corrupt it: the lock is taken before PGlite touches a file.
  const lock = dir.startsWith('memory://') ? null : lockFolder(dir, config.command ?? 'open');
  // Extensions are compiled into PGlite's WebAssembly build and must be named when it starts.
  const client = new PGlite(dir, {
    extensions: { pg_trgm },
    ...(config.pgliteDump ? { loadDataDir: config.pgliteDump } : {}),
  });
  const db = drizzlePglite({ client, relations, logger }) as unknown as Db;
  return {
    db,
    driver: 'pglite',
    raw: { kind: 'pglite', client },
    ping: async () => {
      await db.execute(sql`select 1`);
    },
    close: async () => {
      try {
        await client.close();
      } finally {
        lock?.release();
      }
    },
    ...(lock ? { lock } : {}),
  };
}

const CANCEL_REQUEST = 80_877_102;

type WriteCallback = (error?: Error | null) => void;

/**
 * postgres.js's socket to the PGlite owner of this process. A cancel request written to it is
 * served here instead of being sent: the owner's thread runs the statement to cancel and reads no
 * socket until it ends, while this thread can set the flag that stops it.
 */
function ownerSocket(path: string, serveCancel: (processId: number, secret: number) => void): Socket {
  const socket = new Socket();
  socket.connect(path);
  // Replaced after connect(), which puts Socket.prototype.write back on a socket with its own.
  const write = socket.write;
  let first = true;
  socket.write = (
    chunk: Uint8Array | string,
    encodingOrCallback?: BufferEncoding | WriteCallback,
    callback?: WriteCallback,
  ): boolean => {
    // postgres.js writes a cancel request alone, as the first message of a connection of its own.
    if (first && typeof chunk !== 'string' && chunk.length === 16) {
      const message = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.length);
      if (message.readInt32BE(0) === 16 && message.readInt32BE(4) === CANCEL_REQUEST) {
        first = false;
        serveCancel(message.readInt32BE(8), message.readInt32BE(12));
        // As the server would, it closes the connection; once postgres.js, whose write this is,
        // has listened for the close.
        setImmediate(() => socket.destroy());
        return true;
      }
    }
    first = false;
    return typeof encodingOrCallback === 'function'
      ? write.call(socket, chunk, undefined, encodingOrCallback)
      : write.call(socket, chunk, encodingOrCallback, callback);
  };
  return socket;
}

/**
 * The embedded database as the serving process owns it: the folder locked for this process, PGlite
 * on a thread of its own (a slow statement no longer stops the HTTP thread), served over the wire
 * protocol on a unix socket that the lock file names, so that loaders in other processes write
 * through it instead of opening the folder. This process talks to it through the same socket.
 */
export async function openOwnedPglite(
  dir: string,
  options: {
    command: string;
    maxConnections?: number;
    onQuery?: DbConfig['onQuery'];
    channels?: string[];
    onNotification?: (channel: string, payload: string) => void;
    onError?: (message: string) => void;
    /** As `DbConfig.statementTimeoutMs`, for this process's connections (loaders' have none). */
    statementTimeoutMs?: number;
  },
): Promise<Database> {
  const memory = dir.startsWith('memory://');
  const lock = memory ? null : lockFolder(dir, options.command);
  let owner: PgliteOwner | null = null;
  try {
    owner = await startPgliteOwner(dir, {
      // A throw-away database still gets a socket, in a folder of its own that only this user reads.
      socketPath: memory ? join(mkdtempSync(join(tmpdir(), 'newsgraph-')), 'newsgraph.sock') : ownerSocketPath(dir),
      channels: options.channels ?? [],
      ...(options.onNotification ? { onNotification: options.onNotification } : {}),
      ...(options.onError ? { onError: options.onError } : {}),
    });
    lock?.update({ socket: owner.socketPath });
    const database = createDb({
      databaseUrl: null,
      pgliteSocket: owner.socketPath,
      pgliteCancel: owner.cancel,
      maxConnections: options.maxConnections ?? 4,
      ...(options.statementTimeoutMs ? { statementTimeoutMs: options.statementTimeoutMs } : {}),
      ...(options.onQuery ? { onQuery: options.onQuery } : {}),
    });
    const ownedBy = owner;
    return {
      ...database,
      ...(lock ? { lock } : {}),
      close: async () => {
        try {
          await database.close();
          await ownedBy.close();
        } finally {
          lock?.release();
        }
      },
    };
  } catch (error) {
    await owner?.close();
    lock?.release();
    throw error;
  }
}
