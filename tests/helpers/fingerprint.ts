import { sql } from 'drizzle-orm';
import type { Db } from '../../src/db/client.js';
import { loadArticles } from '../../src/ingest/load.js';
import { createTestDatabase } from './database.js';

export async function rows(db: Db, query: ReturnType<typeof sql>): Promise<unknown[]> {
  const result = await db.execute(query);
  return Array.isArray(result) ? [...result] : (result as unknown as { rows: unknown[] }).rows;
}

/**
 * Everything the database holds, without ids or timestamps: two loads of the same files must give
 * the same fingerprint whatever happened in between (a crash, a concurrent loader).
 */
export async function fingerprint(db: Db): Promise<Record<string, unknown[]>> {
  return {
    articles: await rows(
      db,
      sql`select content_hash, headline, published_at::text, source_file from articles order by content_hash`,
    ),
    sources: await rows(
      db,
      sql`select s.source_key, a.content_hash from article_sources s join articles a on a.id = s.article_id order by s.source_key`,
    ),
    persons: await rows(
      db,
      sql`select key, name, surname, aliases, title, title_at::text, affiliation_country_code, article_count, mention_count, quote_count from persons order by key`,
    ),
    places: await rows(
      db,
      sql`select gazetteer_id, name, kind, country_code, latitude, longitude, aliases, article_count, mention_count from places order by gazetteer_id`,
    ),
    organizations: await rows(
      db,
      sql`select key, name, acronym, aliases, kind, country_code, article_count, mention_count, quote_count from organizations order by key`,
    ),
    personLinks: await rows(
      db,
      sql`select a.content_hash, p.key, l.mention_count, l.mentions, l.title, o.key as organization, l.organization_role
          from article_persons l join articles a on a.id = l.article_id
          join persons p on p.id = l.person_id left join organizations o on o.id = l.organization_id order by 1, 2`,
    ),
    placeLinks: await rows(
      db,
      sql`select a.content_hash, p.gazetteer_id, l.mention_count from article_places l join articles a on a.id = l.article_id
          join places p on p.id = l.place_id order by 1, 2`,
    ),
    organizationLinks: await rows(
      db,
      sql`select a.content_hash, o.key, l.name_key, l.abbreviates, l.expands, l.mention_count, l.mentions, l.name, l.acronym, l.kind, l.country_code
          from article_organizations l join articles a on a.id = l.article_id
          join organizations o on o.id = l.organization_id order by 1, 2`,
    ),
    quotes: await rows(
      db,
      sql`select a.content_hash, q.start_offset, q.text, p.key as speaker, q.speaker_label, o.key as speaker_organization
          from quotes q join articles a on a.id = q.article_id left join persons p on p.id = q.speaker_id
          left join organizations o on o.id = q.speaker_organization_id order by 1, 2`,
    ),
  };
}

/** The fingerprint of loading `paths` into an empty database: where any other route must arrive. */
export async function cleanLoadFingerprint(paths: string[]): Promise<Record<string, unknown[]>> {
  const clean = await createTestDatabase();
  try {
    await loadArticles(clean.db, paths);
    return await fingerprint(clean.db);
  } finally {
    await clean.destroy();
  }
}
