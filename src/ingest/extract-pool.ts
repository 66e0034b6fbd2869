import { readFile } from 'node:fs/promises';
import { Worker } from 'node:worker_threads';
import type { Prepared, PrepareOptions } from './prepare.js';
import { prepareFile } from './structured.js';

const WORKER_HEAP_MB = 256;

export interface Extractor {
  /**
   * Every article in the file: one for a text, one a line for JSON Lines; `key` is the file's
   * source key (by default its name alone).
   */
  prepare(file: string, key?: string): Promise<Prepared[]>;
  close(): Promise<void>;
}

/** Extraction on the calling thread: for a handful of files, where starting threads costs more. */
export function inlineExtractor(options: PrepareOptions = {}): Extractor {
  return {
    prepare: async (file, key) => {
      try {
        return prepareFile(file, await readFile(file), options, key);
      } catch (error) {
        return [{ ok: false, file, reason: `cannot read: ${(error as Error).message}` }];
      }
    },
    close: async () => {},
  };
}

/**
 * Extraction on `size` worker threads, so that reading and extracting run beside the database
 * writes. Each thread builds its own gazetteer once. Tasks go to the thread with the fewest waiting.
 */
export function workerExtractor(size: number, options: PrepareOptions = {}): Extractor {
  // The threads run the worker from its TypeScript source through tsx (see the entry file).
  const workerUrl = new URL('./extract-worker-entry.mjs', import.meta.url);
  const waiting = new Map<number, { file: string; resolve: (result: Prepared[]) => void }>();
  const load: number[] = [];
  const workers = Array.from({ length: size }, (_, index) => {
    // A bounded heap: V8 otherwise lets garbage pile up to a large share of the machine before it
    // collects, and memory would seem to grow with the corpus. The gazetteer needs ~90 MB of it.
    const worker = new Worker(workerUrl, { resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB } });
    load[index] = 0;
    worker.on('message', ({ id, result }: { id: number; result: Prepared[] }) => {
      load[index] = (load[index] ?? 1) - 1;
      waiting.get(id)?.resolve(result);
      waiting.delete(id);
    });
    worker.on('error', (error) => {
      for (const { file, resolve } of waiting.values()) {
        resolve([{ ok: false, file, reason: `extraction thread failed: ${error.message}` }]);
      }
      waiting.clear();
    });
    return worker;
  });
  let nextId = 0;
  return {
    prepare: (file, key) =>
      new Promise<Prepared[]>((resolve) => {
        const id = nextId++;
        let target = 0;
        for (let i = 1; i < workers.length; i++) if ((load[i] ?? 0) < (load[target] ?? 0)) target = i;
        load[target] = (load[target] ?? 0) + 1;
        waiting.set(id, { file, resolve });
        workers[target]?.postMessage({ id, file, key, options });
      }),
    close: async () => {
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}
