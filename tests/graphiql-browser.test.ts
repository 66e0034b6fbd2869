import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/app.js';
import { loadArticles } from '../src/ingest/load.js';
import { createTestDatabase, type TestDatabase } from './helpers/database.js';

// Debian's Chromium; the test skips, saying so, where it is not installed (`apt-get install chromium`).
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const hasChromium = existsSync(chromiumPath);
if (!hasChromium) console.warn(`skipping the GraphiQL browser test: no Chromium at ${chromiumPath}`);

let database: TestDatabase;
let server: Server;
let url: string;

beforeAll(async () => {
  if (!hasChromium) return;
  database = await createTestDatabase();
  await loadArticles(database.db, [new URL('../seeds', import.meta.url).pathname]);
  server = createServer(createApp({ db: database.db, logger: false }));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
  await database?.destroy();
});

describe.skipIf(!hasChromium)('GraphiQL in a real browser', () => {
  it('opens on the example query, runs it and shows the seed headline', async () => {
    const { chromium } = await import('playwright-core');
    const browser = await chromium.launch({
      executablePath: chromiumPath,
      headless: true,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        // The machine has no network: background fetches would only fail, slowly.
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    try {
      const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
      await page.goto(`${url}/graphql`, { waitUntil: 'load' });
      const run = page.locator('.graphiql-execute-button');
      await run.waitFor({ state: 'visible', timeout: 30_000 });
      await expect
        // biome-ignore lint/performance/useDomNodeTextContent: the editor's text as rendered is what a user reads
        .poll(async () => (await page.locator('.graphiql-query-editor').innerText()).replace(/\u00a0/g, ' '), {
          timeout: 30_000,
        })
        .toContain('query LatestArticle');
      await run.click();
      const result = page.locator('.result-window');
      await expect
        // The result pane wraps long lines and renders spaces as no-break spaces.
        // biome-ignore lint/performance/useDomNodeTextContent: the result as rendered is what a user reads
        .poll(async () => (await result.innerText()).replace(/[\s\u00a0]+/g, ' '), { timeout: 30_000 })
        .toContain('Blinken, Russian FM to meet in Geneva Friday on Ukraine');
      await mkdir(new URL('./artifacts/', import.meta.url), { recursive: true });
      await page.screenshot({ path: new URL('./artifacts/graphiql.png', import.meta.url).pathname });
    } finally {
      await browser.close();
    }
  });
});
