import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDb } from '../src/db/client.js';
import { EXTRACTOR_VERSION } from '../src/extract/index.js';
import { loadArticles } from '../src/ingest/load.js';
import { countRows, deleteArticles } from '../src/ingest/save.js';
import { seedVariants } from './helpers/articles.js';
import { createTestDatabase, type TestDatabase, testDriver } from './helpers/database.js';
import { cleanLoadFingerprint, fingerprint, rows } from './helpers/fingerprint.js';

const header = (headline: string, date: string) =>
  `Detta är en artikel från AFP.\n\n${headline}\n\nTelegram från AFP / Omni\n${date}\n\n`;

async function folder(files: Record<string, string | Uint8Array>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'newsgraph-graph-'));
  for (const [name, content] of Object.entries(files)) await writeFile(join(dir, name), content);
  return dir;
}

let database: TestDatabase;

beforeEach(async () => {
  database = await createTestDatabase();
});

afterEach(async () => {
  await database?.destroy();
});

async function people(): Promise<{ name: string; title: string | null; article_count: number }[]> {
  const result = await database.db.execute(sql`select name, title, article_count from persons order by name`);
  return (Array.isArray(result) ? [...result] : (result as unknown as { rows: unknown[] }).rows) as never;
}

describe('one graph across articles', () => {
  it('joins a surname to the one full name it can mean, and keeps two people of one surname apart', async () => {
    const dir = await folder({
      'a.txt': `${header('Talks', '10 January 2022, 10.00')}Secretary of State Antony Blinken met allies in Brussels.`,
      'b.txt': `${header('More talks', '11 January 2022, 10.00')}"We are ready," Secretary Blinken said in Paris.`,
      'c.txt': `${header('Family', '12 January 2022, 10.00')}President Joe Biden and his son Hunter Biden arrived in Delaware.`,
      'd.txt': `${header('Speech', '13 January 2022, 10.00')}"It is time," President Biden said.`,
    });
    const summary = await loadArticles(database.db, [dir], { batchSize: 1 });
    expect(summary.failed).toEqual([]);
    const found = await people();
    expect(found.map((p) => [p.name, p.article_count])).toEqual([
      ['Antony Blinken', 2],
      ['Biden', 1],
      ['Hunter Biden', 1],
      ['Joe Biden', 1],
    ]);
    // Blinken's quote in b.txt is attributed to the full person.
    const quotes = await database.db.execute(
      sql`select p.name from quotes q join persons p on p.id = q.speaker_id order by 1`,
    );
    const speakers = (Array.isArray(quotes) ? [...quotes] : (quotes as unknown as { rows: unknown[] }).rows) as {
      name: string;
    }[];
    expect(speakers.map((s) => s.name)).toEqual(['Antony Blinken', 'Biden']);
  });

  it('gives a lone surname stored earlier the full name when it arrives, in one batch or across batches', async () => {
    const files = {
      'a.txt': `${header('Call', '10 January 2022, 10.00')}"We will answer," Foreign Minister Lavrov said.`,
      'b.txt': `${header('Visit', '12 January 2022, 10.00')}Russian Foreign Minister Sergei Lavrov arrived in Geneva.`,
    };
    for (const batchSize of [1, 10]) {
      const db = await createTestDatabase();
      try {
        await loadArticles(db.db, [await folder(files)], { batchSize });
        const result = await db.db.execute(sql`select name, article_count, quote_count from persons`);
        const rows = Array.isArray(result) ? [...result] : (result as unknown as { rows: unknown[] }).rows;
        expect(rows).toEqual([{ name: 'Sergei Lavrov', article_count: 2, quote_count: 1 }]);
      } finally {
        await db.destroy();
      }
    }
  });

  it("shows the title from a person's latest article, whatever order the articles load in", async () => {
    const dir = await folder({
      'a-later.txt': `${header('Later', '20 March 2022, 10.00')}Prime Minister Jane Holloway spoke in London.`,
      'b-earlier.txt': `${header('Earlier', '1 March 2022, 10.00')}Finance Minister Jane Holloway spoke in London.`,
    });
    await loadArticles(database.db, [dir], { batchSize: 1 });
    expect(await people()).toEqual([{ name: 'Jane Holloway', title: 'Prime Minister', article_count: 2 }]);
  });
});

describe('idempotent and updatable', () => {
  it('loads the same files again as unchanged, changing nothing', async () => {
    const dir = await seedVariants(12);
    // Extraction on two threads and two batches written at once here, one of each below: the same result.
    await loadArticles(database.db, [dir], { batchSize: 2, workers: 2, writers: 2 });
    const before = await fingerprint(database.db);
    const again = await loadArticles(database.db, [dir], { batchSize: 5 });
    expect(again).toMatchObject({ loaded: 0, updated: 0, unchanged: 12, failed: [] });
    expect(await fingerprint(database.db)).toEqual(before);
  });

  it('replaces a changed file in place, keeping the article id, and leaves no count behind', async () => {
    const seed = await readFile(new URL('../seeds/000_b889685c8d47e0ee.txt', import.meta.url), 'utf8');
    const dir = await folder({ 'story.txt': seed });
    await loadArticles(database.db, [dir]);
    const idOf = async () => {
      const r = await database.db.execute(sql`select article_id from article_sources where source_key = 'story.txt'`);
      return ((Array.isArray(r) ? [...r] : (r as unknown as { rows: unknown[] }).rows)[0] as { article_id: number })
        .article_id;
    };
    const id = await idOf();
    await writeFile(join(dir, 'story.txt'), seed.replace(/Alexander Lukashenko/g, 'the president'));
    expect(await loadArticles(database.db, [dir])).toMatchObject({ updated: 1, loaded: 0 });
    expect(await idOf()).toBe(id);
    const found = await people();
    expect(found.map((p) => p.name)).toEqual(['Antony Blinken', 'Sergei Lavrov', 'Vladimir Putin']);
    // The updated article is the same as loading the new text into an empty database.
    const a = await fingerprint(database.db);
    const b = await cleanLoadFingerprint([dir]);
    expect(a.persons).toEqual(b.persons);
    expect(a.quotes).toEqual(b.quotes);
    expect(a.articles).toEqual(b.articles);
  });

  it('keeps one article for the same story under two file names, knowing both names', async () => {
    const seed = await readFile(new URL('../seeds/000_b889685c8d47e0ee.txt', import.meta.url), 'utf8');
    // The second copy has Windows line ends and a byte-order mark: the same text all the same.
    const dir = await folder({ 'afp-1.txt': seed, 'copy-of-afp-1.txt': `\uFEFF${seed.replace(/\n/g, '\r\n')}` });
    const summary = await loadArticles(database.db, [dir]);
    expect(summary).toMatchObject({ loaded: 1, unchanged: 1 });
    const state = await fingerprint(database.db);
    expect(state.articles).toHaveLength(1);
    expect((state.sources ?? []).map((s) => (s as { source_key: string }).source_key)).toEqual([
      'afp-1.txt',
      'copy-of-afp-1.txt',
    ]);
  });
});

describe('input from the wild', () => {
  it('decodes an unambiguous Latin-1 file, says so, and loads a 5 MB article', async () => {
    const latin1 = Buffer.from(
      `${header('Café talks in Zürich', '3 May 2022, 09.00')}Minister Gérard Dupré spoke in Zürich.`,
      'latin1',
    );
    const paragraph = 'The talks went on through the night and into the morning, officials said. ';
    const huge = `${header('A very long report', '4 May 2022, 09.00')}${`${paragraph.repeat(60)}\n\n`.repeat(1200)}`;
    expect(huge.length).toBeGreaterThan(5_000_000);
    // A megabyte of distinct words: more than a Postgres tsvector may hold.
    const words = `${header('A word list', '5 May 2022, 09.00')}${Array.from({ length: 120_000 }, (_, i) => `w${i.toString(36)}q`).join(' ')}.`;
    const dir = await folder({ 'latin1.txt': latin1, 'huge.txt': huge, 'words.txt': words });
    const summary = await loadArticles(database.db, [dir]);
    expect(summary).toMatchObject({ loaded: 3, failed: [] });
    expect(summary.notes).toEqual([
      { file: join(dir, 'latin1.txt'), reason: expect.stringMatching(/decoded as Latin-1/) },
    ]);
    const state = await fingerprint(database.db);
    expect((state.articles ?? []).map((a) => (a as { headline: string }).headline).sort()).toEqual([
      'A very long report',
      'A word list',
      'Café talks in Zürich',
    ]);
  });
});

describe('a batch with an article the database refuses', () => {
  it('loads the others and names the one that failed', async () => {
    // A stand-in for any row the database refuses: a trigger that rejects one headline.
    await database.db.execute(sql`create function refuse_bad() returns trigger language plpgsql as $$
      begin if new.headline = 'Refused story' then raise exception 'refused by the test trigger'; end if; return new; end $$`);
    await database.db.execute(
      sql`create trigger refuse_bad before insert on articles for each row execute function refuse_bad()`,
    );
    const dir = await folder({
      ...Object.fromEntries(
        Array.from({ length: 5 }, (_, i) => [
          `good-${i}.txt`,
          `${header(`Good story ${i}`, `${i + 1} June 2022, 10.00`)}Prime Minister Jane Holloway spoke in London.`,
        ]),
      ),
      'refused.txt': `${header('Refused story', '9 June 2022, 10.00')}Prime Minister Jane Holloway spoke in Paris.`,
    });
    const summary = await loadArticles(database.db, [dir], { batchSize: 10 });
    expect(summary.loaded).toBe(5);
    expect(summary.failed).toEqual([
      { file: join(dir, 'refused.txt'), reason: expect.stringMatching(/refused by the test trigger/) },
    ]);
    expect(await people()).toEqual([{ name: 'Jane Holloway', title: 'Prime Minister', article_count: 5 }]);
  });
});

describe('concurrent loaders', () => {
  it('create no duplicate person, place or article when they load overlapping files at once', async () => {
    const dir = await seedVariants(40);
    const extra = await folder({
      'other.txt': `${header('Elsewhere', '2 February 2022, 10.00')}Secretary of State Antony Blinken landed in Kyiv.`,
    });
    // On Postgres each loader gets its own connection pool, as two processes would.
    const second = testDriver === 'postgres' ? createDb({ databaseUrl: database.url ?? null }) : null;
    try {
      const [a, b] = await Promise.all([
        loadArticles(database.db, [dir], { batchSize: 7, workers: 0 }),
        loadArticles(second?.db ?? database.db, [dir, extra], { batchSize: 3, workers: 0 }),
      ]);
      expect(a.failed).toEqual([]);
      expect(b.failed).toEqual([]);
      expect(a.loaded + b.loaded).toBe(41);
      expect(a.unchanged + b.unchanged).toBe(40);
    } finally {
      await second?.close();
    }
    const counts = await countRows(database.db);
    expect(counts).toMatchObject({ articles: 41, persons: 4, places: 11 });
    const got = await fingerprint(database.db);
    const want = await cleanLoadFingerprint([dir, extra]);
    expect(got.persons).toEqual(want.persons);
    expect(got.places).toEqual(want.places);
    expect(got.personLinks).toEqual(want.personLinks);
  });

  it('extract articles an earlier extractor read again, as a clean load would, when two load at once', async () => {
    const dir = await seedVariants(30);
    await loadArticles(database.db, [dir], { workers: 0 });
    await database.db.execute(sql`update articles set extractor_version = ${EXTRACTOR_VERSION - 1}`);
    const second = testDriver === 'postgres' ? createDb({ databaseUrl: database.url ?? null }) : null;
    try {
      const [a, b] = await Promise.all([
        // Small batches, so that the two meet on many articles.
        loadArticles(database.db, [dir], { batchSize: 2, workers: 0 }),
        loadArticles(second?.db ?? database.db, [dir], { batchSize: 3, workers: 0 }),
      ]);
      expect([a.failed, b.failed]).toEqual([[], []]);
      expect(a.loaded + b.loaded).toBe(0);
      // Each stale article is read again at least once; one the other loader got to first is unchanged.
      expect(a.updated + b.updated).toBeGreaterThanOrEqual(30);
    } finally {
      await second?.close();
    }
    expect(await fingerprint(database.db)).toEqual(await cleanLoadFingerprint([dir]));
    const [stale] = await rows(
      database.db,
      sql`select count(*)::int as n from articles where extractor_version < ${EXTRACTOR_VERSION}`,
    );
    expect(stale).toEqual({ n: 0 });
  });
});

describe('organisations', () => {
  const wto = (date: string, body: string) => header(`Trade ${date}`, date) + body;
  const files = {
    'wto-1.txt': wto(
      '18 January 2022, 10.00',
      'The World Trade Organization (WTO) said on Monday that the dispute would be heard. "The rules are clear," the WTO said in a statement.',
    ),
    'wto-2.txt': wto(
      '19 January 2022, 10.00',
      'The World Trade Organization said on Friday that the dispute would be heard in Geneva.',
    ),
    'airbus.txt': wto(
      '20 January 2022, 10.00',
      'Airbus chief executive Tomas Lindqvist said the order was "a step in the right direction".',
    ),
  };
  const organisations = async () =>
    (await rows(
      database.db,
      sql`select key, name, acronym, aliases, kind, article_count, mention_count, quote_count from organizations order by key`,
    )) as { key: string; article_count: number; quote_count: number }[];

  it('stores one row per organisation across articles, with its links, speakers and members', async () => {
    const dir = await folder(files);
    await loadArticles(database.db, [dir]);
    expect(await organisations()).toEqual([
      {
        key: 'airbus',
        name: 'Airbus',
        acronym: null,
        aliases: [],
        kind: 'other',
        article_count: 1,
        mention_count: 1,
        quote_count: 0,
      },
      {
        key: 'world trade organization',
        name: 'World Trade Organization',
        acronym: 'WTO',
        aliases: ['WTO'],
        kind: 'international',
        article_count: 2,
        mention_count: 4,
        quote_count: 1,
      },
    ]);
    expect(
      await rows(
        database.db,
        sql`select p.key, o.key as organization, ap.organization_role from article_persons ap
            join persons p on p.id = ap.person_id join organizations o on o.id = ap.organization_id`,
      ),
    ).toEqual([{ key: 'tomas lindqvist', organization: 'airbus', organization_role: 'chief executive' }]);
    expect(
      await rows(
        database.db,
        sql`select q.text, q.speaker_id, o.key from quotes q join organizations o on o.id = q.speaker_organization_id`,
      ),
    ).toEqual([{ text: 'The rules are clear', speaker_id: null, key: 'world trade organization' }]);
  });

  it('recounts an organisation when a changed file drops it, removes it when none names it, as a clean load would', async () => {
    const dir = await folder(files);
    await loadArticles(database.db, [dir]);
    await writeFile(
      join(dir, 'wto-1.txt'),
      wto('18 January 2022, 10.00', 'The dispute would be heard, officials said.'),
    );
    await writeFile(join(dir, 'airbus.txt'), wto('20 January 2022, 10.00', 'Tomas Lindqvist said the order was late.'));
    expect(await loadArticles(database.db, [dir])).toMatchObject({ updated: 2, loaded: 0, failed: [] });
    expect((await organisations()).map((o) => [o.key, o.article_count, o.quote_count])).toEqual([
      ['world trade organization', 1, 0],
    ]);
    expect(await fingerprint(database.db)).toEqual(await cleanLoadFingerprint([dir]));
    const [article] = (await rows(
      database.db,
      sql`select article_id from article_sources where source_key = 'wto-2.txt'`,
    )) as {
      article_id: number;
    }[];
    await deleteArticles(database.db, [article?.article_id as number]);
    expect(await organisations()).toEqual([]);
    expect(await countRows(database.db)).toMatchObject({ organizations: 0, articleOrganizations: 0 });
  });
});
