import { drizzleConnectionHelpers } from '@pothos/plugin-drizzle';
import { resolveOffsetConnection } from '@pothos/plugin-relay';
import { and, desc, eq, inArray, ne, type SQL, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { createGraphQLError } from 'graphql-yoga';
import { articlePersons, persons, quotes } from '../db/schema.js';
import { Article } from './article.js';
import { plainText } from './article-filter.js';
import { builder } from './builder.js';
import { countedConnection } from './connections.js';
import { checkKeysetCursors, checkOffsetCursors } from './cursors.js';
import { runKeptById } from './kept-query.js';
import { Mention, mentionsAsked } from './mention.js';
import { nameMatches, nameRelevance } from './name-search.js';
import { DIRECTION_ARG_DESCRIPTION, directed, OrderDirection } from './order.js';

// Connection orders as module constants: the drizzle plugin patch keeps an ordering parsed per
// object, and a connection's query is asked for again for every row of a page.
const NEWEST_QUOTES_ORDER = { publishedAt: 'desc', articleId: 'desc', startOffset: 'asc' } as const;
const NEWEST_LINK_ORDER = { articleId: 'desc' } as const;

export const PersonOrder = builder.enumType('PersonOrder', {
  values: {
    NAME: { description: 'Alphabetically by name (the default; ascending).' },
    MENTIONS: { description: 'By mentions across all articles, most first (descending).' },
    QUOTES: { description: 'By quotes, most quoted first (descending).' },
    ARTICLES: { description: 'By articles that name them, most first (descending).' },
    RELEVANCE: { description: 'By match for `search`, best first (descending); needs `search`.' },
  } as const,
});

export const Person = builder.drizzleNode('persons', {
  name: 'Person',
  description: 'A person named in one or more articles; one row however many articles name them.',
  select: {},
  id: { column: (person) => person.id },
  fields: (t) => ({
    name: t.exposeString('name', { description: 'The full name as first written.' }),
    aliases: t.exposeStringList('aliases', {
      description: 'Every other form the articles use ("Blinken", "Lavrov").',
    }),
    title: t.exposeString('title', {
      nullable: true,
      description: 'Title or role from the latest article that gives one.',
    }),
    affiliationCountryCode: t.exposeString('affiliationCountryCode', {
      nullable: true,
      description: 'ISO 3166-1 alpha-2 code of the country the articles tie the person to.',
    }),
    articleCount: t.exposeInt('articleCount', { description: 'How many articles name the person.' }),
    mentionCount: t.exposeInt('mentionCount', { description: 'How often the articles name the person, all told.' }),
    quoteCount: t.exposeInt('quoteCount', { description: 'How many quotes are attributed to the person.' }),
    quotes: t.relatedConnection('quotes', {
      description: 'What the person is quoted as saying: newest article first, then in the order of the text.',
      query: (args) => {
        const orderBy = NEWEST_QUOTES_ORDER;
        checkKeysetCursors(args, quotes, orderBy);
        return { orderBy };
      },
      totalCount: true,
    }),
  }),
});

const personArticles = drizzleConnectionHelpers(builder, 'articlePersons', {
  query: (args) => {
    const orderBy = NEWEST_LINK_ORDER;
    checkKeysetCursors(args, articlePersons, orderBy);
    return { orderBy };
  },
  select: (nodeSelection, _args, ctx) => ({
    columns: { mentionCount: true, title: true, mentions: mentionsAsked(ctx) as true },
    with: { article: nodeSelection() },
  }),
  resolveNode: (link) => link.article,
});

export interface PersonWithCount {
  person: typeof persons.$inferSelect;
  sharedArticles: number;
}

const PERSON_ORDERS = {
  NAME: ['asc', ['name', 'id']],
  MENTIONS: ['desc', ['mentionCount', 'id']],
  QUOTES: ['desc', ['quoteCount', 'id']],
  ARTICLES: ['desc', ['articleCount', 'id']],
} as const;

const CoMentionEdge = builder.objectRef<PersonWithCount>('PersonCoMention');

builder.drizzleObjectFields(Person, (t) => ({
  articles: t.connection(
    {
      type: Article,
      description: 'The articles that name the person, most recently loaded first.',
      select: (args, ctx, nestedSelection) => ({
        columns: { articleCount: true },
        with: { articleLinks: personArticles.getQuery(args, ctx, nestedSelection) },
      }),
      resolve: (person, args, ctx) => ({
        ...personArticles.resolve(person.articleLinks, args, ctx),
        totalCount: person.articleCount,
      }),
    },
    countedConnection('PersonArticleConnection'),
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
  coMentions: t.connection(
    {
      type: CoMentionEdge,
      description:
        'The people named in the same articles as this person, those sharing the most articles first. One query per person asked for: meant for a person page, not for long lists.',
      select: { columns: { id: true } },
      resolve: (person, args, ctx) => {
        checkOffsetCursors(args);
        return resolveOffsetConnection({ args }, async ({ limit, offset }) => {
          const mine = alias(articlePersons, 'mine');
          const theirs = alias(articlePersons, 'theirs');
          const shared = sql<number>`count(*)`.mapWith(Number);
          const rows = await ctx.db
            .select({ person: persons, sharedArticles: shared })
            .from(mine)
            .innerJoin(theirs, and(eq(theirs.articleId, mine.articleId), ne(theirs.personId, mine.personId)))
            .innerJoin(persons, eq(persons.id, theirs.personId))
            .where(eq(mine.personId, person.id))
            .groupBy(persons.id)
            .orderBy(desc(shared), persons.id)
            .limit(limit)
            .offset(offset);
          return rows;
        });
      },
    },
    { name: 'PersonCoMentionConnection' },
  ),
}));

CoMentionEdge.implement({
  description: 'Another person and how many articles name both.',
  fields: (t) => ({
    person: t.field({ type: Person, resolve: (row) => row.person as never }),
    sharedArticles: t.exposeInt('sharedArticles'),
  }),
});

builder.queryFields((t) => ({
  persons: t.drizzleConnection({
    type: 'persons',
    description: 'People, filtered and ordered as asked; by name unless `orderBy` says otherwise.',
    args: {
      search: t.arg.string({
        description: 'A name, or the start of any word of one ("blin"); close misspellings match too.',
      }),
      affiliationCountryCodes: t.arg.stringList({
        description: 'People tied to any of these countries (ISO 3166-1 alpha-2 codes).',
      }),
      orderBy: t.arg({ type: PersonOrder, defaultValue: 'NAME' }),
      direction: t.arg({ type: OrderDirection, description: DIRECTION_ARG_DESCRIPTION }),
    },
    totalCount: (_parent, args, ctx) => ctx.db.$count(persons, personFilterSql(persons, args)),
    resolve: (query, _parent, args, ctx) => {
      const search = args.search?.trim();
      if (args.orderBy === 'RELEVANCE' && !search) {
        throw createGraphQLError('orderBy RELEVANCE needs a search.', { extensions: { code: 'BAD_USER_INPUT' } });
      }
      const where = { RAW: (table: typeof persons) => personFilterSql(table, args) ?? sql`true` };
      if (args.orderBy === 'RELEVANCE') {
        const orderBy = directed('desc', ['relevance'], args.direction, { mentionCount: 'desc', id: 'asc' });
        checkKeysetCursors(args, persons, orderBy);
        return ctx.db.query.persons.findMany(
          query({ where, extras: { relevance: (table) => nameRelevance(table.name, search ?? '') }, orderBy }),
        );
      }
      const [natural, keys] = PERSON_ORDERS[args.orderBy ?? 'NAME'];
      const orderBy = directed(natural, [...keys], args.direction);
      checkKeysetCursors(args, persons, orderBy);
      return ctx.db.query.persons.findMany(query({ where, orderBy }));
    },
  }),
  person: t.drizzleField({
    type: 'persons',
    nullable: true,
    description: 'One person by global id, or null when there is none.',
    args: { id: t.arg.globalID({ required: true, for: Person }) },
    resolve: (query, _parent, args, ctx, info) =>
      runKeptById(ctx, info, args.id.id, (where) => ctx.db.query.persons.findFirst(query({ where }))),
  }),
}));

function personFilterSql(
  table: typeof persons,
  args: { search?: string | null; affiliationCountryCodes?: string[] | null },
): SQL | undefined {
  const conditions: SQL[] = [];
  if (args.search?.trim()) conditions.push(nameMatches(table.name, args.search));
  if (args.affiliationCountryCodes?.length) {
    conditions.push(
      inArray(
        table.affiliationCountryCode,
        args.affiliationCountryCodes.map((c) => plainText(c).trim().toUpperCase()),
      ),
    );
  }
  return conditions.length ? and(...conditions) : undefined;
}
