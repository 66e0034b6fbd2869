import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { train } from '../scripts/train-ner.js';
import { splitParagraphs } from '../src/extract/article.js';
import { gazetteer } from '../src/extract/gazetteer.js';
import { constrained, decode, tagEntities } from '../src/extract/ner.js';
import { TAG_COUNT } from '../src/extract/ner-features.js';
import { splitSentences, tokenize } from '../src/extract/tokens.js';

function tagged(text: string): string[] {
  const paragraphs = splitParagraphs(text);
  const tokens = tokenize(text, paragraphs);
  splitSentences(text, paragraphs, tokens);
  return tagEntities(text, tokens, gazetteer()).map(
    (e) =>
      `${e.kind}: ${tokens
        .slice(e.from, e.to)
        .map((t) => t.text)
        .join(' ')}`,
  );
}

describe('the entity tagger', () => {
  // A few decisions of the committed model, on sentences written for this test: names with no
  // cue in the lexicon, organisations named after places, a title before a name.
  it.each([
    [
      'Haruki Murakami signed copies of his new novel in Tokyo on Saturday.',
      ['person: Haruki Murakami', 'place: Tokyo'],
    ],
    [
      'The World Health Organization said the outbreak in Guinea was under control.',
      ['organisation: World Health Organization', 'place: Guinea'],
    ],
    ['Shares of Raytheon Technologies rose 3 percent after the announcement.', ['organisation: Raytheon Technologies']],
    ['Health Canada approved the vaccine on Tuesday.', ['organisation: Health Canada']],
    ['Governor of Oregon Tina Kotek signed the bill.', ['place: Oregon', 'person: Tina Kotek']],
    [
      'Ellen Johnson Sirleaf, the former president of Liberia, met officials in Monrovia.',
      ['person: Ellen Johnson Sirleaf', 'place: Liberia', 'place: Monrovia'],
    ],
    ['But the plan was rejected on Monday.', []],
  ])('%s', (text, expected) => {
    expect(tagged(text)).toEqual(expected);
  });

  it('never begins or ends a name on a lower-case connector', () => {
    for (const text of ['Bank of England officials met.', 'He met Ursula von der Leyen in Brussels.', 'A Of B of C.']) {
      const paragraphs = splitParagraphs(text);
      const tokens = tokenize(text, paragraphs);
      splitSentences(text, paragraphs, tokens);
      for (const e of tagEntities(text, tokens, gazetteer())) {
        expect(tokens[e.from]?.capitalised).toBe(true);
        expect(tokens[e.to - 1]?.capitalised).toBe(true);
      }
    }
  });

  it('reads odd text without throwing', () => {
    expect(tagged('')).toEqual([]);
    expect(tagged('...!!! ,,, "')).toEqual([]);
    const shouting = Array.from({ length: 20_000 }, (_, k) => `WORD${k % 7} Capital`).join(' ');
    expect(() => tagged(shouting)).not.toThrow();
  });
});

describe('decode', () => {
  it('finds the best allowed path: an I- tag only after its own B- or I-', () => {
    const emissions = new Float64Array(2 * TAG_COUNT);
    // I-PER is the best tag of the first position alone, but nothing may start with it.
    emissions[2] = 10;
    emissions[1] = 1;
    emissions[TAG_COUNT + 2] = 5;
    const path = new Int8Array(2);
    const margins = new Float64Array(2);
    const best = decode(emissions, 2, constrained(new Float64Array(TAG_COUNT * TAG_COUNT)), path, margins);
    expect([...path]).toEqual([1, 2]);
    expect(best).toBe(6);
    // The next best path labels the first token O (then B-anything second gives 0 + 0).
    expect(margins[0]).toBe(6);
  });
});

describe('training', () => {
  it('rebuilds the committed weights bit for bit from data/ner and the fixed seed', () => {
    const committed = readFileSync(join(import.meta.dirname, '../src/extract/ner-weights.json'), 'utf8');
    expect(train().json === committed).toBe(true);
  }, 300_000);
});
