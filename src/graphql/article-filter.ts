import { and, inArray, Param, type SQL, sql } from 'drizzle-orm';
import type { GraphQLError } from 'graphql';
import { createGraphQLError } from 'graphql-yoga';
import { articleOrganizations, articlePersons, articlePlaces, type articles, places } from '../db/schema.js';
import { builder } from './builder.js';
import { databaseId } from './ids.js';
import { Organization } from './organization.js';
import { Person } from './person.js';
import { Place } from './place.js';

export interface ArticleFilterInput {
  persons?: { id: string | number; typename: string }[] | null;
  places?: { id: string | number; typename: string }[] | null;
  organizations?: { id: string | number; typename: string }[] | null;
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
    organizations: t.globalIDList({
      description: 'Articles that name every one of these organisations ("the WHO and Pfizer").',
      for: Organization,
    }),
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

/**
 * Longest search text taken (characters): a headline is shorter, and each further word costs the
 * database time (a 10 KB name search ran 8.7 s, 900 KB over two minutes).
 */
export const MAX_SEARCH_LENGTH = 200;
/** Most ids or values in one filter list: more would be a query no reader writes by hand. */
export const MAX_FILTER_VALUES = 50;

function badInput(message: string): GraphQLError {
  return createGraphQLError(message, { extensions: { code: 'BAD_USER_INPUT' } });
}

/** `search` itself, refused with BAD_USER_INPUT before any SQL when it is longer than the limit. */
export function boundedSearch(search: string, field = 'search'): string {
  if (search.length > MAX_SEARCH_LENGTH) {
    throw badInput(`${field} is ${search.length} characters long; at most ${MAX_SEARCH_LENGTH} are taken.`);
  }
  return search;
}

/** A filter list, refused with BAD_USER_INPUT when it holds more than MAX_FILTER_VALUES values. */
export function boundedList<T>(list: T[] | null | undefined, field: string): T[] {
  if ((list?.length ?? 0) > MAX_FILTER_VALUES) {
    throw badInput(`${field} holds ${list?.length} values; at most ${MAX_FILTER_VALUES} are taken.`);
  }
  return list ?? [];
}

function ids(list: { id: string | number }[] | null | undefined, field: string): number[] {
  return [...new Set(boundedList(list, field).map((g) => databaseId(g.id) ?? -1))];
}

/**
 * Articles linked to every one of `ids` in `links`: one scan of the links of those ids, grouped by
 * article, so the cost grows with the ids; one EXISTS per id made the planner weigh every join
 * order (100 ids planned for 5.2 s, 1,000 ran past five minutes).
 */
function linkedToAll(
  articleId: unknown,
  links: typeof articlePersons | typeof articlePlaces | typeof articleOrganizations,
  ids: number[],
): SQL {
  const column = 'personId' in links ? links.personId : 'placeId' in links ? links.placeId : links.organizationId;
  return sql`${articleId} in (select ${links.articleId} from ${links} where ${column} = any(${new Param(ids)}::int[])
    group by ${links.articleId} having count(*) = ${ids.length})`;
}

/** Text as Postgres can take it as a parameter: it refuses the NUL character in any string. */
export function plainText(text: string): string {
  return text.replaceAll(String.fromCharCode(0), '');
}

/** The English full-text query for a web-search string; a bound parameter, never spliced in. */
export function searchQuery(search: string): SQL {
  return sql`websearch_to_tsquery('english', ${plainText(boundedSearch(search))})`;
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
  const personIds = ids(filter.persons, 'filter.persons');
  if (personIds.length) conditions.push(linkedToAll(table.id, articlePersons, personIds));
  const placeIds = ids(filter.places, 'filter.places');
  if (placeIds.length) conditions.push(linkedToAll(table.id, articlePlaces, placeIds));
  const organizationIds = ids(filter.organizations, 'filter.organizations');
  if (organizationIds.length) conditions.push(linkedToAll(table.id, articleOrganizations, organizationIds));
  boundedList(filter.countryCodes, 'filter.countryCodes');
  boundedList(filter.sources, 'filter.sources');
  boundedList(filter.languages, 'filter.languages');
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
