import { readFile } from 'node:fs/promises';
import { parentPort } from 'node:worker_threads';
import { prepareArticle } from './prepare.js';

// One extraction thread: reads the file itself, so the loader's main thread only writes.
parentPort?.on('message', async ({ id, file }: { id: number; file: string }) => {
  try {
    const bytes = await readFile(file);
    parentPort?.postMessage({ id, result: prepareArticle(file, bytes) });
  } catch (error) {
    parentPort?.postMessage({ id, result: { ok: false, file, reason: `cannot read: ${(error as Error).message}` } });
  }
});
