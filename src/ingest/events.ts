import { sql } from 'drizzle-orm';
import type { Tx } from './write/sql.js';

/** The LISTEN/NOTIFY channel on which every writer announces the articles it added. */
export const ARTICLES_CHANNEL = 'newsgraph_articles';

// A NOTIFY payload must stay under 8,000 bytes: ids go in chunks that keep well below it.
const IDS_PER_NOTIFICATION = 600;

/**
 * Announces new articles to every process listening on the database (API servers and their
 * subscribers). Sent inside the saving transaction, so Postgres delivers it when, and only if,
 * the transaction commits: a listener never hears of an article it cannot read yet.
 */
export async function notifyArticlesAdded(tx: Tx, articleIds: number[]): Promise<void> {
  for (let i = 0; i < articleIds.length; i += IDS_PER_NOTIFICATION) {
    const payload = JSON.stringify({ articles: articleIds.slice(i, i + IDS_PER_NOTIFICATION) });
    await tx.execute(sql`select pg_notify(${ARTICLES_CHANNEL}, ${payload})`);
  }
}

/** The article ids in a notification's payload; none for a payload this program did not write. */
export function articlesInPayload(payload: string): number[] {
  try {
    const parsed = JSON.parse(payload) as { articles?: unknown };
    return Array.isArray(parsed.articles) ? parsed.articles.filter((id): id is number => Number.isSafeInteger(id)) : [];
  } catch {
    return [];
  }
}
