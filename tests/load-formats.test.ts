import { execFile } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, createApp } from '../src/app.js';
import { loadArticles } from '../src/ingest/load.js';
import { prepareJsonLines } from '../src/ingest/structured.js';
import { createTestDatabase, type TestDatabase } from './helpers/database.js';
import { graphql } from './helpers/graphql.js';

let database: TestDatabase;
let app: App;

beforeAll(async () => {
  database = await createTestDatabase();
  app = createApp({ db: database.db, logger: false });
});

afterAll(async () => {
  await database?.destroy();
});

const line = (fields: Record<string, unknown>) => JSON.stringify(fields);

const crawl = [
  line({
    id: 'rt-1',
    headline: 'Finnish minister visits Oslo',
    publishedAt: '2023-03-22T14:05:00Z',
    source: 'Reuters',
    url: 'https://example.com/rt-1',
    language: 'en',
    paragraphs: [
      'Finnish Foreign Minister Pekka Haavisto arrived in Oslo on Wednesday.',
      '"We stand together," Haavisto told reporters in Oslo.',
    ],
  }),
  '{"headline": "Broken", "publishedAt": ', // not JSON
  line({ headline: 'No date here', body: 'Some text.' }),
  line({
    headline: 'Trade talks open in Geneva',
    publishedAt: '2023-03-23',
    body: 'Swedish Trade Minister Johan Forssell spoke in Geneva.\n\nThe talks go on.',
  }),
  '',
  line({ id: 'rt-1', headline: 'Again', publishedAt: '2023-03-22T14:05:00Z', body: 'Twice.' }),
].join('\n');

describe('JSON Lines', () => {
  it('loads each line as an article of its own and reports a broken line with its number', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'newsgraph-jsonl-'));
    await writeFile(join(dir, 'crawl.jsonl'), crawl);
    const summary = await loadArticles(database.db, [dir], { prepare: { timeZone: 'Europe/Stockholm' } });
    expect(summary.loaded).toBe(2);
    expect(summary.failed.map((f) => [f.file.replace(dir, ''), f.reason.replace(/ \(.*\)$/, '')])).toEqual([
      ['/crawl.jsonl:2', 'line 2: not JSON'],
      ['/crawl.jsonl:3', 'line 3: no "publishedAt"'],
      ['/crawl.jsonl:6', 'line 6: id "rt-1" is on line 1 too'],
    ]);

    const { data } = await graphql<{
      articles: {
        edges: {
          node: {
            headline: string;
            source: string | null;
            url: string | null;
            language: string;
            publishedAt: string;
            paragraphs: string[];
            sourceFile: string;
            persons: { edges: { node: { name: string } }[] };
            quotes: { edges: { node: { text: string; speaker: { name: string } | null } }[] };
          };
        }[];
      };
    }>(
      app,
      `{ articles(orderBy: OLDEST) { edges { node {
          headline source url language publishedAt paragraphs sourceFile
          persons { edges { node { name } } }
          quotes { edges { node { text speaker { name } } } }
        } } } }`,
    );
    const [first, second] = data?.articles.edges.map((e) => e.node) ?? [];
    expect(first).toMatchObject({
      headline: 'Finnish minister visits Oslo',
      source: 'Reuters',
      url: 'https://example.com/rt-1',
      language: 'en',
      publishedAt: '2023-03-22T14:05:00Z',
      sourceFile: 'crawl.jsonl#rt-1',
    });
    expect(first?.paragraphs).toHaveLength(2);
    expect(first?.persons.edges.map((e) => e.node.name)).toContain('Pekka Haavisto');
    expect(first?.quotes.edges[0]?.node).toEqual({ text: 'We stand together', speaker: { name: 'Pekka Haavisto' } });
    // A date with no time: midnight in the loader's zone, so the day stays 23 March there.
    expect(second).toMatchObject({ publishedAt: '2023-03-22T23:00:00Z', source: null, url: null });
    expect(second?.sourceFile).toBe('crawl.jsonl#line-4');

    // The same file again: every article unchanged, by its key.
    const again = await loadArticles(database.db, [dir]);
    expect([again.loaded, again.updated, again.unchanged]).toEqual([0, 0, 2]);
    // A changed line under the same id: updated in place.
    await writeFile(join(dir, 'crawl.jsonl'), crawl.replace('arrived in Oslo', 'landed in Oslo'));
    const changed = await loadArticles(database.db, [dir]);
    expect([changed.loaded, changed.updated, changed.unchanged]).toEqual([0, 1, 1]);
  });

  it.each([
    ['[1, 2]', 'not a JSON object'],
    ['{"headline": "x", "publishedAt": "2023-03-22", "body": 5}', '"body" must be a string'],
    ['{"headline": "x", "publishedAt": "2023-03-22", "body": "a", "paragraphs": ["b"]}', 'not both'],
    [
      '{"headline": "x", "publishedAt": "2023-03-22", "published_at": "x", "body": "a"}',
      'unknown field "published_at"',
    ],
    ['{"headline": "x", "publishedAt": "yesterday", "body": "a"}', 'is not a date'],
    ['{"headline": "x", "publishedAt": "9999-01-01", "body": "a"}', 'in the future'],
    ['{"headline": "x", "publishedAt": "2023-03-22", "body": "  "}', 'no story text'],
    ['{"headline": "x", "publishedAt": "2023-03-22", "body": "a", "language": "English"}', 'not an ISO 639-1 code'],
    ['{"headline": "x", "publishedAt": "2023-03-22", "body": "a", "url": "javascript:alert(1)"}', 'not an http(s) URL'],
  ])('refuses %s', (text, reason) => {
    const [prepared] = prepareJsonLines('/feeds/a.jsonl', new TextEncoder().encode(text));
    expect(prepared?.ok).toBe(false);
    expect(prepared?.ok === false && prepared.reason).toContain(reason);
  });
});

const wireText = (dateLine: string, body: string) => `Talks resume in Geneva\n\n${dateLine}\n\n${body}\n`;

describe('plain text with its own date line, --timezone and --source', () => {
  it('reads an English date line in the zone it names, or in the zone it is given, with the source it is given', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'newsgraph-text-'));
    await writeFile(
      join(dir, 'gmt.txt'),
      wireText('22 March 2023 14:05 GMT', 'Minister Jane Holloway spoke in Geneva.'),
    );
    await writeFile(join(dir, 'local.txt'), wireText('March 24, 2023', 'Minister Jane Holloway flew to Paris.'));
    const summary = await loadArticles(database.db, [dir], {
      prepare: { timeZone: 'America/New_York', source: 'Reuters' },
    });
    expect(summary.failed).toEqual([]);
    const { data } = await graphql<{
      articles: { edges: { node: { sourceFile: string; publishedAt: string; source: string } }[] };
    }>(
      app,
      '{ articles(filter: { sources: ["reuters"] }, orderBy: OLDEST) { edges { node { sourceFile publishedAt source } } } }',
    );
    const here = data?.articles.edges.filter((e) => e.node.sourceFile.endsWith('.txt')) ?? [];
    expect(here.map((e) => [e.node.sourceFile, e.node.publishedAt])).toEqual([
      ['gmt.txt', '2023-03-22T14:05:00Z'],
      ['local.txt', '2023-03-24T04:00:00Z'], // midnight in New York
    ]);
  });

  it('filters by language', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'newsgraph-lang-'));
    await writeFile(
      join(dir, 'sv.jsonl'),
      line({
        headline: 'Ministern talade i Göteborg',
        publishedAt: '2023-03-25T10:00:00+01:00',
        body: 'Ministern talade i Göteborg och det är klart att han var glad för att det gick bra.',
      }),
    );
    await loadArticles(database.db, [dir]);
    const count = async (languages: string[]) =>
      (
        await graphql<{ articles: { totalCount: number } }>(
          app,
          'query ($l: [String!]) { articles(filter: { languages: $l }) { totalCount } }',
          { l: languages },
        )
      ).data?.articles.totalCount;
    expect(await count(['SV'])).toBe(1);
    expect(await count(['en'])).toBe(4);
    expect(await count(['en', 'sv'])).toBe(5);
    expect(await count(['de'])).toBe(0);
  });

  it('refuses a --timezone that names no zone', async () => {
    const root = new URL('..', import.meta.url).pathname;
    const result = await promisify(execFile)(
      join(root, 'node_modules/.bin/tsx'),
      ['src/cli.ts', 'load', '--timezone', 'Mars/Olympus', 'seeds'],
      { cwd: root, env: { ...process.env, DATABASE_URL: '', PGLITE_DIR: 'memory://' } },
    ).catch((error: { code: number; stderr: string }) => error);
    expect(result).toMatchObject({ code: 2, stderr: expect.stringContaining('IANA zone') });
  });
});
