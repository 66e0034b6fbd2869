import type { Column } from 'drizzle-orm';
import { getTableConfig, type PgTable } from 'drizzle-orm/pg-core';
import { relations } from '../../db/relations.js';
import {
  articleOrganizations,
  articlePersons,
  articlePlaces,
  articles,
  organizations,
  persons,
  places,
  quotes,
} from '../../db/schema.js';

/**
 * How the compiled tier answers each field of the schema: from a column, a relation or a
 * connection of the Drizzle tables, or not at all (`notCompilable`, with why). A document with a
 * field of the second kind runs on the normal path. `tests/compiled-coverage.test.ts` fails for
 * a field of the schema that is in neither, so a field added to Pothos is never answered by a
 * guess.
 */
export type FieldPlan =
  | { kind: 'column'; column: Column; unknownEnumValue?: string }
  | { kind: 'globalId' }
  | { kind: 'sql'; sql: (alias: string) => string }
  | { kind: 'one'; relation: RelationMeta; type: string }
  | { kind: 'connection'; connection: ConnectionPlan }
  | { kind: 'edges' }
  | { kind: 'pageInfo' }
  | { kind: 'totalCount' }
  | { kind: 'cursor' }
  | { kind: 'node' }
  | { kind: 'hasNextPage' }
  | { kind: 'hasPreviousPage' }
  | { kind: 'startCursor' }
  | { kind: 'endCursor' }
  | { kind: 'lookup'; table: PgTable; type: string }
  | { kind: 'nodeLookup'; tables: Record<string, PgTable> }
  | { kind: 'object'; type: string }
  | { kind: 'spans'; column: Column }
  | { kind: 'spanPart'; key: 'start' | 'end' | 'text' }
  | { kind: 'notCompilable'; reason: string };

export type Direction = 'asc' | 'desc';

/** What the tier reads of a Drizzle relation: the columns it joins on and the table it reaches. */
export interface RelationMeta {
  sourceColumns: Column[];
  targetColumns: Column[];
  targetTable: PgTable;
}

/** The root arguments of a connection the tier reads, as execution would coerce them. */
export interface ConnectionArgs {
  [name: string]: unknown;
}

export interface ConnectionPlan {
  /** The table whose rows are the page (a link table, or the nodes' own). */
  rows: PgTable;
  /** From the parent's table to `rows`; absent for a root connection. */
  parent?: RelationMeta;
  /**
   * The keyset order, as the field's resolver gives it to the drizzle plugin, with the tie-break
   * the plugin appends (the primary key columns the order leaves out, in its last direction): the
   * cursor holds exactly these columns. Null: this combination of arguments is not compiled.
   */
  order: (args: ConnectionArgs) => [Column, Direction][] | null;
  /**
   * Arguments other than first/after/last/before the plan reads, and what of a variable's value
   * shapes the statement: the value itself (an order), or only whether it is given (a filter the
   * plan refuses when given). Any other argument given falls back.
   */
  args?: Record<string, 'value' | 'presence'>;
  /** `count`: the rows under the same parent; a column: the parent's stored total, as the resolver reads it. */
  totalCount: 'count' | Column;
  /** The node of an edge: the row itself, or the row a link's relation reaches. */
  node: 'row' | RelationMeta;
  /** The GraphQL type of the nodes. */
  nodeType: string;
}

type Plans = Record<string, Record<string, FieldPlan> | { notCompilable: string }>;

interface RelationConfig {
  sourceColumns: Column[];
  targetColumns: Column[];
  targetTable: PgTable;
}

/** A relation of `defineRelations`, by table and field name: the one source of join columns. */
function relation(table: keyof typeof relations, field: string): RelationMeta {
  const config = (relations[table].relations as unknown as Record<string, RelationConfig>)[field];
  if (!config) throw new Error(`no relation ${String(table)}.${field}`);
  return { sourceColumns: config.sourceColumns, targetColumns: config.targetColumns, targetTable: config.targetTable };
}

const column = (c: Column, unknownEnumValue?: string): FieldPlan =>
  unknownEnumValue ? { kind: 'column', column: c, unknownEnumValue } : { kind: 'column', column: c };
const not = (reason: string): FieldPlan => ({ kind: 'notCompilable', reason });
const connection = (plan: ConnectionPlan): FieldPlan => ({ kind: 'connection', connection: plan });

const countOf = (table: PgTable): FieldPlan => ({
  kind: 'sql',
  sql: () => `(select count(*) from ${getTableConfig(table).name})`,
});

const spans = (c: Column): FieldPlan => ({ kind: 'spans', column: c });

// Orders as article.ts, person.ts, place.ts and organization.ts give them to the plugin, plus
// the tie-break it appends; a change there shows in tests/compiled-equivalence.test.ts, whose
// cursors hold these columns.
const linkConnection = {
  edges: { kind: 'edges' },
  pageInfo: { kind: 'pageInfo' },
  totalCount: { kind: 'totalCount' },
} as const satisfies Record<string, FieldPlan>;
const edge = { cursor: { kind: 'cursor' }, node: { kind: 'node' } } as const satisfies Record<string, FieldPlan>;

const articleOrder = (args: ConnectionArgs): [Column, Direction][] | null => {
  if (args.filter != null) return null;
  if (args.orderBy !== 'NEWEST' && args.orderBy !== 'OLDEST') return null;
  const way = (args.direction as Direction | null | undefined) ?? (args.orderBy === 'OLDEST' ? 'asc' : 'desc');
  return [
    [articles.publishedAt, way],
    [articles.id, way],
  ];
};

/** An order of PERSON_ORDERS' kind (person.ts, place.ts, organization.ts): its keys run the asked way. */
function keyedOrder(args: ConnectionArgs, orders: Record<string, [Direction, Column[]]>): [Column, Direction][] | null {
  const chosen = typeof args.orderBy === 'string' ? orders[args.orderBy] : undefined;
  if (!chosen) return null;
  const way = (args.direction as Direction | null | undefined) ?? chosen[0];
  return chosen[1].map((column) => [column, way]);
}

const quotesOfSpeaker = (): [Column, Direction][] => [
  [quotes.publishedAt, 'desc'],
  [quotes.articleId, 'desc'],
  [quotes.startOffset, 'asc'],
];

export const PLANS: Plans = {
  Query: {
    article: { kind: 'lookup', table: articles, type: 'Article' },
    person: { kind: 'lookup', table: persons, type: 'Person' },
    place: { kind: 'lookup', table: places, type: 'Place' },
    quote: { kind: 'lookup', table: quotes, type: 'Quote' },
    organization: { kind: 'lookup', table: organizations, type: 'Organization' },
    articles: connection({
      rows: articles,
      order: articleOrder,
      args: { filter: 'presence', orderBy: 'value', direction: 'value' },
      totalCount: 'count',
      node: 'row',
      nodeType: 'Article',
    }),
    persons: connection({
      rows: persons,
      order: (args) =>
        args.search != null || args.affiliationCountryCodes != null
          ? null
          : keyedOrder(args, {
              NAME: ['asc', [persons.name, persons.id]],
              MENTIONS: ['desc', [persons.mentionCount, persons.id]],
              QUOTES: ['desc', [persons.quoteCount, persons.id]],
              ARTICLES: ['desc', [persons.articleCount, persons.id]],
            }),
      args: { search: 'presence', affiliationCountryCodes: 'presence', orderBy: 'value', direction: 'value' },
      totalCount: 'count',
      node: 'row',
      nodeType: 'Person',
    }),
    places: connection({
      rows: places,
      order: (args) =>
        args.search != null || args.countryCodes != null || args.kinds != null || args.near != null
          ? null
          : keyedOrder(args, {
              NAME: ['asc', [places.name, places.id]],
              MENTIONS: ['desc', [places.mentionCount, places.id]],
              ARTICLES: ['desc', [places.articleCount, places.id]],
            }),
      args: {
        search: 'presence',
        countryCodes: 'presence',
        kinds: 'presence',
        near: 'presence',
        orderBy: 'value',
        direction: 'value',
      },
      totalCount: 'count',
      node: 'row',
      nodeType: 'Place',
    }),
    quotes: connection({
      rows: quotes,
      order: (args) => {
        if (args.filter != null || (args.orderBy !== 'NEWEST' && args.orderBy !== 'OLDEST')) return null;
        const way = (args.direction as Direction | null | undefined) ?? (args.orderBy === 'OLDEST' ? 'asc' : 'desc');
        return [
          [quotes.publishedAt, way],
          [quotes.articleId, way],
          [quotes.startOffset, 'asc'],
          [quotes.id, 'asc'],
        ];
      },
      args: { filter: 'presence', orderBy: 'value', direction: 'value' },
      totalCount: 'count',
      node: 'row',
      nodeType: 'Quote',
    }),
    organizations: connection({
      rows: organizations,
      order: (args) =>
        args.search != null || args.kinds != null || args.countryCodes != null
          ? null
          : keyedOrder(args, {
              NAME: ['asc', [organizations.name, organizations.id]],
              MENTIONS: ['desc', [organizations.mentionCount, organizations.id]],
              ARTICLES: ['desc', [organizations.articleCount, organizations.id]],
            }),
      args: { search: 'presence', kinds: 'presence', countryCodes: 'presence', orderBy: 'value', direction: 'value' },
      totalCount: 'count',
      node: 'row',
      nodeType: 'Organization',
    }),
    node: {
      kind: 'nodeLookup',
      tables: { Article: articles, Person: persons, Place: places, Quote: quotes, Organization: organizations },
    },
    nodes: not('the types are known only from the ids: not compiled yet'),
    stats: { kind: 'object', type: 'Stats' },
    articleFacets: not('facets are grouped counts with their own resolvers'),
  },
  Mutation: { notCompilable: 'mutations are never compiled' },
  Subscription: { notCompilable: 'subscriptions are never compiled' },
  IngestArticlesPayload: { notCompilable: 'a mutation payload' },
  IngestArticleResult: { notCompilable: 'a mutation payload' },
  DeleteArticlePayload: { notCompilable: 'a mutation payload' },
  Article: {
    id: { kind: 'globalId' },
    headline: column(articles.headline),
    source: column(articles.source),
    distributor: column(articles.distributor),
    publishedAt: column(articles.publishedAt),
    dateLine: column(articles.dateLine),
    language: column(articles.language),
    url: column(articles.url),
    body: column(articles.body),
    paragraphs: column(articles.paragraphs),
    wordCount: column(articles.wordCount),
    // The names files are known by (article.ts): source keys in byte order (collate "C", as
    // Buffer.compare sorts them), the stored path's last part when there is none.
    sourceFile: {
      kind: 'sql',
      sql: (a) =>
        `coalesce((select s.source_key from article_sources s where s.article_id = ${a}.id order by s.source_key collate "C" limit 1), regexp_replace(regexp_replace(${a}.source_file, '/+$', ''), '^.*/', ''))`,
    },
    sourceFiles: {
      kind: 'sql',
      sql: (a) =>
        `coalesce((select json_agg(s.source_key order by s.source_key collate "C") from article_sources s where s.article_id = ${a}.id), '[]'::json)`,
    },
    snippet: not('ts_headline with arguments and a parsed result'),
    mentions: not('mentions of three kinds merged in text order in JavaScript'),
    persons: connection({
      rows: articlePersons,
      parent: relation('articles', 'personLinks'),
      order: () => [
        [articlePersons.mentionCount, 'desc'],
        [articlePersons.personId, 'asc'],
        [articlePersons.articleId, 'asc'],
      ],
      totalCount: 'count',
      node: relation('articlePersons', 'person'),
      nodeType: 'Person',
    }),
    places: connection({
      rows: articlePlaces,
      parent: relation('articles', 'placeLinks'),
      order: () => [
        [articlePlaces.mentionCount, 'desc'],
        [articlePlaces.placeId, 'asc'],
        [articlePlaces.articleId, 'asc'],
      ],
      totalCount: 'count',
      node: relation('articlePlaces', 'place'),
      nodeType: 'Place',
    }),
    organizations: connection({
      rows: articleOrganizations,
      parent: relation('articles', 'organizationLinks'),
      order: () => [
        [articleOrganizations.mentionCount, 'desc'],
        [articleOrganizations.organizationId, 'asc'],
        [articleOrganizations.articleId, 'asc'],
      ],
      totalCount: 'count',
      node: relation('articleOrganizations', 'organization'),
      nodeType: 'Organization',
    }),
    quotes: connection({
      rows: quotes,
      parent: relation('articles', 'quotes'),
      order: () => [
        [quotes.startOffset, 'asc'],
        [quotes.id, 'asc'],
      ],
      totalCount: 'count',
      node: 'row',
      nodeType: 'Quote',
    }),
  },
  QueryArticlesConnection: linkConnection,
  QueryArticlesConnectionEdge: edge,
  ArticlePersonConnection: linkConnection,
  ArticlePersonEdge: {
    ...edge,
    mentionCount: column(articlePersons.mentionCount),
    title: column(articlePersons.title),
    mentions: spans(articlePersons.mentions),
  },
  ArticlePlaceConnection: linkConnection,
  ArticlePlaceEdge: {
    ...edge,
    mentionCount: column(articlePlaces.mentionCount),
    mentions: spans(articlePlaces.mentions),
  },
  ArticleOrganizationConnection: linkConnection,
  ArticleOrganizationEdge: {
    ...edge,
    mentionCount: column(articleOrganizations.mentionCount),
    name: column(articleOrganizations.name),
    mentions: spans(articleOrganizations.mentions),
  },
  ArticleQuotesConnection: linkConnection,
  ArticleQuotesConnectionEdge: edge,
  PageInfo: {
    hasNextPage: { kind: 'hasNextPage' },
    hasPreviousPage: { kind: 'hasPreviousPage' },
    startCursor: { kind: 'startCursor' },
    endCursor: { kind: 'endCursor' },
  },
  Person: {
    id: { kind: 'globalId' },
    name: column(persons.name),
    aliases: column(persons.aliases),
    title: column(persons.title),
    affiliationCountryCode: column(persons.affiliationCountryCode),
    articleCount: column(persons.articleCount),
    mentionCount: column(persons.mentionCount),
    quoteCount: column(persons.quoteCount),
    quotes: connection({
      rows: quotes,
      parent: relation('persons', 'quotes'),
      order: quotesOfSpeaker,
      totalCount: 'count',
      node: 'row',
      nodeType: 'Quote',
    }),
    articles: connection({
      rows: articlePersons,
      parent: relation('persons', 'articleLinks'),
      order: () => [
        [articlePersons.articleId, 'desc'],
        [articlePersons.personId, 'desc'],
      ],
      totalCount: persons.articleCount,
      node: relation('articlePersons', 'article'),
      nodeType: 'Article',
    }),
    coMentions: not('an offset connection over a grouped self-join'),
    organizations: not('grouped over the links with the latest role: not compiled yet'),
  },
  PersonQuotesConnection: linkConnection,
  PersonQuotesConnectionEdge: edge,
  PersonArticleConnection: linkConnection,
  PersonArticleEdge: {
    ...edge,
    mentionCount: column(articlePersons.mentionCount),
    title: column(articlePersons.title),
    mentions: spans(articlePersons.mentions),
  },
  Place: {
    id: { kind: 'globalId' },
    name: column(places.name),
    kind: column(places.kind),
    countryCode: column(places.countryCode),
    aliases: column(places.aliases),
    latitude: column(places.latitude),
    longitude: column(places.longitude),
    gazetteerId: column(places.gazetteerId),
    articleCount: column(places.articleCount),
    mentionCount: column(places.mentionCount),
    articles: connection({
      rows: articlePlaces,
      parent: relation('places', 'articleLinks'),
      order: () => [
        [articlePlaces.articleId, 'desc'],
        [articlePlaces.placeId, 'desc'],
      ],
      totalCount: places.articleCount,
      node: relation('articlePlaces', 'article'),
      nodeType: 'Article',
    }),
    persons: not('an offset connection over grouped links'),
  },
  PlaceArticleConnection: linkConnection,
  PlaceArticleEdge: {
    ...edge,
    mentionCount: column(articlePlaces.mentionCount),
    mentions: spans(articlePlaces.mentions),
  },
  Organization: {
    id: { kind: 'globalId' },
    name: column(organizations.name),
    acronym: column(organizations.acronym),
    aliases: column(organizations.aliases),
    // The resolver answers OTHER for a kind it does not know.
    kind: column(organizations.kind, 'other'),
    countryCode: column(organizations.countryCode),
    articleCount: column(organizations.articleCount),
    mentionCount: column(organizations.mentionCount),
    quoteCount: column(organizations.quoteCount),
    quotes: connection({
      rows: quotes,
      parent: relation('organizations', 'quotes'),
      order: quotesOfSpeaker,
      totalCount: 'count',
      node: 'row',
      nodeType: 'Quote',
    }),
    articles: not('not compiled yet'),
    persons: not('grouped over the links with roles'),
    coMentions: not('an offset connection over a grouped self-join'),
  },
  OrganizationQuotesConnection: linkConnection,
  OrganizationQuotesConnectionEdge: edge,
  Quote: {
    id: { kind: 'globalId' },
    text: column(quotes.text),
    start: column(quotes.startOffset),
    end: column(quotes.endOffset),
    paragraphIndex: column(quotes.paragraphIndex),
    speaker: { kind: 'one', relation: relation('quotes', 'speaker'), type: 'Person' },
    speakerOrganization: { kind: 'one', relation: relation('quotes', 'speakerOrganization'), type: 'Organization' },
    speakerLabel: column(quotes.speakerLabel),
    verb: column(quotes.verb),
    publishedAt: column(quotes.publishedAt),
    article: { kind: 'one', relation: relation('quotes', 'article'), type: 'Article' },
  },
  ArticleMention: { notCompilable: 'built in JavaScript from the mention spans' },
  // The spans a link row keeps as JSON (MentionSpan), in their stored order.
  Mention: {
    start: { kind: 'spanPart', key: 'start' },
    end: { kind: 'spanPart', key: 'end' },
    text: { kind: 'spanPart', key: 'text' },
  },
  TextRange: { notCompilable: 'snippet highlights' },
  Snippet: { notCompilable: 'ts_headline parsed in JavaScript' },
  // As stats.ts counts them: every row of each table.
  Stats: {
    articles: countOf(articles),
    persons: countOf(persons),
    places: countOf(places),
    organizations: countOf(organizations),
    quotes: countOf(quotes),
  },
  ArticleFacets: { notCompilable: 'grouped counts' },
  PersonFacet: { notCompilable: 'grouped counts' },
  PlaceFacet: { notCompilable: 'grouped counts' },
  OrganizationFacet: { notCompilable: 'grouped counts' },
  DayCount: { notCompilable: 'grouped counts' },
  PersonCoMention: { notCompilable: 'grouped self-join' },
  PersonCoMentionConnection: { notCompilable: 'offset connection' },
  PersonCoMentionConnectionEdge: { notCompilable: 'offset connection' },
  OrganizationCoMention: { notCompilable: 'grouped self-join' },
  OrganizationCoMentionConnection: { notCompilable: 'offset connection' },
  OrganizationCoMentionConnectionEdge: { notCompilable: 'offset connection' },
  PlacePerson: { notCompilable: 'grouped links' },
  PlacePersonConnection: { notCompilable: 'offset connection' },
  PlacePersonConnectionEdge: { notCompilable: 'offset connection' },
  PersonOrganizationConnection: { notCompilable: 'grouped links' },
  PersonOrganizationEdge: { notCompilable: 'grouped links' },
  OrganizationArticleConnection: { notCompilable: 'not compiled yet' },
  OrganizationArticleEdge: { notCompilable: 'not compiled yet' },
  OrganizationPersonConnection: { notCompilable: 'grouped links' },
  OrganizationPersonEdge: { notCompilable: 'grouped links' },
  QueryPersonsConnection: linkConnection,
  QueryPersonsConnectionEdge: edge,
  QueryPlacesConnection: linkConnection,
  QueryPlacesConnectionEdge: edge,
  QueryQuotesConnection: linkConnection,
  QueryQuotesConnectionEdge: edge,
  QueryOrganizationsConnection: linkConnection,
  QueryOrganizationsConnectionEdge: edge,
};

/** The plan of a field, or why there is none. */
export function planOf(type: string, field: string): FieldPlan {
  const plans = PLANS[type];
  if (!plans) return not(`type ${type} has no plan`);
  if ('notCompilable' in plans && typeof plans.notCompilable === 'string') return not(plans.notCompilable);
  return (plans as Record<string, FieldPlan>)[field] ?? not(`${type}.${field} has no plan`);
}
