import { sql } from 'drizzle-orm';
import {
  articleOrganizations,
  articlePersons,
  articlePlaces,
  articles,
  organizations,
  persons,
  places,
  quotes,
} from '../../db/schema.js';
import { arrayParam, idList, rowsOf, type Tx } from './sql.js';

/**
 * Counts the given people again from their links, from scratch: totals, the name (the greatest
 * spelling of their own key in code-point order), the title and country from the latest article
 * that gives one (equal times: the greater value), and every other spelling as an alias. The
 * same rules `personRows` and the upsert apply batch by batch, so both paths agree (a test
 * compares them); this one runs where links went away or moved.
 */
export async function recountPersons(tx: Tx, ids: number[]): Promise<void> {
  const list = idList(ids);
  if (!list.length) return;
  await tx.execute(sql`update ${persons} p set
      article_count = s.article_count, mention_count = s.mention_count, quote_count = s.quote_count,
      name = s.name, aliases = s.aliases, title = s.title, title_at = s.title_at,
      affiliation_country_code = s.country, affiliation_at = s.country_at, updated_at = now()
    from (
      select p2.id, l.article_count, l.mention_count, q.quote_count, n.name, t.title, t.title_at, c.country, c.country_at,
        array(select distinct f collate "C" from (
            select m->>'text' as f from ${articlePersons} ap, jsonb_array_elements(ap.mentions) m where ap.person_id = p2.id
            union all select ap.name from ${articlePersons} ap where ap.person_id = p2.id) forms
          where f <> n.name order by 1) as aliases
      from ${persons} p2
      cross join lateral (select count(*)::int as article_count, coalesce(sum(mention_count), 0)::int as mention_count
        from ${articlePersons} where person_id = p2.id) l
      cross join lateral (select count(*)::int as quote_count from ${quotes} where speaker_id = p2.id) q
      cross join lateral (select coalesce(max(name collate "C"), p2.name) as name
        from ${articlePersons} where person_id = p2.id and name_key = p2.key) n
      -- Aggregates over the person's links, not ORDER BY … LIMIT 1: with a limit, Postgres walks
      -- the whole newest-first index of articles looking for this person's.
      cross join lateral (select (array_agg(ap.title order by a.published_at desc, ap.title collate "C" desc))[1] as title,
          max(a.published_at) as title_at
        from ${articlePersons} ap join ${articles} a on a.id = ap.article_id
        where ap.person_id = p2.id and ap.title is not null) t
      cross join lateral (select (array_agg(ap.affiliation_country_code order by a.published_at desc,
            ap.affiliation_country_code collate "C" desc))[1] as country, max(a.published_at) as country_at
        from ${articlePersons} ap join ${articles} a on a.id = ap.article_id
        where ap.person_id = p2.id and ap.affiliation_country_code is not null) c
      where p2.id = any(${arrayParam(list, 'int')})
    ) s
    where p.id = s.id`);
}

/** Counts the given places again from their links. */
export async function recountPlaces(tx: Tx, ids: number[]): Promise<void> {
  const list = idList(ids);
  if (!list.length) return;
  await tx.execute(sql`update ${places} p set
      article_count = l.article_count, mention_count = l.mention_count, updated_at = now(),
      aliases = array(select distinct m->>'text' collate "C" from ${articlePlaces} ap, jsonb_array_elements(ap.mentions) m
        where ap.place_id = p.id and m->>'text' <> p.name order by 1)
    from (select p2.id, count(ap.place_id)::int as article_count, coalesce(sum(ap.mention_count), 0)::int as mention_count
          from ${places} p2 left join ${articlePlaces} ap on ap.place_id = p2.id
          where p2.id = any(${arrayParam(list, 'int')}) group by p2.id) l
    where p.id = l.id`);
}

/**
 * Counts the given organisations again from their links, by the rules `organizationRows` and the
 * upsert apply batch by batch: totals, the greatest spelling of its own key (of any link where no
 * article names it by its key), the greatest acronym and country code any article gives, a named kind over `other` (then the greatest), every other spelling as an alias.
 */
export async function recountOrganizations(tx: Tx, ids: number[]): Promise<void> {
  const list = idList(ids);
  if (!list.length) return;
  await tx.execute(sql`update ${organizations} o set
      article_count = s.article_count, mention_count = s.mention_count, quote_count = s.quote_count,
      name = s.name, acronym = s.acronym, kind = s.kind, country_code = s.country_code, aliases = s.aliases,
      updated_at = now()
    from (
      select o2.id, l.article_count, l.mention_count, q.quote_count, l.name, l.acronym, l.kind, l.country_code,
        array(select distinct f collate "C" from (
            select m->>'text' as f from ${articleOrganizations} ao, jsonb_array_elements(ao.mentions) m
              where ao.organization_id = o2.id
            union all select ao.name from ${articleOrganizations} ao where ao.organization_id = o2.id) forms
          where f <> l.name order by 1) as aliases
      from ${organizations} o2
      cross join lateral (select count(*)::int as article_count, coalesce(sum(mention_count), 0)::int as mention_count,
          -- Named by its own key's spellings; an acronym that joined it ("WHO") names it only if nothing else does.
          coalesce(max(name collate "C") filter (where name_key = o2.key), max(name collate "C"), o2.name) as name,
          max(acronym collate "C") as acronym,
          coalesce(max(kind collate "C") filter (where kind <> 'other'), min(kind), o2.kind) as kind,
          max(country_code collate "C") as country_code
        from ${articleOrganizations} where organization_id = o2.id) l
      cross join lateral (select count(*)::int as quote_count from ${quotes} where speaker_organization_id = o2.id) q
      where o2.id = any(${arrayParam(list, 'int')})
    ) s
    where o.id = s.id`);
}

/** Removes the given people, places and organisations that no article links to any more; returns the people removed. */
export async function dropOrphans(
  tx: Tx,
  personIds: number[],
  placeIds: number[],
  organizationIds: number[],
): Promise<number[]> {
  let dropped: number[] = [];
  const people = idList(personIds);
  if (people.length) {
    dropped = (
      await rowsOf<{ id: number }>(
        tx,
        sql`delete from ${persons} p where p.id = any(${arrayParam(people, 'int')})
          and not exists (select 1 from ${articlePersons} ap where ap.person_id = p.id)
          and not exists (select 1 from ${quotes} q where q.speaker_id = p.id)
          returning p.id`,
      )
    ).map((r) => r.id);
  }
  const spots = idList(placeIds);
  if (spots.length) {
    await tx.execute(sql`delete from ${places} p where p.id = any(${arrayParam(spots, 'int')})
      and not exists (select 1 from ${articlePlaces} ap where ap.place_id = p.id)`);
  }
  const orgs = idList(organizationIds);
  if (orgs.length) {
    await tx.execute(sql`delete from ${organizations} o where o.id = any(${arrayParam(orgs, 'int')})
      and not exists (select 1 from ${articleOrganizations} ao where ao.organization_id = o.id)
      and not exists (select 1 from ${quotes} q where q.speaker_organization_id = o.id)`);
  }
  return dropped;
}
