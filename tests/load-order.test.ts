import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { random, syntheticCorpus } from '../bench/synthetic.js';
import { createDb } from '../src/db/client.js';
import { listArticleFiles } from '../src/ingest/files.js';
import { loadArticles } from '../src/ingest/load.js';
import { type PreparedArticle, prepareArticle } from '../src/ingest/prepare.js';
import { deleteArticles, saveArticles } from '../src/ingest/save.js';
import { dropOrphans, recountOrganizations, recountPersons, recountPlaces } from '../src/ingest/write/recount.js';
import { rowsOf } from '../src/ingest/write/sql.js';
import { folderOf, GRAPH_CASES } from './helpers/articles.js';
import { createTestDatabase, type TestDatabase, testDriver } from './helpers/database.js';
import { fingerprint } from './helpers/fingerprint.js';

// The stored graph is a function of the set of articles stored: not of their order, their
// batches, the writers beside each other, or the route (changes, deletions) that led there.

let database: TestDatabase;
let dir: string;
let items: PreparedArticle[];

/** The graph cases and a small synthetic corpus whose cast of twelve recurs in every article. */
async function corpusFolder(): Promise<string> {
  const corpus = syntheticCorpus(7, 12);
  const files = { ...GRAPH_CASES };
  for (let i = 0; i < 36; i++) {
    const { name, text } = corpus.article(i);
    files[name] = text;
  }
  return folderOf(files);
}

async function prepare(paths: string[]): Promise<PreparedArticle[]> {
  const { files } = await listArticleFiles(paths);
  return Promise.all(
    files.map(async (file) => {
      const prepared = prepareArticle(file, await readFile(file));
      if (!prepared.ok) throw new Error(`${file}: ${prepared.reason}`);
      return prepared.value;
    }),
  );
}

async function empty(): Promise<void> {
  await database.db.execute(
    sql`truncate articles, article_sources, persons, places, organizations restart identity cascade`,
  );
}

function shuffled<T>(list: T[], seed: number): T[] {
  const rng = random(seed);
  const out = [...list];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

async function saveInBatches(db: TestDatabase['db'], list: PreparedArticle[], size: number): Promise<void> {
  for (let i = 0; i < list.length; i += size) await saveArticles(db, list.slice(i, i + size));
}

/** The fingerprint of `list` saved in one batch into an empty database. */
async function reference(list: PreparedArticle[]): Promise<Record<string, unknown[]>> {
  await empty();
  await saveArticles(database.db, list);
  return fingerprint(database.db);
}

beforeAll(async () => {
  database = await createTestDatabase();
  dir = await corpusFolder();
  items = await prepare([dir]);
});

afterAll(async () => {
  await database?.destroy();
});

describe('the stored graph', () => {
  it('is the same whatever the order and the batch size', async () => {
    const want = await reference(items);
    // The cases themselves: one lone surname beside two full names, ties broken by value.
    const people = (want.persons as { key: string; name: string; title: string; affiliation_country_code: string }[])
      .filter((p) => /holloway|ramirez|dahl|okafor/.test(p.key))
      .map((p) => [p.key, p.name, p.title, p.affiliation_country_code]);
    expect(people).toEqual([
      ['grace okafor', 'Grace Okafor', 'Trade Minister', 'NG'],
      ['holloway', 'Holloway', 'Minister', null],
      ['jane holloway', 'Jane Holloway', 'Prime Minister', 'SE'],
      ['jose ramirez', 'José Ramírez', 'Ambassador', 'FI'],
      ['lena dahl', 'Lena Dahl', 'Health Minister', 'NO'],
      ['mark holloway', 'Mark Holloway', 'Finance Minister', 'NO'],
    ]);
    // "IMF" alone is the International Monetary Fund, which one article spells out with it, except
    // in the article that names that fund in full beside it without saying so; "PFA" has two full
    // names and stands for neither.
    const bodies = (
      want.organizations as { key: string; name: string; acronym: string; aliases: string[]; article_count: number }[]
    )
      .filter((o) => /imf|monetary|pfa|football/.test(o.key))
      .map((o) => [o.key, o.name, o.acronym, o.aliases, o.article_count]);
    expect(bodies).toEqual([
      ['imf', 'IMF', 'IMF', [], 1],
      // The four cases' articles and four of the synthetic corpus.
      ['international monetary fund', 'International Monetary Fund', 'IMF', ['IMF'], 8],
      ['pakistan football association', 'Pakistan Football Association', 'PFA', ['PFA'], 1],
      ['pfa', 'PFA', 'PFA', [], 1],
      ['professional footballers association', 'Professional Footballers Association', 'PFA', ['PFA'], 1],
    ]);
    const saidBy = (want.quotes as { speaker_organization: string | null; text: string }[])
      .filter((q) => q.speaker_organization !== null && /Growth|season/.test(q.text))
      .map((q) => q.speaker_organization);
    expect(saidBy.sort()).toEqual(['international monetary fund', 'pfa']);
    const berg = (want.personLinks as { key: string; organization: string | null }[]).find(
      (l) => l.key === 'anna berg',
    );
    expect(berg?.organization).toBe('international monetary fund');
    const orders: [seed: number, size: number][] = [
      [1, 1],
      [2, 2],
      [3, 5],
      [4, 13],
      [5, 3],
    ];
    for (const [seed, size] of orders) {
      await empty();
      await saveInBatches(database.db, shuffled(items, seed), size);
      expect(await fingerprint(database.db), `order ${seed}, batches of ${size}`).toEqual(want);
    }
    // Newest first: every lone surname before its full names, every second full name last.
    await empty();
    await saveInBatches(database.db, [...items].reverse(), 1);
    expect(await fingerprint(database.db)).toEqual(want);
  });

  it('is the same when several writers save batches at once', async () => {
    const want = await reference(items);
    // On Postgres each writer has a pool of its own, as separate loader processes would.
    const pools = testDriver === 'postgres' ? [0, 1, 2].map(() => createDb({ databaseUrl: database.url })) : [];
    try {
      for (const seed of [11, 12, 13]) {
        await empty();
        const list = shuffled(items, seed);
        const streams = [0, 1, 2].map((k) => list.filter((_, i) => i % 3 === k));
        await Promise.all(
          streams.map((stream, k) => saveInBatches(pools[k]?.db ?? database.db, stream, 1 + ((seed + k) % 3))),
        );
        expect(await fingerprint(database.db), `seed ${seed}`).toEqual(want);
      }
    } finally {
      await Promise.all(pools.map((p) => p.close()));
    }
  });

  it('is the same through loadArticles with two writers and with one', async () => {
    const want = await reference(items);
    for (const [batchSize, writers] of [
      [4, 2],
      [1, 1],
    ] as const) {
      await empty();
      const summary = await loadArticles(database.db, [dir], { batchSize, writers, workers: 0 });
      expect(summary.failed).toEqual([]);
      expect(await fingerprint(database.db)).toEqual(want);
    }
  });

  it('holds totals, names, titles and aliases that a recount from the links leaves as they are', async () => {
    await empty();
    await saveInBatches(database.db, shuffled(items, 21), 3);
    const before = await fingerprint(database.db);
    await database.db.transaction(async (tx) => {
      const persons = await rowsOf<{ id: number }>(tx, sql`select id from persons`);
      const places = await rowsOf<{ id: number }>(tx, sql`select id from places`);
      const organizations = await rowsOf<{ id: number }>(tx, sql`select id from organizations`);
      expect(organizations.length).toBeGreaterThan(5);
      await recountOrganizations(
        tx,
        organizations.map((o) => o.id),
      );
      await recountPersons(
        tx,
        persons.map((p) => p.id),
      );
      await recountPlaces(
        tx,
        places.map((p) => p.id),
      );
      expect(
        await dropOrphans(
          tx,
          persons.map((p) => p.id),
          places.map((p) => p.id),
          organizations.map((o) => o.id),
        ),
      ).toEqual([]);
    });
    expect(await fingerprint(database.db)).toEqual(before);
  });

  it('after changed files and deleted articles, is what loading the files left would store', async () => {
    const changed = await folderOf(GRAPH_CASES);
    const cases = await prepare([changed]);
    await empty();
    await saveInBatches(database.db, cases, 4);
    // Mark Holloway leaves: the lone Holloway has one full name to join now.
    await writeFile(
      join(changed, 'holloway-mark.txt'),
      GRAPH_CASES['holloway-mark.txt']?.replace('Mark Holloway', 'Mark Fenwick') ?? '',
    );
    expect(await loadArticles(database.db, [changed], { workers: 0 })).toMatchObject({ updated: 1, failed: [] });
    const afterChange = await prepare([changed]);
    const got = await fingerprint(database.db);
    const want = await reference(afterChange);
    expect(got).toEqual(want);
    expect((want.persons as { key: string }[]).map((p) => p.key)).not.toContain('holloway');

    // Jane Holloway's article goes: the lone Holloway is a person of its own again.
    await empty();
    await saveInBatches(database.db, afterChange, 2);
    const [jane] = await rowsOf<{ article_id: number }>(
      database.db,
      sql`select article_id from article_sources where source_key = 'holloway-jane.txt'`,
    );
    expect(await deleteArticles(database.db, [jane?.article_id as number, 999_999])).toEqual([jane?.article_id]);
    const left = afterChange.filter((i) => i.sourceKey !== 'holloway-jane.txt');
    const gotAfterDelete = await fingerprint(database.db);
    expect(gotAfterDelete).toEqual(await reference(left));
    expect((gotAfterDelete.persons as { key: string }[]).map((p) => p.key)).toContain('holloway');

    // The article that spells out the IMF goes: "IMF" alone is an organisation of its own again,
    // with its quote and its economist; then it comes back, and they go to the fund again.
    const [fund] = await rowsOf<{ article_id: number }>(
      database.db,
      sql`select article_id from article_sources where source_key = 'imf-acronym.txt'`,
    );
    await deleteArticles(database.db, [fund?.article_id as number]);
    const withoutFund = left.filter((i) => i.sourceKey !== 'imf-acronym.txt');
    const gotWithoutFund = await fingerprint(database.db);
    expect(gotWithoutFund).toEqual(await reference(withoutFund));
    const imf = (gotWithoutFund.organizations as { key: string; article_count: number; quote_count: number }[]).find(
      (o) => o.key === 'imf',
    );
    expect(imf).toMatchObject({ article_count: 3, quote_count: 1 });
    await empty();
    await saveInBatches(database.db, withoutFund, 3);
    await saveArticles(
      database.db,
      afterChange.filter((i) => i.sourceKey === 'imf-acronym.txt'),
    );
    expect(await fingerprint(database.db)).toEqual(await reference(left));
  });
});
