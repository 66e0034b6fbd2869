import { SingleBar } from 'cli-progress';
import type { LoadProgress } from './load.js';

export interface ProgressReporter {
  update(progress: LoadProgress): void;
  stop(): void;
}

/**
 * A progress bar with articles per second and time left on a terminal; on anything else (a log, a
 * pipe, CI) a plain line every few seconds.
 */
export function progressReporter(stream: NodeJS.WriteStream = process.stderr, intervalMs = 5000): ProgressReporter {
  const started = Date.now();
  const rate = (done: number) => done / Math.max((Date.now() - started) / 1000, 0.001);
  if (stream.isTTY) {
    const bar = new SingleBar({
      stream,
      format:
        'loading [{bar}] {value}/{total} | {rate} articles/s | ETA {eta_formatted} | {loaded} new, {updated} updated, {unchanged} unchanged, {failed} failed',
      hideCursor: true,
      etaBuffer: 200,
    });
    let started_ = false;
    return {
      update: ({ done, total, summary }) => {
        const payload = {
          rate: rate(done).toFixed(0),
          loaded: summary.loaded,
          updated: summary.updated,
          unchanged: summary.unchanged,
          failed: summary.failed.length,
        };
        if (!started_) {
          bar.start(total, done, payload);
          started_ = true;
        } else bar.update(done, payload);
      },
      stop: () => bar.stop(),
    };
  }
  let last = 0;
  let lastDone = -1;
  return {
    update: ({ done, total, summary }) => {
      const now = Date.now();
      if ((now - last < intervalMs && done < total) || done === lastDone) return;
      last = now;
      lastDone = done;
      const left = done > 0 ? ((total - done) / rate(done)).toFixed(0) : '?';
      stream.write(
        `progress: ${done}/${total} files, ${rate(done).toFixed(0)} articles/s, about ${left} s left; ` +
          `${summary.loaded} new, ${summary.updated} updated, ${summary.unchanged} unchanged, ${summary.failed.length} failed\n`,
      );
    },
    stop: () => {},
  };
}
