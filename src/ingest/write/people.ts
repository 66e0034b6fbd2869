import type { ExtractedArticle, ExtractedPerson } from '../../extract/index.js';
import { foldName } from '../../extract/index.js';

// Pure rules of the person graph: which key each mention is stored under. Everything the loader
// decides about people is a function of the articles themselves, never of what loaded first.

/**
 * Orders strings by code point, as Postgres' "C" collation does (UTF-16 order differs above
 * U+E000): a choice made in JavaScript for one batch is the one SQL makes across batches.
 */
export function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    // A surrogate (an astral character) sorts after every other BMP unit in code-point order.
    const xs = x >= 0xd800 && x <= 0xdfff;
    const ys = y >= 0xd800 && y <= 0xdfff;
    if (xs !== ys) return xs ? 1 : -1;
    return x - y;
  }
  return a.length - b.length;
}

/** A surname alone ("blinken"), as against a full name ("antony blinken"). */
export function isLoneKey(key: string): boolean {
  return !key.includes(' ');
}

/** The folded last word of a key: where a lone surname looks for its full name. */
export function surnameOf(key: string): string {
  const space = key.lastIndexOf(' ');
  return space < 0 ? key : key.slice(space + 1);
}

/** A person as one article names them, once the article's own surnames have joined its full names. */
export interface ArticlePerson {
  key: string;
  surname: string;
  /** The name as written, the full one where the article gives it. */
  name: string;
  title: string | null;
  affiliationCode: string | null;
  /** The organisation and role the article ties the person to (the first mention that gives one). */
  organization: ExtractedPerson['organization'];
  mentions: ExtractedPerson['mentions'];
}

export interface ArticlePeople {
  /** Sorted by key; no two share one. */
  people: ArticlePerson[];
  /** The key of the person a quote's speaker names, if the article names that person. */
  speakerKey(speaker: string | null): string | null;
}

/**
 * The people of one article. A lone surname the article also spells out in full, once and only
 * once ("Antony Blinken … Blinken said"), is that person here, whatever other articles hold;
 * a lone surname left over is resolved across articles by `resolveKey`.
 */
export function articlePeople(article: Pick<ExtractedArticle, 'persons'>): ArticlePeople {
  const fullBySurname = new Map<string, string[]>();
  for (const p of article.persons) {
    if (isLoneKey(p.key)) continue;
    const list = fullBySurname.get(surnameOf(p.key)) ?? [];
    if (!list.includes(p.key)) list.push(p.key);
    fullBySurname.set(surnameOf(p.key), list);
  }
  const keyOf = new Map<string, string>();
  for (const p of article.persons) {
    const full = isLoneKey(p.key) ? fullBySurname.get(p.key) : undefined;
    keyOf.set(p.key, full?.length === 1 ? (full[0] as string) : p.key);
  }
  const byKey = new Map<string, ArticlePerson>();
  // Full names first, so that a surname joining one adds to it and never names it.
  const ordered = [...article.persons].sort(
    (a, b) => Number(isLoneKey(a.key)) - Number(isLoneKey(b.key)) || compareCodePoints(a.key, b.key),
  );
  for (const p of ordered) {
    const key = keyOf.get(p.key) as string;
    const known = byKey.get(key);
    if (!known) {
      byKey.set(key, {
        key,
        surname: surnameOf(key),
        name: p.name,
        title: p.title,
        affiliationCode: p.affiliationCode,
        organization: p.organization ?? null,
        mentions: [...p.mentions],
      });
      continue;
    }
    known.mentions = [...known.mentions, ...p.mentions].sort((a, b) => a.start - b.start || a.end - b.end);
    if (p.key === key && compareCodePoints(p.name, known.name) > 0) known.name = p.name;
    known.title ??= p.title;
    known.affiliationCode ??= p.affiliationCode;
    known.organization ??= p.organization ?? null;
  }
  const people = [...byKey.values()].sort((a, b) => compareCodePoints(a.key, b.key));
  return {
    people,
    speakerKey: (speaker) => {
      if (!speaker) return null;
      const key = keyOf.get(foldName(speaker));
      return key !== undefined && byKey.has(key) ? key : null;
    },
  };
}

/**
 * The key a person of an article is stored under: a full name is itself; a lone surname is the
 * one full name across all stored articles that ends in it, or itself when there are none or
 * several ("Biden" beside "Joe Biden" and "Hunter Biden").
 */
export function resolveKey(key: string, fullNames: (surname: string) => ReadonlySet<string> | undefined): string {
  if (!isLoneKey(key)) return key;
  const full = fullNames(key);
  return full?.size === 1 ? ([...full][0] as string) : key;
}
