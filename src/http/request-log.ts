import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { getOperationAST } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { Log } from './log.js';
import { currentRequest, type RequestRecord, runInRequest } from './request-context.js';

/** A request id a proxy in front may pass on, if it looks like one (it goes into every line). */
const GIVEN_ID = /^[\w.:-]{1,64}$/;
/** Probes, asked every few seconds by an orchestrator or a scraper: logged at debug only. */
const PROBES = new Set(['/health', '/ready', '/metrics']);

function errorCodes(result: unknown, into: Set<string>): void {
  const results = Array.isArray(result) ? result : [result];
  for (const r of results) {
    const errors = (r as { errors?: readonly { extensions?: { code?: unknown } }[] } | null)?.errors;
    for (const error of errors ?? []) {
      const code = error.extensions?.code;
      into.add(typeof code === 'string' ? code : 'UNCODED');
    }
  }
}

/** A new request's record: its id is the one a proxy passed on when it looks like one. */
export function newRequestRecord(givenId: string | null | undefined): RequestRecord {
  return {
    id: givenId && GIVEN_ID.test(givenId) ? givenId : randomUUID(),
    started: performance.now(),
    statements: 0,
    operationName: null,
    operationType: null,
    errorCodes: new Set(),
  };
}

/** What a request's line says of the HTTP exchange, beside its record. */
export interface RequestLineHttp {
  method: string;
  path: string;
  status: number;
  remote: string | undefined;
}

/**
 * Writes a request's line (and counts its error codes): the one place it is made, for the
 * answers Yoga sends and those the compiled tier's fast path sends (src/graphql/compiled/fast-path.ts).
 */
export function logRequest(
  log: Log,
  record: RequestRecord,
  http: RequestLineHttp,
  onErrorCodes?: (codes: Iterable<string>) => void,
): void {
  const line = {
    reqId: record.id,
    method: http.method,
    path: http.path,
    ...(record.operationType ? { operation: record.operationName, operationType: record.operationType } : {}),
    status: http.status,
    durationMs: Math.round((performance.now() - record.started) * 10) / 10,
    sql: record.statements,
    ...(record.errorCodes.size ? { errors: [...record.errorCodes] } : {}),
    ...(http.remote ? { remote: http.remote } : {}),
  };
  if (record.errorCodes.size) onErrorCodes?.(record.errorCodes);
  if (PROBES.has(http.path)) log.debug(line, 'request');
  else log.info(line, 'request');
}

/**
 * One log line per request, when its answer is ready: request id (also sent back as
 * `X-Request-Id`), method, path, operation name and type, status, duration, SQL statements run
 * and the error codes in the answer. Never a header, a query string, a document or its variables:
 * those carry API keys and whatever a client searches for.
 */
export function useRequestLog(log: Log, onErrorCodes?: (codes: Iterable<string>) => void): Plugin {
  return {
    instrumentation: {
      request: ({ request }, wrapped) => {
        return runInRequest(newRequestRecord(request.headers.get('x-request-id')), wrapped);
      },
    },
    onParams({ params }) {
      const record = currentRequest();
      if (record && typeof params.operationName === 'string') record.operationName = params.operationName.slice(0, 100);
    },
    onExecute({ args }) {
      const record = currentRequest();
      const operation = getOperationAST(args.document, args.operationName);
      if (record && operation) {
        record.operationName ??= operation.name?.value ?? null;
        record.operationType = operation.operation;
      }
    },
    onSubscribe({ args }) {
      const record = currentRequest();
      const operation = getOperationAST(args.document, args.operationName);
      if (record && operation) {
        record.operationName ??= operation.name?.value ?? null;
        record.operationType = operation.operation;
      }
    },
    onResultProcess({ result }) {
      const record = currentRequest();
      if (record) errorCodes(result, record.errorCodes);
    },
    onResponse({ request, response, serverContext }) {
      const record = currentRequest();
      if (!record) return;
      response.headers.set('x-request-id', record.id);
      // The fetch adapter's Request keeps the URL it parsed to route the request (the same base):
      // parsing it again here was 1.5 % of a compiled answer's CPU.
      const parsed = (request as Request & { parsedUrl?: URL }).parsedUrl;
      const path = (parsed ?? new URL(request.url, 'http://localhost')).pathname;
      const remote = (serverContext as { req?: { socket?: { remoteAddress?: string } } } | undefined)?.req?.socket
        ?.remoteAddress;
      logRequest(log, record, { method: request.method, path, status: response.status, remote }, onErrorCodes);
    },
  };
}
