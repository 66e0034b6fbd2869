import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { syntheticCorpus } from '../bench/synthetic.js';
import { tokenize, wordEnd } from '../src/extract/tokens.js';

// The pattern the scanner implements, as the specification it is checked against.
const WORD = /(?:\p{L}\.){2,}|[\p{L}\p{M}][\p{L}\p{M}\p{N}]*(?:[-'’][\p{L}\p{M}\p{N}]+)*|\p{N}+(?:[.,:]\p{N}+)*/gu;

function byPattern(text: string): string[] {
  return [...text.matchAll(WORD)].map((m) => `${m.index}:${m[0]}`);
}

function byScanner(text: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < text.length) {
    const end = wordEnd(text, i);
    if (end < 0) {
      i += (text.codePointAt(i) as number) > 0xffff ? 2 : 1;
      continue;
    }
    out.push(`${i}:${text.slice(i, end)}`);
    i = end;
  }
  return out;
}

// A small deterministic generator, so a failure can be replayed.
function* randomTexts(count: number): Generator<string> {
  let seed = 7;
  const next = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed;
  };
  const pieces = [
    'a',
    'Z',
    'é',
    'e\u0301',
    '\u0301',
    '1',
    '٣',
    '.',
    ',',
    ':',
    '-',
    "'",
    '’',
    ' ',
    '\n',
    'U.S.',
    'ß',
    '中',
    '𝐀',
    '😀',
    '\ud800',
    '$',
    'İ',
  ];
  for (let n = 0; n < count; n++) {
    let text = '';
    const length = next() % 40;
    for (let k = 0; k < length; k++) text += pieces[next() % pieces.length];
    yield text;
  }
}

describe('tokenizer', () => {
  it('finds the same words as the pattern it implements, in real, synthetic and random text', () => {
    const texts: string[] = [];
    const shared = new URL('../../shared/corpus/wikinews/', import.meta.url).pathname;
    try {
      for (const f of readdirSync(shared).filter((n) => n.endsWith('.txt')))
        texts.push(readFileSync(join(shared, f), 'utf8'));
    } catch {
      // ../shared is not on a user's machine; the synthetic and random texts still run.
    }
    const corpus = syntheticCorpus();
    for (let i = 0; i < 50; i++) texts.push(corpus.article(i).text);
    texts.push(...randomTexts(5000));
    for (const text of texts) expect(byScanner(text)).toEqual(byPattern(text));
  });

  it('gives every token its own spelling, also past the size of its word table and for long words', () => {
    // Tokens' forms come from a table of spellings that is emptied when half full; 40,000
    // spellings read twice cross that point, in two-byte text (the curly quote) and with words
    // too long to be kept.
    const words: string[] = [];
    for (let n = 0; n < 40_000; n++)
      words.push(`${n % 2 ? 'W' : 'w'}ord${n.toString(36)}${n % 7 ? '' : 'x'.repeat(45)}`);
    const body = `“${words.join(' ')} ${words.join(' ')}`;
    const tokens = tokenize(body, [{ index: 0, start: 0, end: body.length, text: body }]);
    expect(tokens).toHaveLength(words.length * 2);
    for (const token of tokens) {
      expect(token.text).toBe(body.slice(token.start, token.end));
      expect(token.lower).toBe(token.text.toLowerCase());
      expect(token.capitalised).toBe(token.text.startsWith('W'));
    }
  });
});
