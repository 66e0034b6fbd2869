import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compactJson, compactJsonBytes, compiledResult } from '../src/graphql/compiled/response-text.js';
import { createTestDatabase, type TestDatabase } from './helpers/database.js';

// The compiled tier hands Postgres' JSON text back as the response (issue 17): it must be byte for
// byte what JSON.stringify writes of the value the text holds, as the normal path printed it.

let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
});

afterAll(async () => {
  await database?.destroy();
});

/** Postgres' own text of json_build_object('data', json_build_object(...)) over the given SQL values. */
async function postgresJson(values: string): Promise<string> {
  const result = (await database.db.execute(
    sql.raw(`select json_build_object('data', json_build_object(${values}))::text as t`),
  )) as unknown as { rows?: { t: string }[] } | { t: string }[];
  const rows = Array.isArray(result) ? result : (result.rows ?? []);
  return rows[0]?.t as string;
}

const printed = (text: string) => JSON.stringify(JSON.parse(text));

describe('compactJson', () => {
  it('writes what Postgres builds as JSON.stringify writes it: strings, escapes, numbers, nesting', async () => {
    const text = await postgresJson(
      [
        `'plain', 'Zoë ☃ 東京 "quoted" \\ back'`,
        `'controls', E'a\\nb\\tc\\rd\\be\\ff\\u0001g\\u001fh\\u007f'`,
        `'spaces', ' a : b , c '`,
        `'ints', json_build_array(0, -5, 2147483647, 9007199254740991::bigint)`,
        `'doubles', json_build_array(52.1::float8, -0.5::float8, 0.1::float8 + 0.2::float8, 123456789012345.6::float8, 0.0001::float8)`,
        `'nested', json_build_object('empty', '[]'::json, 'obj', json_build_object(), 't', true, 'f', false, 'n', null)`,
        `'agg', (select json_agg(json_build_object('i', i, 's', 'x' || i)) from generate_series(1, 3) i)`,
        `'spans', '[{"start": 1, "end": 5}]'::jsonb`,
      ].join(', '),
    );
    expect(text).toContain(' : ');
    const compact = compactJson(text);
    expect(compact).not.toBeNull();
    expect(compact).toBe(printed(text));
  });

  it('leaves to JSON.stringify the numbers Postgres writes otherwise', async () => {
    for (const value of [
      '0.00001::float8',
      '1e16::float8',
      "'-0'::float8",
      '12345678901234567890::numeric',
      '1.50::numeric',
    ]) {
      const text = await postgresJson(`'x', ${value}`);
      expect(printed(text)).not.toBe(text.replace(/ /g, ''));
      expect(compactJson(text), value).toBeNull();
    }
  });

  it('never differs from JSON.stringify: escapes and numbers written by hand', () => {
    const cases = [
      '{"a" : "\\/"}',
      '{"a" : "\\u0041"}',
      '{"a" : "\\u00E9"}',
      '{"a" : "\\u0008"}',
      '{"a" : "\\ud83d\\ude00"}',
      '{"a" : "x\\\\"}',
      '{"a" : "\\\\u0041"}',
      '{"a" : "\\"", "b" : 1}',
      '{"a" : 1.0}',
      '{"a" : 01}',
      '{"a" : 1E5}',
      '{"a" : [1 ,2\n,\t3]}',
      '{"a":1}',
      '{"a" : "T02:30:00Z", "b" : -12.25}',
    ];
    for (const text of cases) {
      const compact = compactJson(text);
      if (compact !== null) expect(compact, text).toBe(printed(text));
    }
    expect(compactJson('{"a" : [1 ,2\n,\t3]}')).toBe('{"a":[1,2,3]}');
    expect(compactJson('{"a" : "T02:30:00Z", "b" : -12.25}')).toBe('{"a":"T02:30:00Z","b":-12.25}');
  });
});

describe('compactJsonBytes', () => {
  /** compactJson's text in UTF-8, or null where it is null: what the fast path sends. */
  const same = (text: string) => {
    const compact = compactJson(text);
    const bytes = compactJsonBytes(text);
    expect(bytes === null ? null : bytes.toString('hex'), text).toBe(
      compact === null ? null : Buffer.from(compact).toString('hex'),
    );
  };

  it('is compactJson in UTF-8 for what Postgres builds and for escapes and numbers by hand', async () => {
    same(
      await postgresJson(
        `'plain', 'Zoë ☃ 東京 😀 "quoted" \\ back', 'controls', E'a\\nb\\u0001g\\u001fh\\u007f', 'n', json_build_array(0, -5, 52.1::float8)`,
      ),
    );
    for (const value of ['0.00001::float8', "'-0'::float8", '1.50::numeric']) same(await postgresJson(`'x', ${value}`));
    for (const text of [
      '{"a" : "\\/"}',
      '{"a" : "\\u0041"}',
      '{"a" : "\\u00E9"}',
      '{"a" : "\\u0008"}',
      '{"a" : "\\u000b"}',
      '{"a" : "\\u001f"}',
      '{"a" : "\\u0020"}',
      '{"a" : "\\ud83d\\ude00"}',
      '{"a" : "x\\\\"}',
      '{"a" : "\\"", "b" : 1}',
      '{"a" : 1.0}',
      '{"a" : [1 ,2\n,\t3]}',
      '{"a" : "unterminated',
      '{"a" : "\\u00',
    ]) {
      same(text);
    }
  });

  it('is compactJson in UTF-8 for 2,000 random documents', () => {
    // A fixed seed: the same documents every run.
    let seed = 17;
    const random = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return seed / 2_147_483_648;
    };
    const pieces = ['a', ' ', 'Zoë', '東', '😀', '\\n', '\\"', '\\\\', '\\u0001', '\\u00e9', '\\/', ':', ',', '\ud800'];
    const value = (depth: number): string => {
      const r = random();
      if (depth > 3 || r < 0.3) {
        const parts = Array.from(
          { length: Math.floor(random() * 5) },
          () => pieces[Math.floor(random() * pieces.length)],
        );
        return `"${parts.join('')}"`;
      }
      if (r < 0.45) return ['0', '-5', '1.5', '1e-05', '-0', '12', 'true', 'null'][Math.floor(random() * 8)] as string;
      const items = Array.from({ length: Math.floor(random() * 4) }, () => value(depth + 1));
      if (r < 0.7) return `[${items.join(random() < 0.5 ? ', ' : ',\n ')}]`;
      return `{${items.map((v, i) => `"k${i}" : ${v}`).join(', ')}}`;
    };
    let compacted = 0;
    for (let i = 0; i < 2000; i++) {
      const text = `{"data" : ${value(0)}}`;
      same(text);
      if (compactJson(text) !== null) compacted++;
    }
    // Both answers are tried: those compacted, and those left to JSON.stringify.
    expect(compacted).toBeGreaterThan(200);
    expect(compacted).toBeLessThan(1800);
  });
});

describe('compiledResult', () => {
  const text = '{"data" : {"article" : {"id" : "QXJ0aWNsZTox", "n" : 3}}}';

  it('prints as its text without parsing it', () => {
    const result = compiledResult(text) as { stringify?: (value: unknown) => string };
    expect(result.stringify?.(result)).toBe('{"data":{"article":{"id":"QXJ0aWNsZTox","n":3}}}');
    expect(Object.keys(result)).toEqual(['data']);
  });

  it('is printed anew once a plugin reads, replaces or adds to it, or copies it', () => {
    const read = compiledResult(text) as { data?: { article: { n: number } }; stringify?: (value: unknown) => string };
    (read.data as { article: { n: number } }).article.n = 4;
    expect(read.stringify?.(read)).toBe('{"data":{"article":{"id":"QXJ0aWNsZTox","n":4}}}');

    const replaced = compiledResult(text) as { data?: unknown; stringify?: (value: unknown) => string };
    replaced.data = null;
    expect(replaced.stringify?.(replaced)).toBe('{"data":null}');

    const added = compiledResult(text) as { errors?: unknown[]; stringify?: (value: unknown) => string };
    added.errors = [{ message: 'x' }];
    expect(added.stringify?.(added)).toBe(
      '{"data":{"article":{"id":"QXJ0aWNsZTox","n":3}},"errors":[{"message":"x"}]}',
    );

    const copied = { ...compiledResult(text), extensions: { a: 1 } };
    expect(JSON.stringify(copied)).toBe('{"data":{"article":{"id":"QXJ0aWNsZTox","n":3}},"extensions":{"a":1}}');
  });

  it('parses text it cannot hand back as it is', () => {
    const result = compiledResult('{"data" : {"x" : 1e-05}}') as { stringify?: unknown; data?: unknown };
    expect(result.stringify).toBeUndefined();
    expect(result.data).toEqual({ x: 0.00001 });
  });
});
