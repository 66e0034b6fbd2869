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
