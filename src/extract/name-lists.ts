import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { foldName } from './fold.js';

const require = createRequire(import.meta.url);
let cached: Set<string> | null = null;

/**
 * Given names and surnames from many languages (cspell's people-names dictionary, MIT), folded.
 * Read once from the installed package, as the gazetteer's data is: a static lexicon, not input.
 */
export function peopleNames(): Set<string> {
  if (!cached) {
    // The package exports only its cspell settings; the word list sits beside them.
    const settings = require.resolve('@cspell/dict-people-names/cspell-ext.json');
    const text = readFileSync(join(dirname(settings), 'dict', 'people-names.txt'), 'utf8');
    cached = new Set();
    for (const line of text.split('\n')) {
      const word = line.trim();
      if (word && !word.startsWith('#')) cached.add(foldName(word));
    }
  }
  return cached;
}

let givenCache: Set<string> | null = null;

/**
 * Given names of six languages' name lists (`gender-detection-from-name`, MIT: the names two of
 * them share, with the "Donald", "Zinedine" and "Habib" that stdlib's English lists lack), folded. They hold
 * words too ("said", "long", "young"), so a caller takes one for a given name only where the
 * article never writes it in lower case.
 */
export function moreGivenNames(): Set<string> {
  if (!givenCache) {
    // A name in two lists or more: one list alone holds junk ("morning", "nature", "journey").
    const lists = new Map<string, number>();
    for (const language of ['en', 'fr', 'es', 'it', 'de', 'tr']) {
      const names = require(`gender-detection-from-name/names/${language}.js`) as Map<string, string>;
      for (const name of names.keys()) lists.set(name, (lists.get(name) ?? 0) + 1);
    }
    givenCache = new Set();
    for (const [name, count] of lists) if (count >= 2 && name.length >= 3) givenCache.add(foldName(name));
  }
  return givenCache;
}
