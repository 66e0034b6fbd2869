import type { ExtractedOrganization } from '../../extract/index.js';
import { compareCodePoints } from './people.js';

// Pure rules of the organisation graph across articles: which stored row each organisation an
// article names is linked to. As for people, every choice is a function of the articles stored.
//
// An article that writes "the World Health Organization (WHO)" is stored under the full name's
// key with the acronym it gives; one that writes "WHO" alone is stored under the key "who". The
// acronym alone is the full name's organisation wherever exactly one full name is stored with
// that acronym ("WHO" and "World Health Organization (WHO)"), and its own row where none is or
// where two or more are (two "PFA"s: nothing says which one an article meant).

/**
 * An acronym reduced to what identifies it: its ASCII letters and digits, in lower case ("U.N."
 * and "UN" are one). Postgres reduces it the same way (`lower(regexp_replace(s, '[^A-Za-z0-9]',
 * '', 'g'))`), which the migration that added these columns relies on. An acronym in another
 * script reduces to nothing and joins nothing.
 */
export function acronymKey(text: string): string {
  return text.replace(/[^A-Za-z0-9]/g, '').toLowerCase();
}

// A name written as an acronym alone: capitals, then capitals, digits, dots or ampersands ("WHO",
// "U.N.", "G7"); "Who" or "Airbus" is a name.
const ACRONYM_NAME = /^[A-Z][A-Z0-9.&]+$/;

/** What an article's organisation says of acronyms: which one it is written as, or which one it spells out. */
export interface AcronymForms {
  /** The acronym this organisation is written as alone in its article ("who" for "WHO"), or null. */
  abbreviates: string | null;
  /** The acronym the article gives this full name ("who" for "World Health Organization (WHO)"), or null. */
  expands: string | null;
}

export function acronymForms(o: Pick<ExtractedOrganization, 'key' | 'name' | 'acronym'>): AcronymForms {
  const own = acronymKey(o.key);
  if (!o.key.includes(' ') && ACRONYM_NAME.test(o.name) && own.length >= 2 && acronymKey(o.name) === own) {
    return { abbreviates: own, expands: null };
  }
  const given = o.acronym === null ? '' : acronymKey(o.acronym);
  return { abbreviates: null, expands: given.length >= 2 && given !== own ? given : null };
}

/** One organisation of one article: its own key and its acronym forms. */
export interface OrganizationLinkKey extends AcronymForms {
  key: string;
}

/**
 * The key of the row each organisation of one article is linked to. A full name is its own row;
 * an acronym alone is `target(acronym)`'s row (the one full name stored with that acronym) when
 * there is one, unless another organisation of the same article is linked to that row already
 * (the article names it in full too, without the acronym, or by a second acronym): one article
 * links a row once. Among the acronyms of one article that would share a row, the greatest key
 * takes it. The others keep their own rows.
 */
export function resolveOrganizations(
  links: OrganizationLinkKey[],
  target: (acronym: string) => string | undefined,
): Map<string, string> {
  const resolved = new Map<string, string>();
  const taken = new Set<string>();
  const moving: { key: string; to: string }[] = [];
  for (const l of links) {
    const to = l.abbreviates === null ? undefined : target(l.abbreviates);
    if (to === undefined || to === l.key) {
      resolved.set(l.key, l.key);
      taken.add(l.key);
    } else moving.push({ key: l.key, to });
  }
  moving.sort((a, b) => compareCodePoints(b.key, a.key));
  for (const m of moving) {
    const to = taken.has(m.to) ? m.key : m.to;
    resolved.set(m.key, to);
    taken.add(to);
  }
  // Should an acronym keeping its own row meet one that took that key as its target (a key that
  // is one article's acronym and another's full name), every acronym of the article keeps its own.
  if (new Set(resolved.values()).size < resolved.size) for (const m of moving) resolved.set(m.key, m.key);
  return resolved;
}

/**
 * The full name an acronym stands for, given the distinct keys stored (or written) with it:
 * the one key when there is exactly one, else none.
 */
export function targetOf(expansions: ReadonlySet<string> | undefined): string | undefined {
  return expansions?.size === 1 ? ([...expansions][0] as string) : undefined;
}
