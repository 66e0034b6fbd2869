import { AsyncLocalStorage } from 'node:async_hooks';
import type postgres from 'postgres';

// What the cancelling needs of a postgres.js query.
interface Statement {
  cancel(): unknown;
}

/** The statements started by the work `cancelStatementsOnAbort` runs that have not finished yet. */
const unfinished = new AsyncLocalStorage<Set<Statement>>();

/** Where the statements go that `runCancellable`'s work starts while it is being called. */
let starting: Statement[] | null = null;

/**
 * The postgres.js client as drizzle gets it: every statement started inside
 * `cancelStatementsOnAbort` is noted until it settles. Drizzle takes no abort signal, and it runs
 * each statement through `unsafe`, so that is where they are caught.
 */
export function trackStatements(client: postgres.Sql): postgres.Sql {
  const unsafe = (...args: Parameters<postgres.Sql['unsafe']>) => {
    const statement = client.unsafe(...args);
    starting?.push(statement);
    const statements = unfinished.getStore();
    if (statements) {
      statements.add(statement);
      const settled = () => {
        statements.delete(statement);
      };
      // Starts it no earlier than drizzle does: it awaits the statement as soon as it has it, and
      // postgres.js sends it a tick after the first `then`, after drizzle's `.values()`.
      statement.then(settled, settled);
    }
    return statement;
  };
  return new Proxy(client, {
    get: (target, key, receiver) => (key === 'unsafe' ? unsafe : Reflect.get(target, key, receiver)),
  });
}

/**
 * Runs `work`; should `signal` abort before it ends (the client went away), every statement it
 * started and that still runs is cancelled on the server (a queued one never starts), so that a
 * client that leaves does not leave a backend working for no one.
 */
export function cancelStatementsOnAbort<T>(signal: AbortSignal, work: () => T): T {
  const statements = new Set<Statement>();
  const cancel = () => {
    for (const statement of statements) {
      // A cancel request that cannot be sent changes nothing for a client that has gone.
      Promise.resolve(statement.cancel()).catch(() => {});
    }
    statements.clear();
  };
  if (signal.aborted) return unfinished.run(statements, work);
  signal.addEventListener('abort', cancel, { once: true });
  const result = unfinished.run(statements, work);
  const done = () => signal.removeEventListener('abort', cancel);
  if (result instanceof Promise) result.then(done, done);
  else done();
  return result;
}

/** A statement run by `runCancellable`: its result, and how to cancel it while it runs. */
export interface Cancellable<T> {
  result: Promise<T>;
  cancel(): void;
}

/**
 * Runs `work`, which must start its statements before it returns (a drizzle prepared query's
 * `execute` starts its one synchronously), with a handle that cancels those still running. For
 * the compiled tier's one statement per request: no AsyncLocalStorage scope, abort signal or
 * listener, nor a callback per statement to note that it settled (the result settles with it).
 */
export function runCancellable<T>(work: () => Promise<T>): Cancellable<T> {
  const statements: Statement[] = [];
  const outer = starting;
  starting = statements;
  let running: Promise<T>;
  try {
    running = work();
  } finally {
    starting = outer;
  }
  let settled = false;
  const result = running.then(
    (value) => {
      settled = true;
      return value;
    },
    (error: unknown) => {
      settled = true;
      throw error;
    },
  );
  return {
    result,
    cancel: () => {
      // A finished statement's backend may be running another's by now: never cancel it.
      if (settled) return;
      settled = true;
      for (const statement of statements) Promise.resolve(statement.cancel()).catch(() => {});
    },
  };
}
