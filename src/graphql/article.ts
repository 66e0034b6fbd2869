import { basename } from 'node:path';
import { drizzleConnectionHelpers } from '@pothos/plugin-drizzle';
import { sql } from 'drizzle-orm';
import {
  articleOrganizations as articleOrganizationsTable,
  articlePersons as articlePersonsTable,
  articlePlaces as articlePlacesTable,
  articles,
  quotes,
} from '../db/schema.js';
import { ArticleFilter, articleFilterSql, relevance, relevanceNeedsSearch, searchQuery } from './article-filter.js';
import { builder } from './builder.js';
import { countedConnection } from './connections.js';
import { checkKeysetCursors } from './cursors.js';
import { runKeptById, runKeptQuery } from './kept-query.js';
import { Mention, mentionsAsked } from './mention.js';
import { DIRECTION_ARG_DESCRIPTION, directed, OrderDirection } from './order.js';
import { Organization } from './organization.js';
import { Person } from './person.js';
import { Place } from './place.js';
import { MARK_END, MARK_START, parseHeadline, SnippetRef } from './snippet.js';

// Connection orders as module constants: the drizzle plugin patch keeps an ordering parsed per
// object, and a connection's query is asked for again for every row of a page.
const TEXT_ORDER = { startOffset: 'asc' } as const;
const PERSON_LINK_ORDER = { mentionCount: 'desc', personId: 'asc' } as const;
const PLACE_LINK_ORDER = { mentionCount: 'desc', placeId: 'asc' } as const;
const ORGANIZATION_LINK_ORDER = { mentionCount: 'desc', organizationId: 'asc' } as const;

export const ArticleOrder = builder.enumType('ArticleOrder', {
  values: {
    NEWEST: { description: 'By publication time, latest first (the default; descending).' },
    OLDEST: { description: 'By publication time, earliest first (ascending).' },
    RELEVANCE: { description: 'By full-text match, best first (descending); needs `filter.search`.' },
  } as const,
});

/** The file names of an article, as `sourceFile` and `sourceFiles` both select them (one join). */
const SOURCE_NAMES = { with: { sources: { columns: { sourceKey: true } } } } as const;

/**
 * An article's file names in the order of their UTF-8 bytes, as the loader picks the first one
 * (`collate "C"`), whatever the database's own collation would sort them by.
 */
function sourceNames(article: { sources: { sourceKey: string }[] }): string[] {
  return article.sources.map((s) => s.sourceKey).sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
}

export const MentionKind = builder.enumType('MentionKind', { values: ['PERSON', 'PLACE', 'ORGANIZATION'] as const });

interface ArticleMention {
  kind: 'PERSON' | 'PLACE' | 'ORGANIZATION';
  start: number;
  end: number;
  text: string;
  person: unknown;
  place: unknown;
  organization: unknown;
}

export const Article = builder.drizzleNode('articles', {
  name: 'Article',
  description: 'One wire story as it was loaded, with the people, places and quotes found in it.',
  // Only the columns a query asks for are read: a list of headlines never loads bodies or search vectors.
  select: {},
  id: { column: (article) => article.id },
  fields: (t) => ({
    headline: t.exposeString('headline'),
    source: t.exposeString('source', { nullable: true, description: 'The news agency that wrote it ("AFP").' }),
    distributor: t.exposeString('distributor', {
      nullable: true,
      description: 'The service that passed it on ("Omni").',
    }),
    publishedAt: t.expose('publishedAt', {
      type: 'DateTime',
      description:
        "The date line in UTC: read in its own zone where it names one, otherwise in the loader's (Stockholm by default).",
    }),
    dateLine: t.exposeString('dateLine', { description: 'The date line as written.' }),
    language: t.exposeString('language', { description: 'ISO 639-1 code of the story text.' }),
    url: t.exposeString('url', {
      nullable: true,
      description: 'Where the story is published, when its source gave it (JSON Lines, `ingestArticles`).',
    }),
    body: t.exposeString('body', { description: 'The story text; every mention and quote offset points into it.' }),
    paragraphs: t.exposeStringList('paragraphs'),
    wordCount: t.exposeInt('wordCount'),
    // The names files are known by (`article_sources.source_key`: a path relative to the folder
    // or glob root they were loaded from, or `api:…`), never `source_file`, which holds the
    // loader's absolute path and would show a stranger how the server's disk is laid out.
    sourceFile: t.string({
      description:
        'The name of the first file that holds this text (in byte order): its path relative to the folder or glob root it was loaded from.',
      select: SOURCE_NAMES,
      resolve: (article) => sourceNames(article)[0] ?? basename(article.sourceFile),
    }),
    sourceFiles: t.stringList({
      description:
        'Every file that holds this text, by its path relative to the folder or glob root it was last loaded from (the same story filed twice is one article).',
      select: SOURCE_NAMES,
      resolve: (article) => sourceNames(article),
    }),
    quotes: t.relatedConnection('quotes', {
      description: 'Direct quotes, in the order they appear.',
      query: (args) => {
        const orderBy = TEXT_ORDER;
        checkKeysetCursors(args, quotes, orderBy);
        return { orderBy };
      },
      totalCount: true,
    }),
    snippet: t.field({
      type: SnippetRef,
      description:
        'A short extract: the passages that best match `search` with the matches marked, or the opening words when no search is given.',
      args: {
        search: t.arg.string({ description: 'Web-search syntax, as in ArticleFilter.search.' }),
        maxWords: t.arg.int({ defaultValue: 35, description: 'Longest extract, in words (5 to 100).' }),
      },
      select: (args) => {
        const words = Math.min(Math.max(args.maxWords ?? 35, 5), 100);
        const options = `StartSel=${MARK_START}, StopSel=${MARK_END}, MaxWords=${words}, MinWords=${Math.ceil(words / 2)}, MaxFragments=2, FragmentDelimiter=" … "`;
        const search = args.search?.trim();
        return {
          extras: {
            snippetSource: (table) =>
              search
                ? sql<string>`ts_headline('english', ${table.body}, ${searchQuery(search)}, ${options})`
                : sql<string>`array_to_string((regexp_split_to_array(${table.body}, '\\s+'))[1:${words}], ' ')`,
          },
        };
      },
      resolve: (article) => parseHeadline(article.snippetSource),
    }),
    mentions: t.field({
      type: [ArticleMentionRef],
      description:
        'Every mention of a person, place or organisation, in text order, so a frontend can highlight the body.',
      select: {
        with: {
          personLinks: { columns: { mentions: true }, with: { person: true } },
          placeLinks: { columns: { mentions: true }, with: { place: true } },
          organizationLinks: { columns: { mentions: true }, with: { organization: true } },
        },
      },
      resolve: (article) => {
        const all: ArticleMention[] = [];
        const none = { person: null, place: null, organization: null };
        for (const link of article.personLinks) {
          for (const m of link.mentions) all.push({ ...none, kind: 'PERSON', ...m, person: link.person });
        }
        for (const link of article.placeLinks) {
          for (const m of link.mentions) all.push({ ...none, kind: 'PLACE', ...m, place: link.place });
        }
        for (const link of article.organizationLinks) {
          for (const m of link.mentions)
            all.push({ ...none, kind: 'ORGANIZATION', ...m, organization: link.organization });
        }
        return all.sort((a, b) => a.start - b.start || a.end - b.end);
      },
    }),
  }),
});

const ArticleMentionRef = builder.objectRef<ArticleMention>('ArticleMention').implement({
  description: 'One place in the body where a person, a place or an organisation is named.',
  fields: (t) => ({
    kind: t.field({ type: MentionKind, resolve: (m) => m.kind }),
    start: t.exposeInt('start'),
    end: t.exposeInt('end'),
    text: t.exposeString('text'),
    person: t.field({
      type: Person,
      nullable: true,
      resolve: (m) => m.person as never,
    }),
    place: t.field({
      type: Place,
      nullable: true,
      resolve: (m) => m.place as never,
    }),
    organization: t.field({
      type: Organization,
      nullable: true,
      resolve: (m) => m.organization as never,
    }),
  }),
});

const articlePersons = drizzleConnectionHelpers(builder, 'articlePersons', {
  query: (args) => {
    const orderBy = PERSON_LINK_ORDER;
    checkKeysetCursors(args, articlePersonsTable, orderBy);
    return { orderBy };
  },
  select: (nodeSelection, _args, ctx) => ({
    columns: { mentionCount: true, title: true, mentions: mentionsAsked(ctx) as true },
    with: { person: nodeSelection() },
  }),
  resolveNode: (link) => link.person,
});

const articlePlaces = drizzleConnectionHelpers(builder, 'articlePlaces', {
  query: (args) => {
    const orderBy = PLACE_LINK_ORDER;
    checkKeysetCursors(args, articlePlacesTable, orderBy);
    return { orderBy };
  },
  select: (nodeSelection, _args, ctx) => ({
    columns: { mentionCount: true, mentions: mentionsAsked(ctx) as true },
    with: { place: nodeSelection() },
  }),
  resolveNode: (link) => link.place,
});

const articleOrganizations = drizzleConnectionHelpers(builder, 'articleOrganizations', {
  query: (args) => {
    const orderBy = ORGANIZATION_LINK_ORDER;
    checkKeysetCursors(args, articleOrganizationsTable, orderBy);
    return { orderBy };
  },
  select: (nodeSelection, _args, ctx) => ({
    columns: { mentionCount: true, mentions: mentionsAsked(ctx) as true, name: true },
    with: { organization: nodeSelection() },
  }),
  resolveNode: (link) => link.organization,
});

builder.drizzleObjectFields(Article, (t) => ({
  persons: t.connection(
    {
      type: Person,
      description:
        'The people the story names, each once, most mentioned first, with how this story mentions them on the edge.',
      select: (args, ctx, nestedSelection) => ({
        with: { personLinks: articlePersons.getQuery(args, ctx, nestedSelection) },
        extras: {
          personCount: (table) =>
            sql<number>`(select count(*) from article_persons where article_id = ${table.id})`.mapWith(Number),
        },
      }),
      resolve: (article, args, ctx) => ({
        ...articlePersons.resolve(article.personLinks, args, ctx),
        totalCount: article.personCount,
      }),
    },
    countedConnection('ArticlePersonConnection'),
    {
      name: 'ArticlePersonEdge',
      fields: (edge) => ({
        mentionCount: edge.int({ resolve: (link) => link.mentionCount }),
        title: edge.string({
          nullable: true,
          description: 'The title or role as this story writes it.',
          resolve: (link) => link.title,
        }),
        mentions: edge.field({ type: [Mention], resolve: (link) => link.mentions }),
      }),
    },
  ),
  places: t.connection(
    {
      type: Place,
      description:
        'The places the story names, each once, most mentioned first, with how this story mentions them on the edge.',
      select: (args, ctx, nestedSelection) => ({
        with: { placeLinks: articlePlaces.getQuery(args, ctx, nestedSelection) },
        extras: {
          placeCount: (table) =>
            sql<number>`(select count(*) from article_places where article_id = ${table.id})`.mapWith(Number),
        },
      }),
      resolve: (article, args, ctx) => ({
        ...articlePlaces.resolve(article.placeLinks, args, ctx),
        totalCount: article.placeCount,
      }),
    },
    countedConnection('ArticlePlaceConnection'),
    {
      name: 'ArticlePlaceEdge',
      fields: (edge) => ({
        mentionCount: edge.int({ resolve: (link) => link.mentionCount }),
        mentions: edge.field({ type: [Mention], resolve: (link) => link.mentions }),
      }),
    },
  ),
  organizations: t.connection(
    {
      type: Organization,
      description:
        'The organisations the story names, each once, most mentioned first, with how this story mentions them on the edge.',
      select: (args, ctx, nestedSelection) => ({
        with: { organizationLinks: articleOrganizations.getQuery(args, ctx, nestedSelection) },
        extras: {
          organizationCount: (table) =>
            sql<number>`(select count(*) from article_organizations where article_id = ${table.id})`.mapWith(Number),
        },
      }),
      resolve: (article, args, ctx) => ({
        ...articleOrganizations.resolve(article.organizationLinks, args, ctx),
        totalCount: article.organizationCount,
      }),
    },
    countedConnection('ArticleOrganizationConnection'),
    {
      name: 'ArticleOrganizationEdge',
      fields: (edge) => ({
        mentionCount: edge.int({ resolve: (link) => link.mentionCount }),
        name: edge.string({ description: 'Its name as this story writes it.', resolve: (link) => link.name }),
        mentions: edge.field({ type: [Mention], resolve: (link) => link.mentions }),
      }),
    },
  ),
}));

builder.queryFields((t) => ({
  articles: t.drizzleConnection({
    type: 'articles',
    description: 'Articles matching `filter`, newest first unless `orderBy` says otherwise.',
    args: {
      filter: t.arg({ type: ArticleFilter }),
      orderBy: t.arg({ type: ArticleOrder, defaultValue: 'NEWEST' }),
      direction: t.arg({ type: OrderDirection, description: DIRECTION_ARG_DESCRIPTION }),
    },
    totalCount: (_parent, args, ctx) => ctx.db.$count(articles, articleFilterSql(articles, args.filter)),
    resolve: (query, _parent, args, ctx, info) => {
      const search = args.filter?.search?.trim();
      if (args.orderBy === 'RELEVANCE' && !search) {
        throw relevanceNeedsSearch();
      }
      const where = { RAW: (table: typeof articles) => articleFilterSql(table, args.filter) ?? sql`true` };
      if (args.orderBy === 'RELEVANCE' && search) {
        const orderBy = directed('desc', ['relevance'], args.direction, { publishedAt: 'desc', id: 'desc' });
        checkKeysetCursors(args, articles, orderBy);
        return ctx.db.query.articles.findMany(
          query({ where, extras: { relevance: (table) => relevance(table.searchVector, search) }, orderBy }),
        );
      }
      const orderBy = directed(args.orderBy === 'OLDEST' ? 'asc' : 'desc', ['publishedAt', 'id'], args.direction);
      checkKeysetCursors(args, articles, orderBy);
      return runKeptQuery(ctx, info, () => ctx.db.query.articles.findMany(query({ where, orderBy })));
    },
  }),
  article: t.drizzleField({
    type: 'articles',
    nullable: true,
    description: 'One article by its global id, or null when there is none.',
    args: { id: t.arg.globalID({ required: true, for: Article }) },
    resolve: (query, _parent, args, ctx, info) =>
      runKeptById(ctx, info, args.id.id, (where) => ctx.db.query.articles.findFirst(query({ where }))),
  }),
}));
