import { sql } from 'drizzle-orm';
import { articlePersons, organizations, persons, places } from '../../db/schema.js';
import type { ExtractedArticle, ExtractedOrganization, ExtractedPlace, ExtractedQuote } from '../../extract/index.js';
import { type AcronymForms, acronymForms, resolveOrganizations } from './organizations.js';
import { type ArticlePeople, articlePeople, compareCodePoints, isLoneKey, resolveKey, surnameOf } from './people.js';
import type { Plan } from './plan.js';
import { arrayParam, rowsOf, type Tx } from './sql.js';

/** An article whose rows this batch writes, with its people as the article itself resolves them. */
export interface WrittenArticle {
  articleId: number;
  publishedAt: Date;
  people: ArticlePeople;
  places: ExtractedPlace[];
  /** Sorted by key; no two share one. */
  organizations: ExtractedOrganization[];
  /** The acronym forms of each organisation, by its key. */
  acronyms: Map<string, AcronymForms>;
  /**
   * The key of the stored row each organisation is linked to, by its own key: itself, or for an
   * acronym alone, its full name's (see `resolveOrganizationKeys`). Its own key until resolved.
   */
  organizationKey: (key: string) => string;
  quotes: ExtractedQuote[];
}

// A btree index entry holds at most about 2,700 bytes, so a key is cut to this many UTF-16 units
// (at most 1,500 bytes of UTF-8): the name itself is stored whole, however long.
const MAX_KEY_LENGTH = 500;

/** An organisation's key as stored: the extractor's, cut short enough for the unique index. */
export function storedOrganizationKey(key: string): string {
  if (key.length <= MAX_KEY_LENGTH) return key;
  const cut = key.charCodeAt(MAX_KEY_LENGTH - 1);
  // Never half of a surrogate pair.
  return key.slice(0, cut >= 0xd800 && cut <= 0xdbff ? MAX_KEY_LENGTH - 1 : MAX_KEY_LENGTH);
}

/** The organisations of one article, one per key (mentions of a key given twice joined), sorted by key. */
export function articleOrganizations(article: Pick<ExtractedArticle, 'organizations'>): ExtractedOrganization[] {
  const byKey = new Map<string, ExtractedOrganization>();
  for (const found of article.organizations ?? []) {
    const o = { ...found, key: storedOrganizationKey(found.key) };
    const known = byKey.get(o.key);
    if (!known) {
      byKey.set(o.key, { ...o, mentions: [...o.mentions] });
      continue;
    }
    known.mentions = [...known.mentions, ...o.mentions].sort((a, b) => a.start - b.start || a.end - b.end);
    if (compareCodePoints(o.name, known.name) > 0) known.name = o.name;
    known.acronym ??= o.acronym;
    if (known.kind === 'other') known.kind = o.kind;
    known.countryCode ??= o.countryCode;
  }
  return [...byKey.values()].sort((a, b) => compareCodePoints(a.key, b.key));
}

export function writtenArticles(plans: Plan[]): WrittenArticle[] {
  return plans.map((plan) => {
    const organizations = articleOrganizations(plan.item.article);
    return {
      articleId: plan.articleId as number,
      publishedAt: new Date(plan.item.article.publishedAt),
      people: articlePeople(plan.item.article),
      places: plan.item.article.places,
      organizations,
      acronyms: new Map(organizations.map((o) => [o.key, acronymForms(o)])),
      organizationKey: (key: string) => key,
      quotes: plan.item.article.quotes,
    };
  });
}

/** The acronyms a batch's organisations are written as or spell out. */
export function acronymsOf(written: WrittenArticle[]): {
  abbreviated: Set<string>;
  expanded: Map<string, Set<string>>;
} {
  const abbreviated = new Set<string>();
  const expanded = new Map<string, Set<string>>();
  for (const w of written) {
    for (const [key, forms] of w.acronyms) {
      if (forms.abbreviates !== null) abbreviated.add(forms.abbreviates);
      if (forms.expands !== null) expanded.set(forms.expands, (expanded.get(forms.expands) ?? new Set()).add(key));
    }
  }
  return { abbreviated, expanded };
}

/** Links each article's organisations to their rows, given the full name each acronym stands for (if any). */
export function resolveOrganizationKeys(
  written: WrittenArticle[],
  target: (acronym: string) => string | undefined,
): void {
  for (const w of written) {
    const resolved = resolveOrganizations(
      w.organizations.map((o) => ({ key: o.key, ...(w.acronyms.get(o.key) as AcronymForms) })),
      target,
    );
    w.organizationKey = (key) => resolved.get(key) ?? key;
  }
}

/** The organisation that said a quote, when the article names it: its key, or null. */
export function speakerOrganizationKey(w: WrittenArticle, quote: ExtractedQuote): string | null {
  const key = quote.speakerOrganization === null ? null : storedOrganizationKey(quote.speakerOrganization);
  return key && w.organizations.some((o) => o.key === key) ? key : null;
}

/** The organisation an article ties a person to, when the article names it. */
export function affiliationOf(
  w: WrittenArticle,
  person: { organization: { key: string; role: string | null } | null },
): { key: string; role: string | null } | null {
  if (!person.organization) return null;
  const org = { ...person.organization, key: storedOrganizationKey(person.organization.key) };
  return w.organizations.some((o) => o.key === org.key) ? org : null;
}

// Writers serialise on the surnames, places and organisations they touch, taken as advisory locks
// held until commit: a lone surname is resolved only against full names that are committed or its
// own, so two batches written at once give what one after the other would, and a row is never
// dropped as an orphan while another writer links to it. Each kind hashes into a fixed number of
// locks (a batch takes at most 3 × 64) so that the lock table never fills.
const LOCK_SPACE = 0x6e67; // any fixed number; the migration lock uses the one-argument form
const BUCKETS = 64;

function bucket(text: string): number {
  // FNV-1a: the same bucket in every process.
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return (h >>> 0) % BUCKETS;
}

/**
 * Takes the locks on the given surnames, places and organisation keys, in one order for every
 * writer. With `everyOrganization` (a batch that writes or removes an acronym, or a full name
 * with one), all organisation locks: an acronym's links may move between rows of any key, and
 * which full name it stands for must hold still while the batch links it.
 */
export async function lockEntities(
  tx: Tx,
  surnames: Iterable<string>,
  gazetteerIds: Iterable<string>,
  organizationKeys: Iterable<string>,
  everyOrganization = false,
): Promise<void> {
  const keys = new Set<number>();
  for (const s of surnames) keys.add(bucket(s));
  for (const g of gazetteerIds) keys.add(BUCKETS + bucket(g));
  if (everyOrganization) for (let b = 0; b < BUCKETS; b++) keys.add(2 * BUCKETS + b);
  else for (const o of organizationKeys) keys.add(2 * BUCKETS + bucket(o));
  if (!keys.size) return;
  const sorted = [...keys].sort((a, b) => a - b);
  await tx.execute(sql`select pg_advisory_xact_lock(${LOCK_SPACE}, k) from unnest(${arrayParam(sorted, 'int')}) as k`);
}

/** The stored people with the given surnames, and which full names some article spells out. */
export interface StoredNames {
  /** Name by key, for every stored person with one of the surnames. */
  names: Map<string, string>;
  /** Full names an article spells out, by surname: what a lone surname may join. */
  spelled: Map<string, Set<string>>;
}

/**
 * Reads the people of the given surnames. Every committed transaction leaves each full name
 * spelled out by some article (one that is not is reconciled away before commit), so only the
 * people whose links this transaction removed need looking at.
 */
export async function readNames(tx: Tx, surnames: string[], removedPersons: number[]): Promise<StoredNames> {
  const names = new Map<string, string>();
  const spelled = new Map<string, Set<string>>();
  if (!surnames.length) return { names, spelled };
  const unspelled = new Set<number>();
  if (removedPersons.length) {
    for (const row of await rowsOf<{ id: number }>(
      tx,
      // LIMIT 1 keeps this a look-up per person: unlimited, Postgres hashes every link of every article.
      sql`select p.id from ${persons} p where p.id = any(${arrayParam(removedPersons, 'int')}) and strpos(p.key, ' ') > 0
          and not exists (select 1 from ${articlePersons} ap where ap.person_id = p.id and ap.name_key = p.key limit 1)`,
    )) {
      unspelled.add(row.id);
    }
  }
  for (const row of await rowsOf<{ id: number; key: string; surname: string; name: string }>(
    tx,
    sql`select id, key, surname, name from ${persons} where surname = any(${arrayParam(surnames, 'text')})`,
  )) {
    names.set(row.key, row.name);
    if (!isLoneKey(row.key) && !unspelled.has(row.id)) {
      spelled.set(row.surname, (spelled.get(row.surname) ?? new Set()).add(row.key));
    }
  }
  return { names, spelled };
}

/** Full names by surname once this batch is in: the stored ones and the batch's own. */
export function fullNamesAfter(stored: StoredNames, written: WrittenArticle[]): Map<string, Set<string>> {
  const after = new Map([...stored.spelled].map(([s, keys]) => [s, new Set(keys)]));
  for (const w of written) {
    for (const p of w.people.people) {
      if (!isLoneKey(p.key)) after.set(p.surname, (after.get(p.surname) ?? new Set()).add(p.key));
    }
  }
  return after;
}

/** What a batch adds to one stored person: the upsert's values. */
export interface PersonRow {
  key: string;
  name: string;
  surname: string;
  aliases: string[];
  title: string | null;
  titleAt: Date | null;
  affiliationCountryCode: string | null;
  affiliationAt: Date | null;
  articleCount: number;
  mentionCount: number;
  quoteCount: number;
}

/** Is (at, value) later than (bestAt, best)? Equal times go to the greater value, so order never matters. */
function later(at: Date, value: string, bestAt: Date | null, best: string | null): boolean {
  if (bestAt === null || best === null) return true;
  const d = at.getTime() - bestAt.getTime();
  return d > 0 || (d === 0 && compareCodePoints(value, best) > 0);
}

/**
 * The person rows of a batch, one per stored key, each with what the batch adds: counts, the
 * spellings seen, the latest title and country. Every choice is one a later batch can merge
 * with by the same rule (sums, unions, the latest by time then value), so the stored row does
 * not depend on how the articles were batched.
 */
export function personRows(
  written: WrittenArticle[],
  keyFor: (key: string) => string,
  storedNames: Map<string, string>,
): PersonRow[] {
  const rows = new Map<string, PersonRow & { forms: Set<string>; named: boolean }>();
  for (const w of written) {
    for (const p of w.people.people) {
      const key = keyFor(p.key);
      let row = rows.get(key);
      if (!row) {
        row = {
          key,
          name: storedNames.get(key) ?? p.name,
          named: false,
          surname: surnameOf(key),
          aliases: [],
          forms: new Set(),
          title: null,
          titleAt: null,
          affiliationCountryCode: null,
          affiliationAt: null,
          articleCount: 0,
          mentionCount: 0,
          quoteCount: 0,
        };
        rows.set(key, row);
      }
      row.articleCount++;
      row.mentionCount += p.mentions.length;
      for (const m of p.mentions) row.forms.add(m.text);
      row.forms.add(p.name);
      // A full name is named by its own spellings, never by a surname that joined it.
      if (p.key === key && (!row.named || compareCodePoints(p.name, row.name) > 0)) {
        row.name = p.name;
        row.named = true;
      }
      if (p.title && later(w.publishedAt, p.title, row.titleAt, row.title)) {
        row.title = p.title;
        row.titleAt = w.publishedAt;
      }
      if (p.affiliationCode && later(w.publishedAt, p.affiliationCode, row.affiliationAt, row.affiliationCountryCode)) {
        row.affiliationCountryCode = p.affiliationCode;
        row.affiliationAt = w.publishedAt;
      }
    }
    for (const q of w.quotes) {
      const speaker = w.people.speakerKey(q.speaker);
      if (speaker === null) continue;
      const row = rows.get(keyFor(speaker));
      if (row) row.quoteCount++;
    }
  }
  return [...rows.values()]
    .map(({ forms, named: _named, ...row }) => {
      // A stored name that stays the greater one is not an alias either.
      const stored = storedNames.get(row.key);
      const name = stored !== undefined && compareCodePoints(stored, row.name) > 0 ? stored : row.name;
      forms.delete(name);
      return { ...row, aliases: [...forms].sort(compareCodePoints) };
    })
    .sort((a, b) => compareCodePoints(a.key, b.key));
}

/**
 * Upserts the batch's people with what it adds to each, in one statement of one array per column
 * (a multi-row VALUES list of thousands of parameters costs more to build than to run); returns
 * the id of every key.
 */
export async function upsertPersons(tx: Tx, rows: PersonRow[]): Promise<Map<string, number>> {
  const ids = new Map<string, number>();
  if (!rows.length) return ids;
  const col = <K extends keyof PersonRow>(key: K, type: string, map?: (v: PersonRow[K]) => unknown) =>
    arrayParam(
      rows.map((r) => (map ? map(r[key]) : r[key])),
      type,
    );
  const at = (d: Date | null) => d?.toISOString() ?? null;
  const name = sql`greatest(p.name collate "C", excluded.name collate "C")`;
  // The latest by time, then by value: the same rule as `later`.
  const titleLater = sql`excluded.title is not null and (p.title is null or p.title_at is null
    or (excluded.title_at, excluded.title collate "C") > (p.title_at, p.title collate "C"))`;
  const countryLater = sql`excluded.affiliation_country_code is not null and (p.affiliation_country_code is null
    or p.affiliation_at is null
    or (excluded.affiliation_at, excluded.affiliation_country_code collate "C") > (p.affiliation_at, p.affiliation_country_code collate "C"))`;
  const result = await rowsOf<{ id: number; key: string }>(
    tx,
    sql`insert into ${persons} as p (key, name, surname, aliases, title, title_at, affiliation_country_code,
        affiliation_at, article_count, mention_count, quote_count)
      select k, n, s, array(select jsonb_array_elements_text(a)), t, ta, c, ca, ac, mc, qc
      from unnest(${col('key', 'text')}, ${col('name', 'text')}, ${col('surname', 'text')},
        ${col('aliases', 'jsonb', (a) => JSON.stringify(a))}, ${col('title', 'text')}, ${col('titleAt', 'timestamptz', at)},
        ${col('affiliationCountryCode', 'text')}, ${col('affiliationAt', 'timestamptz', at)},
        ${col('articleCount', 'int')}, ${col('mentionCount', 'int')}, ${col('quoteCount', 'int')})
        as t(k, n, s, a, t, ta, c, ca, ac, mc, qc)
      on conflict (key) do update set
        name = ${name},
        -- Rebuilt only when a new form or name turns up: most batches bring none.
        aliases = case when excluded.aliases <@ p.aliases and excluded.name = p.name then p.aliases
          else array(select distinct a collate "C" from unnest(p.aliases || excluded.aliases || array[p.name, excluded.name]) a
            where a <> ${name} order by 1) end,
        title = case when ${titleLater} then excluded.title else p.title end,
        title_at = case when ${titleLater} then excluded.title_at else p.title_at end,
        affiliation_country_code = case when ${countryLater} then excluded.affiliation_country_code else p.affiliation_country_code end,
        affiliation_at = case when ${countryLater} then excluded.affiliation_at else p.affiliation_at end,
        -- Totals grow in the same statement: one write per person per batch.
        article_count = p.article_count + excluded.article_count,
        mention_count = p.mention_count + excluded.mention_count,
        quote_count = p.quote_count + excluded.quote_count,
        updated_at = now()
      returning id, key`,
  );
  for (const row of result) ids.set(row.key, row.id);
  return ids;
}

/** Upserts the batch's places with the articles and mentions it adds; returns the id of every gazetteer id. */
export async function upsertPlaces(tx: Tx, written: WrittenArticle[]): Promise<Map<string, number>> {
  const byId = new Map<
    string,
    { place: ExtractedPlace; articleCount: number; mentionCount: number; forms: Set<string> }
  >();
  for (const w of written) {
    for (const p of w.places) {
      let row = byId.get(p.gazetteerId);
      if (row) {
        row.articleCount++;
        row.mentionCount += p.mentions.length;
      } else {
        row = { place: p, articleCount: 1, mentionCount: p.mentions.length, forms: new Set() };
        byId.set(p.gazetteerId, row);
      }
      for (const m of p.mentions) if (m.text !== p.name) row.forms.add(m.text);
    }
  }
  const ids = new Map<string, number>();
  if (!byId.size) return ids;
  const rows = [...byId.values()]
    .map((r) => ({ ...r, aliases: [...r.forms].sort(compareCodePoints) }))
    .sort((a, b) => compareCodePoints(a.place.gazetteerId, b.place.gazetteerId));
  const col = (value: (r: (typeof rows)[number]) => unknown, type: string) => arrayParam(rows.map(value), type);
  const result = await rowsOf<{ id: number; gazetteer_id: string }>(
    tx,
    sql`insert into ${places} as p (gazetteer_id, name, kind, country_code, latitude, longitude, article_count, mention_count, aliases)
      select g, n, k, c, la, lo, ac, mc, array(select jsonb_array_elements_text(al)) from unnest(
        ${col((r) => r.place.gazetteerId, 'text')}, ${col((r) => r.place.name, 'text')},
        ${col((r) => r.place.kind, 'text')}, ${col((r) => r.place.countryCode, 'text')},
        ${col((r) => r.place.lat, 'float8')}, ${col((r) => r.place.lon, 'float8')},
        ${col((r) => r.articleCount, 'int')}, ${col((r) => r.mentionCount, 'int')},
        ${col((r) => JSON.stringify(r.aliases), 'jsonb')}) as u(g, n, k, c, la, lo, ac, mc, al)
      on conflict (gazetteer_id) do update set
        -- What the gazetteer says of an id is the extractor's to change ("Makkah" became "Mecca"):
        -- the latest article's reading replaces it, as a clean load by this extractor would store.
        name = excluded.name,
        kind = excluded.kind,
        country_code = excluded.country_code,
        latitude = excluded.latitude,
        longitude = excluded.longitude,
        article_count = p.article_count + excluded.article_count,
        mention_count = p.mention_count + excluded.mention_count,
        aliases = case when excluded.aliases <@ p.aliases and excluded.name = p.name then p.aliases
          else array(select distinct a collate "C" from unnest(p.aliases || excluded.aliases) a
            where a <> excluded.name order by 1) end,
        updated_at = now()
      returning id, gazetteer_id`,
  );
  for (const row of result) ids.set(row.gazetteer_id, row.id);
  return ids;
}

/** What a batch adds to one stored organisation: the upsert's values. */
export interface OrganizationRow {
  key: string;
  /** The greatest spelling of the key itself in the batch, or (when `named` is false) of an acronym joining it. */
  name: string;
  /** Whether some article of the batch names the row by its own key: only then does `name` count. */
  named: boolean;
  acronym: string | null;
  aliases: string[];
  kind: string;
  countryCode: string | null;
  articleCount: number;
  mentionCount: number;
  quoteCount: number;
}

/** The greater of two optional values in code-point order; null only when both are. */
function greaterOf(a: string | null, b: string | null): string | null {
  if (a === null) return b;
  if (b === null) return a;
  return compareCodePoints(a, b) >= 0 ? a : b;
}

/** A kind the articles disagree on: any named kind over `other`, then the greater one. */
export function kindOf(a: string, b: string): string {
  if (a === 'other') return b;
  if (b === 'other') return a;
  return compareCodePoints(a, b) >= 0 ? a : b;
}

/**
 * The organisation rows of a batch, one per key, with what the batch adds. As for persons, every
 * choice merges with a later batch's by the same rule (sums, unions, the greatest spelling,
 * acronym and country code, a named kind over `other`), so the row does not depend on batching.
 */
export function organizationRows(written: WrittenArticle[]): OrganizationRow[] {
  const rows = new Map<string, OrganizationRow & { forms: Set<string> }>();
  for (const w of written) {
    for (const o of w.organizations) {
      const key = w.organizationKey(o.key);
      let row = rows.get(key);
      if (!row) {
        row = {
          key,
          name: o.name,
          named: false,
          acronym: null,
          aliases: [],
          forms: new Set(),
          kind: o.kind,
          countryCode: null,
          articleCount: 0,
          mentionCount: 0,
          quoteCount: 0,
        };
        rows.set(key, row);
      }
      row.articleCount++;
      row.mentionCount += o.mentions.length;
      for (const m of o.mentions) row.forms.add(m.text);
      row.forms.add(o.name);
      // Named by its own key's spellings, never by an acronym that joined it ("WHO").
      if (
        o.key === key
          ? !row.named || compareCodePoints(o.name, row.name) > 0
          : !row.named && compareCodePoints(o.name, row.name) > 0
      ) {
        row.name = o.name;
        row.named = o.key === key;
      }
      row.acronym = greaterOf(row.acronym, o.acronym);
      row.kind = kindOf(row.kind, o.kind);
      row.countryCode = greaterOf(row.countryCode, o.countryCode);
    }
    for (const q of w.quotes) {
      const key = speakerOrganizationKey(w, q);
      const row = key === null ? undefined : rows.get(w.organizationKey(key));
      if (row) row.quoteCount++;
    }
  }
  return [...rows.values()]
    .map(({ forms, ...row }) => {
      // A row named only by acronyms keeps its stored name, and every form is an alias of it.
      if (row.named) forms.delete(row.name);
      return { ...row, aliases: [...forms].sort(compareCodePoints) };
    })
    .sort((a, b) => compareCodePoints(a.key, b.key));
}

/** Upserts the batch's organisations with what it adds to each, in one statement; returns the id of every key. */
export async function upsertOrganizations(tx: Tx, rows: OrganizationRow[]): Promise<Map<string, number>> {
  const ids = new Map<string, number>();
  if (!rows.length) return ids;
  const col = <K extends keyof OrganizationRow>(key: K, type: string, map?: (v: OrganizationRow[K]) => unknown) =>
    arrayParam(
      rows.map((r) => (map ? map(r[key]) : r[key])),
      type,
    );
  // A row the batch names only by an acronym joining it ("WHO") comes with an empty name, which
  // greatest() passes over: the stored row keeps its name. (Such a row is always stored: an
  // acronym joins a full name only where an article names that full name.)
  const name = sql`greatest(o.name collate "C", excluded.name collate "C")`;
  const result = await rowsOf<{ id: number; key: string }>(
    tx,
    sql`insert into ${organizations} as o (key, name, acronym, aliases, kind, country_code, article_count, mention_count, quote_count)
      select k, n, ac, array(select jsonb_array_elements_text(al)), kd, c, artc, mc, qc
      from unnest(${col('key', 'text')}, ${arrayParam(
        rows.map((r) => (r.named ? r.name : '')),
        'text',
      )}, ${col('acronym', 'text')},
        ${col('aliases', 'jsonb', (a) => JSON.stringify(a))}, ${col('kind', 'text')}, ${col('countryCode', 'text')},
        ${col('articleCount', 'int')}, ${col('mentionCount', 'int')}, ${col('quoteCount', 'int')})
        as t(k, n, ac, al, kd, c, artc, mc, qc)
      on conflict (key) do update set
        name = ${name},
        -- greatest() passes over nulls: a batch without an acronym or country keeps the stored one.
        acronym = greatest(o.acronym collate "C", excluded.acronym collate "C"),
        aliases = case when excluded.aliases <@ o.aliases and excluded.name in (o.name, '') then o.aliases
          else array(select distinct a collate "C" from unnest(o.aliases || excluded.aliases || array[o.name, excluded.name]) a
            where a <> ${name} and a <> '' order by 1) end,
        kind = case when o.kind = 'other' then excluded.kind when excluded.kind = 'other' then o.kind
          else greatest(o.kind collate "C", excluded.kind collate "C") end,
        country_code = greatest(o.country_code collate "C", excluded.country_code collate "C"),
        article_count = o.article_count + excluded.article_count,
        mention_count = o.mention_count + excluded.mention_count,
        quote_count = o.quote_count + excluded.quote_count,
        updated_at = now()
      returning id, key`,
  );
  for (const row of result) ids.set(row.key, row.id);
  return ids;
}

/** The lone surnames of a batch resolved across articles: the key every article person is stored under. */
export function keyResolver(fullNames: Map<string, Set<string>>): (key: string) => string {
  return (key) => resolveKey(key, (s) => fullNames.get(s));
}
