import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { train } from '../scripts/train-ner.js';
import { splitParagraphs } from '../src/extract/article.js';
import { gazetteer } from '../src/extract/gazetteer.js';
import { extractArticle } from '../src/extract/index.js';
import { constrained, decode, EntityTagging, nerModel, tagEntities, tokenScores } from '../src/extract/ner.js';
import { NerDocument, TAG_COUNT } from '../src/extract/ner-features.js';
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
    ['Ellen Johnson Sirleaf met officials in Monrovia.', ['person: Ellen Johnson Sirleaf', 'place: Monrovia']],
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

describe('the tagger in extraction', () => {
  const wrap = (body: string) =>
    `Detta är en artikel från AFP.\n\nA headline\n\nTelegram från AFP / Omni\n18 January 2022, 17.19\n\n${body}`;
  // Decisions the rules leave to the tagger: a name with no cue is a person, and a place name
  // inside a club's name is no place unless a locative puts it on the map.
  it.each([
    ['Zelimkhan Yandarbiyev met the delegation.', ['Zelimkhan Yandarbiyev'], []],
    ['Toronto Blue Jays pitcher Pat Hentgen won his 15th game of the season.', ['Pat Hentgen'], []],
    ['The Michigan Wolverines beat the Ohio State Buckeyes on Saturday.', [], []],
    ['Ellen Johnson Sirleaf met officials in Monrovia.', ['Ellen Johnson Sirleaf'], ['Monrovia']],
  ])('%s', (body, persons, places) => {
    const a = extractArticle(wrap(body));
    expect(a.persons.map((p) => p.name)).toEqual(persons);
    expect(a.places.map((p) => p.name)).toEqual(places);
  });
});

describe('the fast path', () => {
  it('scores every candidate token as the features one by one do (per-word sums, dense tables)', () => {
    const dir = join(import.meta.dirname, 'fixtures/articles');
    const texts = [
      readFileSync(join(import.meta.dirname, '../seeds/000_b889685c8d47e0ee.txt'), 'utf8'),
      ...readdirSync(dir).map((f) => readFileSync(join(dir, f), 'utf8')),
      'Dr. Ann-Marie O\'Neill (R-Texas) told the U.N.: "No." Then THE END, & Co. of Bank of Tokyo-Mitsubishi UFJ’s.',
    ];
    const model = nerModel();
    let compared = 0;
    for (const text of texts) {
      const paragraphs = splitParagraphs(text);
      const tokens = tokenize(text, paragraphs);
      splitSentences(text, paragraphs, tokens);
      const doc = new NerDocument(text, tokens, model.lexicon, gazetteer());
      for (let i = 0; i < tokens.length; i++) {
        if (!doc.candidate[i]) continue;
        expect(tokenScores(model, doc, i, false)).toEqual(tokenScores(model, doc, i, true));
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(50);
  });

  it('scores as before once the pool of word sums has started over (more new words than it holds)', () => {
    const prepared = (text: string) => {
      const paragraphs = splitParagraphs(text);
      const tokens = tokenize(text, paragraphs);
      splitSentences(text, paragraphs, tokens);
      return { text, tokens };
    };
    const seed = prepared(readFileSync(join(import.meta.dirname, '../seeds/000_b889685c8d47e0ee.txt'), 'utf8'));
    const before = tagEntities(seed.text, seed.tokens, gazetteer());
    // 40,000 spellings never seen, two a sentence: the pool keeps the sums of 16,384 words.
    const coined = (i: number) => {
      let s = '';
      for (let n = i + 1; n > 0; n = Math.floor(n / 26)) s += String.fromCharCode(97 + (n % 26));
      return s;
    };
    const many = prepared(Array.from({ length: 20_000 }, (_, i) => `Zq${coined(i)} Xv${coined(i)} spoke.`).join(' '));
    tagEntities(many.text, many.tokens, gazetteer());
    expect(tagEntities(seed.text, seed.tokens, gazetteer())).toEqual(before);
    const model = nerModel();
    const doc = new NerDocument(seed.text, seed.tokens, model.lexicon, gazetteer());
    for (let i = 0; i < seed.tokens.length; i++)
      if (doc.candidate[i]) expect(tokenScores(model, doc, i, false)).toEqual(tokenScores(model, doc, i, true));
  });
});

describe('names of some stretches', () => {
  it('are the names all() finds in them, whichever stretches were decoded before', () => {
    const text = readFileSync(join(import.meta.dirname, '../seeds/000_b889685c8d47e0ee.txt'), 'utf8');
    const paragraphs = splitParagraphs(text);
    const tokens = tokenize(text, paragraphs);
    splitSentences(text, paragraphs, tokens);
    const every = tagEntities(text, tokens, gazetteer());
    const doc = new NerDocument(text, tokens, nerModel().lexicon, gazetteer());
    const tagging = new EntityTagging(text, tokens, gazetteer());
    const last = every[every.length - 1];
    if (last) tagging.around(last.from);
    // Every other stretch.
    let turn = 0;
    const wanted = new Set<number>();
    const some = [
      ...tagging.namesWhere((from) => {
        if (turn++ % 2 === 1) return false;
        wanted.add(from);
        return true;
      }),
    ];
    expect(wanted.size).toBeGreaterThan(2);
    expect(some.length).toBeGreaterThan(0);
    expect(some).toEqual(every.filter((e) => wanted.has(doc.stretchStart(e.from))));
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
