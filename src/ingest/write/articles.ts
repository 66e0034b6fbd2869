import { sql } from 'drizzle-orm';
import {
  articleOrganizations,
  articlePersons,
  articlePlaces,
  articleSources,
  articles,
  quotes,
} from '../../db/schema.js';
import { EXTRACTOR_VERSION } from '../../extract/index.js';
import type { PreparedArticle } from '../prepare.js';
import type { Plan, Stored } from './plan.js';
import { arrayParam, idList, rowsOf, type Tx } from './sql.js';

/**
 * Another writer may be overwriting the same stored articles at this moment (the same changed
 * file, or the same text an earlier extractor read). The articles to overwrite are locked, in id
 * order, and looked at again once the lock is held: one the other writer has already brought to
 * this text and this extractor is left unchanged; one it removed goes in as new.
 */
export async function lockReplaced(tx: Tx, plans: Plan[]): Promise<void> {
  const ids = idList(plans.flatMap((p) => (p.replaceId === undefined ? [] : [p.replaceId])));
  if (!ids.length) return;
  const now = new Map<number, { hash: string; version: number }>();
  for (const row of await rowsOf<{ id: number; content_hash: string; extractor_version: number }>(
    tx,
    sql`select id, content_hash, extractor_version from ${articles}
        where id = any(${arrayParam(ids, 'int')}) order by id for update`,
  )) {
    now.set(row.id, { hash: row.content_hash, version: row.extractor_version });
  }
  for (const plan of plans) {
    if (plan.replaceId === undefined) continue;
    const stored = now.get(plan.replaceId);
    if (!stored) {
      delete plan.replaceId;
      plan.outcome = 'loaded';
    } else if (stored.hash === plan.item.contentHash && stored.version >= EXTRACTOR_VERSION) {
      plan.outcome = 'unchanged';
      plan.articleId = plan.replaceId;
      delete plan.replaceId;
    }
  }
}

/** What removing rows left behind: the people, places and organisations whose totals are to be counted again. */
export interface Removed {
  persons: number[];
  places: number[];
  organizations: number[];
  /** The acronyms the removed links spelled out: the full name each stands for may have changed. */
  acronyms: string[];
}

const NOTHING_REMOVED: Removed = { persons: [], places: [], organizations: [], acronyms: [] };

/** The people, places and organisations the given articles link to now: those whose totals change when they go. */
export async function linkedEntities(tx: Tx, articleIds: number[]): Promise<Removed> {
  if (!articleIds.length) return NOTHING_REMOVED;
  const ids = arrayParam(articleIds, 'int');
  const persons = await rowsOf<{ id: number }>(
    tx,
    sql`select distinct person_id as id from ${articlePersons} where article_id = any(${ids})`,
  );
  const places = await rowsOf<{ id: number }>(
    tx,
    sql`select distinct place_id as id from ${articlePlaces} where article_id = any(${ids})`,
  );
  const organizations = await rowsOf<{ id: number; expands: string | null }>(
    tx,
    sql`select distinct organization_id as id, expands from ${articleOrganizations} where article_id = any(${ids})`,
  );
  return {
    persons: persons.map((r) => r.id),
    places: places.map((r) => r.id),
    organizations: [...new Set(organizations.map((r) => r.id))],
    acronyms: [...new Set(organizations.flatMap((r) => (r.expands === null ? [] : [r.expands])))],
  };
}

function articleValues(item: PreparedArticle) {
  const { article } = item;
  return {
    contentHash: item.contentHash,
    sourceFile: item.file,
    source: article.source,
    distributor: article.distributor,
    headline: article.headline,
    dateLine: article.dateLine,
    publishedAt: article.publishedAt,
    language: article.language,
    url: item.url ?? null,
    body: article.body,
    // paragraphs is an array per row: unnest would flatten a 2-D array, so it travels as JSON.
    paragraphs: JSON.stringify(article.paragraphs.map((p) => p.text)),
    wordCount: article.wordCount,
  };
}

/** The columns of `articleValues` as unnest arrays, in the order `ARTICLE_COLUMNS` names them. */
function articleArrays(items: PreparedArticle[]) {
  const values = items.map(articleValues);
  const col = (key: keyof (typeof values)[number], type: string) =>
    arrayParam(
      values.map((v) => v[key]),
      type,
    );
  return sql`${col('contentHash', 'text')}, ${col('sourceFile', 'text')}, ${col('source', 'text')},
    ${col('distributor', 'text')}, ${col('headline', 'text')}, ${col('dateLine', 'text')},
    ${col('publishedAt', 'text')}, ${col('language', 'text')}, ${col('body', 'text')},
    ${col('paragraphs', 'jsonb')}, ${col('wordCount', 'int')}, ${col('url', 'text')}`;
}

// Rows per statement for article texts: a 5 MB article is one row; this bounds a message too.
const ARTICLES_PER_STATEMENT = 1_000;

/**
 * Overwrites articles in place with their new text (a changed file, or a text an earlier
 * extractor read), keeping their ids: their links and quotes go, the rows are updated in one
 * statement per chunk, and the new links come with the batch's.
 */
async function replaceArticles(tx: Tx, replaced: Plan[]): Promise<Removed> {
  const ids = idList(replaced.map((p) => p.replaceId as number));
  if (!ids.length) return NOTHING_REMOVED;
  const removed = await linkedEntities(tx, ids);
  const list = arrayParam(ids, 'int');
  await tx.execute(sql`delete from ${articlePersons} where article_id = any(${list})`);
  await tx.execute(sql`delete from ${articlePlaces} where article_id = any(${list})`);
  await tx.execute(sql`delete from ${articleOrganizations} where article_id = any(${list})`);
  await tx.execute(sql`delete from ${quotes} where article_id = any(${list})`);
  const sorted = [...replaced].sort((a, b) => (a.replaceId as number) - (b.replaceId as number));
  for (let i = 0; i < sorted.length; i += ARTICLES_PER_STATEMENT) {
    const chunk = sorted.slice(i, i + ARTICLES_PER_STATEMENT);
    await tx.execute(sql`update ${articles} a set
        content_hash = t.h, source = t.s, distributor = t.d, headline = t.hl, date_line = t.dl,
        published_at = t.pa::timestamptz, language = t.l, body = t.b,
        paragraphs = array(select jsonb_array_elements_text(t.p)), word_count = t.w, url = t.u,
        extractor_version = ${EXTRACTOR_VERSION}, updated_at = now()
      from unnest(${arrayParam(
        chunk.map((p) => p.replaceId),
        'int',
      )}, ${articleArrays(chunk.map((p) => p.item))})
        as t(id, h, f, s, d, hl, dl, pa, l, b, p, w, u)
      where a.id = t.id`);
    for (const plan of chunk) plan.articleId = plan.replaceId;
  }
  return removed;
}

/** Inserts the batch's new texts; one another writer stored first is theirs, and unchanged here. */
async function insertArticles(tx: Tx, inserts: Plan[]): Promise<void> {
  // Sorted by hash: two writers inserting the same texts wait on each other in one order.
  const sorted = [...inserts].sort((a, b) => (a.item.contentHash < b.item.contentHash ? -1 : 1));
  for (let i = 0; i < sorted.length; i += ARTICLES_PER_STATEMENT) {
    const chunk = sorted.slice(i, i + ARTICLES_PER_STATEMENT);
    const rows = await rowsOf<{ id: number; content_hash: string }>(
      tx,
      sql`insert into ${articles}
          (content_hash, source_file, source, distributor, headline, date_line, published_at, language, body, paragraphs, word_count, url, extractor_version)
        select h, f, s, d, hl, dl, pa::timestamptz, l, b, array(select jsonb_array_elements_text(p)), w, u, ${EXTRACTOR_VERSION}
        from unnest(${articleArrays(chunk.map((p) => p.item))}) as t(h, f, s, d, hl, dl, pa, l, b, p, w, u)
        on conflict (content_hash) do nothing
        returning id, content_hash`,
    );
    const ids = new Map(rows.map((r) => [r.content_hash, Number(r.id)]));
    for (const plan of chunk) plan.articleId = ids.get(plan.item.contentHash);
  }
  const raced = sorted.filter((p) => p.articleId === undefined);
  if (!raced.length) return;
  const rows = await rowsOf<{ id: number; content_hash: string }>(
    tx,
    sql`select id, content_hash from ${articles} where content_hash = any(${arrayParam(
      raced.map((p) => p.item.contentHash),
      'text',
    )})`,
  );
  const ids = new Map(rows.map((r) => [r.content_hash, r.id]));
  for (const plan of raced) {
    plan.articleId = ids.get(plan.item.contentHash);
    plan.outcome = 'unchanged';
  }
}

/**
 * Points every file name of the batch at its article. An article whose every name moved to other
 * text is gone (its links first counted as removed); an article's `source_file` is its first
 * name in code-point order, whichever file loaded first.
 */
async function nameArticles(tx: Tx, plans: Plan[], stored: Stored): Promise<Removed> {
  // One row per name; should a batch hold one name twice, the last file wins.
  const byKey = new Map<string, { key: string; articleId: number; file: string }>();
  for (const plan of plans) {
    if (plan.articleId === undefined) continue;
    byKey.set(plan.item.sourceKey, { key: plan.item.sourceKey, articleId: plan.articleId, file: plan.item.file });
  }
  const rows = [...byKey.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const losing = new Set<number>();
  const legacy: { key: string; file: string }[] = [];
  for (const row of rows) {
    const before = stored.byKey.get(row.key);
    if (before && before.articleId !== row.articleId) losing.add(before.articleId);
    if (before?.legacyKey !== undefined) legacy.push({ key: before.legacyKey, file: row.file });
  }
  // A name stored the old way (the file's name alone) gives way to the file's relative path.
  if (legacy.length) {
    await tx.execute(
      sql`delete from ${articleSources} s using unnest(${arrayParam(
        legacy.map((l) => l.key),
        'text',
      )}, ${arrayParam(
        legacy.map((l) => l.file),
        'text',
      )}) as old(k, f) where s.source_key = old.k and s.source_file = old.f`,
    );
  }
  if (rows.length) {
    await tx.execute(sql`insert into ${articleSources} (source_key, article_id, source_file)
      select * from unnest(${arrayParam(
        rows.map((r) => r.key),
        'text',
      )}, ${arrayParam(
        rows.map((r) => r.articleId),
        'int',
      )}, ${arrayParam(
        rows.map((r) => r.file),
        'text',
      )})
      on conflict (source_key) do update set article_id = excluded.article_id, source_file = excluded.source_file, loaded_at = now()`);
  }
  let removed: Removed = NOTHING_REMOVED;
  const candidates = idList(losing);
  if (candidates.length) {
    const nameless = (
      await rowsOf<{ id: number }>(
        tx,
        sql`select a.id from ${articles} a where a.id = any(${arrayParam(candidates, 'int')})
          and not exists (select 1 from ${articleSources} s where s.article_id = a.id) order by a.id for update`,
      )
    ).map((r) => r.id);
    if (nameless.length) {
      removed = await linkedEntities(tx, nameless);
      await tx.execute(sql`delete from ${articles} where id = any(${arrayParam(nameless, 'int')})`);
    }
  }
  // Only rows whose first name differs are written: an update rewrites the whole article row.
  const touched = idList([...rows.map((r) => r.articleId), ...candidates]);
  if (touched.length) {
    await tx.execute(sql`update ${articles} a set source_file = first.source_file
      from (select distinct on (s.article_id) s.article_id, s.source_file from ${articleSources} s
            where s.article_id = any(${arrayParam(touched, 'int')})
            order by s.article_id, s.source_key collate "C") first
      where a.id = first.article_id and a.source_file is distinct from first.source_file`);
  }
  return removed;
}

/**
 * The article rows of a batch: texts replaced in place, new texts inserted, file names pointed at
 * their articles, nameless articles removed. Returns the people and places that lost links.
 */
export async function writeArticles(tx: Tx, plans: Plan[], stored: Stored): Promise<Removed> {
  const replaced = plans.filter((p) => p.replaceId !== undefined);
  const fromReplaced = await replaceArticles(tx, replaced);
  const inserts = plans.filter((p) => p.outcome !== 'unchanged' && p.replaceId === undefined && !p.writer);
  await insertArticles(tx, inserts);
  for (const plan of plans) {
    if (plan.articleId === undefined && plan.writer) plan.articleId = plan.writer.articleId;
  }
  const fromNames = await nameArticles(tx, plans, stored);
  return {
    persons: [...fromReplaced.persons, ...fromNames.persons],
    places: [...fromReplaced.places, ...fromNames.places],
    organizations: [...fromReplaced.organizations, ...fromNames.organizations],
    acronyms: [...fromReplaced.acronyms, ...fromNames.acronyms],
  };
}
