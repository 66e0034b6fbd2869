import { readdir, stat } from 'node:fs/promises';
import { extname, join, resolve } from 'node:path';

export interface FileListing {
  files: string[];
  /** Paths given that do not exist or cannot be read, with why. */
  missing: { file: string; reason: string }[];
}

async function walk(dir: string, into: string[]): Promise<void> {
  const entries = await readdir(dir, { withFileTypes: true });
  for (const entry of entries) {
    if (entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) await walk(path, into);
    else if (entry.isFile() && extname(entry.name).toLowerCase() === '.txt') into.push(path);
  }
}

/**
 * The article files under the given paths: files as named (whatever their extension), and the
 * `.txt` files anywhere below each folder, sorted so that every run loads in the same order.
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
      missing.push({
        file: given,
        reason: (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file or folder' : String(error),
      });
    }
  }
  return { files: [...files].sort(), missing };
}
