import { drizzleConnectionHelpers } from '@pothos/plugin-drizzle';
import { sql } from 'drizzle-orm';
import { places } from '../db/schema.js';
import { Article } from './article.js';
import { builder } from './builder.js';
import { databaseId } from './ids.js';
import { Mention } from './mention.js';

export const PlaceKind = builder.enumType('PlaceKind', {
  values: { COUNTRY: { value: 'country' }, REGION: { value: 'region' }, CITY: { value: 'city' } } as const,
});

export const Place = builder.drizzleNode('places', {
  name: 'Place',
  description: 'A country, region or city named in one or more articles, as the gazetteer knows it.',
  id: { column: (place) => place.id },
  fields: (t) => ({
    name: t.exposeString('name', { description: 'The gazetteer\'s English name ("United Kingdom" for "Britain").' }),
    kind: t.field({ type: PlaceKind, resolve: (place) => place.kind as 'country' | 'region' | 'city' }),
    countryCode: t.exposeString('countryCode', { description: 'ISO 3166-1 alpha-2 code.' }),
    latitude: t.exposeFloat('latitude'),
    longitude: t.exposeFloat('longitude'),
    gazetteerId: t.exposeString('gazetteerId', {
      description: 'Stable id in the gazetteer: `iso3166:UA` for a country, `geonames:2660646` for a city.',
    }),
  }),
});

const placeArticles = drizzleConnectionHelpers(builder, 'articlePlaces', {
  query: () => ({ orderBy: { articleId: 'desc' } }),
  select: (nodeSelection) => ({
    columns: { mentionCount: true, mentions: true },
    with: { article: nodeSelection() },
  }),
  resolveNode: (link) => link.article,
});

builder.drizzleObjectFields(Place, (t) => ({
  articles: t.connection(
    {
      type: Article,
      description: 'The articles that name the place, most recently loaded first.',
      select: (args, ctx, nestedSelection) => ({
        with: { articleLinks: placeArticles.getQuery(args, ctx, nestedSelection) },
        extras: {
          articleCount: (table) =>
            sql<number>`(select count(*) from article_places where place_id = ${table.id})`.mapWith(Number),
        },
      }),
      resolve: (place, args, ctx) => ({
        ...placeArticles.resolve(place.articleLinks, args, ctx),
        totalCount: place.articleCount,
      }),
    },
    {
      name: 'PlaceArticleConnection',
      fields: (c) => ({
        totalCount: c.int({ resolve: (connection) => (connection as { totalCount: number }).totalCount }),
      }),
    },
    {
      name: 'PlaceArticleEdge',
      fields: (edge) => ({
        mentionCount: edge.int({ resolve: (link) => link.mentionCount }),
        mentions: edge.field({ type: [Mention], resolve: (link) => link.mentions }),
      }),
    },
  ),
}));

builder.queryFields((t) => ({
  places: t.drizzleConnection({
    type: 'places',
    description: 'Places, by name.',
    totalCount: (_parent, _args, ctx) => ctx.db.$count(places),
    resolve: (query, _parent, _args, ctx) =>
      ctx.db.query.places.findMany(query({ orderBy: { name: 'asc', id: 'asc' } })),
  }),
  place: t.drizzleField({
    type: 'places',
    nullable: true,
    description: 'One place by global id, or null when there is none.',
    args: { id: t.arg.globalID({ required: true, for: Place }) },
    resolve: (query, _parent, args, ctx) => {
      const id = databaseId(args.id.id);
      return id === null ? null : ctx.db.query.places.findFirst(query({ where: { id } }));
    },
  }),
}));
