import { execFile, spawn } from 'node:child_process';
import { copyFile, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { migratedPgliteFolder } from './helpers/database.js';

const run = promisify(execFile);
const root = new URL('..', import.meta.url).pathname;
// node with tsx as a loader, not the tsx command, which runs node as a child of its own: one
// process start per call, not two.
const node = [process.execPath, '--import', 'tsx'] as const;

async function cli(args: string[], env: Record<string, string> = {}) {
  try {
    const { stdout, stderr } = await run(node[0], [...node.slice(1), 'src/cli.ts', ...args], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: '', PGLITE_DIR: 'memory://', ...env },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('the command line', () => {
  it('extract prints one JSON object per article in the scorer format', async () => {
    const { code, stdout } = await cli(['extract', 'seeds/000_b889685c8d47e0ee.txt']);
    expect(code).toBe(0);
    const lines = stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const article = JSON.parse(lines[0] as string);
    expect(article).toMatchObject({
      headline: 'Blinken, Russian FM to meet in Geneva Friday on Ukraine',
      publishedAt: '2022-01-18T16:19:00Z',
    });
    expect(article.persons[0]).toMatchObject({
      name: 'Antony Blinken',
      mentions: [{ text: 'Antony Blinken', start: expect.any(Number) }, {}, {}, {}],
    });
    expect(article.quotes).toHaveLength(6);
    // The seed names no organisation; the line still says so, as the scorer reads it.
    expect(article.organizations).toEqual([]);
    // Offsets index the body the line carries.
    const spans = [...article.persons, ...article.places, ...article.organizations].flatMap(
      (e: { mentions: object[] }) => e.mentions,
    );
    for (const { start, end, text } of [...spans, ...article.quotes] as { start: number; end: number; text: string }[])
      expect(article.body.slice(start, end)).toBe(text);
  });

  it('extract prints the organisations, which the scorer reads from the same line', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'newsgraph-cli-'));
    const text =
      'Detta är en artikel från AFP.\n\nA headline\n\nTelegram från AFP / Omni\n18 January 2022, 17.19\n\nReuters said the Ministry of Trade and Industry agreed.\n';
    await writeFile(join(dir, 'orgs.txt'), text);
    const { code, stdout } = await cli(['extract', dir]);
    expect(code).toBe(0);
    const article = JSON.parse(stdout);
    expect(article.organizations.map((o: { name: string; kind: string }) => [o.name, o.kind])).toEqual([
      ['Reuters', 'media'],
      ['Ministry of Trade and Industry', 'government'],
    ]);
    for (const { start, end, text: mention } of article.organizations.flatMap(
      (o: { mentions: { start: number; end: number; text: string }[] }) => o.mentions,
    ))
      expect(article.body.slice(start, end)).toBe(mention);
  });

  it('extract reads a Latin-1 file as the loader does', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'newsgraph-cli-'));
    // The seed's wrapper has "ä" and "å": one byte each in Latin-1, not UTF-8.
    const text = (await readFile('seeds/000_b889685c8d47e0ee.txt', 'utf8')).replace(/[’‘]/g, "'").replace(/[“”]/g, '"');
    await writeFile(join(dir, 'latin1.txt'), Buffer.from(text, 'latin1'));
    const { code, stdout } = await cli(['extract', dir]);
    expect(code).toBe(0);
    expect(JSON.parse(stdout).source).toBe('AFP');
  });

  it('load names each failed file, loads the rest and exits 1', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'newsgraph-cli-'));
    await writeFile(join(dir, 'empty.txt'), '');
    const { code, stdout, stderr } = await cli(['load', dir, 'seeds'], {
      PGLITE_DIR: await migratedPgliteFolder('newsgraph-cli-db-'),
    });
    expect(code).toBe(1);
    expect(stderr).toContain(`${join(dir, 'empty.txt')}: empty file`);
    expect(stdout).toContain('loaded 1, updated 0, unchanged 0, failed 1');
  });

  it('refuses a DATABASE_URL that is not a Postgres URL, naming the variable', async () => {
    const { code, stderr } = await cli(['migrate'], { DATABASE_URL: 'mysql://x' });
    expect(code).toBe(1);
    expect(stderr).toContain('DATABASE_URL');
  });

  it('load --dry-run extracts and reports without writing, and takes globs', async () => {
    const { code, stdout } = await cli(['load', '--dry-run', 'seeds/*.txt']);
    expect(code).toBe(0);
    expect(stdout).toContain(
      'dry run: 1 articles would load (4 people, 10 places, 6 quotes found), 0 failed; nothing written',
    );
  });

  it('load --watch loads files as they appear, until stopped', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'newsgraph-watch-'));
    const child = spawn(node[0], [...node.slice(1), 'src/cli.ts', 'load', '--watch', dir], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: '', PGLITE_DIR: await migratedPgliteFolder('newsgraph-cli-db-') },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const seen = (text: string) =>
      new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no "${text}" in:\n${output}`)), 90_000);
        const check = () => {
          if (output.includes(text)) {
            clearTimeout(timer);
            resolve();
          }
        };
        child.stdout?.on('data', check);
        child.stderr?.on('data', check);
        check();
      });
    child.stdout?.on('data', (c: Buffer) => {
      output += c.toString();
    });
    child.stderr?.on('data', (c: Buffer) => {
      output += c.toString();
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    try {
      await seen('watching');
      await copyFile(join(root, 'seeds/000_b889685c8d47e0ee.txt'), join(dir, 'new-story.txt'));
      await seen('loaded 1, updated 0, unchanged 0, failed 0');
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
  });
});
