import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EVAL_SETS, type SetScores, scoreSet } from '../scripts/eval.js';

// Scores on every set of ../shared/corpus with its own scorer (what `npm run eval` prints). A floor
// sits just under what the extractor reaches on that set (README, "Measured figures"), so a change
// that scores lower anywhere fails here; null where the set does not annotate the kind.
type Figure = 'persons' | 'places' | 'organizations' | 'quotes' | 'speaker' | 'canonical';
const FLOORS: Record<(typeof EVAL_SETS)[number], Partial<Record<Figure, number>>> = {
  seed: { persons: 100, places: 100, quotes: 100, canonical: 100 },
  wikinews: { persons: 93.5, places: 92.5, organizations: 85.1, quotes: 99, speaker: 95, canonical: 97 },
  'conll-dev': { persons: 94.5, places: 91.8, organizations: 86.3, canonical: 90.5 },
  'polnear-dev': { quotes: 96, speaker: 94 },
};

const shared = resolve(new URL('../../shared/', import.meta.url).pathname);
const present = existsSync(join(shared, 'eval/score.mjs'));
if (!present) console.warn(`skipping the corpus scores: no scorer at ${shared}/eval/score.mjs (../shared is not here)`);

function figures(s: SetScores): Record<Figure, number | null> {
  // Organisations count here once a set's predictions have any (a set without them scores 0).
  const orgCanon = s.organizations && s.organizations.f1 > 0 ? s.organizations.canonical : undefined;
  const canon = [s.persons?.canonical, s.places?.canonical, orgCanon].filter((c): c is number => typeof c === 'number');
  const pct = (x: number | null | undefined) => (x === null || x === undefined ? null : x * 100);
  return {
    persons: pct(s.persons?.f1),
    places: pct(s.places?.f1),
    organizations: pct(s.organizations?.f1),
    quotes: pct(s.quotes?.f1),
    speaker: pct(s.speakerAccuracy),
    canonical: canon.length ? Math.min(...canon) * 100 : null,
  };
}

describe.skipIf(!present)('extraction scores on ../shared/corpus', () => {
  it.each(EVAL_SETS)('keeps the %s scores at or above their floors', (set) => {
    const got = figures(scoreSet(shared, set).scores);
    for (const [name, floor] of Object.entries(FLOORS[set])) {
      const value = got[name as Figure];
      expect(value, `${set}: ${name} is not scored`).not.toBeNull();
      expect(value, `${set}: ${name} score`).toBeGreaterThanOrEqual(floor);
    }
  });
});
