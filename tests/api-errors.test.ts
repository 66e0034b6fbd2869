import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, createApp, OPERATION_LIMITS } from '../src/app.js';
import { loadArticles } from '../src/ingest/load.js';
import { createTestDatabase, type TestDatabase } from './helpers/database.js';
import { graphql } from './helpers/graphql.js';
import { captureLog } from './helpers/log.js';

// Issue 15 items 1-4 and issue 16 item 15: what a client sends wrong is a coded 4xx or a coded
// field error, never "Unexpected error." and never anything from SQL or a parser.

let database: TestDatabase;
let app: App;
/** What the server logged as an error: an internal failure, which none of these requests is. */
const logged = captureLog('error');
const base64 = (text: string) => Buffer.from(text).toString('base64');

beforeAll(async () => {
  database = await createTestDatabase();
  await loadArticles(database.db, [
    new URL('../seeds', import.meta.url).pathname,
    new URL('./fixtures/articles', import.meta.url).pathname,
  ]);
  app = createApp({ db: database.db, logger: logged.log });
});

afterAll(async () => {
  await database?.destroy();
});

function expectNothingInternal() {
  expect(logged.lines).toEqual([]);
}

async function firstId(field: 'articles' | 'persons' | 'places' | 'quotes'): Promise<string> {
  const { data } = await graphql<Record<string, { edges: { node: { id: string } }[] }>>(
    app,
    `{ ${field}(first: 1) { edges { node { id } } } }`,
  );
  const id = data?.[field]?.edges[0]?.node.id;
  if (!id) throw new Error(`no ${field}`);
  return id;
}

async function cursorOf(query: string): Promise<string> {
  const { data, errors } = await graphql(app, query);
  expect(errors).toBeUndefined();
  const cursor = JSON.stringify(data).match(/"endCursor":"([^"]+)"/)?.[1];
  if (!cursor) throw new Error(`no cursor from ${query}`);
  return cursor;
}

describe('node and nodes', () => {
  it('answer null for a well-formed id that names nothing, and keep the others', async () => {
    const article = await firstId('articles');
    const person = await firstId('persons');
    const missing = base64('Person:999999');
    const one = await graphql(app, 'query ($id: ID!) { node(id: $id) { id } }', { id: missing });
    expect(one).toEqual({ status: 200, data: { node: null } });
    const many = await graphql(app, 'query ($ids: [ID!]!) { nodes(ids: $ids) { id } }', {
      ids: [missing, article, base64('Article:999999'), person, base64('Foo:1')],
    });
    expect(many).toEqual({ status: 200, data: { nodes: [null, { id: article }, null, { id: person }, null] } });
    expectNothingInternal();
  });
});

describe('cursors', () => {
  it('refuse a cursor from another connection, another order or a crafted one as BAD_USER_INPUT', async () => {
    const personCursor = await cursorOf('{ persons(first: 1) { pageInfo { endCursor } } }');
    const articleCursor = await cursorOf('{ articles(first: 1) { pageInfo { endCursor } } }');
    const coMentionCursor = await cursorOf(
      '{ persons(first: 1, orderBy: MENTIONS) { edges { node { coMentions(first: 1) { pageInfo { endCursor } } } } } }',
    );
    const cases: [string, string][] = [
      ['query ($c: String) { articles(after: $c) { edges { cursor } } }', personCursor],
      ['query ($c: String) { articles(before: $c) { edges { cursor } } }', personCursor],
      ['query ($c: String) { persons(after: $c, orderBy: MENTIONS) { edges { cursor } } }', personCursor],
      ['query ($c: String) { persons(after: $c) { edges { cursor } } }', articleCursor],
      [
        'query ($c: String) { places(after: $c, orderBy: DISTANCE, near: { latitude: 0, longitude: 0, radiusKm: 1 }) { edges { cursor } } }',
        articleCursor,
      ],
      ['query ($c: String) { quotes(after: $c) { edges { cursor } } }', personCursor],
      [
        'query ($c: String) { articles(first: 1) { edges { node { quotes(after: $c) { totalCount } } } } }',
        articleCursor,
      ],
      [
        'query ($c: String) { articles(first: 1) { edges { node { persons(after: $c) { totalCount } } } } }',
        articleCursor,
      ],
      ['query ($c: String) { articles(after: $c) { edges { cursor } } }', coMentionCursor],
      ['query ($c: String) { articles(after: $c) { edges { cursor } } }', 'garbage'],
      ['query ($c: String) { articles(after: $c) { edges { cursor } } }', base64('DC:J:{"x":1}')],
      ['query ($c: String) { articles(after: $c) { edges { cursor } } }', base64('DC:T:["D:-999999999999999","N:1"]')],
      ['query ($c: String) { articles(after: $c) { edges { cursor } } }', base64('DC:T:["D:1642522740000","N:1e300"]')],
      [
        'query ($c: String) { articles(after: $c) { edges { cursor } } }',
        base64(`DC:T:["S:${'x'.repeat(2000)}","N:1"]`),
      ],
      [
        'query ($c: String) { persons(first: 1) { edges { node { coMentions(after: $c) { edges { cursor } } } } } }',
        base64('OffsetConnection:-5'),
      ],
      [
        'query ($c: String) { persons(first: 1) { edges { node { coMentions(before: $c) { edges { cursor } } } } } }',
        base64('OffsetConnection:1.5'),
      ],
      [
        'query ($c: String) { places(first: 1) { edges { node { persons(after: $c) { edges { cursor } } } } } }',
        base64('OffsetConnection:'),
      ],
      [
        'query ($c: String) { places(first: 1) { edges { node { persons(after: $c) { edges { cursor } } } } } }',
        personCursor,
      ],
    ];
    for (const [query, cursor] of cases) {
      const { errors } = await graphql(app, query, { c: cursor });
      expect(
        errors?.map((e) => [e.message, e.extensions?.code]),
        `${query} ${cursor.slice(0, 40)}`,
      ).toEqual([['Invalid cursor: use a cursor this connection returned, with the same order.', 'BAD_USER_INPUT']]);
    }
    expectNothingInternal();
  });

  it('still page with the cursors they hand out', async () => {
    const after = await cursorOf('{ persons(first: 1, orderBy: MENTIONS) { pageInfo { endCursor } } }');
    const next = await graphql(
      app,
      'query ($c: String) { persons(first: 1, after: $c, orderBy: MENTIONS) { edges { cursor } } }',
      {
        c: after,
      },
    );
    expect(next.errors).toBeUndefined();
    const offset = await cursorOf(
      '{ persons(first: 1, orderBy: MENTIONS) { edges { node { coMentions(first: 1) { pageInfo { endCursor } } } } } }',
    );
    const more = await graphql(
      app,
      'query ($c: String) { persons(first: 1, orderBy: MENTIONS) { edges { node { coMentions(first: 1, after: $c) { edges { cursor } } } } } }',
      { c: offset },
    );
    expect(more.errors).toBeUndefined();
  });
});

describe('codes on every client error', () => {
  it('codes a wrong id type, first with last and a page size', async () => {
    const article = await firstId('articles');
    for (const [query, variables] of [
      ['query ($id: ID!) { person(id: $id) { name } }', { id: article }],
      ['{ articles(first: 1, last: 1) { edges { cursor } } }', {}],
      ['{ articles(first: 500) { edges { cursor } } }', {}],
      ['query ($id: ID!) { person(id: $id) { name } }', { id: base64('Person:01') }],
    ] as const) {
      const { errors } = await graphql(app, query, variables);
      expect(errors?.[0]?.extensions?.code, query).toBe('BAD_USER_INPUT');
    }
    expectNothingInternal();
  });

  it('codes every operation limit, with no "Syntax Error:" in front', async () => {
    let deep = 'name';
    for (let i = 0; i < 2; i++) deep = `articles { edges { node { persons { edges { node { ${deep} } } } } } }`;
    const page = `articles(first: 20) { totalCount edges { node { headline
      persons(first: 10) { totalCount edges { node { name title } } }
      places(first: 10) { totalCount edges { node { name countryCode } } }
      quotes(first: 10) { totalCount edges { node { text speaker { name title } } } } } } }`;
    const limits: [string, string][] = [
      ['depth', `{ persons { edges { node { ${deep} } } } }`],
      [
        'aliases',
        `{ ${Array.from({ length: OPERATION_LIMITS.maxAliases + 1 }, (_, i) => `a${i}: stats { articles }`).join(' ')} }`,
      ],
      ['tokens', `{ stats { ${Array.from({ length: OPERATION_LIMITS.maxTokens }, () => 'articles').join(' ')} } }`],
      ['cost', `{ a: ${page} b: ${page} c: ${page} }`],
      [
        'directives',
        '{ stats @include(if: true) @include(if: true) @include(if: true) @include(if: true) @include(if: true) @include(if: true) @include(if: true) @include(if: true) @include(if: true) @include(if: true) @include(if: true) { articles } }',
      ],
    ];
    for (const [limit, query] of limits) {
      database.resetStatements();
      const response = await graphql(app, query);
      const error = response.errors?.find((e) => e.extensions?.limit === limit);
      expect(error?.extensions?.code, limit).toBe('OPERATION_LIMIT_EXCEEDED');
      expect(error?.message).toMatch(/limit of \d+ exceeded/i);
      expect(response.errors?.map((e) => e.message).join('\n')).not.toMatch(/Syntax Error/);
      expect(response.status, limit).toBe(400);
      expect(database.statements).toEqual([]);
    }
  });
});

describe('HTTP status codes (GraphQL over HTTP)', () => {
  const post = (query: string, accept: string) =>
    app.fetch('http://test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept },
      body: JSON.stringify({ query }),
    });

  it.each([
    ['a page size refused before execution', '{ articles(first: 500) { totalCount } }'],
    ['an operation limit', `{ ${Array.from({ length: 21 }, (_, i) => `a${i}: stats { articles }`).join(' ')} }`],
    ['a validation error', '{ stats { articls } }'],
    ['a syntax error', '{ stats { articles } '],
  ])('answer %s with 400 for graphql-response+json and 200 for json', async (_name, query) => {
    const strict = await post(query, 'application/graphql-response+json');
    expect(strict.status).toBe(400);
    expect(((await strict.json()) as { data?: unknown }).data).toBeUndefined();
    const plain = await post(query, 'application/json');
    expect(plain.status).toBe(200);
  });

  it('answers a field error with data with 200 either way', async () => {
    for (const accept of ['application/graphql-response+json', 'application/json']) {
      const response = await post('{ articles(first: 1, last: 1) { edges { cursor } } }', accept);
      expect(response.status).toBe(200);
    }
  });
});

describe('input edges (issue 16 item 15)', () => {
  it('refuses a DateTime Postgres cannot hold, in a variable or in the document', async () => {
    const literal = await graphql(
      app,
      '{ articles(filter: { publishedAfter: "0000-01-01T00:00:00Z" }) { edges { cursor } } }',
    );
    expect(literal.status).toBe(400);
    expect(literal.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(literal.errors?.[0]?.message).toMatch(/DateTime must be from 0001/);
    const variable = await graphql(
      app,
      'query ($t: DateTime) { quotes(filter: { publishedAfter: $t }) { edges { cursor } } }',
      {
        t: '0000-01-01T00:00:00Z',
      },
    );
    expect(variable.status).toBe(400);
    expect(variable.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const fine = await graphql(app, '{ articles(filter: { publishedAfter: "0001-01-01T00:00:00Z" }) { totalCount } }');
    expect(fine.errors).toBeUndefined();
    expectNothingInternal();
  });

  it('answers a GET whose variables are not JSON with a coded 400', async () => {
    for (const accept of ['application/graphql-response+json', 'application/json']) {
      const response = await app.fetch(
        `http://test/graphql?query=${encodeURIComponent('query ($n: Int) { articles(first: $n) { totalCount } }')}&variables=%7Bbad`,
        { headers: { accept } },
      );
      expect(response.status).toBe(400);
      const body = (await response.json()) as { errors: { message: string; extensions: Record<string, unknown> }[] };
      expect(body.errors[0]?.extensions).toEqual({ code: 'BAD_REQUEST' });
      expect(body.errors[0]?.message).toMatch(/"variables"/);
    }
    expectNothingInternal();
  });

  it('answers a body that is not JSON with a coded 400 that does not echo the parser', async () => {
    const response = await app.fetch('http://test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
      body: '{"query": ',
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      errors: [{ message: 'POST body sent invalid JSON.', extensions: { code: 'BAD_REQUEST' } }],
    });
    expectNothingInternal();
  });
});
