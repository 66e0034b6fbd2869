import { drizzleConnectionHelpers } from '@pothos/plugin-drizzle';
import { resolveOffsetConnection } from '@pothos/plugin-relay';
import { and, desc, eq, inArray, type SQL, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { createGraphQLError } from 'graphql-yoga';
import { articlePersons, articlePlaces, persons, places } from '../db/schema.js';
import type { PlaceKind as PlaceKindValue } from '../extract/types.js';
import { Article } from './article.js';
import { plainText } from './article-filter.js';
import { builder } from './builder.js';
import { countedConnection } from './connections.js';
import { checkKeysetCursors, checkOffsetCursors } from './cursors.js';
import { runKeptById } from './kept-query.js';
import { Mention, mentionsAsked } from './mention.js';
import { aliasMatches, nameMatches, nameRelevance } from './name-search.js';
import { DIRECTION_ARG_DESCRIPTION, directed, OrderDirection } from './order.js';
import { Person, type PersonWithCount } from './person.js';

// Connection orders as module constants: the drizzle plugin patch keeps an ordering parsed per
// object, and a connection's query is asked for again for every row of a page.
const NEWEST_LINK_ORDER = { articleId: 'desc' } as const;

export const PlaceKind = builder.enumType('PlaceKind', {
  values: {
    CONTINENT: { value: 'continent', description: 'A continent ("Europe", "North America").' },
    WORLD_REGION: {
      value: 'world_region',
      description: 'A region across countries ("Middle East", "Balkans", "Southeast Asia"): no country code.',
    },
    COUNTRY: { value: 'country' },
    REGION: { value: 'region', description: 'A part of one country: a state, a province, a territory.' },
    CITY: { value: 'city' },
    SEA: {
      value: 'sea',
      description:
        'An ocean or a sea, with its gulfs, bays and straits ("Baltic Sea", "Gulf of Mexico"): no country code.',
    },
    RIVER: { value: 'river', description: 'A river ("Danube", "Mississippi River"): no country code.' },
    MOUNTAIN: { value: 'mountain', description: 'A mountain or a range ("Andes", "Mount Everest"): no country code.' },
    LAKE: { value: 'lake', description: 'A lake ("Lake Victoria"): no country code.' },
    ISLAND: {
      value: 'island',
      description: 'An island that is no country or division of its own ("Borneo"): no country code.',
    },
    DESERT: { value: 'desert', description: 'A desert ("Sahara"): no country code.' },
  } as const,
});

export const PlaceOrder = builder.enumType('PlaceOrder', {
  values: {
    NAME: { description: 'Alphabetically by name (the default; ascending).' },
    MENTIONS: { description: 'By mentions across all articles, most first (descending).' },
    ARTICLES: { description: 'By articles that name it, most first (descending).' },
    DISTANCE: { description: 'By distance from `near`, nearest first (ascending); needs `near`.' },
    RELEVANCE: { description: 'By match for `search`, best first (descending); needs `search`.' },
  } as const,
});

const NearInput = builder.inputType('NearInput', {
  description: 'A circle on the globe.',
  fields: (t) => ({
    latitude: t.float({ required: true, description: 'Degrees, -90 to 90.' }),
    longitude: t.float({ required: true, description: 'Degrees, -180 to 180.' }),
    radiusKm: t.float({ required: true, description: 'Great-circle distance from the centre, in kilometres.' }),
  }),
});

interface Near {
  latitude: number;
  longitude: number;
  radiusKm: number;
}

/** Great-circle distance in km from a point, rounded to metres so it can serve as a cursor. */
function distanceKm(table: typeof places, near: Near): SQL<string> {
  return sql<string>`round((12742 * asin(sqrt(
    power(sin(radians(${table.latitude} - ${near.latitude}) / 2), 2) +
    cos(radians(${near.latitude})) * cos(radians(${table.latitude})) * power(sin(radians(${table.longitude} - ${near.longitude}) / 2), 2)
  )))::numeric, 3)`;
}

export const Place = builder.drizzleNode('places', {
  name: 'Place',
  description:
    'A continent, a region across countries, a country, a region of one, a city or a physical feature (a sea, a river, a mountain, a lake, an island, a desert) named in one or more articles, as the gazetteer knows it.',
  select: {},
  id: { column: (place) => place.id },
  fields: (t) => ({
    name: t.exposeString('name', { description: 'The gazetteer\'s English name ("United Kingdom" for "Britain").' }),
    kind: t.field({
      type: PlaceKind,
      select: { columns: { kind: true } },
      resolve: (place) => place.kind as PlaceKindValue,
    }),
    countryCode: t.exposeString('countryCode', {
      nullable: true,
      description: 'ISO 3166-1 alpha-2 code; null for a continent, a region across countries or a physical feature.',
    }),
    aliases: t.exposeStringList('aliases', {
      description: 'Every other form the articles write it in ("Britain", "U.S."), in code-point order.',
    }),
    latitude: t.exposeFloat('latitude', {
      nullable: true,
      description: 'Degrees north; null for a town the gazetteer lacks (an `unlisted:` id).',
    }),
    longitude: t.exposeFloat('longitude', {
      nullable: true,
      description: 'Degrees east; null for a town the gazetteer lacks (an `unlisted:` id).',
    }),
    gazetteerId: t.exposeString('gazetteerId', {
      description:
        'Stable id in the gazetteer: `iso3166:UA` for a country, `iso3166-2:US-TX` for a US state, `admin1:DE:bayern` for a province or state elsewhere (country code and folded Natural Earth name), `geonames:2660646` for a city, `area:middle-east` for a continent or a region across countries (the middle of its countries on the map), `feature:baltic-sea` for a physical feature (a rough middle of it), `unlisted:layron` for a town the gazetteer lacks that an article calls a town, a village or a province (its folded name; no coordinates, no country); a compass part of a place ("Kowloon East") adds the point to the place\'s id (`geonames:1819609/east`) and has its coordinates.',
    }),
    articleCount: t.exposeInt('articleCount', { description: 'How many articles name the place.' }),
    mentionCount: t.exposeInt('mentionCount', { description: 'How often the articles name the place, all told.' }),
  }),
});

const placeArticles = drizzleConnectionHelpers(builder, 'articlePlaces', {
  query: (args) => {
    const orderBy = NEWEST_LINK_ORDER;
    checkKeysetCursors(args, articlePlaces, orderBy);
    return { orderBy };
  },
  select: (nodeSelection, _args, ctx) => ({
    columns: { mentionCount: true, mentions: mentionsAsked(ctx) as true },
    with: { article: nodeSelection() },
  }),
  resolveNode: (link) => link.article,
});

const PlacePerson = builder.objectRef<PersonWithCount>('PlacePerson').implement({
  description: 'A person named in articles that name the place, and in how many of them.',
  fields: (t) => ({
    person: t.field({ type: Person, resolve: (row) => row.person as never }),
    sharedArticles: t.exposeInt('sharedArticles'),
  }),
});

builder.drizzleObjectFields(Place, (t) => ({
  articles: t.connection(
    {
      type: Article,
      description: 'The articles that name the place, most recently loaded first.',
      select: (args, ctx, nestedSelection) => ({
        columns: { articleCount: true },
        with: { articleLinks: placeArticles.getQuery(args, ctx, nestedSelection) },
      }),
      resolve: (place, args, ctx) => ({
        ...placeArticles.resolve(place.articleLinks, args, ctx),
        totalCount: place.articleCount,
      }),
    },
    countedConnection('PlaceArticleConnection'),
    {
      name: 'PlaceArticleEdge',
      fields: (edge) => ({
        mentionCount: edge.int({ resolve: (link) => link.mentionCount }),
        mentions: edge.field({ type: [Mention], resolve: (link) => link.mentions }),
      }),
    },
  ),
  persons: t.connection(
    {
      type: PlacePerson,
      description:
        'The people named in articles that name this place, those in the most such articles first. One query per place asked for.',
      select: { columns: { id: true } },
      resolve: (place, args, ctx) => {
        checkOffsetCursors(args);
        return resolveOffsetConnection({ args }, ({ limit, offset }) => {
          const here = alias(articlePlaces, 'here');
          const shared = sql<number>`count(*)`.mapWith(Number);
          return ctx.db
            .select({ person: persons, sharedArticles: shared })
            .from(here)
            .innerJoin(articlePersons, eq(articlePersons.articleId, here.articleId))
            .innerJoin(persons, eq(persons.id, articlePersons.personId))
            .where(eq(here.placeId, place.id))
            .groupBy(persons.id)
            .orderBy(desc(shared), persons.id)
            .limit(limit)
            .offset(offset);
        });
      },
    },
    { name: 'PlacePersonConnection' },
  ),
}));

const PLACE_ORDERS = {
  NAME: ['asc', ['name', 'id']],
  MENTIONS: ['desc', ['mentionCount', 'id']],
  ARTICLES: ['desc', ['articleCount', 'id']],
} as const;

/**
 * Place search: the name or a form the articles write it in ("Britain") as persons(search:)
 * matches a name (a prefix of it or of a word in it, or a close spelling), or, for a country, its
 * ISO code ("us", "CH").
 */
function placeMatches(table: typeof places, search: string): SQL {
  const code = plainText(search).trim().toUpperCase();
  return sql`(${nameMatches(table.name, search)} or ${aliasMatches(table.aliases, search)} or (${table.kind} = 'country' and ${table.countryCode} = ${code}))`;
}

function checkNear(near: Near | null | undefined): void {
  if (!near) return;
  const bad =
    Math.abs(near.latitude) > 90
      ? 'latitude must be from -90 to 90'
      : Math.abs(near.longitude) > 180
        ? 'longitude must be from -180 to 180'
        : !(near.radiusKm >= 0)
          ? 'radiusKm must not be negative'
          : null;
  if (bad) throw createGraphQLError(`near: ${bad}.`, { extensions: { code: 'BAD_USER_INPUT' } });
}

function placeFilterSql(
  table: typeof places,
  args: { search?: string | null; countryCodes?: string[] | null; kinds?: string[] | null; near?: Near | null },
): SQL | undefined {
  const conditions: SQL[] = [];
  if (args.search?.trim()) conditions.push(placeMatches(table, args.search));
  if (args.countryCodes?.length) {
    conditions.push(
      inArray(
        table.countryCode,
        args.countryCodes.map((c) => plainText(c).trim().toUpperCase()),
      ),
    );
  }
  if (args.kinds?.length) conditions.push(inArray(table.kind, args.kinds));
  if (args.near) conditions.push(sql`${distanceKm(table, args.near)} <= ${args.near.radiusKm}`);
  return conditions.length ? and(...conditions) : undefined;
}

builder.queryFields((t) => ({
  places: t.drizzleConnection({
    type: 'places',
    description: 'Places, filtered and ordered as asked; by name unless `orderBy` says otherwise.',
    args: {
      search: t.arg.string({
        description:
          'A name, or the start of any word of one ("gen"); close misspellings match too ("Genva"), and a country\'s ISO code ("CH").',
      }),
      countryCodes: t.arg.stringList({ description: 'Places in any of these countries (ISO 3166-1 alpha-2).' }),
      kinds: t.arg({ type: [PlaceKind], description: 'Places of any of these kinds.' }),
      near: t.arg({ type: NearInput, description: 'Places within this circle.' }),
      orderBy: t.arg({ type: PlaceOrder, defaultValue: 'NAME' }),
      direction: t.arg({ type: OrderDirection, description: DIRECTION_ARG_DESCRIPTION }),
    },
    totalCount: (_parent, args, ctx) => {
      checkNear(args.near);
      return ctx.db.$count(places, placeFilterSql(places, args));
    },
    resolve: (query, _parent, args, ctx) => {
      checkNear(args.near);
      const where = { RAW: (table: typeof places) => placeFilterSql(table, args) ?? sql`true` };
      switch (args.orderBy) {
        case 'DISTANCE': {
          const near = args.near;
          if (!near) {
            throw createGraphQLError('orderBy DISTANCE needs `near`.', { extensions: { code: 'BAD_USER_INPUT' } });
          }
          const orderBy = directed('asc', ['distance', 'id'], args.direction);
          checkKeysetCursors(args, places, orderBy);
          return ctx.db.query.places.findMany(
            query({ where, extras: { distance: (table) => distanceKm(table, near) }, orderBy }),
          );
        }
        case 'RELEVANCE': {
          const search = args.search?.trim();
          if (!search) {
            throw createGraphQLError('orderBy RELEVANCE needs a search.', { extensions: { code: 'BAD_USER_INPUT' } });
          }
          const orderBy = directed('desc', ['relevance'], args.direction, { mentionCount: 'desc', id: 'asc' });
          checkKeysetCursors(args, places, orderBy);
          return ctx.db.query.places.findMany(
            query({ where, extras: { relevance: (table) => nameRelevance(table.name, search) }, orderBy }),
          );
        }
        default: {
          const [natural, keys] = PLACE_ORDERS[args.orderBy ?? 'NAME'];
          const orderBy = directed(natural, [...keys], args.direction);
          checkKeysetCursors(args, places, orderBy);
          return ctx.db.query.places.findMany(query({ where, orderBy }));
        }
      }
    },
  }),
  place: t.drizzleField({
    type: 'places',
    nullable: true,
    description: 'One place by global id, or null when there is none.',
    args: { id: t.arg.globalID({ required: true, for: Place }) },
    resolve: (query, _parent, args, ctx, info) =>
      runKeptById(ctx, info, args.id.id, (where) => ctx.db.query.places.findFirst(query({ where }))),
  }),
}));
