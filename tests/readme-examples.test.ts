// Every GraphQL example in README.md, run in order through the app against the data the README
// says it was run on, its answer compared with the README's as JSON (issue 15 item 12).
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parse, validate } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, createApp } from '../src/app.js';
import { schema } from '../src/graphql/schema.js';
import { loadArticles } from '../src/ingest/load.js';
import { createTestDatabase, type TestDatabase } from './helpers/database.js';
import { bindPlaceholders, idsAndCursors, literalIds, readmeExamples, substitute } from './helpers/readme-examples.js';

const readme = new URL('../README.md', import.meta.url);
const path = (p: string) => new URL(p, import.meta.url).pathname;
const examples = readmeExamples(readme);
const apiKey = 'readme-examples-key-0123456789';

let database: TestDatabase;
let app: App;
const bound = new Map<string, string>();

beforeAll(async () => {
  database = await createTestDatabase();
  // As the README has it: `npm start` loads seeds/, then `npm run load -- tests/fixtures/articles
  // tests/fixtures/organizations`.
  expect((await loadArticles(database.db, [path('../seeds')])).failed).toEqual([]);
  const fixtures = await loadArticles(database.db, [path('./fixtures/articles'), path('./fixtures/organizations')]);
  expect(fixtures.failed).toEqual([]);
  app = createApp({ db: database.db, logger: false, apiKeyHashes: [createHash('sha256').update(apiKey).digest()] });
});

afterAll(async () => {
  await database?.destroy();
});

describe('the README’s examples', () => {
  it('are there: every root field, an organisation query (issue 13) and both mutations', () => {
    const text = examples.map((e) => e.query).join('\n');
    for (const field of [
      'articles(',
      'article(',
      'persons(',
      'places(',
      'quotes(',
      'organizations(',
      'organization(',
      'stats',
      'articleFacets(',
      'person(',
      'place(',
      'quote(',
      'node(',
      'nodes(',
      'ingestArticles(',
      'deleteArticle(',
    ])
      expect(text, field).toContain(field);
  });

  it('write no id or cursor into their text, variables or answers: names stand for them', () => {
    for (const e of examples) {
      expect(literalIds(e.query), `line ${e.line}`).toEqual([]);
      expect(idsAndCursors(e.variables), `line ${e.line}`).toEqual([]);
      expect(idsAndCursors(e.answer), `line ${e.line}`).toEqual([]);
    }
  });

  // The curl commands show the transport; what they send must still be a valid operation.
  it('send valid operations in their shell commands', () => {
    const shell = [...readFileSync(readme, 'utf8').matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1] as string);
    const sent = shell.flatMap((block) =>
      [...block.matchAll(/"query":\s*"((?:[^"\\]|\\.)*)"/g)].map((m) => JSON.parse(`"${m[1]}"`) as string),
    );
    expect(sent.length).toBeGreaterThan(0);
    for (const query of sent)
      expect(
        validate(schema, parse(query)).map((e) => e.message),
        query,
      ).toEqual([]);
  });

  for (const example of examples) {
    it(`answers as README.md line ${example.line} says`, async () => {
      const response = await app.fetch('http://test/graphql', {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(example.operation === 'mutation' ? { authorization: `Bearer ${apiKey}` } : {}),
        },
        body: JSON.stringify({ query: example.query, variables: substitute(example.variables, bound) }),
      });
      const actual: unknown = await response.json();
      expect(bindPlaceholders(example.answer, actual, bound)).toEqual(example.answer);
    });
  }
});
