import { copyFile, mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXTRACTOR_VERSION } from '../src/extract/index.js';
import { loadArticles } from '../src/ingest/load.js';
import { prepareArticle } from '../src/ingest/prepare.js';
import { countRows, saveArticle } from '../src/ingest/save.js';
import { createTestDatabase, type TestDatabase } from './helpers/database.js';
import { cleanLoadFingerprint, fingerprint, rows } from './helpers/fingerprint.js';

const seedFile = new URL('../seeds/000_b889685c8d47e0ee.txt', import.meta.url);

async function folderWith(files: Record<string, string | Uint8Array>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'newsgraph-load-'));
  for (const [name, content] of Object.entries(files)) {
    await mkdir(join(dir, name, '..'), { recursive: true });
    await writeFile(join(dir, name), content);
  }
  return dir;
}

describe('loading articles', () => {
  let database: TestDatabase;
  let seed: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    seed = await readFile(seedFile, 'utf8');
  });
  afterAll(async () => {
    await database?.destroy();
  });

  it('loads the seed article with all its rows', async () => {
    const dir = await folderWith({});
    await copyFile(seedFile, join(dir, 'seed.txt'));
    const summary = await loadArticles(database.db, [dir]);
    expect(summary).toMatchObject({ loaded: 1, updated: 0, unchanged: 0, failed: [], notes: [] });
    expect(await countRows(database.db)).toEqual({
      articles: 1,
      persons: 4,
      places: 10,
      // The seed names no organisation beyond its source and distributor, which are the article's.
      organizations: 0,
      quotes: 6,
      articlePersons: 4,
      articlePlaces: 10,
      articleOrganizations: 0,
    });
  });

  it('adds nothing when the same files are loaded again', async () => {
    const before = await countRows(database.db);
    const dir = await folderWith({ 'again.txt': seed });
    // Same text under another name is still the same article.
    const summary = await loadArticles(database.db, [dir]);
    expect(summary).toMatchObject({ loaded: 0, unchanged: 1, failed: [] });
    expect(await countRows(database.db)).toEqual(before);
  });

  it('reports bad files by name and reason, loads the good ones, and leaves nothing half-written', async () => {
    const before = await countRows(database.db);
    const good = seed.replace('Blinken flies later Tuesday', 'Blinken flies later on Tuesday');
    const dir = await folderWith({
      'a-good.txt': good,
      'b-empty.txt': '',
      'c-binary.txt': new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x00, 0x01, 0x02]),
      'd-no-date.txt':
        'Detta är en artikel från AFP.\n\nA headline\n\nTelegram från AFP / Omni\n\nText without a date line.',
      'e-bad-date.txt':
        'Detta är en artikel från AFP.\n\nA headline\n\nTelegram från AFP / Omni\n31 februari 2022, 12.00\n\nText.',
      'f-cp1252.txt': new Uint8Array([0x48, 0x93, 0x6c, 0x6c, 0x6f]),
      'nested/g-blank.txt': '  \n\n  ',
    });
    const summary = await loadArticles(database.db, [dir, join(dir, 'missing.txt')]);
    expect(summary.loaded).toBe(1);
    const reasons = Object.fromEntries(summary.failed.map((f) => [f.file.replace(`${dir}/`, ''), f.reason]));
    expect(reasons).toEqual({
      [join(dir, 'missing.txt').replace(`${dir}/`, '')]: 'no such file or folder',
      'b-empty.txt': 'empty file',
      'c-binary.txt': expect.stringMatching(/^binary file/),
      'd-no-date.txt': expect.stringMatching(/^no date line/),
      'e-bad-date.txt': 'date line "31 februari 2022, 12.00" is not a real date',
      'f-cp1252.txt': 'not valid UTF-8 text, and not plainly Latin-1 either',
      'nested/g-blank.txt': 'no text (only white space)',
    });
    const after = await countRows(database.db);
    expect(after.articles).toBe(before.articles + 1);
    // The second article names the same people and places: they are not duplicated.
    expect(after.persons).toBe(before.persons);
    expect(after.places).toBe(before.places);
    expect(after.quotes).toBe(before.quotes + 6);
  });

  it('replaces an article whose file changed, in place, and drops people no longer mentioned', async () => {
    const dir = await folderWith({
      'story.txt': seed.replace('Tuesday into Belarus', 'Tuesday into Belarus, said analyst Jane Miller'),
    });
    expect((await loadArticles(database.db, [dir])).loaded).toBe(1);
    const withJane = await countRows(database.db);
    await writeFile(join(dir, 'story.txt'), seed.replace('Belarus, which borders', 'Belarus, which also borders'));
    const summary = await loadArticles(database.db, [dir]);
    expect(summary).toMatchObject({ updated: 1, loaded: 0 });
    const after = await countRows(database.db);
    expect(after.articles).toBe(withJane.articles);
    expect(after.persons).toBe(withJane.persons - 1);
  });

  it('extracts a stored text again when an earlier extractor read it, in place, as a clean load would', async () => {
    const dir = await folderWith({ 'seed.txt': seed });
    const expected = await cleanLoadFingerprint([dir]);
    const own = await createTestDatabase();
    try {
      // What an older extractor might have stored: fewer places and quotes, consistently counted,
      // and a place named otherwise.
      const prepared = prepareArticle(join(dir, 'seed.txt'), await readFile(join(dir, 'seed.txt')));
      if (!prepared.ok) throw new Error(prepared.reason);
      const { article } = prepared.value;
      // One place under the name and kind an earlier gazetteer gave it ("Genève", a region).
      const [renamed, ...kept] = article.places.slice(2);
      if (!renamed) throw new Error('the seed names fewer than three places');
      await saveArticle(own.db, {
        ...prepared.value,
        article: {
          ...article,
          places: [{ ...renamed, name: `${renamed.name} (old)`, kind: 'region', lat: 0, lon: 0 }, ...kept],
          quotes: article.quotes.slice(3),
        },
      });
      await own.db.execute(sql`update articles set extractor_version = ${EXTRACTOR_VERSION - 1}`);
      const [before] = await rows(own.db, sql`select id, source_file from articles`);
      expect(await loadArticles(own.db, [dir])).toMatchObject({ updated: 1, loaded: 0, unchanged: 0 });
      expect(await fingerprint(own.db)).toEqual(expected);
      expect(await rows(own.db, sql`select id, source_file, extractor_version from articles`)).toEqual([
        { ...(before as object), extractor_version: EXTRACTOR_VERSION },
      ]);
      // Read by this extractor, it is unchanged from now on.
      expect(await loadArticles(own.db, [dir])).toMatchObject({ updated: 0, loaded: 0, unchanged: 1 });
    } finally {
      await own.destroy();
    }
  });

  it('rolls back every row of an article whose save fails part-way', async () => {
    const before = await countRows(database.db);
    const prepared = prepareArticle('broken.txt', new TextEncoder().encode(seed.replace('Geneva', 'Lausanne')));
    if (!prepared.ok) throw new Error(prepared.reason);
    // Two quotes at one offset break a unique key after the article, people and places are written.
    const [first] = prepared.value.article.quotes;
    prepared.value.article.quotes.push({ ...(first as NonNullable<typeof first>) });
    await expect(saveArticle(database.db, prepared.value)).rejects.toThrow();
    expect(await countRows(database.db)).toEqual(before);
  });
});
