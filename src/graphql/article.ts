import { drizzleConnectionHelpers } from '@pothos/plugin-drizzle';
import { sql } from 'drizzle-orm';
import { articles } from '../db/schema.js';
import { builder } from './builder.js';
import { databaseId } from './ids.js';
import { Mention } from './mention.js';
import { Person } from './person.js';
import { Place } from './place.js';

export const Article = builder.drizzleNode('articles', {
  name: 'Article',
  description: 'One wire story as it was loaded, with the people, places and quotes found in it.',
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
      description: 'The date line, read as Stockholm time, in UTC.',
    }),
    dateLine: t.exposeString('dateLine', { description: 'The date line as written.' }),
    language: t.exposeString('language', { description: 'ISO 639-1 code of the story text.' }),
    body: t.exposeString('body', { description: 'The story text; every mention and quote offset points into it.' }),
    paragraphs: t.exposeStringList('paragraphs'),
    wordCount: t.exposeInt('wordCount'),
    sourceFile: t.exposeString('sourceFile', { description: 'The name of the file it was loaded from.' }),
    quotes: t.relatedConnection('quotes', {
      description: 'Direct quotes, in the order they appear.',
      query: { orderBy: { startOffset: 'asc' } },
      totalCount: true,
    }),
  }),
});

const articlePersons = drizzleConnectionHelpers(builder, 'articlePersons', {
  query: () => ({ orderBy: { personId: 'asc' } }),
  select: (nodeSelection) => ({
    columns: { mentionCount: true, title: true, mentions: true },
    with: { person: nodeSelection() },
  }),
  resolveNode: (link) => link.person,
});

const articlePlaces = drizzleConnectionHelpers(builder, 'articlePlaces', {
  query: () => ({ orderBy: { placeId: 'asc' } }),
  select: (nodeSelection) => ({
    columns: { mentionCount: true, mentions: true },
    with: { place: nodeSelection() },
  }),
  resolveNode: (link) => link.place,
});

builder.drizzleObjectFields(Article, (t) => ({
  persons: t.connection(
    {
      type: Person,
      description: 'The people the story names, each once, with how this story mentions them on the edge.',
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
    {
      name: 'ArticlePersonConnection',
      fields: (c) => ({
        totalCount: c.int({ resolve: (connection) => (connection as { totalCount: number }).totalCount }),
      }),
    },
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
      description: 'The places the story names, each once, with how this story mentions them on the edge.',
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
    {
      name: 'ArticlePlaceConnection',
      fields: (c) => ({
        totalCount: c.int({ resolve: (connection) => (connection as { totalCount: number }).totalCount }),
      }),
    },
    {
      name: 'ArticlePlaceEdge',
      fields: (edge) => ({
        mentionCount: edge.int({ resolve: (link) => link.mentionCount }),
        mentions: edge.field({ type: [Mention], resolve: (link) => link.mentions }),
      }),
    },
  ),
}));

builder.queryFields((t) => ({
  articles: t.drizzleConnection({
    type: 'articles',
    description: 'Articles, newest first.',
    totalCount: (_parent, _args, ctx) => ctx.db.$count(articles),
    resolve: (query, _parent, _args, ctx) =>
      ctx.db.query.articles.findMany(query({ orderBy: { publishedAt: 'desc', id: 'desc' } })),
  }),
  article: t.drizzleField({
    type: 'articles',
    nullable: true,
    description: 'One article by its global id, or null when there is none.',
    args: { id: t.arg.globalID({ required: true, for: Article }) },
    resolve: (query, _parent, args, ctx) => {
      const id = databaseId(args.id.id);
      return id === null ? null : ctx.db.query.articles.findFirst(query({ where: { id } }));
    },
  }),
}));
