import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { syntheticCorpus } from '../bench/synthetic.js';
import { foldedText } from '../src/extract/chunks.js';
import { gazetteer, mayNameAPlace } from '../src/extract/gazetteer.js';
import { type Token, tokenize } from '../src/extract/tokens.js';

// mayNameAPlace answers "no such name" in place of three look-ups: it must never say so of a
// name the maps hold.
const gaz = gazetteer();
const paragraph = (text: string) => [{ index: 0, start: 0, end: text.length, text }];
const named = (key: string) => gaz.byName.has(key) || gaz.demonyms.has(key) || gaz.knownPlaces.has(key);

describe('mayNameAPlace', () => {
  it('says "look it up" for the tokens of every name and demonym of the gazetteer', () => {
    let checked = 0;
    for (const key of [...gaz.byName.keys(), ...gaz.demonyms.keys()]) {
      const tokens = tokenize(key, paragraph(key));
      if (tokens.length === 0 || foldedText(tokens, 0, tokens.length) !== key) continue;
      checked++;
      if (!mayNameAPlace(gaz, tokens, 0, tokens.length)) expect.fail(`"${key}" would not be looked up`);
    }
    expect(checked).toBeGreaterThan(30_000);
  });

  it('rules out only runs of tokens that no map holds (seeds/ and 200 synthetic articles)', () => {
    const seedDir = new URL('../seeds/', import.meta.url).pathname;
    const texts = readdirSync(seedDir).map((f) => readFileSync(join(seedDir, f), 'utf8'));
    const corpus = syntheticCorpus();
    for (let i = 0; i < 200; i++) texts.push(corpus.article(i).text);
    let ruledOut = 0;
    for (const text of texts) {
      const tokens: Token[] = tokenize(text, paragraph(text));
      for (let from = 0; from < tokens.length; from++) {
        for (let to = from + 1; to <= Math.min(tokens.length, from + 6); to++) {
          if (mayNameAPlace(gaz, tokens, from, to)) continue;
          ruledOut++;
          const whole = foldedText(tokens, from, to);
          if (named(whole)) expect.fail(`"${whole}" is a name but was ruled out`);
        }
      }
    }
    expect(ruledOut).toBeGreaterThan(10_000);
  });
});
