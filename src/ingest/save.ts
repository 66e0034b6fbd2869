import { sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import {
  articleOrganizations,
  articlePersons,
  articlePlaces,
  articles,
  organizations,
  persons,
  places,
  quotes,
} from '../db/schema.js';
import { notifyArticlesAdded } from './events.js';
import type { PreparedArticle } from './prepare.js';
import { linkedEntities, lockReplaced, type Removed, writeArticles } from './write/articles.js';
import {
  acronymsOf,
  fullNamesAfter,
  keyResolver,
  lockEntities,
  organizationRows,
  personRows,
  readNames,
  resolveOrganizationKeys,
  upsertOrganizations,
  upsertPersons,
  upsertPlaces,
  writtenArticles,
} from './write/entities.js';
import { linkArticles } from './write/links.js';
import { targetOf } from './write/organizations.js';
import { isLoneKey, surnameOf } from './write/people.js';
import { planBatch, readStored, type SaveOutcome, writingPlans } from './write/plan.js';
import { readExpansions, reconcileNames, reconcileOrganizations } from './write/reconcile.js';
import { dropOrphans, recountOrganizations, recountPersons, recountPlaces } from './write/recount.js';
import { arrayParam, rowsOf, type Tx } from './write/sql.js';

export type { SaveOutcome } from './write/plan.js';

/** What became of one article given to `saveArticles`. */
export interface SavedArticle {
  outcome: SaveOutcome;
  /** The stored article that holds its text now. */
  articleId: number;
}

async function surnamesOf(tx: Tx, personIds: number[]): Promise<string[]> {
  if (!personIds.length) return [];
  const rows = await rowsOf<{ surname: string }>(
    tx,
    sql`select distinct surname from ${persons} where id = any(${arrayParam(personIds, 'int')})`,
  );
  return rows.map((r) => r.surname);
}

async function gazetteerIdsOf(tx: Tx, placeIds: number[]): Promise<string[]> {
  if (!placeIds.length) return [];
  const rows = await rowsOf<{ gazetteer_id: string }>(
    tx,
    sql`select gazetteer_id from ${places} where id = any(${arrayParam(placeIds, 'int')})`,
  );
  return rows.map((r) => r.gazetteer_id);
}

async function organizationKeysOf(tx: Tx, organizationIds: number[]): Promise<string[]> {
  if (!organizationIds.length) return [];
  const rows = await rowsOf<{ key: string }>(
    tx,
    sql`select key from ${organizations} where id = any(${arrayParam(organizationIds, 'int')})`,
  );
  return rows.map((r) => r.key);
}

/**
 * After links went away or moved: lone surnames brought in line with the full names left
 * (`surnames` are those whose full names may have changed), acronyms alone with the full names
 * they stand for (`acronyms`, likewise), people, places and organisations that no article names
 * any more removed, and the totals of everyone touched counted again.
 */
async function settle(tx: Tx, removed: Removed, surnames: string[], acronyms: string[]): Promise<void> {
  const moved = await reconcileNames(tx, surnames);
  const touched = [...removed.persons, ...moved];
  const organizationsTouched = [...removed.organizations, ...(await reconcileOrganizations(tx, acronyms))];
  await dropOrphans(tx, touched, removed.places, organizationsTouched);
  await recountPersons(tx, touched);
  await recountPlaces(tx, removed.places);
  await recountOrganizations(tx, organizationsTouched);
}

/**
 * Saves a batch of articles with all their rows in one transaction. The stored graph is a function
 * of the set of articles stored, whatever their order, batching or the writers beside this one:
 *
 *  1. plan: what each file is (new, unchanged, a changed file, a text to read again);
 *  2. lock the articles to overwrite, and look at them again;
 *  3. write the article rows and their file names;
 *  4. lock the surnames, places and organisations the batch touches (held to commit: see `lockEntities`);
 *  5. upsert people, places and organisations, each lone surname resolved against the committed full names;
 *  6. link articles to them, with the quotes and the people's organisations;
 *  7. reconcile lone surnames whose full names changed, drop orphans, recount what lost links;
 *  8. announce the new articles (NOTIFY, delivered on commit).
 */
export async function saveArticles(db: Db, items: PreparedArticle[]): Promise<SavedArticle[]> {
  if (items.length === 0) return [];
  return db.transaction(async (tx) => {
    const stored = await readStored(tx, items);
    const plans = planBatch(items, stored);
    await lockReplaced(tx, plans);
    const removed = await writeArticles(tx, plans, stored);

    const written = writtenArticles(writingPlans(plans));
    const batchSurnames = new Set(written.flatMap((w) => w.people.people.map((p) => p.surname)));
    const formerSurnames = await surnamesOf(tx, removed.persons);
    const { abbreviated, expanded } = acronymsOf(written);
    const acronyms = [...new Set([...abbreviated, ...expanded.keys(), ...removed.acronyms])].sort();
    const everyOrganization = acronyms.length > 0;
    await lockEntities(
      tx,
      [...batchSurnames, ...formerSurnames],
      [...written.flatMap((w) => w.places.map((p) => p.gazetteerId)), ...(await gazetteerIdsOf(tx, removed.places))],
      everyOrganization
        ? []
        : [
            ...written.flatMap((w) => w.organizations.map((o) => o.key)),
            ...(await organizationKeysOf(tx, removed.organizations)),
          ],
      everyOrganization,
    );
    // The full name each acronym of the batch stands for once the batch is in; the acronyms whose
    // full name changed (or may have: one whose links this batch removed) are reconciled below.
    const storedExpansions = await readExpansions(tx, acronyms);
    const expansionsAfter = new Map([...storedExpansions].map(([a, keys]) => [a, new Set(keys)]));
    for (const [a, keys] of expanded) {
      const after = expansionsAfter.get(a) ?? new Set<string>();
      for (const k of keys) after.add(k);
      expansionsAfter.set(a, after);
    }
    resolveOrganizationKeys(written, (a) => targetOf(expansionsAfter.get(a)));
    const changedAcronyms = new Set(removed.acronyms);
    for (const a of expanded.keys()) {
      if (targetOf(storedExpansions.get(a)) !== targetOf(expansionsAfter.get(a))) changedAcronyms.add(a);
    }
    const names = await readNames(tx, [...batchSurnames], removed.persons);
    const fullNames = fullNamesAfter(names, written);
    const keyFor = keyResolver(fullNames);
    const personIds = await upsertPersons(tx, personRows(written, keyFor, names.names));
    const placeIds = await upsertPlaces(tx, written);
    const organizationIds = await upsertOrganizations(tx, organizationRows(written));
    await linkArticles(tx, written, keyFor, personIds, placeIds, organizationIds);

    // Surnames whose full names changed: one newly spelled out here, or one that lost links.
    const changed = new Set(formerSurnames);
    for (const w of written) {
      for (const p of w.people.people) {
        if (!isLoneKey(p.key) && !names.spelled.get(p.surname)?.has(p.key)) changed.add(surnameOf(p.key));
      }
    }
    await settle(tx, removed, [...changed].sort(), [...changedAcronyms].sort());
    // Subscribers hear of new articles from whichever process wrote them (CLI loader, API, watcher).
    await notifyArticlesAdded(
      tx,
      plans.flatMap((p) => (p.outcome === 'loaded' && !p.writer ? [p.articleId as number] : [])),
    );
    return plans.map((p) => ({ outcome: p.outcome, articleId: p.articleId as number }));
  });
}

/** Saves one article in its own transaction. */
export async function saveArticle(db: Db, item: PreparedArticle): Promise<SavedArticle> {
  const [saved] = await saveArticles(db, [item]);
  return saved as SavedArticle;
}

/**
 * Deletes articles with their links, quotes and file names, in one transaction, and leaves the
 * graph as if they had never been loaded. Returns the ids that were there to delete.
 */
export async function deleteArticles(db: Db, articleIds: number[]): Promise<number[]> {
  if (!articleIds.length) return [];
  return db.transaction(async (tx) => {
    const ids = (
      await rowsOf<{ id: number }>(
        tx,
        sql`select id from ${articles} where id = any(${arrayParam(articleIds, 'int')}) order by id for update`,
      )
    ).map((r) => r.id);
    if (!ids.length) return [];
    const removed = await linkedEntities(tx, ids);
    await tx.execute(sql`delete from ${articles} where id = any(${arrayParam(ids, 'int')})`);
    const surnames = await surnamesOf(tx, removed.persons);
    await lockEntities(
      tx,
      surnames,
      await gazetteerIdsOf(tx, removed.places),
      await organizationKeysOf(tx, removed.organizations),
      removed.acronyms.length > 0,
    );
    await settle(tx, removed, surnames.sort(), [...removed.acronyms].sort());
    return ids;
  });
}

type CountedTable =
  | 'articles'
  | 'persons'
  | 'places'
  | 'organizations'
  | 'quotes'
  | 'articlePersons'
  | 'articlePlaces'
  | 'articleOrganizations';

/** Row counts of every table, for summaries and tests. */
export async function countRows(db: Db): Promise<Record<CountedTable, number>> {
  const [a, p, pl, o, q, ap, apl, ao] = await Promise.all([
    db.$count(articles),
    db.$count(persons),
    db.$count(places),
    db.$count(organizations),
    db.$count(quotes),
    db.$count(articlePersons),
    db.$count(articlePlaces),
    db.$count(articleOrganizations),
  ]);
  return {
    articles: a,
    persons: p,
    places: pl,
    organizations: o,
    quotes: q,
    articlePersons: ap,
    articlePlaces: apl,
    articleOrganizations: ao,
  };
}
