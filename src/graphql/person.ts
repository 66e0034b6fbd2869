import { drizzleConnectionHelpers } from '@pothos/plugin-drizzle';
import { sql } from 'drizzle-orm';
import { persons } from '../db/schema.js';
import { Article } from './article.js';
import { builder } from './builder.js';
import { databaseId } from './ids.js';
import { Mention } from './mention.js';

export const Person = builder.drizzleNode('persons', {
  name: 'Person',
  description: 'A person named in one or more articles; one row however many articles name them.',
  id: { column: (person) => person.id },
  fields: (t) => ({
    name: t.exposeString('name', { description: 'The full name as first written.' }),
    aliases: t.exposeStringList('aliases', { description: 'Every other form the articles use ("Blinken", "Lavrov").' }),
    title: t.exposeString('title', {
      nullable: true,
      description: 'Title or role from the latest article that gives one.',
    }),
    affiliationCountryCode: t.exposeString('affiliationCountryCode', {
      nullable: true,
      description: 'ISO 3166-1 alpha-2 code of the country the articles tie the person to.',
    }),
    quotes: t.relatedConnection('quotes', {
      description: 'What the person is quoted as saying, oldest loaded first.',
      query: { orderBy: { id: 'asc' } },
      totalCount: true,
    }),
  }),
});

const personArticles = drizzleConnectionHelpers(builder, 'articlePersons', {
  query: () => ({ orderBy: { articleId: 'desc' } }),
  select: (nodeSelection) => ({
    columns: { mentionCount: true, title: true, mentions: true },
    with: { article: nodeSelection() },
  }),
  resolveNode: (link) => link.article,
});

builder.drizzleObjectFields(Person, (t) => ({
  articles: t.connection(
    {
      type: Article,
      description: 'The articles that name the person, most recently loaded first.',
      select: (args, ctx, nestedSelection) => ({
        with: { articleLinks: personArticles.getQuery(args, ctx, nestedSelection) },
        extras: {
          articleCount: (table) =>
            sql<number>`(select count(*) from article_persons where person_id = ${table.id})`.mapWith(Number),
        },
      }),
      resolve: (person, args, ctx) => ({
        ...personArticles.resolve(person.articleLinks, args, ctx),
        totalCount: person.articleCount,
      }),
    },
    {
      name: 'PersonArticleConnection',
      fields: (c) => ({
        totalCount: c.int({ resolve: (connection) => (connection as { totalCount: number }).totalCount }),
      }),
    },
    {
      name: 'PersonArticleEdge',
      fields: (edge) => ({
        mentionCount: edge.int({ resolve: (link) => link.mentionCount }),
        title: edge.string({
          nullable: true,
          description: 'The title or role as that article writes it.',
          resolve: (link) => link.title,
        }),
        mentions: edge.field({ type: [Mention], resolve: (link) => link.mentions }),
      }),
    },
  ),
}));

builder.queryFields((t) => ({
  persons: t.drizzleConnection({
    type: 'persons',
    description: 'People, by name.',
    totalCount: (_parent, _args, ctx) => ctx.db.$count(persons),
    resolve: (query, _parent, _args, ctx) =>
      ctx.db.query.persons.findMany(query({ orderBy: { name: 'asc', id: 'asc' } })),
  }),
  person: t.drizzleField({
    type: 'persons',
    nullable: true,
    description: 'One person by global id, or null when there is none.',
    args: { id: t.arg.globalID({ required: true, for: Person }) },
    resolve: (query, _parent, args, ctx) => {
      const id = databaseId(args.id.id);
      return id === null ? null : ctx.db.query.persons.findFirst(query({ where: { id } }));
    },
  }),
}));
