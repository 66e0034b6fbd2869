import { drizzleConnectionHelpers } from '@pothos/plugin-drizzle';
import { resolveOffsetConnection } from '@pothos/plugin-relay';
import { and, desc, eq, inArray, isNotNull, ne, type SQL, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { createGraphQLError } from 'graphql-yoga';
import { articleOrganizations, articlePersons, articles, organizations, persons, quotes } from '../db/schema.js';
import { Article } from './article.js';
import { plainText } from './article-filter.js';
import { builder, type Context } from './builder.js';
import { countedConnection } from './connections.js';
import { checkKeysetCursors, checkOffsetCursors } from './cursors.js';
import { runKeptById } from './kept-query.js';
import { Mention, mentionsAsked } from './mention.js';
import { nameMatches, nameRelevance } from './name-search.js';
import { DIRECTION_ARG_DESCRIPTION, directed, OrderDirection } from './order.js';
import { Person } from './person.js';

// Connection orders as module constants: the drizzle plugin patch keeps an ordering parsed per
// object, and a connection's query is asked for again for every row of a page.
const NEWEST_QUOTES_ORDER = { publishedAt: 'desc', articleId: 'desc', startOffset: 'asc' } as const;
const NEWEST_LINK_ORDER = { articleId: 'desc' } as const;

const KINDS = [
  'company',
  'government',
  'political_party',
  'media',
  'sports_club',
  'international',
  'education',
  'ngo',
  'other',
] as const;
type Kind = (typeof KINDS)[number];

export const OrganizationKind = builder.enumType('OrganizationKind', {
  values: {
    COMPANY: { value: 'company', description: 'A business, bank or firm.' },
    GOVERNMENT: { value: 'government', description: 'A ministry, agency, court, parliament or armed force.' },
    POLITICAL_PARTY: { value: 'political_party' },
    MEDIA: { value: 'media', description: 'A newspaper, broadcaster or news agency.' },
    SPORTS_CLUB: { value: 'sports_club', description: 'A club or national side.' },
    INTERNATIONAL: { value: 'international', description: 'A body of several states (UN, NATO, EU bodies).' },
    EDUCATION: { value: 'education', description: 'A university, school or research institute.' },
    NGO: { value: 'ngo', description: 'A charity, union or campaign group.' },
    OTHER: { value: 'other', description: 'An organisation of no kind the articles make clear.' },
  } as const,
});

export const OrganizationOrder = builder.enumType('OrganizationOrder', {
  values: {
    NAME: { description: 'Alphabetically by name (the default).' },
    MENTIONS: { description: 'Most mentioned across all articles first.' },
    ARTICLES: { description: 'Named in the most articles first.' },
    RELEVANCE: { description: 'Best match for `search` first; needs `search`.' },
  } as const,
});

function searchTerm(search: string): string {
  return plainText(search).trim().toLowerCase();
}

/**
 * Name search as for people and places (a prefix of the name or of any word in it, "health" for
 * the World Health Organization; a close spelling by trigram word similarity), or the acronym
 * itself ("who"). Every value is a bound parameter.
 */
function organizationMatches(table: typeof organizations, search: string): SQL {
  return sql`(${nameMatches(table.name, search)} or lower(${table.acronym}) = ${searchTerm(search)})`;
}

/** As `nameRelevance`, with the acronym counting as a prefix of the whole name. */
function organizationRelevance(table: typeof organizations, search: string): SQL<string> {
  return sql<string>`(${nameRelevance(table.name, search)} + case when lower(${table.acronym}) = ${searchTerm(search)} then 1 else 0 end)`;
}

export const Organization = builder.drizzleNode('organizations', {
  name: 'Organization',
  description:
    'A company, government body, party, club or other organisation named in one or more articles; one row however many articles name it, by its name or its acronym.',
  select: {},
  id: { column: (organization) => organization.id },
  fields: (t) => ({
    name: t.exposeString('name', { description: 'The fullest name the articles give ("World Health Organization").' }),
    acronym: t.exposeString('acronym', {
      nullable: true,
      description: 'Its acronym, where an article gives one ("WHO").',
    }),
    aliases: t.exposeStringList('aliases', { description: 'Every other form the articles use.' }),
    kind: t.field({
      type: OrganizationKind,
      select: { columns: { kind: true } },
      resolve: (organization) =>
        ((KINDS as readonly string[]).includes(organization.kind) ? organization.kind : 'other') as Kind,
    }),
    countryCode: t.exposeString('countryCode', {
      nullable: true,
      description:
        'ISO 3166-1 alpha-2 code of its country, where its name or an article gives one ("Bank of Canada": CA).',
    }),
    articleCount: t.exposeInt('articleCount', { description: 'How many articles name it.' }),
    mentionCount: t.exposeInt('mentionCount', { description: 'How often the articles name it, all told.' }),
    quoteCount: t.exposeInt('quoteCount', { description: 'How many quotes it is the speaker of ("the WHO said").' }),
    quotes: t.relatedConnection('quotes', {
      description: 'What it is quoted as saying: newest article first, then in the order of the text.',
      query: (args) => {
        const orderBy = NEWEST_QUOTES_ORDER;
        checkKeysetCursors(args, quotes, orderBy);
        return { orderBy };
      },
      totalCount: true,
    }),
  }),
});

const organizationArticles = drizzleConnectionHelpers(builder, 'articleOrganizations', {
  query: (args) => {
    const orderBy = NEWEST_LINK_ORDER;
    checkKeysetCursors(args, articleOrganizations, orderBy);
    return { orderBy };
  },
  select: (nodeSelection, _args, ctx) => ({
    columns: { mentionCount: true, mentions: mentionsAsked(ctx) as true, name: true },
    with: { article: nodeSelection() },
  }),
  resolveNode: (link) => link.article,
});

/** A person and their role at an organisation, from the articles that tie them to it. */
export interface Affiliation {
  person: typeof persons.$inferSelect;
  organization: typeof organizations.$inferSelect;
  role: string | null;
  articleCount: number;
  /** As the driver gives a timestamptz from an aggregate: text (postgres.js) or a Date (PGlite). */
  latestAt: string | Date;
}

/** The edge of a connection over affiliations: the node is the person or the organisation. */
interface AffiliationEdge {
  cursor: string;
  node: unknown;
  affiliation: Affiliation;
}

/**
 * Affiliations, one per person and organisation: the role from the latest article that gives one
 * (equal times: the greater role, as a person's title is chosen), most recent first.
 */
function affiliations(where: SQL) {
  const latest = sql<string>`max(${articles.publishedAt})`;
  return {
    columns: {
      person: persons,
      organization: organizations,
      role: sql<string | null>`(array_agg(${articlePersons.organizationRole} order by ${articles.publishedAt} desc,
        ${articlePersons.organizationRole} collate "C" desc) filter (where ${articlePersons.organizationRole} is not null))[1]`,
      articleCount: sql<number>`count(*)`.mapWith(Number),
      latestAt: latest,
    },
    where: and(isNotNull(articlePersons.organizationId), where),
    latest,
  };
}

type OffsetArgs = { first?: number | null; last?: number | null; before?: string | null; after?: string | null };

/** One page of affiliations as connection edges whose node `nodeOf` picks, the affiliation beside it. */
async function affiliationPage(ctx: Context, args: OffsetArgs, where: SQL, nodeOf: (a: Affiliation) => unknown) {
  checkOffsetCursors(args);
  const connection = await resolveOffsetConnection({ args }, ({ limit, offset }) => {
    const q = affiliations(where);
    return ctx.db
      .select(q.columns)
      .from(articlePersons)
      .innerJoin(articles, eq(articles.id, articlePersons.articleId))
      .innerJoin(persons, eq(persons.id, articlePersons.personId))
      .innerJoin(organizations, eq(organizations.id, articlePersons.organizationId))
      .where(q.where)
      .groupBy(persons.id, organizations.id)
      .orderBy(desc(q.latest), persons.id, organizations.id)
      .limit(limit)
      .offset(offset);
  });
  return {
    ...connection,
    edges: connection.edges.map((edge) => ({ cursor: edge.cursor, node: nodeOf(edge.node), affiliation: edge.node })),
  };
}

const ofEdge = (edge: unknown) => (edge as AffiliationEdge).affiliation;

export interface OrganizationWithCount {
  organization: typeof organizations.$inferSelect;
  sharedArticles: number;
}

const CoMention = builder.objectRef<OrganizationWithCount>('OrganizationCoMention').implement({
  description: 'Another organisation and how many articles name both.',
  fields: (t) => ({
    organization: t.field({ type: Organization, resolve: (row) => row.organization as never }),
    sharedArticles: t.exposeInt('sharedArticles'),
  }),
});

builder.drizzleObjectFields(Organization, (t) => ({
  articles: t.connection(
    {
      type: Article,
      description: 'The articles that name it, most recently loaded first.',
      select: (args, ctx, nestedSelection) => ({
        columns: { articleCount: true },
        with: { articleLinks: organizationArticles.getQuery(args, ctx, nestedSelection) },
      }),
      resolve: (organization, args, ctx) => ({
        ...organizationArticles.resolve(organization.articleLinks, args, ctx),
        totalCount: organization.articleCount,
      }),
    },
    countedConnection('OrganizationArticleConnection'),
    {
      name: 'OrganizationArticleEdge',
      fields: (edge) => ({
        mentionCount: edge.int({ resolve: (link) => link.mentionCount }),
        name: edge.string({ description: 'Its name as that article writes it.', resolve: (link) => link.name }),
        mentions: edge.field({ type: [Mention], resolve: (link) => link.mentions }),
      }),
    },
  ),
  persons: t.connection(
    {
      type: Person,
      description:
        'Its people: those its articles tie to it ("Airbus chief executive Guillaume Faury"), with their role, most recently named first. One query per organisation asked for.',
      select: { columns: { id: true } },
      resolve: (organization, args, ctx) =>
        affiliationPage(ctx, args, eq(articlePersons.organizationId, organization.id), (a) => a.person) as never,
    },
    { name: 'OrganizationPersonConnection' },
    {
      name: 'OrganizationPersonEdge',
      fields: (edge) => ({
        role: edge.string({
          nullable: true,
          description: 'The role from the latest article that gives one ("chief executive").',
          resolve: (e) => ofEdge(e).role,
        }),
        articleCount: edge.int({
          description: 'How many articles tie the person to it.',
          resolve: (e) => ofEdge(e).articleCount,
        }),
        latestAt: edge.field({
          type: 'DateTime',
          description: 'When the latest of those articles was published.',
          resolve: (e) => new Date(ofEdge(e).latestAt),
        }),
      }),
    },
  ),
  coMentions: t.connection(
    {
      type: CoMention,
      description:
        'The organisations named in the same articles as this one, those sharing the most articles first. One query per organisation asked for.',
      select: { columns: { id: true } },
      resolve: (organization, args, ctx) => {
        checkOffsetCursors(args);
        return resolveOffsetConnection({ args }, ({ limit, offset }) => {
          const mine = alias(articleOrganizations, 'mine');
          const theirs = alias(articleOrganizations, 'theirs');
          const shared = sql<number>`count(*)`.mapWith(Number);
          return ctx.db
            .select({ organization: organizations, sharedArticles: shared })
            .from(mine)
            .innerJoin(
              theirs,
              and(eq(theirs.articleId, mine.articleId), ne(theirs.organizationId, mine.organizationId)),
            )
            .innerJoin(organizations, eq(organizations.id, theirs.organizationId))
            .where(eq(mine.organizationId, organization.id))
            .groupBy(organizations.id)
            .orderBy(desc(shared), organizations.id)
            .limit(limit)
            .offset(offset);
        });
      },
    },
    { name: 'OrganizationCoMentionConnection' },
  ),
}));

builder.drizzleObjectFields(Person, (t) => ({
  organizations: t.connection(
    {
      type: Organization,
      description:
        'The organisations the articles tie the person to, with the role on the edge, the most recent first: the first is where the person is now, as far as the articles say. One query per person asked for.',
      select: { columns: { id: true } },
      resolve: (person, args, ctx) =>
        affiliationPage(ctx, args, eq(articlePersons.personId, person.id), (a) => a.organization) as never,
    },
    { name: 'PersonOrganizationConnection' },
    {
      name: 'PersonOrganizationEdge',
      fields: (edge) => ({
        role: edge.string({
          nullable: true,
          description: 'The role there, from the latest article that gives one ("chief executive").',
          resolve: (e) => ofEdge(e).role,
        }),
        articleCount: edge.int({
          description: 'How many articles tie the person to it.',
          resolve: (e) => ofEdge(e).articleCount,
        }),
        latestAt: edge.field({
          type: 'DateTime',
          description: 'When the latest of those articles was published.',
          resolve: (e) => new Date(ofEdge(e).latestAt),
        }),
      }),
    },
  ),
}));

const ORGANIZATION_ORDERS = {
  NAME: ['asc', ['name', 'id']],
  MENTIONS: ['desc', ['mentionCount', 'id']],
  ARTICLES: ['desc', ['articleCount', 'id']],
} as const;

interface OrganizationArgs {
  search?: string | null;
  kinds?: Kind[] | null;
  countryCodes?: string[] | null;
}

function organizationFilterSql(table: typeof organizations, args: OrganizationArgs): SQL | undefined {
  const conditions: SQL[] = [];
  if (args.search?.trim()) conditions.push(organizationMatches(table, args.search));
  if (args.kinds?.length) conditions.push(inArray(table.kind, args.kinds));
  if (args.countryCodes?.length) {
    conditions.push(
      inArray(
        table.countryCode,
        args.countryCodes.map((c) => plainText(c).trim().toUpperCase()),
      ),
    );
  }
  return conditions.length ? and(...conditions) : undefined;
}

builder.queryFields((t) => ({
  organizations: t.drizzleConnection({
    type: 'organizations',
    description: 'Organisations, filtered and ordered as asked; by name unless `orderBy` says otherwise.',
    args: {
      search: t.arg.string({
        description:
          'A name, the start of any word of one ("health"), or an acronym ("WHO"); close misspellings match too.',
      }),
      kinds: t.arg({ type: [OrganizationKind], description: 'Organisations of any of these kinds.' }),
      countryCodes: t.arg.stringList({ description: 'Organisations of any of these countries (ISO 3166-1 alpha-2).' }),
      orderBy: t.arg({ type: OrganizationOrder, defaultValue: 'NAME' }),
      direction: t.arg({ type: OrderDirection, description: DIRECTION_ARG_DESCRIPTION }),
    },
    totalCount: (_parent, args, ctx) => ctx.db.$count(organizations, organizationFilterSql(organizations, args)),
    resolve: (query, _parent, args, ctx) => {
      const search = args.search?.trim();
      if (args.orderBy === 'RELEVANCE' && !search) {
        throw createGraphQLError('orderBy RELEVANCE needs a search.', { extensions: { code: 'BAD_USER_INPUT' } });
      }
      const where = { RAW: (table: typeof organizations) => organizationFilterSql(table, args) ?? sql`true` };
      if (args.orderBy === 'RELEVANCE') {
        const orderBy = directed('desc', ['relevance'], args.direction, { mentionCount: 'desc', id: 'asc' });
        checkKeysetCursors(args, organizations, orderBy);
        return ctx.db.query.organizations.findMany(
          query({ where, extras: { relevance: (table) => organizationRelevance(table, search ?? '') }, orderBy }),
        );
      }
      const [natural, keys] = ORGANIZATION_ORDERS[args.orderBy ?? 'NAME'];
      const orderBy = directed(natural, [...keys], args.direction);
      checkKeysetCursors(args, organizations, orderBy);
      return ctx.db.query.organizations.findMany(query({ where, orderBy }));
    },
  }),
  organization: t.drizzleField({
    type: 'organizations',
    nullable: true,
    description: 'One organisation by global id, or null when there is none.',
    args: { id: t.arg.globalID({ required: true, for: Organization }) },
    resolve: (query, _parent, args, ctx, info) =>
      runKeptById(ctx, info, args.id.id, (where) => ctx.db.query.organizations.findFirst(query({ where }))),
  }),
}));
