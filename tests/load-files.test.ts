import { execFile, execFileSync } from 'node:child_process';
import { chmod, mkdir, mkdtemp, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/app.js';
import { listArticleFiles } from '../src/ingest/files.js';
import { loadArticles } from '../src/ingest/load.js';
import { prepareArticle } from '../src/ingest/prepare.js';
import { saveArticle } from '../src/ingest/save.js';
import { createTestDatabase, type TestDatabase } from './helpers/database.js';
import { rows } from './helpers/fingerprint.js';
import { graphql } from './helpers/graphql.js';

const wire = (headline: string, date: string, body: string) =>
  `Detta är en artikel från AFP.\n\n${headline}\n\nTelegram från AFP / Omni\n${date}\n\n${body}\n`;

const story = (n: number, body = 'Defence Minister Omar Haddad spoke in Amman.') =>
  wire(`Story number ${n}`, `${1 + (n % 27)} January 2022, 10.00`, body);

async function folderWith(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'newsgraph-files-'));
  for (const [name, content] of Object.entries(files)) {
    await mkdir(join(dir, name, '..'), { recursive: true });
    await writeFile(join(dir, name), content);
  }
  return dir;
}

const articleRows = (database: TestDatabase) =>
  rows(database.db, sql`select id, headline from articles order by id`) as Promise<{ id: number; headline: string }[]>;
const sourceRows = (database: TestDatabase) =>
  rows(
    database.db,
    sql`select s.source_key, a.headline from article_sources s join articles a on a.id = s.article_id order by 1`,
  );

describe('which file is which article', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    await database?.destroy();
  });
  const empty = async () => {
    await database.db.execute(sql`truncate articles, persons, places restart identity cascade`);
  };

  // Failed before names were relative paths: both were 'story1.txt', one story was left, exit 0.
  it.each([
    ['a glob', (dir: string) => [`${dir}/2022-*/*.txt`]],
    ['a folder', (dir: string) => [dir]],
  ])('keeps two files of one name in two folders apart, found by %s', async (_, paths) => {
    await empty();
    const dir = await folderWith({ '2022-01/story1.txt': story(1), '2022-02/story1.txt': story(2) });
    const summary = await loadArticles(database.db, paths(dir));
    expect(summary).toMatchObject({ loaded: 2, updated: 0, failed: [] });
    expect(await sourceRows(database)).toEqual([
      { source_key: '2022-01/story1.txt', headline: 'Story number 1' },
      { source_key: '2022-02/story1.txt', headline: 'Story number 2' },
    ]);
    // A real change of one of them updates that article, in place.
    const before = await articleRows(database);
    await writeFile(join(dir, '2022-02/story1.txt'), story(2, 'Defence Minister Omar Haddad spoke in Beirut.'));
    expect(await loadArticles(database.db, paths(dir))).toMatchObject({ loaded: 0, updated: 1, unchanged: 1 });
    expect(await articleRows(database)).toEqual(before);
  });

  it('names a file given alone by its name, and one from a watched folder by its path there', async () => {
    const listing = await listArticleFiles(['/no/such/root/x.txt']);
    expect(listing.missing).toEqual([{ file: '/no/such/root/x.txt', reason: 'no such file or folder' }]);
    const dir = await folderWith({ 'a/b/one.txt': story(3) });
    expect([...(await listArticleFiles([join(dir, 'a/b/one.txt')])).keys.values()]).toEqual(['one.txt']);
    expect([...(await listArticleFiles([join(dir, 'a/b/one.txt')], { root: dir })).keys.values()]).toEqual([
      'a/b/one.txt',
    ]);
    expect([...(await listArticleFiles([join(dir, 'a')])).keys.values()]).toEqual(['b/one.txt']);
    expect([...(await listArticleFiles([`${dir}/a/*/*.txt`])).keys.values()]).toEqual(['b/one.txt']);
  });

  it('takes over a name stored the old way (the file name alone) from the same file, keeping the article', async () => {
    await empty();
    const dir = await folderWith({ 'feed/2022-01/old.txt': story(4) });
    const file = join(dir, 'feed/2022-01/old.txt');
    // What a loader before relative names stored: key 'old.txt'.
    const prepared = prepareArticle(file, await readFile(file));
    if (!prepared.ok) throw new Error(prepared.reason);
    expect(prepared.value.sourceKey).toBe('old.txt');
    await saveArticle(database.db, prepared.value);
    const before = await articleRows(database);
    await writeFile(file, story(4, 'Defence Minister Omar Haddad spoke in Cairo.'));
    expect(await loadArticles(database.db, [join(dir, 'feed')])).toMatchObject({ loaded: 0, updated: 1 });
    expect(await articleRows(database)).toEqual(before);
    expect(await sourceRows(database)).toEqual([{ source_key: '2022-01/old.txt', headline: 'Story number 4' }]);
  });

  // Failed before: planBatch counted every name of the article, so with two names neither file
  // could replace it, the new text went in as a new article and the old one, left nameless, went.
  it('keeps the id of an article whose every file changed to one new text', async () => {
    await empty();
    const dir = await folderWith({ 'a.txt': story(5), 'b.txt': story(5) });
    expect(await loadArticles(database.db, [dir])).toMatchObject({ loaded: 1, unchanged: 1 });
    const [before] = await articleRows(database);
    const changed = story(5, 'Defence Minister Omar Haddad spoke in Riyadh.');
    await writeFile(join(dir, 'a.txt'), changed);
    await writeFile(join(dir, 'b.txt'), changed);
    expect(await loadArticles(database.db, [dir])).toMatchObject({ loaded: 0, updated: 1, unchanged: 1 });
    expect(await articleRows(database)).toEqual([before]);
    expect(await sourceRows(database)).toEqual([
      { source_key: 'a.txt', headline: 'Story number 5' },
      { source_key: 'b.txt', headline: 'Story number 5' },
    ]);
    // One of two names changing leaves the article with the other and makes a new one.
    await writeFile(join(dir, 'b.txt'), story(6));
    expect(await loadArticles(database.db, [dir])).toMatchObject({ updated: 1, unchanged: 1 });
    expect((await articleRows(database)).map((r) => r.id)).toEqual([before?.id, (before?.id ?? 0) + 1]);
  });

  // Failed before batches were bounded by bytes: six files went in one batch of six, and 20 files
  // of 5 MB in one batch (or extracted at once) ran the loader's heap out of memory.
  it('writes a batch once it holds batchBytes of files, whatever batchSize allows', async () => {
    await empty();
    const files: Record<string, string> = {};
    for (let i = 0; i < 6; i++)
      files[`s${i}.txt`] = story(i, `Defence Minister Omar Haddad spoke in Amman. ${'More words. '.repeat(300)}`);
    const dir = await folderWith(files);
    const size = Buffer.byteLength(files['s0.txt'] as string);
    const done: number[] = [];
    const summary = await loadArticles(database.db, [dir], {
      batchBytes: Math.floor(size * 2.5),
      onProgress: (p) => done.push(p.done),
    });
    expect(summary).toMatchObject({ loaded: 6, failed: [] });
    expect(done).toEqual([0, 3, 6, 6]);
  });

  // Failed before: Postgres refuses a tsvector over 1 MB, and the headline and a quote's text
  // were indexed whole ("string is too long for tsvector").
  it('loads a huge headline and a huge quote, indexing their start', async () => {
    await empty();
    // Distinct words: the size of a tsvector is its distinct lexemes, so repeated words stay small.
    const words = (n: number, from: number) =>
      Array.from(
        { length: n },
        (_, i) => `zq${(from + i).toString(36).replace(/[0-9]/g, (d) => 'abcdefghij'[Number(d)] ?? d)}`,
      ).join(' ');
    const headline = words(150_000, 0);
    const quote = words(150_000, 200_000);
    const dir = await folderWith({
      'long-headline.txt': wire(headline, '3 January 2022, 10.00', 'Defence Minister Omar Haddad spoke in Amman.'),
      'long-quote.txt': wire('One long quote', '4 January 2022, 10.00', `"${quote}," Omar Haddad said.`),
    });
    expect(Buffer.byteLength(headline)).toBeGreaterThan(1_000_000);
    const summary = await loadArticles(database.db, [dir]);
    expect(summary).toMatchObject({ loaded: 2, failed: [] });
    const found = await graphql(
      createApp({ db: database.db, logger: false }),
      '{ articles(filter: { search: "zqa" }) { totalCount } }',
    );
    expect(found.data).toEqual({ articles: { totalCount: 1 } });
  });
});

describe('odd things in a folder', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await folderWith({ 'a.txt': story(7), 'locked/b.txt': story(8), 'open/c.txt': story(9) });
    execFileSync('mkfifo', [join(dir, 'pipe.txt')]);
    await symlink(join(dir, 'a.txt'), join(dir, 'link-to-a.txt'));
    await symlink(join(dir, 'open', 'c.txt'), join(dir, 'elsewhere.txt'));
    await symlink(join(dir, 'gone.txt'), join(dir, 'dangling.txt'));
    await symlink(dir, join(dir, 'open', 'loop'));
  });
  afterAll(async () => {
    await chmod(join(dir, 'locked'), 0o755).catch(() => {});
    await rm(dir, { recursive: true, force: true });
  });

  // Failed before: readdir's error on 'locked' ended the whole scan; the FIFO was read (for ever).
  it('reports an unreadable folder and a FIFO, follows links once, and lists the rest', async () => {
    await chmod(join(dir, 'locked'), 0o000);
    await chmod(dir, 0o755);
    // Root reads any folder: the scan then runs as nobody, to whom 'locked' is closed.
    const script = `import { listArticleFiles } from ${JSON.stringify(new URL('../src/ingest/files.ts', import.meta.url).pathname)};
      const l = await listArticleFiles([${JSON.stringify(dir)}]);
      process.stdout.write(JSON.stringify({ ...l, keys: [...l.keys.values()], sizes: Object.fromEntries(l.sizes) }));`;
    const asNobody = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', '--input-type=module', '-e', script],
      {
        ...asNobody,
        cwd: new URL('..', import.meta.url).pathname,
        timeout: 30_000,
      },
    );
    const listing = JSON.parse(stdout) as {
      keys: string[];
      sizes: Record<string, number>;
      missing: unknown[];
      skipped: unknown[];
    };
    expect(listing.keys.sort()).toEqual(['a.txt', 'elsewhere.txt']);
    // The sizes the loader bounds bytes in flight by, read once while listing.
    expect(listing.sizes).toEqual({
      [join(dir, 'a.txt')]: (await stat(join(dir, 'a.txt'))).size,
      [join(dir, 'elsewhere.txt')]: (await stat(join(dir, 'elsewhere.txt'))).size,
    });
    expect(listing.missing).toEqual(
      expect.arrayContaining([
        { file: join(dir, 'locked'), reason: 'cannot read folder: permission denied' },
        { file: join(dir, 'pipe.txt'), reason: 'a FIFO, not a regular file: skipped' },
        { file: join(dir, 'dangling.txt'), reason: 'a link to nothing readable: no such file or folder' },
      ]),
    );
    expect(listing.missing).toHaveLength(3);
    expect(listing.skipped).toEqual([
      { file: join(dir, 'link-to-a.txt'), reason: `the same file as ${join(dir, 'a.txt')}, listed once` },
      { file: join(dir, 'open', 'c.txt'), reason: `the same file as ${join(dir, 'elsewhere.txt')}, listed once` },
    ]);
  });

  it('skips a FIFO named on the command line instead of waiting on it', async () => {
    const listing = await listArticleFiles([join(dir, 'pipe.txt'), join(dir, 'a.txt')]);
    expect(listing.files).toEqual([join(dir, 'a.txt')]);
    expect(listing.missing).toEqual([{ file: join(dir, 'pipe.txt'), reason: 'a FIFO, not a regular file: skipped' }]);
  });
});
