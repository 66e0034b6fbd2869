import { readFile } from 'node:fs/promises';
import { parentPort } from 'node:worker_threads';
import type { PrepareOptions } from './prepare.js';
import { prepareFile } from './structured.js';

// One extraction thread: reads the file itself, so the loader's main thread only writes.
parentPort?.on(
  'message',
  async ({ id, file, key, options }: { id: number; file: string; key?: string; options: PrepareOptions }) => {
    try {
      const bytes = await readFile(file);
      parentPort?.postMessage({ id, result: prepareFile(file, bytes, options, key) });
    } catch (error) {
      parentPort?.postMessage({
        id,
        result: [{ ok: false, file, reason: `cannot read: ${(error as Error).message}` }],
      });
    }
  },
);
