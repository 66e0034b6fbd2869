import { Writable } from 'node:stream';
import { createLog, type Log, type LogLevel } from '../../src/http/log.js';

export interface CapturedLog {
  log: Log;
  /** Every line written, parsed. */
  lines: Record<string, unknown>[];
  /** Every line as written. */
  text(): string;
}

/** A server log that writes into memory, for a test to read what was logged. */
export function captureLog(level: LogLevel = 'info'): CapturedLog {
  const raw: string[] = [];
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      for (const line of chunk.toString().split('\n')) {
        if (!line) continue;
        raw.push(line);
        lines.push(JSON.parse(line) as Record<string, unknown>);
      }
      done();
    },
  });
  return { log: createLog(level, destination), lines, text: () => raw.join('\n') };
}
