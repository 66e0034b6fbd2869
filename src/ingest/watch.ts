import { extname, resolve } from 'node:path';
import { watch } from 'chokidar';
import type { Db } from '../db/client.js';
import { ARTICLE_EXTENSIONS } from './files.js';
import { type LoadOptions, type LoadSummary, loadArticles } from './load.js';

export interface Watcher {
  /** Resolves once the folder is being watched: files written after this are seen. */
  ready: Promise<void>;
  close(): Promise<void>;
}

/**
 * Loads article files (`.txt`, `.jsonl`, `.ndjson`) that appear or change under `dir`, a short while after they stop changing
 * (a file still being written is not read half-way). Files already there are left to a load run.
 */
export function watchArticles(
  db: Db,
  dir: string,
  onLoaded: (summary: LoadSummary, files: string[]) => void,
  options: LoadOptions = {},
  settleMs = 300,
): Watcher {
  const pending = new Set<string>();
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> = Promise.resolve();
  const flush = () => {
    timer = null;
    const files = [...pending];
    pending.clear();
    // One load at a time: changes that arrive meanwhile wait for the next.
    running = running.then(async () => {
      // Named as a load of the folder names them, so a changed file updates the article it made.
      onLoaded(await loadArticles(db, files, { ...options, root: dir }), files);
    });
  };
  const watcher = watch(resolve(dir), {
    ignoreInitial: true,
    awaitWriteFinish: { stabilityThreshold: settleMs, pollInterval: 50 },
    ignored: (path, stats) => Boolean(stats?.isFile() && !ARTICLE_EXTENSIONS.has(extname(path).toLowerCase())),
  });
  const queue = (path: string) => {
    pending.add(path);
    if (timer) clearTimeout(timer);
    timer = setTimeout(flush, 50);
  };
  watcher.on('add', queue).on('change', queue);
  const ready = new Promise<void>((resolve) => watcher.once('ready', () => resolve()));
  return {
    ready,
    close: async () => {
      if (timer) clearTimeout(timer);
      await watcher.close();
      await running;
    },
  };
}
