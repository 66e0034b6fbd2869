import { and, inArray, type SQL, sql } from 'drizzle-orm';
import type { GraphQLError } from 'graphql';
import { createGraphQLError } from 'graphql-yoga';
import { articlePersons, articlePlaces, type articles, places } from '../db/schema.js';
import { builder } from './builder.js';
import { databaseId } from './ids.js';
import { Person } from './person.js';
import { Place } from './place.js';

export interface ArticleFilterInput {
  persons?: { id: string | number; typename: string }[] | null;
  places?: { id: string | number; typename: string }[] | null;
  countryCodes?: string[] | null;
  sources?: string[] | null;
  languages?: string[] | null;
  publishedAfter?: Date | null;
  publishedBefore?: Date | null;
  search?: string | null;
}

export const ArticleFilter = builder.inputType('ArticleFilter', {
  description: 'Narrows a set of articles. Every condition given must hold.',
  fields: (t) => ({
    persons: t.globalIDList({ description: 'Articles that name every one of these people.', for: Person }),
    places: t.globalIDList({ description: 'Articles that name every one of these places.', for: Place }),
    countryCodes: t.stringList({
      description: 'Articles that name a place in any of these countries (ISO 3166-1 alpha-2 codes).',
    }),
    sources: t.stringList({ description: 'Articles from any of these agencies ("AFP"); case does not matter.' }),
    languages: t.stringList({ description: 'Articles in any of these languages (ISO 639-1 codes: "en", "sv").' }),
    publishedAfter: t.field({ type: 'DateTime', description: 'Published at or after this instant.' }),
    publishedBefore: t.field({ type: 'DateTime', description: 'Published before this instant.' }),
    search: t.string({
      description:
        'Full-text search over headline and body in web-search syntax: words, "a phrase", OR, -excluded. English stemming.',
    }),
  }),
});

function ids(list: { id: string | number }[] | null | undefined): number[] {
  return (list ?? []).map((g) => databaseId(g.id) ?? -1);
}

/** Text as Postgres can take it as a parameter: it refuses the NUL character in any string. */
export function plainText(text: string): string {
  return text.replaceAll(String.fromCharCode(0), '');
}

/** The English full-text query for a web-search string; a bound parameter, never spliced in. */
export function searchQuery(search: string): SQL {
  return sql`websearch_to_tsquery('english', ${plainText(search)})`;
}

/**
 * How well a document matches a search, rounded to a fixed-point number so that a cursor holds
 * the exact value it is compared with on the next page.
 */
export function relevance(searchVector: unknown, search: string): SQL<string> {
  return sql<string>`round(ts_rank_cd(${searchVector}, ${searchQuery(search)}, 32)::numeric, 6)`;
}

/** The error for `orderBy: RELEVANCE` without a search to rank by. */
export function relevanceNeedsSearch(): GraphQLError {
  return createGraphQLError('orderBy RELEVANCE needs a search: set filter.search.', {
    extensions: { code: 'BAD_USER_INPUT' },
  });
}

/**
 * The filter as one SQL condition on `table`, which may be the aliased table a relational query
 * hands to a RAW callback. Values are always bound parameters.
 */
export function articleFilterSql(
  table: typeof articles,
  filter: ArticleFilterInput | null | undefined,
): SQL | undefined {
  if (!filter) return undefined;
  const conditions: (SQL | undefined)[] = [];
  for (const id of ids(filter.persons)) {
    conditions.push(
      sql`exists (select 1 from ${articlePersons} where ${articlePersons.articleId} = ${table.id} and ${articlePersons.personId} = ${id})`,
    );
  }
  for (const id of ids(filter.places)) {
    conditions.push(
      sql`exists (select 1 from ${articlePlaces} where ${articlePlaces.articleId} = ${table.id} and ${articlePlaces.placeId} = ${id})`,
    );
  }
  if (filter.countryCodes?.length) {
    const codes = filter.countryCodes.map((c) => plainText(c).trim().toUpperCase());
    conditions.push(
      sql`exists (select 1 from ${articlePlaces} join ${places} on ${places.id} = ${articlePlaces.placeId} where ${articlePlaces.articleId} = ${table.id} and ${inArray(places.countryCode, codes)})`,
    );
  }
  if (filter.sources?.length) {
    conditions.push(
      inArray(
        sql`upper(${table.source})`,
        filter.sources.map((s) => plainText(s).trim().toUpperCase()),
      ),
    );
  }
  if (filter.languages?.length) {
    conditions.push(
      inArray(
        table.language,
        filter.languages.map((l) => plainText(l).trim().toLowerCase()),
      ),
    );
  }
  if (filter.publishedAfter) conditions.push(sql`${table.publishedAt} >= ${filter.publishedAfter.toISOString()}`);
  if (filter.publishedBefore) conditions.push(sql`${table.publishedAt} < ${filter.publishedBefore.toISOString()}`);
  if (filter.search?.trim()) conditions.push(sql`${table.searchVector} @@ ${searchQuery(filter.search)}`);
  return conditions.length ? and(...conditions) : undefined;
}
