import { basename } from 'node:path';
import { sql } from 'drizzle-orm';
import { articleSources, articles } from '../../db/schema.js';
import { EXTRACTOR_VERSION } from '../../extract/index.js';
import type { PreparedArticle } from '../prepare.js';
import { arrayParam, rowsOf, type Tx } from './sql.js';

export type SaveOutcome = 'loaded' | 'updated' | 'unchanged';

/** What one file of a batch is, and where its text goes. */
export interface Plan {
  item: PreparedArticle;
  outcome: SaveOutcome;
  /** The stored article this file's text goes to (set once known). */
  articleId?: number;
  /** An existing article to overwrite in place with this text. */
  replaceId?: number;
  /** The plan that writes this text, when another file of the batch holds it too. */
  writer?: Plan;
}

/** A stored file name: the article it points at, and how many names that article has. */
export interface StoredName {
  articleId: number;
  names: number;
  /**
   * Set when the name was stored before names were paths relative to the folder loaded (it is
   * the file's name alone, stored from this very file): the file takes it over under its new name.
   */
  legacyKey?: string;
}

/** What the database already holds for a batch's texts and file names. */
export interface Stored {
  /** Article id and extractor version by content hash. */
  byHash: Map<string, { articleId: number; version: number }>;
  /** The article each file name of the batch points at. */
  byKey: Map<string, StoredName>;
}

export async function readStored(tx: Tx, items: PreparedArticle[]): Promise<Stored> {
  const hashes = [...new Set(items.map((i) => i.contentHash))];
  const keys = [...new Set(items.map((i) => i.sourceKey))];
  const byHash = new Map<string, { articleId: number; version: number }>();
  for (const row of await rowsOf<{ id: number; content_hash: string; extractor_version: number }>(
    tx,
    sql`select id, content_hash, extractor_version from ${articles} where content_hash = any(${arrayParam(hashes, 'text')})`,
  )) {
    byHash.set(row.content_hash, { articleId: row.id, version: row.extractor_version });
  }
  const byKey = new Map<string, StoredName>();
  for (const row of await rowsOf<{ source_key: string; article_id: number; names: number }>(
    tx,
    sql`select s.source_key, s.article_id,
          (select count(*)::int from ${articleSources} s2 where s2.article_id = s.article_id) as names
        from ${articleSources} s where s.source_key = any(${arrayParam(keys, 'text')})`,
  )) {
    byKey.set(row.source_key, { articleId: row.article_id, names: row.names });
  }
  // Files below a subfolder had their name alone as key before keys were relative paths: such a
  // name, stored from this same file, is this file's (see README, "Loading your own articles").
  const legacy = items.filter((i) => !byKey.has(i.sourceKey) && i.sourceKey !== basename(i.file));
  if (legacy.length) {
    const found = new Map<string, StoredName>();
    for (const row of await rowsOf<{ source_key: string; source_file: string; article_id: number; names: number }>(
      tx,
      sql`select s.source_key, s.source_file, s.article_id,
            (select count(*)::int from ${articleSources} s2 where s2.article_id = s.article_id) as names
          from ${articleSources} s where s.source_file = any(${arrayParam(
            legacy.map((i) => i.file),
            'text',
          )})`,
    )) {
      found.set(`${row.source_file}\0${row.source_key}`, {
        articleId: row.article_id,
        names: row.names,
        legacyKey: row.source_key,
      });
    }
    for (const item of legacy) {
      const name = found.get(`${item.file}\0${basename(item.file)}`);
      if (name) byKey.set(item.sourceKey, name);
    }
  }
  return { byHash, byKey };
}

/**
 * Decides what each file of a batch is. Text already stored is `unchanged` (its file name becomes
 * another name of that article), or `updated` when an earlier extractor read it. A new text under
 * a stored file name is `updated`: it replaces that article in place, keeping its id, when no
 * name of the article stays with its text (every name it has is in this batch with another text;
 * the first such file in the batch takes it); otherwise the article keeps its other names and the
 * text goes in as an article of its own. A text seen earlier in the batch counts as stored.
 */
export function planBatch(items: PreparedArticle[], stored: Stored): Plan[] {
  // The article each text goes to when it is stored, or undefined for a text new to the database.
  const storedAt = (item: PreparedArticle) => stored.byHash.get(item.contentHash)?.articleId;
  // Per stored article, the names this batch takes to another text; and the articles another
  // plan already overwrites (a text an earlier extractor read), which no new text may take too.
  const leaving = new Map<number, Set<string>>();
  const claimed = new Set<number>();
  for (const item of items) {
    const at = storedAt(item);
    if (at !== undefined && (stored.byHash.get(item.contentHash)?.version ?? 0) < EXTRACTOR_VERSION) claimed.add(at);
    const name = stored.byKey.get(item.sourceKey);
    if (name && name.articleId !== at) {
      const keys = leaving.get(name.articleId) ?? new Set<string>();
      keys.add(item.sourceKey);
      leaving.set(name.articleId, keys);
    }
  }
  const plans: Plan[] = [];
  const writerByHash = new Map<string, Plan>();
  for (const item of items) {
    const byHash = stored.byHash.get(item.contentHash);
    const earlier = writerByHash.get(item.contentHash);
    if (earlier) {
      plans.push({ item, outcome: 'unchanged', writer: earlier });
      continue;
    }
    if (byHash) {
      if (byHash.version < EXTRACTOR_VERSION) {
        // The same text, stored by an earlier extractor: read again, in place.
        const plan: Plan = { item, outcome: 'updated', replaceId: byHash.articleId };
        writerByHash.set(item.contentHash, plan);
        plans.push(plan);
      } else plans.push({ item, outcome: 'unchanged', articleId: byHash.articleId });
      continue;
    }
    const plan: Plan = { item, outcome: 'loaded' };
    const byKey = stored.byKey.get(item.sourceKey);
    if (byKey) {
      plan.outcome = 'updated';
      const left = byKey.names - (leaving.get(byKey.articleId)?.size ?? 0);
      if (left <= 0 && !claimed.has(byKey.articleId)) {
        plan.replaceId = byKey.articleId;
        claimed.add(byKey.articleId);
      }
    }
    writerByHash.set(item.contentHash, plan);
    plans.push(plan);
  }
  return plans;
}

/** The plans that write an article's text and rows (new, replaced or read again), one per text. */
export function writingPlans(plans: Plan[]): Plan[] {
  return plans.filter((p) => p.outcome !== 'unchanged' && p.writer === undefined && p.articleId !== undefined);
}
