// npm run bench:extract [-- --seconds S]
//
// Extraction speed on one core: the gazetteer's build time and heap, then articles per second over
// ../shared/corpus (the seed and the Wikinews articles) when it is there, or seeds/ and a slice of
// the synthetic corpus otherwise, repeated for a few seconds. Figures, not assertions.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { extractArticle, gazetteer } from '../src/extract/index.js';
import { syntheticCorpus } from './synthetic.js';

const { values } = parseArgs({ options: { seconds: { type: 'string', default: '5' } } });

function texts(): { label: string; texts: string[] } {
  const shared = new URL('../../shared/corpus/', import.meta.url).pathname;
  if (existsSync(shared)) {
    const list: string[] = [];
    for (const set of ['seed', 'wikinews']) {
      const dir = join(shared, set);
      for (const f of readdirSync(dir).filter((n) => n.endsWith('.txt') && n !== 'ATTRIBUTION.txt')) {
        list.push(readFileSync(join(dir, f), 'utf8'));
      }
    }
    return { label: `../shared/corpus (${list.length} articles)`, texts: list };
  }
  const seedDir = new URL('../seeds/', import.meta.url).pathname;
  const list = readdirSync(seedDir).map((f) => readFileSync(join(seedDir, f), 'utf8'));
  const corpus = syntheticCorpus();
  for (let i = 0; i < 200; i++) list.push(corpus.article(i).text);
  return { label: `seeds/ and 200 synthetic articles (no ../shared here)`, texts: list };
}

const heapBefore = process.memoryUsage().heapUsed;
let t = performance.now();
gazetteer();
const buildMs = performance.now() - t;
global.gc?.();
const heapMb = (process.memoryUsage().heapUsed - heapBefore) / 1e6;

const { label, texts: corpus } = texts();
const chars = corpus.reduce((sum, x) => sum + x.length, 0);
for (const text of corpus) extractArticle(text); // warm-up
const seconds = Number(values.seconds);
let n = 0;
t = performance.now();
while (performance.now() - t < seconds * 1000) {
  for (const text of corpus) {
    extractArticle(text);
    n++;
  }
}
const elapsed = (performance.now() - t) / 1000;
console.log(`corpus: ${label}, ${Math.round(chars / corpus.length)} characters an article on average`);
console.log(`gazetteer: built in ${buildMs.toFixed(0)} ms, ${heapMb.toFixed(0)} MB of heap`);
console.log(
  `extraction: ${n} articles in ${elapsed.toFixed(1)} s on one core = ${(n / elapsed).toFixed(0)} articles/s`,
);
