import { stat } from 'node:fs/promises';
import type { Db } from '../db/client.js';
import { type Extractor, inlineExtractor, workerExtractor } from './extract-pool.js';
import { listArticleFiles } from './files.js';
import type { PreparedArticle, PrepareOptions } from './prepare.js';
import { type SavedArticle, type SaveOutcome, saveArticles } from './save.js';

export interface LoadFailure {
  file: string;
  reason: string;
}

export interface LoadSummary {
  loaded: number;
  updated: number;
  unchanged: number;
  failed: LoadFailure[];
  /** Files that loaded but with something worth telling (a Latin-1 file, say). */
  notes: LoadFailure[];
  /** In a dry run: what was found, since nothing was written. */
  extracted: { articles: number; persons: number; places: number; quotes: number };
}

export type FileOutcome = SaveOutcome | 'failed' | 'extracted';

export interface LoadProgress {
  done: number;
  total: number;
  summary: LoadSummary;
}

export interface LoadOptions {
  /** Called after each file with what happened to it. */
  onFile?: (file: string, outcome: FileOutcome, reason?: string) => void;
  /** Called after each written batch (and once at the start) with the running totals. */
  onProgress?: (progress: LoadProgress) => void;
  /**
   * Files given by themselves are named relative to this folder when they are below it, as if
   * found by loading the folder (`--watch` hands over the files that changed in its folder).
   */
  root?: string;
  /** Bytes of files per transaction (default 12 MiB): a batch is written when either bound is met. */
  batchBytes?: number;
  /** Bytes of files being extracted ahead of the writes (default 24 MiB; one larger file still goes alone). */
  extractingBytes?: number;
  /** Articles per transaction. */
  batchSize?: number;
  /** Extraction threads; 0 extracts on the calling thread. Default: by the number of files and cores. */
  workers?: number;
  /** Extract and report; write nothing. */
  dryRun?: boolean;
  /**
   * Batches written at once, each in its own transaction on its own connection. One Postgres
   * backend uses one core; two let the server use a second. Keep 1 for PGlite (one connection).
   */
  writers?: number;
  /** How to read what a text does not say itself: its time zone, its agency. */
  prepare?: PrepareOptions;
}

const RETRYABLE = new Set(['40P01', '40001']); // deadlock detected, serialization failure

function errorCode(error: unknown): string | undefined {
  const e = error as { code?: string; cause?: { code?: string } };
  return e?.cause?.code ?? e?.code;
}

// The connection to the database is gone (the server holding it stopped or crashed): nothing more
// can be written, and retrying article by article would only fail each one with the same reason.
const CONNECTION_LOST = new Set([
  'CONNECTION_CLOSED',
  'CONNECTION_DESTROYED',
  'CONNECTION_ENDED',
  'CONNECT_TIMEOUT',
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ENOENT',
  '57P01', // admin_shutdown: the server is stopping
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now
]);

/** The load stopped because the database went away; whole batches written before it are kept. */
export class DatabaseGoneError extends Error {
  constructor(
    readonly summary: LoadSummary,
    cause: unknown,
  ) {
    super(`the database connection was lost: ${reasonOf(cause)}`);
    this.name = 'DatabaseGoneError';
  }
}

function reasonOf(error: unknown): string {
  const e = error as { cause?: { message?: string }; message?: string };
  return e?.cause?.message ?? e?.message ?? String(error);
}

/**
 * Yields fn(item) for every item in order, with at most `limit` of them under way at once and, by
 * `weightOf`, at most `maxWeight` of them (one heavier item still goes, alone). Each result comes
 * with its item's weight.
 */
async function* mapBounded<T, R>(
  items: T[],
  limit: number,
  maxWeight: number,
  weightOf: (item: T) => Promise<number>,
  fn: (item: T) => Promise<R>,
): AsyncGenerator<[R, number]> {
  const underWay: [Promise<R>, number][] = [];
  let weight = 0;
  let next = 0;
  let nextWeight: number | null = null;
  while (next < items.length || underWay.length) {
    while (next < items.length && underWay.length < limit) {
      const item = items[next] as T;
      nextWeight ??= await weightOf(item);
      if (underWay.length && weight + nextWeight > maxWeight) break;
      underWay.push([fn(item), nextWeight]);
      weight += nextWeight;
      next++;
      nextWeight = null;
    }
    const [result, w] = underWay.shift() as [Promise<R>, number];
    const value = await result;
    weight -= w;
    yield [value, w];
  }
}

/** The items of each list in turn, each with its share of the list's weight; `onList` sees each list first. */
async function* flatten<T>(
  lists: AsyncIterable<[T[], number]>,
  onList: (list: T[]) => void,
): AsyncGenerator<[T, number]> {
  for await (const [list, weight] of lists) {
    onList(list);
    for (const item of list) yield [item, weight / list.length];
  }
}

// Bytes of article files between the start of their extraction and their batch: each byte of a
// file is several in memory once extracted (the body, its paragraphs, mentions, the statement's
// parameters), and 20 files of 5 MB extracted at once ran the loader's 384 MB heap out of memory.
const MAX_EXTRACTING_BYTES = 24 * 1024 * 1024;
// A batch is written once it holds this many bytes of files, whatever its article count.
const MAX_BATCH_BYTES = 12 * 1024 * 1024;

const statSize = async (file: string) => {
  try {
    return (await stat(file)).size;
  } catch {
    return 0; // read and reported by the extractor
  }
};

/**
 * Loads every article file under `paths` (files, folders searched recursively, globs). Files are
 * read and extracted on worker threads while the main thread writes batches, each batch in one
 * transaction; at most a few batches' worth of articles are held in memory whatever the number of
 * files. A batch that fails is written again one article at a time, so one bad article costs only
 * itself. Deadlocks with a concurrent loader are retried.
 */
export async function loadArticles(db: Db | null, paths: string[], options: LoadOptions = {}): Promise<LoadSummary> {
  if (!db && !options.dryRun) throw new Error('loadArticles needs a database unless it is a dry run');
  const summary: LoadSummary = {
    loaded: 0,
    updated: 0,
    unchanged: 0,
    failed: [],
    notes: [],
    extracted: { articles: 0, persons: 0, places: 0, quotes: 0 },
  };
  const batchSize = options.batchSize ?? 500;
  const { files, keys, sizes, missing, skipped } = await listArticleFiles(paths, { root: options.root });
  // The sizes the listing read: asking again per file held up handing files to the extractor.
  const fileSize = async (file: string) => sizes.get(file) ?? statSize(file);
  const fail = (file: string, reason: string) => {
    summary.failed.push({ file, reason });
    options.onFile?.(file, 'failed', reason);
  };
  for (const m of missing) fail(m.file, m.reason);
  for (const s of skipped) summary.notes.push(s);
  // Articles, not files: a JSON Lines file counts as its lines once read.
  let total = files.length;
  let done = 0;
  const report = () => options.onProgress?.({ done, total, summary });
  report();

  // One extraction thread keeps ahead of the database on this kind of machine (measured with
  // bench/ingest.ts: a second one only takes cores from Postgres, and each costs ~140 MB).
  const workers = options.workers ?? (files.length < 50 ? 0 : 1);
  const extractor: Extractor =
    workers > 0 ? workerExtractor(workers, options.prepare) : inlineExtractor(options.prepare);

  const record = (item: PreparedArticle, outcome: SaveOutcome) => {
    summary[outcome]++;
    options.onFile?.(item.file, outcome);
  };

  // Set when the connection is lost: the load stops, keeping what whole batches wrote.
  let lost: unknown = null;

  const writeOne = async (item: PreparedArticle) => {
    for (let attempt = 1; ; attempt++) {
      if (lost) return;
      try {
        const [saved] = await saveArticles(db as Db, [item]);
        record(item, (saved as SavedArticle).outcome);
        return;
      } catch (error) {
        if (CONNECTION_LOST.has(errorCode(error) ?? '')) {
          lost ??= error;
          return;
        }
        if (RETRYABLE.has(errorCode(error) ?? '') && attempt < 5) continue;
        fail(item.file, `database error: ${reasonOf(error)}`);
        return;
      }
    }
  };

  const writeBatch = async (batch: PreparedArticle[]) => {
    for (let attempt = 1; ; attempt++) {
      if (lost) return;
      try {
        const saved = await saveArticles(db as Db, batch);
        for (const [i, item] of batch.entries()) record(item, (saved[i] as SavedArticle).outcome);
        break;
      } catch (error) {
        if (CONNECTION_LOST.has(errorCode(error) ?? '')) {
          lost ??= error;
          return;
        }
        if (RETRYABLE.has(errorCode(error) ?? '') && attempt < 5) {
          await new Promise((r) => setTimeout(r, 20 * attempt * Math.random()));
          continue;
        }
        // Something in the batch is bad: each article on its own, so only that one fails.
        for (const item of batch) await writeOne(item);
        break;
      }
    }
    done += batch.length;
    report();
  };

  const writers = Math.max(1, options.writers ?? 1);
  // Batches being written, with the file names in each: a name must not be in two at once.
  const writing = new Map<Promise<void>, Set<string>>();
  const startWrite = async (items: PreparedArticle[], keys: Set<string>) => {
    while (writing.size >= writers) await Promise.race(writing.keys());
    const task: Promise<void> = writeBatch(items).finally(() => writing.delete(task));
    writing.set(task, keys);
  };
  const nameInFlight = (key: string) => [...writing.values()].some((keys) => keys.has(key));

  try {
    let batch: PreparedArticle[] = [];
    let keysInBatch = new Set<string>();
    let batchBytes = 0;
    const maxBatchBytes = options.batchBytes ?? MAX_BATCH_BYTES;
    // Extraction runs at most a batch and a half (and MAX_EXTRACTING_BYTES) ahead of the writes,
    // and a batch holds at most MAX_BATCH_BYTES: memory stays flat however many and large the files.
    for await (const [prepared, bytes] of flatten(
      mapBounded(
        files,
        Math.max(8, Math.ceil(batchSize * 1.5)),
        options.extractingBytes ?? MAX_EXTRACTING_BYTES,
        fileSize,
        (file) => extractor.prepare(file, keys.get(file)),
      ),
      (list) => {
        total += list.length - 1;
      },
    )) {
      if (!prepared.ok) {
        fail(prepared.file, prepared.reason);
        done++;
        continue;
      }
      if (lost) break;
      const item = prepared.value;
      if (item.note) summary.notes.push({ file: item.file, reason: item.note });
      if (options.dryRun) {
        summary.extracted.articles++;
        summary.extracted.persons += item.article.persons.length;
        summary.extracted.places += item.article.places.length;
        summary.extracted.quotes += item.article.quotes.length;
        options.onFile?.(item.file, 'extracted');
        done++;
        if (done % batchSize === 0) report();
        continue;
      }
      // Two files of one name in one batch, or in two batches at once, would race for the name:
      // the second waits until the first is written.
      if (keysInBatch.has(item.sourceKey) || nameInFlight(item.sourceKey)) {
        await startWrite(batch, keysInBatch);
        batch = [];
        keysInBatch = new Set();
        batchBytes = 0;
        await Promise.all(writing.keys());
      }
      batch.push(item);
      keysInBatch.add(item.sourceKey);
      batchBytes += bytes;
      if (batch.length >= batchSize || batchBytes >= maxBatchBytes) {
        await startWrite(batch, keysInBatch);
        batch = [];
        keysInBatch = new Set();
        batchBytes = 0;
      }
    }
    if (batch.length && !lost) await startWrite(batch, keysInBatch);
    await Promise.all(writing.keys());
  } finally {
    await extractor.close();
  }
  if (lost) throw new DatabaseGoneError(summary, lost);
  report();
  return summary;
}
