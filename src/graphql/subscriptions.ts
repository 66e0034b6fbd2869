import { sql } from 'drizzle-orm';
import { createGraphQLError } from 'graphql-yoga';
import { articles, quotes } from '../db/schema.js';
import { rowsOf } from '../ingest/write/sql.js';
import { ArticleFilter, articleFilterSql } from './article-filter.js';
import { builder, type Context } from './builder.js';
import { databaseId } from './ids.js';
import { Person } from './person.js';

function feedOf(ctx: Context) {
  if (!ctx.live) {
    throw createGraphQLError('Subscriptions are not served by this instance.', { extensions: { code: 'UNAVAILABLE' } });
  }
  return ctx.live;
}

const idList = (ids: number[]) => sql`${`{${ids.join(',')}}`}::int[]`;

builder.subscriptionType({
  description: 'Live events over server-sent events (GraphQL over SSE, distinct connections mode).',
});

builder.subscriptionFields((t) => ({
  articleAdded: t.drizzleField({
    type: 'articles',
    description:
      'Each article new to the database from now on, whoever stored it (a loader, the ingest mutation, another server), once it is committed; only those matching `filter`, checked on the server.',
    args: { filter: t.arg({ type: ArticleFilter }) },
    subscribe: (_root, args, ctx) =>
      feedOf(ctx).batches(async (ids) => {
        const where = articleFilterSql(articles, args.filter);
        if (!where) return ids;
        const rows = await rowsOf<{ id: number }>(
          ctx.db,
          sql`select ${articles.id} as id from ${articles} where ${articles.id} = any(${idList(ids)}) and ${where} order by ${articles.id}`,
        );
        return rows.map((r) => r.id);
      }, ctx.request?.signal),
    resolve: async (query, id, _args, ctx) => {
      const article = await ctx.db.query.articles.findFirst(query({ where: { id: id as unknown as number } }));
      if (!article) throw createGraphQLError('The article was deleted before it could be sent.');
      return article;
    },
  }),
  quoteAdded: t.drizzleField({
    type: 'quotes',
    description:
      "Each quote in an article new to the database from now on, in text order; only the speaker's when `speaker` is given.",
    args: { speaker: t.arg.globalID({ for: Person, description: 'Only quotes this person is the speaker of.' }) },
    subscribe: (_root, args, ctx) => {
      const speaker = args.speaker ? (databaseId(args.speaker.id) ?? -1) : null;
      return feedOf(ctx).batches(async (ids) => {
        const rows = await rowsOf<{ id: number }>(
          ctx.db,
          sql`select ${quotes.id} as id from ${quotes} where ${quotes.articleId} = any(${idList(ids)})
              ${speaker === null ? sql`` : sql`and ${quotes.speakerId} = ${speaker}`}
              order by ${quotes.articleId}, ${quotes.startOffset}`,
        );
        return rows.map((r) => r.id);
      }, ctx.request?.signal);
    },
    resolve: async (query, id, _args, ctx) => {
      const quote = await ctx.db.query.quotes.findFirst(query({ where: { id: id as unknown as number } }));
      if (!quote) throw createGraphQLError('The quote was deleted before it could be sent.');
      return quote;
    },
  }),
}));
