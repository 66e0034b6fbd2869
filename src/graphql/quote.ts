import { and, inArray, type SQL, sql } from 'drizzle-orm';
import { quotes } from '../db/schema.js';
import { Article } from './article.js';
import { relevance, relevanceNeedsSearch, searchQuery } from './article-filter.js';
import { builder } from './builder.js';
import { checkKeysetCursors } from './cursors.js';
import { databaseId } from './ids.js';
import { runKeptById } from './kept-query.js';
import { DIRECTION_ARG_DESCRIPTION, directed, OrderDirection } from './order.js';
import { Person } from './person.js';

export const QuoteOrder = builder.enumType('QuoteOrder', {
  values: {
    NEWEST: {
      description:
        "By the article's publication time, latest first, then in the article's order (the default; descending).",
    },
    OLDEST: { description: "By the article's publication time, earliest first (ascending)." },
    RELEVANCE: { description: 'By full-text match, best first (descending); needs `filter.search`.' },
  } as const,
});

interface QuoteFilterInput {
  speakers?: { id: string | number }[] | null;
  articles?: { id: string | number }[] | null;
  publishedAfter?: Date | null;
  publishedBefore?: Date | null;
  search?: string | null;
}

const QuoteFilter = builder.inputType('QuoteFilter', {
  description: 'Narrows a set of quotes. Every condition given must hold.',
  fields: (t) => ({
    speakers: t.globalIDList({ description: 'Quotes by any of these people.', for: Person }),
    articles: t.globalIDList({ description: 'Quotes from any of these articles.', for: Article }),
    publishedAfter: t.field({ type: 'DateTime', description: 'From articles published at or after this instant.' }),
    publishedBefore: t.field({ type: 'DateTime', description: 'From articles published before this instant.' }),
    search: t.string({ description: 'Full-text search over the quote and its speaker label, web-search syntax.' }),
  }),
});

function quoteFilterSql(table: typeof quotes, filter: QuoteFilterInput | null | undefined): SQL | undefined {
  if (!filter) return undefined;
  const conditions: SQL[] = [];
  if (filter.speakers?.length) {
    conditions.push(
      inArray(
        table.speakerId,
        filter.speakers.map((g) => databaseId(g.id) ?? -1),
      ),
    );
  }
  if (filter.articles?.length) {
    conditions.push(
      inArray(
        table.articleId,
        filter.articles.map((g) => databaseId(g.id) ?? -1),
      ),
    );
  }
  if (filter.publishedAfter) conditions.push(sql`${table.publishedAt} >= ${filter.publishedAfter.toISOString()}`);
  if (filter.publishedBefore) conditions.push(sql`${table.publishedAt} < ${filter.publishedBefore.toISOString()}`);
  if (filter.search?.trim()) conditions.push(sql`${table.searchVector} @@ ${searchQuery(filter.search)}`);
  return conditions.length ? and(...conditions) : undefined;
}

export const Quote = builder.drizzleNode('quotes', {
  name: 'Quote',
  description: 'Words an article puts in quotation marks as speech, with who said them.',
  select: {},
  id: { column: (quote) => quote.id },
  fields: (t) => ({
    text: t.exposeString('text'),
    start: t.exposeInt('startOffset', { description: "Offset of the quote's first character in the article body." }),
    end: t.exposeInt('endOffset', { description: 'Offset just past its last character.' }),
    paragraphIndex: t.exposeInt('paragraphIndex'),
    speaker: t.relation('speaker', {
      nullable: true,
      description: 'The person who said it, when the article names them.',
    }),
    speakerOrganization: t.relation('speakerOrganization', {
      nullable: true,
      description: 'The organisation that said it ("the Pentagon said"), when no person did.',
    }),
    speakerLabel: t.exposeString('speakerLabel', {
      nullable: true,
      description: 'Who said it as the article first puts it ("a US official"), named or not.',
    }),
    verb: t.exposeString('verb', { nullable: true, description: 'The reporting verb ("said", "told").' }),
    publishedAt: t.expose('publishedAt', { type: 'DateTime', description: "The article's publication time." }),
    article: t.relation('article'),
  }),
});

builder.queryFields((t) => ({
  quotes: t.drizzleConnection({
    type: 'quotes',
    description: 'Quotes across all articles matching `filter`, newest first unless `orderBy` says otherwise.',
    args: {
      filter: t.arg({ type: QuoteFilter }),
      orderBy: t.arg({ type: QuoteOrder, defaultValue: 'NEWEST' }),
      direction: t.arg({ type: OrderDirection, description: DIRECTION_ARG_DESCRIPTION }),
    },
    totalCount: (_parent, args, ctx) => ctx.db.$count(quotes, quoteFilterSql(quotes, args.filter)),
    resolve: (query, _parent, args, ctx) => {
      const search = args.filter?.search?.trim();
      const where = { RAW: (table: typeof quotes) => quoteFilterSql(table, args.filter) ?? sql`true` };
      if (args.orderBy === 'RELEVANCE') {
        if (!search) {
          throw relevanceNeedsSearch();
        }
        const orderBy = directed('desc', ['relevance'], args.direction, { publishedAt: 'desc', id: 'desc' });
        checkKeysetCursors(args, quotes, orderBy);
        return ctx.db.query.quotes.findMany(
          query({ where, extras: { relevance: (table) => relevance(table.searchVector, search) }, orderBy }),
        );
      }
      const orderBy = directed(
        args.orderBy === 'OLDEST' ? 'asc' : 'desc',
        ['publishedAt', 'articleId'],
        args.direction,
        {
          startOffset: 'asc',
          id: 'asc',
        },
      );
      checkKeysetCursors(args, quotes, orderBy);
      return ctx.db.query.quotes.findMany(query({ where, orderBy }));
    },
  }),
  quote: t.drizzleField({
    type: 'quotes',
    nullable: true,
    description: 'One quote by global id, or null when there is none.',
    args: { id: t.arg.globalID({ required: true, for: Quote }) },
    resolve: (query, _parent, args, ctx, info) =>
      runKeptById(ctx, info, args.id.id, (where) => ctx.db.query.quotes.findFirst(query({ where }))),
  }),
}));
