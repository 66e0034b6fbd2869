import type { YogaLogger } from 'graphql-yoga';
import { type DestinationStream, type Logger, pino } from 'pino';

export type Log = Logger;

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Longest statement text kept in a log line: the SQL is the program's, but a page of it helps nobody. */
const MAX_STATEMENT = 2000;
/** Each parameter is cut to this many characters, and at most this many are kept. */
const MAX_PARAM = 120;
const MAX_PARAMS = 20;
const MAX_MESSAGE = 500;
const MAX_STACK = 4000;

function cut(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}… (${text.length} characters)` : text;
}

function shortParam(value: unknown): unknown {
  if (value === null || typeof value === 'number' || typeof value === 'boolean') return value;
  if (typeof value === 'string') return cut(value, MAX_PARAM);
  if (value instanceof Date) return value.toISOString();
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return cut(text, MAX_PARAM);
}

export interface DescribedError {
  type: string;
  message: string;
  code?: string;
  detail?: string;
  /** The statement that failed, once (drizzle also writes it, with every parameter, into its message). */
  statement?: string;
  params?: unknown[];
  paramCount?: number;
  stack?: string;
  cause?: DescribedError;
}

/**
 * An error as a log line carries it. A failed statement comes from drizzle as an error whose
 * message is the whole statement and every parameter, which it also keeps as properties: logged
 * as it was (the stack holds the message), a 2.7 MB article was written out twice. Here the
 * statement appears once, its parameters cut short, and the database's own error (its message,
 * code and detail, cut too: a check's detail repeats the whole row) as the cause.
 */
export function describeError(error: unknown, depth = 0, statementShown = false): DescribedError {
  if (!(error instanceof Error)) return { type: typeof error, message: cut(String(error), MAX_MESSAGE) };
  const e = error as Error & { code?: unknown; detail?: unknown; query?: unknown; params?: unknown };
  const described: DescribedError = { type: e.name || e.constructor?.name || 'Error', message: '' };
  if (typeof e.code === 'string') described.code = e.code;
  if (typeof e.detail === 'string') described.detail = cut(e.detail, MAX_MESSAGE);
  const failedStatement = typeof e.query === 'string' && Array.isArray(e.params);
  if (failedStatement && !statementShown) {
    described.message = 'a statement failed';
    described.statement = cut(e.query as string, MAX_STATEMENT);
    described.params = (e.params as unknown[]).slice(0, MAX_PARAMS).map(shortParam);
    described.paramCount = (e.params as unknown[]).length;
  } else if (failedStatement) {
    // The database's error under drizzle's (PGlite's keeps the statement too): its message only.
    described.message = cut(e.message, MAX_MESSAGE);
  } else {
    described.message = cut(e.message, MAX_MESSAGE);
    if (e.stack) {
      // The stack's first line repeats the message: only the frames.
      const frames = e.stack.split('\n').filter((line) => /^\s+at /.test(line));
      if (frames.length) described.stack = cut(frames.join('\n'), MAX_STACK);
    }
  }
  if (e.cause !== undefined && depth < 3) {
    described.cause = describeError(e.cause, depth + 1, statementShown || failedStatement);
  }
  return described;
}

/**
 * The server's logger: one JSON object a line on stdout (or `destination`), ISO times, the level
 * by name. JSON carries no colour escapes, whatever stdout is. Errors go under `err` through
 * `describeError`.
 */
export function createLog(level: LogLevel = 'info', destination?: DestinationStream): Log {
  return pino(
    {
      level,
      base: { pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      serializers: { err: describeError },
    },
    destination,
  );
}

/** How a request's line ends (logRequest's message), the only lines that may wait in the buffer. */
const REQUEST_LINE_END = '"msg":"request"}\n';
/** How often what waits in the buffer is written when it does not fill (a line waits two of these at most). */
const REQUEST_LINES_WAIT_MS = 250;

/**
 * Standard output for the server's log, with the request lines written in batches: up to 4 KB of
 * them (about 25 lines) wait in pino's buffer, half a second at most, and any other line (start,
 * shutdown, a warning, an error) is written at once with those before it, in order (or, when a
 * batch is being written just then, with the next).
 * One synchronous write of each request's line was a tenth of a compiled answer's CPU.
 * pino writes what is buffered when the process exits, however it exits (process.exit, the end
 * of the event loop, an uncaught exception), and SIGTERM and SIGINT exit through the server's
 * shutdown; what a SIGKILL, an out-of-memory kill or a power cut finds buffered, the last half
 * second of lines at most, is lost.
 */
export function bufferedStdout(): DestinationStream {
  const sink = pino.destination({ dest: 1, minLength: 4096, sync: false });
  // A flush while a batch is being written writes nothing more, and what is left below the 4 KB
  // waits for the next line: the timer flushes once after any line, and once more after that.
  let written = false;
  let again = false;
  const timer = setInterval(() => {
    if (!written && !again) return;
    again = written;
    written = false;
    sink.flush();
  }, REQUEST_LINES_WAIT_MS);
  timer.unref();
  return {
    write(line: string) {
      sink.write(line);
      written = true;
      if (!line.endsWith(REQUEST_LINE_END)) sink.flush();
    },
  };
}

/**
 * Yoga's own messages into the same log. Yoga logs every error that masking hides from the
 * client, and some of them twice (once where it masks, once where it handles a request error):
 * each error object is logged once, as `request failed` with the request's id and the error
 * under the GraphQL wrapper, which is all the operator needs.
 */
export function yogaLogger(log: Log, requestId: () => string | undefined = () => undefined): YogaLogger {
  const logged = new WeakSet<object>();
  const forward =
    (level: 'debug' | 'info' | 'warn' | 'error') =>
    (...args: unknown[]) => {
      const error = args.find((a) => a instanceof Error);
      const message = args
        .filter((a) => typeof a === 'string')
        .join(' ')
        .trim();
      if (error) {
        if (logged.has(error)) return;
        logged.add(error);
        const original = (error as { originalError?: unknown }).originalError;
        const cause = original instanceof Error ? original : error;
        log[level]({ reqId: requestId(), err: cause }, message || 'request failed');
      } else if (message) log[level](message);
    };
  return { debug: forward('debug'), info: forward('info'), warn: forward('warn'), error: forward('error') };
}
