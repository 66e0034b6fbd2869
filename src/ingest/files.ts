import type { Dirent } from 'node:fs';
import { readdir, realpath, stat } from 'node:fs/promises';
import { basename, extname, join, relative, resolve, sep } from 'node:path';
import { glob, isDynamicPattern } from 'tinyglobby';

export interface FileListing {
  files: string[];
  /**
   * The name each file is known by (its article's `source_key`): its path relative to the folder
   * or glob root it was found under, with `/` between folders; a file named alone is its own name.
   * Two files `2022-01/story1.txt` and `2022-02/story1.txt` under one root are two articles.
   */
  keys: Map<string, string>;
  /** Each file's size in bytes when listed: what the loader bounds the bytes in flight by, without asking again. */
  sizes: Map<string, number>;
  /** Paths given or found that cannot be loaded (missing, unreadable, not a regular file), with why. */
  missing: { file: string; reason: string }[];
  /** Paths left out on purpose, with why (a second link to a file already listed). */
  skipped: { file: string; reason: string }[];
}

/** What a folder is searched for: wire texts and JSON Lines files of articles. */
export const ARTICLE_EXTENSIONS = new Set(['.txt', '.jsonl', '.ndjson']);

function kindOf(entry: {
  isFIFO(): boolean;
  isSocket(): boolean;
  isCharacterDevice(): boolean;
  isBlockDevice(): boolean;
}) {
  if (entry.isFIFO()) return 'a FIFO';
  if (entry.isSocket()) return 'a socket';
  if (entry.isCharacterDevice() || entry.isBlockDevice()) return 'a device';
  return 'not a regular file';
}

function reasonOf(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file or folder';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'ELOOP') return 'a loop of symbolic links';
  return (error as Error).message ?? String(error);
}

class Collector {
  readonly keys = new Map<string, string>();
  readonly sizes = new Map<string, number>();
  readonly missing: FileListing['missing'] = [];
  readonly skipped: FileListing['skipped'] = [];
  /** Real paths of the files listed, so that a file reached by two links is read once. */
  private readonly real = new Map<string, string>();

  /**
   * Lists one file. `real` is its real path when known (a regular file in a folder whose real path
   * is known: no link to resolve), `size` its size when already read; each is asked of the file
   * system otherwise (one call per file for a folder of thousands).
   */
  async add(path: string, key: string, known: { real?: string; size?: number } = {}): Promise<void> {
    if (this.keys.has(path)) return;
    let target: string;
    let size: number;
    try {
      target = known.real ?? (await realpath(path));
      size = known.size ?? (await stat(path)).size;
    } catch (error) {
      this.missing.push({ file: path, reason: reasonOf(error) });
      return;
    }
    const first = this.real.get(target);
    if (first !== undefined) {
      this.skipped.push({ file: path, reason: `the same file as ${first}, listed once` });
      return;
    }
    this.real.set(target, path);
    this.keys.set(path, key);
    this.sizes.set(path, size);
  }

  /**
   * Every article file (`.txt`, `.jsonl`, `.ndjson`) below `dir`. A folder that cannot be read is reported and the rest still
   * listed; a link is followed (to a folder only once, so a link back up ends); anything that is
   * not a regular file or folder is reported, never opened (reading a FIFO waits for ever).
   */
  async walk(root: string, dir: string, realDir: string, folders: Set<string>): Promise<void> {
    let entries: Dirent[];
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (error) {
      this.missing.push({ file: dir, reason: `cannot read folder: ${reasonOf(error)}` });
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue;
      const path = join(dir, entry.name);
      const isText = ARTICLE_EXTENSIONS.has(extname(entry.name).toLowerCase());
      if (entry.isDirectory()) {
        await this.walkOnce(root, path, folders);
      } else if (entry.isFile()) {
        if (isText) await this.add(path, keyUnder(root, path), { real: join(realDir, entry.name) });
      } else if (entry.isSymbolicLink()) {
        let info: Awaited<ReturnType<typeof stat>>;
        try {
          info = await stat(path);
        } catch (error) {
          if (isText) this.missing.push({ file: path, reason: `a link to nothing readable: ${reasonOf(error)}` });
          continue;
        }
        if (info.isDirectory()) await this.walkOnce(root, path, folders);
        else if (!isText) continue;
        else if (info.isFile()) await this.add(path, keyUnder(root, path), { size: info.size });
        else this.missing.push({ file: path, reason: `a link to ${kindOf(info)}, not a regular file: skipped` });
      } else if (isText) {
        this.missing.push({ file: path, reason: `${kindOf(entry)}, not a regular file: skipped` });
      }
    }
  }

  private async walkOnce(root: string, dir: string, folders: Set<string>): Promise<void> {
    let real: string;
    try {
      real = await realpath(dir);
    } catch (error) {
      this.missing.push({ file: dir, reason: `cannot read folder: ${reasonOf(error)}` });
      return;
    }
    if (folders.has(real)) return;
    folders.add(real);
    await this.walk(root, dir, real, folders);
  }
}

/** `path` below `root`, written with `/` whatever the platform: a file's name in the database. */
function keyUnder(root: string, path: string): string {
  return relative(root, path).split(sep).join('/');
}

/** The folder a glob's matches are named relative to: its leading segments without a wildcard. */
export function globRoot(pattern: string): string {
  const segments = pattern.split(/[\\/]/);
  const fixed: string[] = [];
  for (const segment of segments.slice(0, -1)) {
    if (isDynamicPattern(segment)) break;
    fixed.push(segment);
  }
  if (pattern.startsWith('/') && fixed.length <= 1) return '/';
  return resolve(fixed.join('/') || '.');
}

/**
 * The article files named by `paths`: files as named (whatever their extension), the `.txt`,
 * `.jsonl` and `.ndjson` files anywhere below each folder, and the files a glob matches ("news/2022-*.txt", "feeds/**\/*.txt").
 * Sorted and without repeats, so that every run loads in the same order. A file found twice
 * (named, and in a folder given too) keeps the name it was first found under.
 */
export async function listArticleFiles(paths: string[], options: { root?: string } = {}): Promise<FileListing> {
  const root = options.root === undefined ? null : resolve(options.root);
  const found = new Collector();
  for (const given of paths) {
    const path = resolve(given);
    let info: Awaited<ReturnType<typeof stat>> | null = null;
    try {
      info = await stat(path);
    } catch (error) {
      if (!isDynamicPattern(given)) {
        found.missing.push({ file: given, reason: reasonOf(error) });
        continue;
      }
    }
    if (info?.isDirectory()) {
      const real = await realpath(path);
      await found.walk(path, path, real, new Set([real]));
    } else if (info?.isFile()) {
      const under = root !== null && path.startsWith(root + sep);
      await found.add(path, under ? keyUnder(root, path) : basename(path), { size: info.size });
    } else if (info) {
      found.missing.push({ file: given, reason: `${kindOf(info)}, not a regular file: skipped` });
    } else {
      const base = globRoot(given);
      const matched = (await glob(given, { absolute: true, onlyFiles: true, dot: false })).sort();
      if (!matched.length) {
        found.missing.push({ file: given, reason: 'the pattern matches no file' });
        continue;
      }
      for (const match of matched) {
        const file = resolve(match);
        let kind: Awaited<ReturnType<typeof stat>>;
        try {
          kind = await stat(file);
        } catch (error) {
          found.missing.push({ file, reason: reasonOf(error) });
          continue;
        }
        if (kind.isFile()) await found.add(file, keyUnder(base, file), { size: kind.size });
        else found.missing.push({ file, reason: `${kindOf(kind)}, not a regular file: skipped` });
      }
    }
  }
  return {
    files: [...found.keys.keys()].sort(),
    keys: found.keys,
    sizes: found.sizes,
    missing: found.missing,
    skipped: found.skipped,
  };
}
