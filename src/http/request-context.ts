import { AsyncLocalStorage } from 'node:async_hooks';

/** What is known of the request being served, wherever in its handling the code is. */
export interface RequestRecord {
  id: string;
  /** performance.now() when it arrived. */
  started: number;
  /** SQL statements run on its behalf. */
  statements: number;
  operationName: string | null;
  operationType: string | null;
  errorCodes: Set<string>;
}

const current = new AsyncLocalStorage<RequestRecord>();

export function runInRequest<T>(record: RequestRecord, run: () => T): T {
  return current.run(record, run);
}

export function currentRequest(): RequestRecord | undefined {
  return current.getStore();
}

/**
 * Counts a statement for the request it runs for: give it as the database's `onQuery`. Drizzle
 * calls it as the statement is sent, inside the resolver's async context; statements run for no
 * request (the seed load, the live feed) count nowhere.
 */
export function countStatement(): void {
  const record = current.getStore();
  if (record) record.statements++;
}
