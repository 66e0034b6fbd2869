import { sql } from 'drizzle-orm';
import { articlePersons, persons, quotes } from '../../db/schema.js';
import { arrayParam, rowsOf, type Tx } from './sql.js';

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
