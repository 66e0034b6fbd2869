import { sql } from 'drizzle-orm';
import { articleOrganizations, articlePersons, organizations, persons, quotes } from '../../db/schema.js';
import { ORGANIZATION_LINK_COLUMNS } from './links.js';
import { resolveOrganizations, targetOf } from './organizations.js';
import { compareCodePoints } from './people.js';
import { arrayParam, insertUnnest, rowsOf, type Tx } from './sql.js';

/**
 * Brings the links of lone surnames back in line with the full names stored, for surnames whose
 * set of full names may have changed in this transaction (a full name that arrived, or one whose
 * last article went): with one full name, every link of the lone surname is that person's; with
 * none or several, they belong to the surname's own person. This is what makes a lone surname
 * loaded before its full name, or before a second person of that surname, end where a load of
 * all the articles at once puts it. Returns the people who gained or lost links.
 */
export async function reconcileNames(tx: Tx, surnames: string[]): Promise<number[]> {
  if (!surnames.length) return [];
  const list = arrayParam(surnames, 'text');
  const full = new Map<string, number[]>();
  for (const row of await rowsOf<{ surname: string; id: number }>(
    tx,
    sql`select p.surname, p.id from ${persons} p
        where p.surname = any(${list}) and strpos(p.key, ' ') > 0
          and exists (select 1 from ${articlePersons} ap where ap.person_id = p.id and ap.name_key = p.key limit 1)`,
  )) {
    full.set(row.surname, [...(full.get(row.surname) ?? []), row.id]);
  }
  const lone = new Map<string, number>();
  for (const row of await rowsOf<{ key: string; id: number }>(
    tx,
    sql`select key, id from ${persons} where key = any(${list})`,
  )) {
    lone.set(row.key, row.id);
  }
  const target = (s: string): number => {
    const ids = full.get(s);
    return ids?.length === 1 ? (ids[0] as number) : (lone.get(s) ?? 0);
  };
  // The lone links held by anyone but their target (two range scans of the lone-name index).
  const stray = await rowsOf<{ article_id: number; person_id: number; name_key: string; name: string }>(
    tx,
    sql`select ap.article_id, ap.person_id, ap.name_key, ap.name
        from unnest(${list}, ${arrayParam(surnames.map(target), 'int')}) as w(s, t)
        cross join lateral (
          select * from ${articlePersons} x where strpos(x.name_key, ' ') = 0 and x.name_key = w.s and x.person_id < w.t
          union all
          select * from ${articlePersons} x where strpos(x.name_key, ' ') = 0 and x.name_key = w.s and x.person_id > w.t
        ) ap`,
  );
  if (!stray.length) return [];
  // Surnames whose links leave their full name with none to go to: the surname becomes a person.
  const missing = new Map<string, string>();
  for (const link of stray) {
    if (target(link.name_key) !== 0) continue;
    // Any of its spellings: the recount that follows names it by the rule every person follows.
    if (!missing.has(link.name_key)) missing.set(link.name_key, link.name);
  }
  if (missing.size) {
    const keys = [...missing.keys()].sort();
    for (const row of await rowsOf<{ key: string; id: number }>(
      tx,
      sql`insert into ${persons} (key, name, surname)
          select k, n, k from unnest(${arrayParam(keys, 'text')}, ${arrayParam(
            keys.map((k) => missing.get(k)),
            'text',
          )}) as t(k, n)
          returning key, id`,
    )) {
      lone.set(row.key, row.id);
    }
  }
  const moves = stray.map((l) => ({ articleId: l.article_id, from: l.person_id, to: target(l.name_key) }));
  const a = arrayParam(
    moves.map((m) => m.articleId),
    'int',
  );
  const from = arrayParam(
    moves.map((m) => m.from),
    'int',
  );
  const to = arrayParam(
    moves.map((m) => m.to),
    'int',
  );
  await tx.execute(sql`update ${articlePersons} ap set person_id = m.t
    from unnest(${a}, ${from}, ${to}) as m(a, f, t) where ap.article_id = m.a and ap.person_id = m.f`);
  // A speaker moves with the link: in one article a person has one link and it is that one.
  await tx.execute(sql`update ${quotes} q set speaker_id = m.t
    from unnest(${a}, ${from}, ${to}) as m(a, f, t) where q.article_id = m.a and q.speaker_id = m.f`);
  return [...new Set(moves.flatMap((m) => [m.from, m.to]))];
}

/**
 * The full names stored with each acronym, as far as which one it stands for goes: its least and
 * greatest key (two index probes, however many articles spell it out); one key when they agree.
 */
export async function readExpansions(tx: Tx, acronyms: string[]): Promise<Map<string, Set<string>>> {
  const found = new Map<string, Set<string>>();
  if (!acronyms.length) return found;
  for (const row of await rowsOf<{ a: string; lo: string | null; hi: string | null }>(
    tx,
    sql`select a,
          (select min(x.name_key) from ${articleOrganizations} x where x.expands = a) as lo,
          (select max(x.name_key) from ${articleOrganizations} x where x.expands = a) as hi
        from unnest(${arrayParam(acronyms, 'text')}) as a`,
  )) {
    if (row.lo !== null && row.hi !== null) found.set(row.a, new Set([row.lo, row.hi]));
  }
  return found;
}

type OrganizationLinkRow = typeof articleOrganizations.$inferSelect;

/**
 * Brings the links of acronyms written alone in line with the full names stored, for acronyms
 * whose full name may have changed in this transaction (one spelled out for the first time, a
 * second one, or one whose last article went): each article's organisations are linked again by
 * `resolveOrganizations`, the rule the batch itself was linked by, and the links that move take
 * their quotes and their people's affiliations with them. This is what makes "WHO" loaded before
 * "World Health Organization (WHO)", or before a second "WHO", end where a load of all the articles
 * at once puts it. Runs under every organisation lock. Returns the organisations that gained or lost links.
 */
export async function reconcileOrganizations(tx: Tx, acronyms: string[]): Promise<number[]> {
  if (!acronyms.length) return [];
  const articleIds = (
    await rowsOf<{ article_id: number }>(
      tx,
      sql`select distinct article_id from ${articleOrganizations} where abbreviates = any(${arrayParam(acronyms, 'text')})`,
    )
  ).map((r) => r.article_id);
  if (!articleIds.length) return [];
  // Every organisation of those articles: whether an acronym takes its full name's row depends on
  // what else its article links to.
  const links = await rowsOf<{
    article_id: number;
    organization_id: number;
    key: string;
    name_key: string;
    abbreviates: string | null;
    name: string;
    kind: string;
  }>(
    tx,
    sql`select ao.article_id, ao.organization_id, o.key, ao.name_key, ao.abbreviates, ao.name, ao.kind
        from ${articleOrganizations} ao join ${organizations} o on o.id = ao.organization_id
        where ao.article_id = any(${arrayParam(articleIds, 'int')})`,
  );
  const expansions = await readExpansions(tx, [
    ...new Set(links.flatMap((l) => (l.abbreviates === null ? [] : [l.abbreviates]))),
  ]);
  const byArticle = new Map<number, typeof links>();
  for (const l of links) byArticle.set(l.article_id, [...(byArticle.get(l.article_id) ?? []), l]);
  const moves: { link: (typeof links)[number]; to: string }[] = [];
  for (const list of byArticle.values()) {
    const resolved = resolveOrganizations(
      list.map((l) => ({ key: l.name_key, abbreviates: l.abbreviates, expands: null })),
      (a) => targetOf(expansions.get(a)),
    );
    for (const l of list) {
      const to = resolved.get(l.name_key) ?? l.name_key;
      if (to !== l.key) moves.push({ link: l, to });
    }
  }
  if (!moves.length) return [];
  const ids = new Map<string, number>();
  const wanted = [...new Set(moves.map((m) => m.to))];
  for (const row of await rowsOf<{ id: number; key: string }>(
    tx,
    sql`select id, key from ${organizations} where key = any(${arrayParam(wanted, 'text')})`,
  )) {
    ids.set(row.key, row.id);
  }
  // An acronym whose full name went: it is an organisation of its own again (named and counted
  // from its links by the recount that follows).
  const missing = new Map<string, (typeof links)[number]>();
  for (const m of moves) if (!ids.has(m.to) && !missing.has(m.to)) missing.set(m.to, m.link);
  if (missing.size) {
    const keys = [...missing.keys()].sort(compareCodePoints);
    for (const row of await rowsOf<{ id: number; key: string }>(
      tx,
      sql`insert into ${organizations} (key, name, kind)
          select * from unnest(${arrayParam(keys, 'text')}, ${arrayParam(
            keys.map((k) => missing.get(k)?.name),
            'text',
          )}, ${arrayParam(
            keys.map((k) => missing.get(k)?.kind),
            'text',
          )})
          returning id, key`,
    )) {
      ids.set(row.key, row.id);
    }
  }
  const a = arrayParam(
    moves.map((m) => m.link.article_id),
    'int',
  );
  const keys = arrayParam(
    moves.map((m) => m.link.name_key),
    'text',
  );
  const from = arrayParam(
    moves.map((m) => m.link.organization_id),
    'int',
  );
  const to = arrayParam(
    moves.map((m) => ids.get(m.to) as number),
    'int',
  );
  // Out and in again: two links of one article may trade rows, which an update in place would
  // refuse half-way (the key is article and organisation).
  const taken = await rowsOf<Record<string, unknown>>(
    tx,
    sql`delete from ${articleOrganizations} ao using unnest(${a}, ${keys}) as m(a, k)
        where ao.article_id = m.a and ao.name_key = m.k
        returning ao.article_id, ao.name_key, ao.mention_count, ao.mentions, ao.name, ao.acronym, ao.kind,
          ao.country_code, ao.abbreviates, ao.expands`,
  );
  const target = new Map(moves.map((m) => [`${m.link.article_id}\0${m.link.name_key}`, ids.get(m.to) as number]));
  const rows: OrganizationLinkRow[] = taken.map((r) => ({
    articleId: r.article_id as number,
    organizationId: target.get(`${r.article_id}\0${r.name_key}`) as number,
    mentionCount: r.mention_count as number,
    mentions: (typeof r.mentions === 'string' ? JSON.parse(r.mentions) : r.mentions) as OrganizationLinkRow['mentions'],
    name: r.name as string,
    acronym: (r.acronym as string | null) ?? null,
    kind: r.kind as string,
    countryCode: (r.country_code as string | null) ?? null,
    nameKey: r.name_key as string,
    abbreviates: (r.abbreviates as string | null) ?? null,
    expands: (r.expands as string | null) ?? null,
  }));
  await insertUnnest(tx, articleOrganizations, ORGANIZATION_LINK_COLUMNS, rows);
  // What an article's quotes and people say of the organisation goes with its link: in one
  // article each row has one link.
  await tx.execute(sql`update ${quotes} q set speaker_organization_id = m.t
    from unnest(${a}, ${from}, ${to}) as m(a, f, t) where q.article_id = m.a and q.speaker_organization_id = m.f`);
  await tx.execute(sql`update ${articlePersons} ap set organization_id = m.t
    from unnest(${a}, ${from}, ${to}) as m(a, f, t) where ap.article_id = m.a and ap.organization_id = m.f`);
  return [...new Set(moves.flatMap((m) => [m.link.organization_id, ids.get(m.to) as number]))];
}
