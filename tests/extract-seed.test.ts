import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { extractArticle } from '../src/extract/index.js';

const seed = readFileSync(new URL('../seeds/000_b889685c8d47e0ee.txt', import.meta.url), 'utf8');
const goldPath = new URL('../../shared/corpus/seed/000_b889685c8d47e0ee.json', import.meta.url);

interface Gold {
  source: string;
  distributor: string;
  headline: string;
  publishedAt: string;
  persons: { name: string; title: string; affiliation: string }[];
  places: { name: string; countryCode: string; hint?: string }[];
  quotes: { text: string; speaker: string | null; speakerLabel: string }[];
}

describe('the seed article', () => {
  const article = extractArticle(seed);

  it('matches its golden file', async () => {
    await expect(`${JSON.stringify(article, null, 2)}\n`).toMatchFileSnapshot('fixtures/seed.golden.json');
  });

  it('gives every mention and quote offsets that point at its text', () => {
    for (const entity of [...article.persons, ...article.places]) {
      for (const m of entity.mentions) expect(article.body.slice(m.start, m.end)).toBe(m.text);
    }
    for (const q of article.quotes) {
      expect(article.body.slice(q.start, q.end).replace(/[\s,]+$/, '')).toBe(q.text);
    }
  });

  describe.skipIf(!existsSync(goldPath))('against the hand-made gold file in ../shared', () => {
    const gold = existsSync(goldPath) ? (JSON.parse(readFileSync(goldPath, 'utf8')) as Gold) : null;

    it('reads the wrapper and the date line', () => {
      expect(article).toMatchObject({
        source: gold?.source,
        distributor: gold?.distributor,
        headline: gold?.headline,
        publishedAt: gold?.publishedAt,
      });
    });

    it('finds exactly the gold people with their titles and affiliations', () => {
      const found = article.persons.map(({ name, title, affiliation }) => ({ name, title, affiliation }));
      const expected = gold?.persons.map(({ name, title, affiliation }) => ({ name, title, affiliation }));
      expect(found).toEqual(expected);
    });

    it('finds the gold places with their country codes', () => {
      const found = article.places.map(({ name, countryCode }) => ({ name, countryCode }));
      expect(found.sort((a, b) => a.name.localeCompare(b.name))).toEqual(
        gold?.places
          .map(({ name, countryCode }) => ({ name, countryCode }))
          .sort((a, b) => a.name.localeCompare(b.name)),
      );
    });

    it('finds the six quotes, all from the unnamed US official', () => {
      expect(article.quotes.map(({ text, speaker, speakerLabel }) => ({ text, speaker, speakerLabel }))).toEqual(
        gold?.quotes.map(({ text, speaker, speakerLabel }) => ({ text, speaker, speakerLabel })),
      );
    });
  });
});
