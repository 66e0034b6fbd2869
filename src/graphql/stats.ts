import { desc, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import {
  articleOrganizations,
  articlePersons,
  articlePlaces,
  articles,
  organizations,
  persons,
  places,
} from '../db/schema.js';
import { ArticleFilter, type ArticleFilterInput, articleFilterSql } from './article-filter.js';
import { builder } from './builder.js';
import { Organization } from './organization.js';
import { Person } from './person.js';
import { Place } from './place.js';

interface Totals {
  articles: number;
  persons: number;
  places: number;
  organizations: number;
  quotes: number;
}

const Stats = builder.objectRef<Totals>('Stats').implement({
  description: 'How much the database holds.',
  fields: (t) => ({
    articles: t.exposeInt('articles'),
    persons: t.exposeInt('persons'),
    places: t.exposeInt('places'),
    organizations: t.exposeInt('organizations'),
    quotes: t.exposeInt('quotes'),
  }),
});

interface FacetsParent {
  filter: ArticleFilterInput | null | undefined;
}

interface Counted<T> {
  node: T;
  articleCount: number;
}

const PersonFacet = builder.objectRef<Counted<typeof persons.$inferSelect>>('PersonFacet').implement({
  fields: (t) => ({
    person: t.field({ type: Person, resolve: (row) => row.node as never }),
    articleCount: t.exposeInt('articleCount', { description: 'Articles in the set that name the person.' }),
  }),
});

const PlaceFacet = builder.objectRef<Counted<typeof places.$inferSelect>>('PlaceFacet').implement({
  fields: (t) => ({
    place: t.field({ type: Place, resolve: (row) => row.node as never }),
    articleCount: t.exposeInt('articleCount', { description: 'Articles in the set that name the place.' }),
  }),
});

const OrganizationFacet = builder.objectRef<Counted<typeof organizations.$inferSelect>>('OrganizationFacet').implement({
  fields: (t) => ({
    organization: t.field({ type: Organization, resolve: (row) => row.node as never }),
    articleCount: t.exposeInt('articleCount', { description: 'Articles in the set that name the organisation.' }),
  }),
});

const DayCount = builder.objectRef<{ date: string; articleCount: number }>('DayCount').implement({
  fields: (t) => ({
    date: t.exposeString('date', { description: 'A UTC calendar day, YYYY-MM-DD.' }),
    articleCount: t.exposeInt('articleCount'),
  }),
});

/** The ids of the filtered article set, as a sub-select the facet queries group over. */
function filteredArticleIds(db: Db, filter: ArticleFilterInput | null | undefined) {
  return db.select({ id: articles.id }).from(articles).where(articleFilterSql(articles, filter));
}

/** How many facet rows to return: the asked number, kept from 0 to 100. */
function facetLimit(limit: number | null | undefined): number {
  return Math.min(Math.max(limit ?? 10, 0), 100);
}

const Facets = builder.objectRef<FacetsParent>('ArticleFacets').implement({
  description: 'Counts over one filtered set of articles, each computed only when asked for.',
  fields: (t) => ({
    articleCount: t.int({
      resolve: ({ filter }, _args, ctx) => ctx.db.$count(articles, articleFilterSql(articles, filter)),
    }),
    topPersons: t.field({
      type: [PersonFacet],
      args: { limit: t.arg.int({ defaultValue: 10, description: 'At most 100.' }) },
      resolve: async ({ filter }, args, ctx) => {
        const count = sql<number>`count(*)`.mapWith(Number);
        const rows = await ctx.db
          .select({ node: persons, articleCount: count })
          .from(articlePersons)
          .innerJoin(persons, eq(persons.id, articlePersons.personId))
          .where(inArray(articlePersons.articleId, filteredArticleIds(ctx.db, filter)))
          .groupBy(persons.id)
          .orderBy(desc(count), persons.name, persons.id)
          .limit(facetLimit(args.limit));
        return rows;
      },
    }),
    topPlaces: t.field({
      type: [PlaceFacet],
      args: { limit: t.arg.int({ defaultValue: 10, description: 'At most 100.' }) },
      resolve: async ({ filter }, args, ctx) => {
        const count = sql<number>`count(*)`.mapWith(Number);
        return ctx.db
          .select({ node: places, articleCount: count })
          .from(articlePlaces)
          .innerJoin(places, eq(places.id, articlePlaces.placeId))
          .where(inArray(articlePlaces.articleId, filteredArticleIds(ctx.db, filter)))
          .groupBy(places.id)
          .orderBy(desc(count), places.name, places.id)
          .limit(facetLimit(args.limit));
      },
    }),
    topOrganizations: t.field({
      type: [OrganizationFacet],
      args: { limit: t.arg.int({ defaultValue: 10, description: 'At most 100.' }) },
      resolve: async ({ filter }, args, ctx) => {
        const count = sql<number>`count(*)`.mapWith(Number);
        return ctx.db
          .select({ node: organizations, articleCount: count })
          .from(articleOrganizations)
          .innerJoin(organizations, eq(organizations.id, articleOrganizations.organizationId))
          .where(inArray(articleOrganizations.articleId, filteredArticleIds(ctx.db, filter)))
          .groupBy(organizations.id)
          .orderBy(desc(count), organizations.name, organizations.id)
          .limit(facetLimit(args.limit));
      },
    }),
    articlesPerDay: t.field({
      type: [DayCount],
      description: 'Articles in the set per UTC day, oldest day first; days with none are left out.',
      resolve: async ({ filter }, _args, ctx) => {
        const day = sql<string>`to_char(${articles.publishedAt} at time zone 'UTC', 'YYYY-MM-DD')`;
        const count = sql<number>`count(*)`.mapWith(Number);
        return ctx.db
          .select({ date: day, articleCount: count })
          .from(articles)
          .where(articleFilterSql(articles, filter))
          .groupBy(day)
          .orderBy(day);
      },
    }),
  }),
});

builder.queryFields((t) => ({
  stats: t.field({
    type: Stats,
    description: 'Totals of everything stored, in one statement.',
    resolve: async (_parent, _args, ctx) => {
      const rows = await ctx.db.execute<Totals & Record<string, unknown>>(
        sql`select (select count(*) from articles)::int as articles, (select count(*) from persons)::int as persons,
                   (select count(*) from places)::int as places, (select count(*) from organizations)::int as organizations,
                   (select count(*) from quotes)::int as quotes`,
      );
      const row = (Array.isArray(rows) ? rows[0] : (rows as { rows: Totals[] }).rows[0]) as Totals;
      return {
        articles: Number(row.articles),
        persons: Number(row.persons),
        places: Number(row.places),
        organizations: Number(row.organizations),
        quotes: Number(row.quotes),
      };
    },
  }),
  articleFacets: t.field({
    type: Facets,
    description: 'Facets of the articles matching `filter` (all articles when absent): for a dashboard in one request.',
    args: { filter: t.arg({ type: ArticleFilter }) },
    resolve: (_parent, args) => ({ filter: args.filter }),
  }),
}));
