import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, createApp } from '../src/app.js';
import { loadArticles } from '../src/ingest/load.js';
import { folderOf } from './helpers/articles.js';
import { createTestDatabase, type TestDatabase } from './helpers/database.js';
import { graphql } from './helpers/graphql.js';

const article = (headline: string, body: string) =>
  `Detta är en artikel från AFP.\n\n${headline}\n\nTelegram från AFP / Omni\n18 January 2022, 17.19\n\n${body}\n`;

let database: TestDatabase;
let app: App;

beforeAll(async () => {
  database = await createTestDatabase();
  const dir = await folderOf({
    'summit.txt': article(
      'Leaders meet over trade',
      'Leaders from Europe and the Middle East met in Geneva on Tuesday. Trade with Southeast Asia was on the agenda, officials said.',
    ),
    'ports.txt': article(
      'Ports reopen',
      'Ports in Britain reopened on Monday. Shipping from the United Kingdom and the U.S. resumed, officials said.',
    ),
    'rivers.txt': article(
      'Floods reach the coast',
      'Floods on the Danube reached the Black Sea on Friday. Snow closed passes in the Alps, officials said.',
    ),
    'village.txt': article(
      'Shelling near a village',
      'Troops shelled the village of Zorvekka on Monday, officials said.',
    ),
  });
  const summary = await loadArticles(database.db, [dir]);
  expect(summary.failed).toEqual([]);
  app = createApp({ db: database.db, logger: false });
});

afterAll(async () => {
  await database?.destroy();
});

interface PlaceNode {
  name: string;
  kind: string;
  countryCode: string | null;
  gazetteerId: string;
}

describe('continents and regions across countries', () => {
  it('are places with a kind of their own and no country code', async () => {
    const { data, errors } = await graphql<{ places: { edges: { node: PlaceNode }[] } }>(
      app,
      '{ places(first: 10) { edges { node { name kind countryCode gazetteerId } } } }',
    );
    expect(errors).toBeUndefined();
    expect(
      data?.places.edges.map((e) => e.node).filter((p) => p.gazetteerId.startsWith('area:') || p.countryCode === 'CH'),
    ).toEqual([
      { name: 'Europe', kind: 'CONTINENT', countryCode: null, gazetteerId: 'area:europe' },
      { name: 'Geneva', kind: 'CITY', countryCode: 'CH', gazetteerId: 'geonames:2660646' },
      { name: 'Middle East', kind: 'WORLD_REGION', countryCode: null, gazetteerId: 'area:middle-east' },
      { name: 'Southeast Asia', kind: 'WORLD_REGION', countryCode: null, gazetteerId: 'area:southeast-asia' },
    ]);
  });

  it('are found by kind, and a country filter leaves them out', async () => {
    const { data } = await graphql<{
      areas: { edges: { node: { name: string } }[] };
      swiss: { edges: { node: { name: string } }[] };
      articles: { totalCount: number };
    }>(
      app,
      `{ areas: places(kinds: [CONTINENT, WORLD_REGION]) { edges { node { name } } }
         swiss: places(countryCodes: ["CH"]) { edges { node { name } } }
         articles(filter: { countryCodes: ["CH"] }) { totalCount } }`,
    );
    expect(data?.areas.edges.map((e) => e.node.name)).toEqual(['Europe', 'Middle East', 'Southeast Asia']);
    expect(data?.swiss.edges.map((e) => e.node.name)).toEqual(['Geneva']);
    expect(data?.articles.totalCount).toBe(1);
  });
});

describe('physical features', () => {
  it('are places with a kind of their own, no country code and a point on the map', async () => {
    const { data, errors } = await graphql<{
      features: { edges: { node: PlaceNode & { latitude: number; longitude: number } }[] };
      areas: { edges: { node: { name: string } }[] };
    }>(
      app,
      `{ features: places(kinds: [SEA, RIVER, MOUNTAIN, LAKE, ISLAND, DESERT]) {
           edges { node { name kind countryCode gazetteerId latitude longitude } } }
         areas: places(kinds: [CONTINENT, WORLD_REGION]) { edges { node { name } } } }`,
    );
    expect(errors).toBeUndefined();
    const features = data?.features.edges.map((e) => e.node) ?? [];
    expect(
      features.map(({ name, kind, countryCode, gazetteerId }) => ({ name, kind, countryCode, gazetteerId })),
    ).toEqual([
      { name: 'Alps', kind: 'MOUNTAIN', countryCode: null, gazetteerId: 'feature:alps' },
      { name: 'Black Sea', kind: 'SEA', countryCode: null, gazetteerId: 'feature:black-sea' },
      { name: 'Danube', kind: 'RIVER', countryCode: null, gazetteerId: 'feature:danube' },
    ]);
    // The Black Sea lies between Turkey and Ukraine.
    const sea = features.find((p) => p.name === 'Black Sea');
    expect(sea?.latitude).toBeGreaterThan(40);
    expect(sea?.latitude).toBeLessThan(47);
    expect(sea?.longitude).toBeGreaterThan(27);
    expect(sea?.longitude).toBeLessThan(42);
    // Features are not areas.
    expect(data?.areas.edges.map((e) => e.node.name)).toEqual(['Europe', 'Middle East', 'Southeast Asia']);
  });
});

describe('place aliases', () => {
  it('are the other forms the articles write a place in, and search finds a place by them', async () => {
    const { data, errors } = await graphql<{
      all: { edges: { node: { name: string; aliases: string[] } }[] };
      brit: { edges: { node: { name: string } }[] };
      typo: { edges: { node: { name: string } }[] };
    }>(
      app,
      `{ all: places(countryCodes: ["GB", "US"]) { edges { node { name aliases } } }
         brit: places(search: "brit") { edges { node { name } } }
         typo: places(search: "Britian") { edges { node { name } } } }`,
    );
    expect(errors).toBeUndefined();
    expect(data?.all.edges.map((e) => e.node)).toEqual([
      { name: 'United Kingdom', aliases: ['Britain'] },
      { name: 'United States', aliases: ['U.S.'] },
    ]);
    expect(data?.brit.edges.map((e) => e.node.name)).toEqual(['United Kingdom']);
    expect(data?.typo.edges.map((e) => e.node.name)).toEqual(['United Kingdom']);
  });
});

describe('a town the gazetteer lacks', () => {
  it('is a place with an unlisted id and no coordinates, outside every circle', async () => {
    const { data, errors } = await graphql<{
      all: { edges: { node: PlaceNode & { latitude: number | null; longitude: number | null } }[] };
      near: { edges: { node: { name: string } }[] };
    }>(
      app,
      `{ all: places(search: "Zorvekka") { edges { node { name kind countryCode gazetteerId latitude longitude } } }
         near: places(near: { latitude: 46.2, longitude: 6.1, radiusKm: 20000 }, orderBy: DISTANCE) {
           edges { node { name } } } }`,
    );
    expect(errors).toBeUndefined();
    expect(data?.all.edges.map((e) => e.node)).toEqual([
      {
        name: 'Zorvekka',
        kind: 'CITY',
        countryCode: null,
        gazetteerId: 'unlisted:zorvekka',
        latitude: null,
        longitude: null,
      },
    ]);
    expect(data?.near.edges.map((e) => e.node.name)).toContain('Geneva');
    expect(data?.near.edges.map((e) => e.node.name)).not.toContain('Zorvekka');
  });
});
