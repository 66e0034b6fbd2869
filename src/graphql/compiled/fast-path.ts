import type { IncomingMessage, ServerResponse } from 'node:http';
import { type GraphQLSchema, getVariableValues, OperationTypeNode } from 'graphql';
import type { Db } from '../../db/client.js';
import { runCancellable } from '../../db/statement-cancel.js';
import type { HeaderSource } from '../../http/cors.js';
import { type Handoff, handOff } from '../../http/handoff.js';
import type { Log } from '../../http/log.js';
import type { AppMetrics } from '../../http/metrics.js';
import type { RateLimiter } from '../../http/rate-limit.js';
import { type RequestRecord, runInRequest } from '../../http/request-context.js';
import { logRequest, newRequestRecord } from '../../http/request-log.js';
import { MAX_BODY_BYTES } from '../body-limit.js';
import { pageSizesRefused } from '../page-size.js';
import { type CompiledTier, type PreparedStatement, runStatement } from './plugin.js';
import { compactJsonBytes } from './response-text.js';

export interface FastPathOptions {
  tier: CompiledTier;
  db: Db;
  schema: GraphQLSchema;
  log: Log;
  metrics: AppMetrics;
  /** The CORS and Vary headers Yoga would add (src/http/cors.ts). */
  cors: (request: HeaderSource) => Record<string, string>;
  rateLimiter: RateLimiter | null;
  /** Persisted-only mode: the documents by hash; a request must name one and send no document. */
  persistedOperations: Record<string, string> | null;
  endpoint?: string;
}

/** What node:http hands a request listener; `next` hands the request on to Yoga. */
export type FastPathHandler = (request: IncomingMessage, response: ServerResponse, next: () => void) => void;

const CONTENT_LENGTH = /^\d+$/;
const PARAMS = new Set(['query', 'variables', 'operationName', 'extensions']);

// Yoga's result processors in the order it tries them (use-result-processor.js): the last match
// of any is the one that prints the answer; only the regular one's answers are sent here.
const PROCESSORS = [
  ['text/event-stream'],
  ['multipart/mixed'],
  ['application/graphql-response+json', 'application/json'],
];
const REGULAR = PROCESSORS[2] as string[];

/** Whether a processor's type is one the request asks for (a wildcard on the request's side). */
function matches(processorType: string, askedType: string): boolean {
  const [processorPre, processorSuf] = processorType.split('/');
  const [pre, suf] = askedType.split('/');
  return (pre === '*' || pre === processorPre) && (suf === '*' || suf === processorSuf);
}

/**
 * The media type Yoga answers a query's result in for this Accept header, or null when it is not
 * one of the regular processor's (an event stream, multipart, 406): read as Yoga reads it
 * (result-processor/accept.js: utf-8 only, the list reversed, the last match winning).
 */
export function regularMediaType(accept: string | undefined): string | null {
  const asked: string[] = [];
  for (const part of (accept || '*/*').replace(/\s/g, '').toLowerCase().split(',')) {
    const [type, ...params] = part.split(';');
    if (type === undefined) continue;
    const charset = params.find((p) => p.includes('charset=')) || 'charset=utf-8';
    if (charset !== 'charset=utf-8') continue;
    asked.push(type);
  }
  asked.reverse();
  let chosen: { processor: string[]; type: string } | null = null;
  for (const processor of PROCESSORS) {
    for (const type of asked) {
      for (const processorType of processor)
        if (matches(processorType, type)) chosen = { processor, type: processorType };
    }
  }
  return chosen?.processor === REGULAR ? chosen.type : null;
}

const MAX_ACCEPTS = 64;

/** Only what Yoga's JSON parser would take for a POST of JSON (request-parser/utils.js). */
function isJson(contentType: string | undefined): boolean {
  const type = contentType?.split(',')[0];
  return type === 'application/json' || type?.startsWith('application/json;') === true;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** One request the fast path is answering, and what it knows of it so far. */
interface Exchange {
  request: IncomingMessage;
  response: ServerResponse;
  next: () => void;
  headerSource: HeaderSource;
  record: RequestRecord;
  /** Date.now() when it came, Yoga's Prometheus plugin's clock. */
  started: number;
  mediaType: string;
}

/** node:http's headers read as a fetch Request's: a repeated header joined by ", ". */
function headersOf(request: IncomingMessage): HeaderSource {
  return {
    headers: {
      get: (name) => {
        const value = request.headers[name];
        return value === undefined ? null : Array.isArray(value) ? value.join(', ') : value;
      },
    },
  };
}

/** The body's bytes, or null if the client went before sending them all. */
function readBody(request: IncomingMessage): Promise<Buffer | null> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      size += chunk.length;
    });
    request.once('end', () => resolve(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, size)));
    request.once('error', () => resolve(null));
    request.once('close', () => {
      if (!request.complete) resolve(null);
    });
  });
}

/**
 * The compiled tier's fast path (issue 17): in front of Yoga, at node:http's handler, it answers
 * a POST of a document the tier has already answered compiled on the normal path (the same text
 * and operation name, or the same persisted-operation id), without Yoga's Request, envelop's
 * hooks or the parse cache. It keeps what the normal path does for such a request: the body
 * limit, the parameters Yoga accepts, persisted-only mode, the rate limit (one budget for both
 * paths), variables coerced as execution coerces them, the page-size limit, the statement
 * cancelled when the client goes, the response's status, content type and body, CORS and Vary,
 * the request id, the log line and the metrics. Anything it is not sure of goes to Yoga
 * untouched, or, once it has read the body, with the body handed on (node:http's stream can be
 * read once; Yoga's adapter takes a body left on the request as the body) and with what it
 * already counted or ran (src/http/handoff.ts), so nothing is counted or run twice. A statement
 * that fails is answered by Yoga too, as the tier answers it there (a timeout, a client gone, or
 * the normal path).
 */
export function createFastPath(options: FastPathOptions): FastPathHandler {
  const { tier, db, schema, log, metrics, cors, rateLimiter, persistedOperations } = options;
  const endpoint = options.endpoint ?? '/graphql';
  const tell = tier.options.onFastPath ?? (() => {});
  const mediaTypes = new Map<string | undefined, string | null>();
  const mediaTypeOf = (accept: string | undefined) => {
    let type = mediaTypes.get(accept);
    if (type === undefined) {
      type = regularMediaType(accept);
      if (mediaTypes.size < MAX_ACCEPTS) mediaTypes.set(accept, type);
    }
    return type;
  };

  return (request, response, next) => {
    if (request.method !== 'POST' || request.url !== endpoint) return next();
    const untouched = (reason: string) => {
      tell({ answered: false, reason });
      next();
    };
    if (!tier.fastPathReady()) return untouched('nothing proven yet');
    const headers = request.headers;
    const length = headers['content-length'];
    // Only a body node:http frames by a length within the limit: a larger one is refused (413)
    // by Yoga's path, a chunked one may grow past it, an empty one has nothing to answer.
    if (length === undefined || !CONTENT_LENGTH.test(length) || headers['transfer-encoding'] !== undefined) {
      return untouched('body not framed by a length');
    }
    const size = Number(length);
    if (size === 0 || size > MAX_BODY_BYTES) return untouched('body length');
    if (!isJson(headers['content-type'])) return untouched('content type');
    const mediaType = mediaTypeOf(headers.accept);
    if (mediaType === null) return untouched('accept');
    const started = Date.now();
    const headerSource = headersOf(request);
    const record = newRequestRecord(headerSource.headers.get('x-request-id'));
    readBody(request).then(
      (body) => {
        if (body === null) return untouched('client went away while sending');
        return answer({ request, response, next, headerSource, record, started, mediaType }, body);
      },
      () => untouched('body unreadable'),
    );
  };

  function answer(exchange: Exchange, body: Buffer) {
    const { request, next, headerSource, record } = exchange;
    const handoff: Handoff = {};
    const handOn = (reason: string) => {
      tell({ answered: false, reason });
      Object.defineProperty(request, 'body', { value: body, configurable: true, writable: true });
      handOff(request, handoff);
      next();
    };
    let params: unknown;
    try {
      params = JSON.parse(body.toString('utf-8'));
    } catch {
      return handOn('body not JSON');
    }
    if (!isObject(params)) return handOn('body not an object');
    for (const key in params) if (params[key] != null && !PARAMS.has(key)) return handOn('unexpected parameter');
    const { query, variables, operationName, extensions } = params;
    if (variables != null && !isObject(variables)) return handOn('variables');
    if (operationName != null && typeof operationName !== 'string') return handOn('operation name');
    let text: string | undefined;
    if (persistedOperations) {
      // What the persisted-operations plugin reads: no document, an id of version 1, nothing else.
      const persisted = isObject(extensions) ? extensions.persistedQuery : undefined;
      if (query != null || !isObject(extensions) || Object.keys(extensions).length !== 1 || !isObject(persisted)) {
        return handOn('not a persisted operation');
      }
      if (persisted.version !== 1 || typeof persisted.sha256Hash !== 'string') return handOn('persisted id');
      text = Object.hasOwn(persistedOperations, persisted.sha256Hash)
        ? persistedOperations[persisted.sha256Hash]
        : undefined;
    } else {
      if (typeof query !== 'string' || extensions != null) return handOn('not a plain document');
      text = query;
    }
    if (text === undefined) return handOn('unknown persisted id');
    const name = operationName ?? undefined;
    const proven = tier.proven(text, name);
    if (!proven) return handOn('not proven');
    const serverContext = { req: request };
    const run = async () => {
      if (rateLimiter) {
        handoff.rateLimit = await rateLimiter.take(headerSource, serverContext);
        if (handoff.rateLimit !== null) return handOn('rate limited');
      }
      const sent = (variables ?? {}) as Record<string, unknown>;
      const coerced = getVariableValues(schema, proven.operation.variableDefinitions ?? [], sent);
      if (coerced.errors) return handOn('variables');
      if (proven.pageSizesReadVariables && pageSizesRefused(schema, proven.document, sent, name)) {
        return handOn('page size');
      }
      const prepared = tier.prepare(schema, proven, coerced.coerced);
      if ('reason' in prepared) return handOn(prepared.reason);
      record.operationName = name === undefined ? (proven.operation.name?.value ?? null) : name.slice(0, 100);
      record.operationType = proven.operation.operation;
      await respond(exchange, prepared, proven.operation.name?.value, handoff, handOn);
    };
    runInRequest(record, run).catch((error: unknown) => {
      // A fault of the fast path itself: Yoga answers, as if the fast path were not there.
      log.error({ reqId: record.id, err: error }, 'compiled fast path failed; handed on');
      if (!exchange.response.headersSent) handOn('fast path failed');
    });
  }

  async function respond(
    { request, response, headerSource, record, started, mediaType }: Exchange,
    prepared: PreparedStatement,
    operationName: string | undefined,
    handoff: Handoff,
    handOn: (reason: string) => void,
  ): Promise<void> {
    // Cancelled when the connection closes before the answer is sent, as Yoga's adapter aborts
    // its Request's signal then.
    const executing = Date.now();
    const running = runCancellable(() => runStatement(db, prepared));
    let aborted = false;
    const closed = () => {
      if (response.writableFinished) return;
      aborted = true;
      running.cancel();
    };
    response.once('close', closed);
    let text: string;
    try {
      text = await running.result;
    } catch (error) {
      response.removeListener('close', closed);
      handoff.statement = { error, aborted };
      return handOn('statement failed');
    }
    const executed = Date.now();
    // As compiledResult prints it through Yoga: the compact text, or the value parsed and printed,
    // in UTF-8.
    const body = compactJsonBytes(text) ?? Buffer.from(JSON.stringify(JSON.parse(text)));
    const headers: Record<string, string> = {
      'content-type': `${mediaType}; charset=utf-8`,
      'content-length': String(body.length),
      ...cors(headerSource),
      'x-request-id': record.id,
    };
    // Logged and counted before the answer is written, where Yoga's onResponse hooks run.
    logRequest(
      log,
      record,
      { method: 'POST', path: endpoint, status: 200, remote: request.socket.remoteAddress },
      metrics.countErrorCodes,
    );
    metrics.observeAnswer({
      // The operation's own name, as Yoga's plugin labels it (the log line keeps the one sent).
      operationName,
      operationType: OperationTypeNode.QUERY,
      method: 'POST',
      status: 200,
      executeSeconds: (executed - executing) / 1000,
      requestSeconds: (Date.now() - started) / 1000,
    });
    response.writeHead(200, headers);
    response.end(body);
    response.removeListener('close', closed);
    tell({ answered: true });
  }
}
