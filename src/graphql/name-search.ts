import { type SQL, sql } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import { boundedSearch, plainText } from './article-filter.js';

/** LIKE pattern text with its wildcards escaped. */
function likeLiteral(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

function folded(search: string): string {
  return plainText(boundedSearch(search)).trim().toLowerCase();
}

/**
 * Name search: a prefix of the name or of any word in it ("blin" finds Antony Blinken, "gen"
 * Geneva), or a close spelling of a word in it ("Blinkin", "Genva"), by trigram word similarity
 * (pg_trgm).
 */
export function nameMatches(name: PgColumn, search: string): SQL {
  const q = folded(search);
  const prefix = `${likeLiteral(q)}%`;
  return sql`(lower(${name}) like ${prefix} or lower(${name}) like ${`% ${prefix}`} or word_similarity(${q}, lower(${name})) >= 0.5)`;
}

/** The same match against any of a list of other names ("Britain" for the United Kingdom). */
export function aliasMatches(aliases: PgColumn, search: string): SQL {
  const q = folded(search);
  const prefix = `${likeLiteral(q)}%`;
  return sql`exists (select 1 from unnest(${aliases}) a where lower(a) like ${prefix} or lower(a) like ${`% ${prefix}`} or word_similarity(${q}, lower(a)) >= 0.5)`;
}

/** How well a name matches: a prefix of the whole name counts one more than a close word. */
export function nameRelevance(name: PgColumn, search: string): SQL<string> {
  const q = folded(search);
  return sql<string>`round((case when lower(${name}) like ${`${likeLiteral(q)}%`} then 1 else 0 end + word_similarity(${q}, lower(${name})))::numeric, 6)`;
}
