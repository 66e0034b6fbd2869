import { and, eq, inArray, notExists, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { articlePersons, articlePlaces, articles, persons, places, quotes } from '../db/schema.js';
import { foldName } from '../extract/index.js';
import type { PreparedArticle } from './prepare.js';

export type SaveOutcome = 'loaded' | 'updated' | 'unchanged';

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

/**
 * Recounts the stored totals of the given people and places from their link rows. Run in the
 * saving transaction, so the totals always agree with the rows, whatever else loads at once.
 */
async function refreshCounts(tx: Tx, personIds: number[], placeIds: number[]): Promise<void> {
  if (personIds.length) {
    await tx
      .update(persons)
      .set({
        articleCount: sql`(select count(*) from ${articlePersons} where ${articlePersons.personId} = ${persons.id})`,
        mentionCount: sql`(select coalesce(sum(${articlePersons.mentionCount}), 0) from ${articlePersons} where ${articlePersons.personId} = ${persons.id})`,
        quoteCount: sql`(select count(*) from ${quotes} where ${quotes.speakerId} = ${persons.id})`,
      })
      .where(inArray(persons.id, personIds));
  }
  if (placeIds.length) {
    await tx
      .update(places)
      .set({
        articleCount: sql`(select count(*) from ${articlePlaces} where ${articlePlaces.placeId} = ${places.id})`,
        mentionCount: sql`(select coalesce(sum(${articlePlaces.mentionCount}), 0) from ${articlePlaces} where ${articlePlaces.placeId} = ${places.id})`,
      })
      .where(inArray(places.id, placeIds));
  }
}

/** Removes people and places that no article mentions any more (after a replaced article). */
async function dropOrphans(tx: Tx, personIds: number[], placeIds: number[]): Promise<void> {
  if (personIds.length) {
    await tx
      .delete(persons)
      .where(
        and(
          inArray(persons.id, personIds),
          notExists(tx.select({ one: sql`1` }).from(articlePersons).where(eq(articlePersons.personId, persons.id))),
          notExists(tx.select({ one: sql`1` }).from(quotes).where(eq(quotes.speakerId, persons.id))),
        ),
      );
  }
  if (placeIds.length) {
    await tx
      .delete(places)
      .where(
        and(
          inArray(places.id, placeIds),
          notExists(tx.select({ one: sql`1` }).from(articlePlaces).where(eq(articlePlaces.placeId, places.id))),
        ),
      );
  }
}

/**
 * Saves one article with all its rows in one transaction. The same text already stored is
 * `unchanged`; a new text under a stored file name replaces that article (`updated`). People and
 * places are upserted on their normalised keys, so a name seen in many articles is one row.
 */
export async function saveArticle(db: Db, prepared: PreparedArticle): Promise<SaveOutcome> {
  const { article } = prepared;
  return db.transaction(async (tx) => {
    const same = await tx
      .select({ id: articles.id })
      .from(articles)
      .where(eq(articles.contentHash, prepared.contentHash))
      .limit(1);
    if (same.length) return 'unchanged';

    let outcome: SaveOutcome = 'loaded';
    let formerPersons: number[] = [];
    let formerPlaces: number[] = [];
    const previous = await tx
      .select({ id: articles.id })
      .from(articles)
      .where(eq(articles.sourceKey, prepared.sourceKey))
      .limit(1);
    const previousId = previous[0]?.id;
    if (previousId !== undefined) {
      formerPersons = (
        await tx
          .select({ id: articlePersons.personId })
          .from(articlePersons)
          .where(eq(articlePersons.articleId, previousId))
      ).map((r) => r.id);
      formerPlaces = (
        await tx
          .select({ id: articlePlaces.placeId })
          .from(articlePlaces)
          .where(eq(articlePlaces.articleId, previousId))
      ).map((r) => r.id);
      await tx.delete(articles).where(eq(articles.id, previousId));
      outcome = 'updated';
    }

    const inserted = await tx
      .insert(articles)
      .values({
        sourceKey: prepared.sourceKey,
        contentHash: prepared.contentHash,
        sourceFile: prepared.file,
        source: article.source,
        distributor: article.distributor,
        headline: article.headline,
        dateLine: article.dateLine,
        publishedAt: new Date(article.publishedAt),
        language: article.language,
        body: article.body,
        paragraphs: article.paragraphs.map((p) => p.text),
        wordCount: article.wordCount,
      })
      .onConflictDoNothing()
      .returning({ id: articles.id });
    const articleId = inserted[0]?.id;
    // Another loader stored the same text between our check and our insert.
    if (articleId === undefined) return 'unchanged';

    const personIds = new Map<string, number>();
    if (article.persons.length) {
      const rows = await tx
        .insert(persons)
        .values(
          article.persons.map((p) => ({
            key: p.key,
            name: p.name,
            aliases: [...new Set(p.mentions.map((m) => m.text).filter((t) => t !== p.name))].sort(),
            title: p.title,
            affiliationCountryCode: p.affiliationCode,
          })),
        )
        .onConflictDoUpdate({
          target: persons.key,
          set: {
            title: sql`coalesce(excluded.title, ${persons.title})`,
            affiliationCountryCode: sql`coalesce(excluded.affiliation_country_code, ${persons.affiliationCountryCode})`,
            aliases: sql`array(select distinct unnest(${persons.aliases} || excluded.aliases) order by 1)`,
            updatedAt: sql`now()`,
          },
        })
        .returning({ id: persons.id, key: persons.key });
      for (const row of rows) personIds.set(row.key, row.id);
      await tx.insert(articlePersons).values(
        article.persons.map((p) => ({
          articleId,
          personId: personIds.get(p.key) as number,
          mentionCount: p.mentions.length,
          mentions: p.mentions,
          title: p.title,
        })),
      );
    }

    const placeIds = new Map<string, number>();
    if (article.places.length) {
      const rows = await tx
        .insert(places)
        .values(
          article.places.map((p) => ({
            gazetteerId: p.gazetteerId,
            name: p.name,
            kind: p.kind,
            countryCode: p.countryCode,
            latitude: p.lat,
            longitude: p.lon,
          })),
        )
        .onConflictDoUpdate({ target: places.gazetteerId, set: { updatedAt: sql`now()` } })
        .returning({ id: places.id, gazetteerId: places.gazetteerId });
      for (const row of rows) placeIds.set(row.gazetteerId, row.id);
      await tx.insert(articlePlaces).values(
        article.places.map((p) => ({
          articleId,
          placeId: placeIds.get(p.gazetteerId) as number,
          mentionCount: p.mentions.length,
          mentions: p.mentions,
        })),
      );
    }

    if (article.quotes.length) {
      await tx.insert(quotes).values(
        article.quotes.map((q) => ({
          articleId,
          paragraphIndex: q.paragraphIndex,
          startOffset: q.start,
          endOffset: q.end,
          text: q.text,
          speakerId: q.speaker ? (personIds.get(foldName(q.speaker)) ?? null) : null,
          speakerLabel: q.speakerLabel,
          verb: q.verb,
          publishedAt: new Date(article.publishedAt),
        })),
      );
    }

    await refreshCounts(
      tx,
      [...new Set([...personIds.values(), ...formerPersons])],
      [...new Set([...placeIds.values(), ...formerPlaces])],
    );
    if (outcome === 'updated') await dropOrphans(tx, formerPersons, formerPlaces);
    return outcome;
  });
}

/** Row counts of every table, for summaries and tests. */
export async function countRows(
  db: Db,
): Promise<Record<'articles' | 'persons' | 'places' | 'quotes' | 'articlePersons' | 'articlePlaces', number>> {
  const [a, p, pl, q, ap, apl] = await Promise.all([
    db.$count(articles),
    db.$count(persons),
    db.$count(places),
    db.$count(quotes),
    db.$count(articlePersons),
    db.$count(articlePlaces),
  ]);
  return { articles: a, persons: p, places: pl, quotes: q, articlePersons: ap, articlePlaces: apl };
}
