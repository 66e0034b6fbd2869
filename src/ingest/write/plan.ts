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

/** What the database already holds for a batch's texts and file names. */
export interface Stored {
  /** Article id and extractor version by content hash. */
  byHash: Map<string, { articleId: number; version: number }>;
  /** The article a file name points at, and how many names that article has. */
  byKey: Map<string, { articleId: number; names: number }>;
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
  const byKey = new Map<string, { articleId: number; names: number }>();
  for (const row of await rowsOf<{ source_key: string; article_id: number; names: number }>(
    tx,
    sql`select s.source_key, s.article_id,
          (select count(*)::int from ${articleSources} s2 where s2.article_id = s.article_id) as names
        from ${articleSources} s where s.source_key = any(${arrayParam(keys, 'text')})`,
  )) {
    byKey.set(row.source_key, { articleId: row.article_id, names: row.names });
  }
  return { byHash, byKey };
}

/**
 * Decides what each file of a batch is. Text already stored is `unchanged` (its file name becomes
 * another name of that article), or `updated` when an earlier extractor read it. A new text under
 * a stored file name is `updated`: it replaces that article in place, keeping its id, when the
 * file was the article's only name; otherwise the article keeps its other names and the text
 * goes in as an article of its own. A text seen earlier in the batch counts as stored.
 */
export function planBatch(items: PreparedArticle[], stored: Stored): Plan[] {
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
      if (byKey.names <= 1) plan.replaceId = byKey.articleId;
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
