import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const seedFile = new URL('../../seeds/000_b889685c8d47e0ee.txt', import.meta.url);

/**
 * A folder of `count` articles made from the seed: each its own day in January 2022 and its own
 * headline, so that every one is a distinct article naming the same people and places. Variants
 * `from` on differ from those before it.
 */
export async function seedVariants(count: number, from = 0): Promise<string> {
  const seed = await readFile(seedFile, 'utf8');
  const dir = await mkdtemp(join(tmpdir(), 'newsgraph-variants-'));
  for (let i = from; i < from + count; i++) {
    const day = 1 + (i % 28);
    const text = seed
      .replace('Blinken, Russian FM to meet in Geneva Friday on Ukraine', `Talks on Ukraine, day ${i + 1}`)
      .replace('18 January 2022, 17.19', `${day} January 2022, ${String(8 + (i % 12)).padStart(2, '0')}.00`);
    await writeFile(join(dir, `variant-${String(i).padStart(3, '0')}.txt`), text);
  }
  return dir;
}
