import { readFile } from 'node:fs/promises';
import type { Db } from '../db/client.js';
import { listArticleFiles } from './files.js';
import { prepareArticle } from './prepare.js';
import { type SaveOutcome, saveArticle } from './save.js';

export interface LoadFailure {
  file: string;
  reason: string;
}

export interface LoadSummary {
  loaded: number;
  updated: number;
  unchanged: number;
  failed: LoadFailure[];
}

export interface LoadOptions {
  /** Called after each file with what happened to it. */
  onFile?: (file: string, outcome: SaveOutcome | 'failed', reason?: string) => void;
}

/**
 * Loads every article file under `paths`. Each article is saved in its own transaction, so a file
 * that fails leaves nothing behind and does not stop the others.
 */
export async function loadArticles(db: Db, paths: string[], options: LoadOptions = {}): Promise<LoadSummary> {
  const summary: LoadSummary = { loaded: 0, updated: 0, unchanged: 0, failed: [] };
  const { files, missing } = await listArticleFiles(paths);
  const fail = (file: string, reason: string) => {
    summary.failed.push({ file, reason });
    options.onFile?.(file, 'failed', reason);
  };
  for (const m of missing) fail(m.file, m.reason);
  for (const file of files) {
    let bytes: Uint8Array;
    try {
      bytes = await readFile(file);
    } catch (error) {
      fail(file, `cannot read: ${(error as Error).message}`);
      continue;
    }
    const prepared = prepareArticle(file, bytes);
    if (!prepared.ok) {
      fail(file, prepared.reason);
      continue;
    }
    try {
      const outcome = await saveArticle(db, prepared.value);
      summary[outcome]++;
      options.onFile?.(file, outcome);
    } catch (error) {
      fail(file, `database error: ${(error as Error).message}`);
    }
  }
  return summary;
}
