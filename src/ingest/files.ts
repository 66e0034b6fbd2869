import { readdir, stat } from 'node:fs/promises';
import { extname, join, resolve } from 'node:path';
import { glob, isDynamicPattern } from 'tinyglobby';

export interface FileListing {
  files: string[];
  /** Paths given that do not exist or cannot be read, with why. */
  missing: { file: string; reason: string }[];
}

/** What a folder is searched for: wire texts and JSON Lines files of articles. */
export const ARTICLE_EXTENSIONS = new Set(['.txt', '.jsonl', '.ndjson']);

async function walk(dir: string, into: string[]): Promise<void> {
  const entries = await readdir(dir, { withFileTypes: true });
  for (const entry of entries) {
    if (entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) await walk(path, into);
    else if (entry.isFile() && ARTICLE_EXTENSIONS.has(extname(entry.name).toLowerCase())) into.push(path);
  }
}

/**
 * The article files named by `paths`: files as named (whatever their extension), the `.txt`,
 * `.jsonl` and `.ndjson` files anywhere below each folder, and the files a glob matches ("news/2022-*.txt", "feeds/**\/*.txt").
 * Sorted and without repeats, so that every run loads in the same order.
 */
export async function listArticleFiles(paths: string[]): Promise<FileListing> {
  const files = new Set<string>();
  const missing: FileListing['missing'] = [];
  for (const given of paths) {
    const path = resolve(given);
    try {
      const info = await stat(path);
      if (info.isDirectory()) {
        const found: string[] = [];
        await walk(path, found);
        for (const f of found) files.add(f);
      } else {
        files.add(path);
      }
    } catch (error) {
      if (isDynamicPattern(given)) {
        const matched = await glob(given, { absolute: true, onlyFiles: true, dot: false });
        if (matched.length) {
          for (const f of matched) files.add(resolve(f));
          continue;
        }
        missing.push({ file: given, reason: 'the pattern matches no file' });
        continue;
      }
      const code = (error as NodeJS.ErrnoException).code;
      missing.push({ file: given, reason: code === 'ENOENT' ? 'no such file or folder' : String(error) });
    }
  }
  return { files: [...files].sort(), missing };
}
