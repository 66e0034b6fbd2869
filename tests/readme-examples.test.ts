// Every GraphQL example in README.md, run in order through the app against the data the README
// says it was run on, its answer compared with the README's as JSON (issue 15 item 12).
import { readFileSync } from 'node:fs';
import { parse, validate } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schema } from '../src/graphql/schema.js';
import { createTestDatabase } from './helpers/database.js';
import {
  bindPlaceholders,
  idsAndCursors,
  literalIds,
  type ReadmeRun,
  readmeExamples,
  startReadmeRun,
} from './helpers/readme-examples.js';

const readme = new URL('../README.md', import.meta.url);
const examples = readmeExamples(readme);
let run: ReadmeRun;

beforeAll(async () => {
  const database = await createTestDatabase();
  run = await startReadmeRun(examples, database, () => database.destroy());
});

afterAll(async () => {
  await run?.close();
});

describe('the README’s examples', () => {
  it('are there: every root field, an organisation query (issue 13), both mutations and a subscription', () => {
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
      'articleAdded(',
      'quoteAdded',
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

  // An answer that moved (an extraction change, a new field): `npm run readme:answers` writes the
  // app's answers into README.md, to be read over before committing.
  for (const example of examples) {
    it(`answers as README.md line ${example.line} says`, async () => {
      const actual = await run.answer(example);
      expect(bindPlaceholders(example.answer, actual, run.bound)).toEqual(example.answer);
    });
  }
});
