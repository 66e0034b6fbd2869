import { and, eq, inArray, notExists, Param, sql } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import type { Db } from '../db/client.js';
import { articlePersons, articlePlaces, articleSources, articles, persons, places, quotes } from '../db/schema.js';
import type { ExtractedPerson } from '../extract/index.js';
import { EXTRACTOR_VERSION, foldName } from '../extract/index.js';
import type { PreparedArticle } from './prepare.js';

export type SaveOutcome = 'loaded' | 'updated' | 'unchanged';

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

// Postgres takes at most 65,535 parameters in one statement; rows are sent in chunks well below it.
const MAX_PARAMETERS = 60_000;

async function inChunks<T>(
  rows: T[],
  parametersPerRow: number,
  write: (chunk: T[]) => Promise<unknown>,
): Promise<void> {
  const size = Math.max(1, Math.floor(MAX_PARAMETERS / parametersPerRow));
  for (let i = 0; i < rows.length; i += size) await write(rows.slice(i, i + size));
}

/**
 * A whole column as one array parameter: one statement inserts thousands of rows cheaply.
 * (postgres.js cannot send a timestamptz[] of strings: it goes as text[] and is cast.)
 */
function column(values: unknown[], type: string) {
  const cast = type === 'timestamptz' ? sql`::text[]::timestamptz[]` : sql`::${sql.raw(type)}[]`;
  return sql`${new Param(values)}${cast}`;
}

// Rows per unnest insert: large enough to amortise a round trip, small enough to bound a message.
const ROWS_PER_INSERT = 20_000;

type Column<R> = [name: string, type: string, value: (row: R) => unknown];

/** Inserts rows with one array parameter per column: `insert … select * from unnest(…)`. */
async function insertUnnest<R>(tx: Tx, table: PgTable, columns: Column<R>[], rows: R[]): Promise<void> {
  const names = sql.raw(columns.map(([name]) => `"${name}"`).join(', '));
  for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) {
    const chunk = rows.slice(i, i + ROWS_PER_INSERT);
    const arrays = sql.join(
      columns.map(([, type, value]) => column(chunk.map(value), type)),
      sql`, `,
    );
    await tx.execute(sql`insert into ${table} (${names}) select * from unnest(${arrays})`);
  }
}

type PersonLink = typeof articlePersons.$inferInsert;
type PlaceLink = typeof articlePlaces.$inferInsert;
type QuoteRow = typeof quotes.$inferInsert;

const PERSON_LINK_COLUMNS: Column<PersonLink>[] = [
  ['article_id', 'int', (r) => r.articleId],
  ['person_id', 'int', (r) => r.personId],
  ['mention_count', 'int', (r) => r.mentionCount],
  ['mentions', 'jsonb', (r) => JSON.stringify(r.mentions)],
  ['title', 'text', (r) => r.title ?? null],
];

const PLACE_LINK_COLUMNS: Column<PlaceLink>[] = [
  ['article_id', 'int', (r) => r.articleId],
  ['place_id', 'int', (r) => r.placeId],
  ['mention_count', 'int', (r) => r.mentionCount],
  ['mentions', 'jsonb', (r) => JSON.stringify(r.mentions)],
];

const QUOTE_COLUMNS: Column<QuoteRow>[] = [
  ['article_id', 'int', (r) => r.articleId],
  ['paragraph_index', 'int', (r) => r.paragraphIndex],
  ['start_offset', 'int', (r) => r.startOffset],
  ['end_offset', 'int', (r) => r.endOffset],
  ['text', 'text', (r) => r.text],
  ['speaker_id', 'int', (r) => r.speakerId ?? null],
  ['speaker_label', 'text', (r) => r.speakerLabel ?? null],
  ['verb', 'text', (r) => r.verb ?? null],
  ['published_at', 'timestamptz', (r) => (r.publishedAt as Date).toISOString()],
];

function surnameOf(key: string): string {
  const words = key.split(' ');
  return words[words.length - 1] ?? '';
}

/**
 * Recounts the stored totals and the latest title of the given people and places from their link
 * rows, in the saving transaction, so they always agree with the rows whatever loads at once.
 */
async function refreshPeopleAndPlaces(tx: Tx, personIds: number[], placeIds: number[]): Promise<void> {
  const personList = [...new Set(personIds)].sort((a, b) => a - b);
  await inChunks(personList, 1, (chunk) =>
    tx
      .update(persons)
      .set({
        articleCount: sql`(select count(*) from ${articlePersons} where ${articlePersons.personId} = ${persons.id})`,
        mentionCount: sql`(select coalesce(sum(${articlePersons.mentionCount}), 0) from ${articlePersons} where ${articlePersons.personId} = ${persons.id})`,
        quoteCount: sql`(select count(*) from ${quotes} where ${quotes.speakerId} = ${persons.id})`,
        // The title from the most recently published article that gives one.
        title: sql`coalesce((select ap.title from ${articlePersons} ap join ${articles} a on a.id = ap.article_id
          where ap.person_id = ${persons.id} and ap.title is not null order by a.published_at desc, a.id desc limit 1), ${persons.title})`,
        titleAt: sql`(select a.published_at from ${articlePersons} ap join ${articles} a on a.id = ap.article_id
          where ap.person_id = ${persons.id} and ap.title is not null order by a.published_at desc, a.id desc limit 1)`,
        updatedAt: sql`now()`,
      })
      .where(inArray(persons.id, chunk)),
  );
  const placeList = [...new Set(placeIds)].sort((a, b) => a - b);
  await inChunks(placeList, 1, (chunk) =>
    tx
      .update(places)
      .set({
        articleCount: sql`(select count(*) from ${articlePlaces} where ${articlePlaces.placeId} = ${places.id})`,
        mentionCount: sql`(select coalesce(sum(${articlePlaces.mentionCount}), 0) from ${articlePlaces} where ${articlePlaces.placeId} = ${places.id})`,
        updatedAt: sql`now()`,
      })
      .where(inArray(places.id, chunk)),
  );
}

/** The people and places the given articles link to: those whose totals change when they go. */
async function linkedIds(tx: Tx, articleIds: number[]): Promise<{ persons: number[]; places: number[] }> {
  const personRows = await tx
    .select({ id: articlePersons.personId })
    .from(articlePersons)
    .where(inArray(articlePersons.articleId, articleIds));
  const placeRows = await tx
    .select({ id: articlePlaces.placeId })
    .from(articlePlaces)
    .where(inArray(articlePlaces.articleId, articleIds));
  return { persons: personRows.map((r) => r.id), places: placeRows.map((r) => r.id) };
}

/** Removes people and places that no article mentions any more (after replaced articles). */
async function dropOrphans(tx: Tx, personIds: number[], placeIds: number[]): Promise<void> {
  const one = { one: sql`1` };
  await inChunks([...new Set(personIds)], 1, (chunk) =>
    tx
      .delete(persons)
      .where(
        and(
          inArray(persons.id, chunk),
          notExists(tx.select(one).from(articlePersons).where(eq(articlePersons.personId, persons.id))),
          notExists(tx.select(one).from(quotes).where(eq(quotes.speakerId, persons.id))),
        ),
      ),
  );
  await inChunks([...new Set(placeIds)], 1, (chunk) =>
    tx
      .delete(places)
      .where(
        and(
          inArray(places.id, chunk),
          notExists(tx.select(one).from(articlePlaces).where(eq(articlePlaces.placeId, places.id))),
        ),
      ),
  );
}

/**
 * One graph across articles: a surname alone ("Blinken") joins the one stored or incoming person
 * whose full name ends in it; with two such people ("Joe Biden", "Hunter Biden") it stays apart.
 * A full name whose surname so far stood alone takes that row over ("Blinken" -> "Antony Blinken").
 * Returns the key each incoming key is to be stored under.
 */
async function resolvePersonKeys(tx: Tx, incoming: ExtractedPerson[]): Promise<Map<string, string>> {
  const resolved = new Map<string, string>();
  const fullBySurname = new Map<string, Set<string>>();
  const lone = new Set<string>();
  for (const p of incoming) {
    if (p.key.includes(' ')) {
      const s = surnameOf(p.key);
      fullBySurname.set(s, (fullBySurname.get(s) ?? new Set()).add(p.key));
    } else lone.add(p.key);
  }
  const surnames = [...new Set([...lone, ...fullBySurname.keys()])];
  if (surnames.length) {
    const stored: { key: string; surname: string }[] = [];
    await inChunks(surnames, 1, async (chunk) => {
      stored.push(
        ...(await tx
          .select({ key: persons.key, surname: persons.surname })
          .from(persons)
          .where(inArray(persons.surname, chunk))),
      );
    });
    const storedLone = new Set<string>();
    for (const row of stored) {
      if (row.key.includes(' '))
        fullBySurname.set(row.surname, (fullBySurname.get(row.surname) ?? new Set()).add(row.key));
      else storedLone.add(row.key);
    }
    for (const surname of lone) {
      const full = fullBySurname.get(surname);
      if (full?.size === 1) resolved.set(surname, [...full][0] as string);
    }
    // A stored lone surname with exactly one full name now known becomes that person.
    for (const surname of storedLone) {
      const full = fullBySurname.get(surname);
      if (full?.size !== 1) continue;
      const key = [...full][0] as string;
      const person = incoming.find((p) => p.key === key);
      const target = await tx.select({ id: persons.id }).from(persons).where(eq(persons.key, key)).limit(1);
      if (target.length === 0 && person) {
        await tx
          .update(persons)
          .set({ key, name: person.name, surname, updatedAt: sql`now()` })
          .where(eq(persons.key, surname));
      } else if (target[0]) {
        // Both rows exist: the lone surname's links move to the full name, then the row goes.
        await mergePersonInto(tx, surname, target[0].id);
      }
    }
  }
  return resolved;
}

async function mergePersonInto(tx: Tx, fromKey: string, toId: number): Promise<void> {
  const from = await tx.select({ id: persons.id }).from(persons).where(eq(persons.key, fromKey)).limit(1);
  const fromId = from[0]?.id;
  if (fromId === undefined || fromId === toId) return;
  await tx.execute(sql`
    insert into ${articlePersons} (article_id, person_id, mention_count, mentions, title)
    select article_id, ${toId}, mention_count, mentions, title from ${articlePersons} where person_id = ${fromId}
    on conflict (article_id, person_id) do update set
      mention_count = ${articlePersons}.mention_count + excluded.mention_count,
      mentions = ${articlePersons}.mentions || excluded.mentions`);
  await tx.update(quotes).set({ speakerId: toId }).where(eq(quotes.speakerId, fromId));
  await tx.delete(persons).where(eq(persons.id, fromId));
}

interface Plan {
  item: PreparedArticle;
  outcome: SaveOutcome;
  /** The stored article this file's text goes to (set once known). */
  articleId?: number;
  /** An existing article to overwrite in place with this text. */
  replaceId?: number;
  /** The same text, stored by an earlier extractor: read again, under the file name it has. */
  reextract?: boolean;
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
    publishedAt: new Date(article.publishedAt),
    language: article.language,
    body: article.body,
    paragraphs: article.paragraphs.map((p) => p.text),
    wordCount: article.wordCount,
    extractorVersion: EXTRACTOR_VERSION,
  };
}

/**
 * Another loader may be overwriting the same stored articles at this moment (the same changed
 * file, or the same text an earlier extractor read). The articles to overwrite are locked, in id
 * order so that two loaders cannot wait on each other, and looked at again once the lock is held:
 * one the other loader has already brought to this text and this extractor is left unchanged.
 * Everything this transaction then deletes and writes for them comes after the other's commit.
 */
async function lockReplaced(tx: Tx, plans: Plan[]): Promise<void> {
  const ids = [...new Set(plans.flatMap((p) => (p.replaceId === undefined ? [] : [p.replaceId])))].sort(
    (a, b) => a - b,
  );
  if (!ids.length) return;
  const now = new Map<number, { hash: string; version: number }>();
  await inChunks(ids, 1, async (chunk) => {
    const rows = await tx
      .select({ id: articles.id, hash: articles.contentHash, version: articles.extractorVersion })
      .from(articles)
      .where(inArray(articles.id, chunk))
      .orderBy(articles.id)
      .for('update');
    for (const row of rows) now.set(row.id, { hash: row.hash, version: row.version });
  });
  for (const plan of plans) {
    if (plan.replaceId === undefined) continue;
    const stored = now.get(plan.replaceId);
    if (!stored) {
      // Gone meanwhile: the text goes in as a new article.
      delete plan.replaceId;
      delete plan.reextract;
      plan.outcome = 'loaded';
    } else if (stored.hash === plan.item.contentHash && stored.version >= EXTRACTOR_VERSION) {
      plan.outcome = 'unchanged';
      plan.articleId = plan.replaceId;
      delete plan.replaceId;
      delete plan.reextract;
    }
  }
}

/**
 * Saves a batch of articles with all their rows in one transaction, with multi-row statements.
 * Text already stored is `unchanged` (its file name is recorded as another name for it); a new
 * text under a stored file name replaces that article in place, keeping its id (`updated`).
 * People and places are upserted on their normalised keys, sorted, so that concurrent loaders
 * take row locks in the same order.
 */
export async function saveArticles(db: Db, items: PreparedArticle[]): Promise<SaveOutcome[]> {
  if (items.length === 0) return [];
  return db.transaction(async (tx) => {
    const hashes = [...new Set(items.map((i) => i.contentHash))];
    const keys = [...new Set(items.map((i) => i.sourceKey))];
    const storedByHash = new Map<string, number>();
    // Stored texts an earlier extractor read: extracted again and overwritten in place.
    const stale = new Set<number>();
    await inChunks(hashes, 1, async (chunk) => {
      for (const row of await tx
        .select({ id: articles.id, hash: articles.contentHash, version: articles.extractorVersion })
        .from(articles)
        .where(inArray(articles.contentHash, chunk))) {
        storedByHash.set(row.hash, row.id);
        if (row.version < EXTRACTOR_VERSION) stale.add(row.id);
      }
    });
    const storedByKey = new Map<string, { articleId: number; names: number }>();
    await inChunks(keys, 1, async (chunk) => {
      const rows = await tx
        .select({
          key: articleSources.sourceKey,
          articleId: articleSources.articleId,
          names:
            sql<number>`(select count(*) from ${articleSources} s2 where s2.article_id = ${articleSources.articleId})`.mapWith(
              Number,
            ),
        })
        .from(articleSources)
        .where(inArray(articleSources.sourceKey, chunk));
      for (const row of rows) storedByKey.set(row.key, { articleId: row.articleId, names: row.names });
    });

    // Decide what each file is; a text seen earlier in this batch counts as stored.
    const plans: Plan[] = [];
    const newByHash = new Map<string, Plan>();
    const articlesLosingName = new Set<number>();
    for (const item of items) {
      const storedId = storedByHash.get(item.contentHash);
      const earlier = newByHash.get(item.contentHash);
      const byKey = storedByKey.get(item.sourceKey);
      if (storedId !== undefined || earlier) {
        if (byKey && byKey.articleId !== storedId) articlesLosingName.add(byKey.articleId);
        if (storedId !== undefined && !earlier && stale.has(storedId)) {
          const plan: Plan = { item, outcome: 'updated', replaceId: storedId, reextract: true };
          newByHash.set(item.contentHash, plan);
          plans.push(plan);
        } else plans.push({ item, outcome: 'unchanged', articleId: storedId ?? earlier?.articleId });
        continue;
      }
      const plan: Plan = { item, outcome: 'loaded' };
      if (byKey) {
        plan.outcome = 'updated';
        // Keep the id when the file was the article's only name; otherwise the other names keep it.
        if (byKey.names <= 1) plan.replaceId = byKey.articleId;
      }
      newByHash.set(item.contentHash, plan);
      plans.push(plan);
    }

    await lockReplaced(tx, plans);

    const formerPersons: number[] = [];
    const formerPlaces: number[] = [];
    const replaced = plans.filter((p) => p.replaceId !== undefined);
    const replacedIds = replaced.map((p) => p.replaceId as number);
    if (replacedIds.length) {
      const linked = await linkedIds(tx, replacedIds);
      formerPersons.push(...linked.persons);
      formerPlaces.push(...linked.places);
      await tx.delete(articlePersons).where(inArray(articlePersons.articleId, replacedIds));
      await tx.delete(articlePlaces).where(inArray(articlePlaces.articleId, replacedIds));
      await tx.delete(quotes).where(inArray(quotes.articleId, replacedIds));
      for (const plan of replaced) {
        const { sourceFile, ...values } = articleValues(plan.item);
        await tx
          .update(articles)
          .set({ ...values, ...(plan.reextract ? {} : { sourceFile }), updatedAt: sql`now()` })
          .where(eq(articles.id, plan.replaceId as number));
        plan.articleId = plan.replaceId;
      }
    }

    const inserts = plans.filter((p) => p.outcome !== 'unchanged' && p.replaceId === undefined);
    inserts.sort((a, b) => a.item.contentHash.localeCompare(b.item.contentHash));
    await inChunks(inserts, MAX_PARAMETERS / ROWS_PER_INSERT, async (chunk) => {
      const values = chunk.map((p) => articleValues(p.item));
      const col = <K extends keyof (typeof values)[number]>(key: K, type: string) =>
        column(
          values.map((v) => v[key]),
          type,
        );
      // paragraphs is an array per row: unnest would flatten a 2-D array, so it travels as JSON.
      const result = await tx.execute(sql`insert into ${articles}
          (content_hash, source_file, source, distributor, headline, date_line, published_at, language, body, paragraphs, word_count, extractor_version)
        select h, f, s, d, hl, dl, pa::timestamptz, l, b, array(select jsonb_array_elements_text(p)), w, v
        from unnest(${col('contentHash', 'text')}, ${col('sourceFile', 'text')}, ${col('source', 'text')},
          ${col('distributor', 'text')}, ${col('headline', 'text')}, ${col('dateLine', 'text')},
          ${column(
            values.map((v) => v.publishedAt.toISOString()),
            'text',
          )}, ${col('language', 'text')}, ${col('body', 'text')},
          ${column(
            values.map((v) => JSON.stringify(v.paragraphs)),
            'jsonb',
          )}, ${col('wordCount', 'int')}, ${col('extractorVersion', 'int')})
          as t(h, f, s, d, hl, dl, pa, l, b, p, w, v)
        on conflict (content_hash) do nothing
        returning id, content_hash`);
      const rows = (Array.isArray(result) ? [...result] : (result as unknown as { rows: unknown[] }).rows) as {
        id: number;
        content_hash: string;
      }[];
      const ids = new Map(rows.map((r) => [r.content_hash, Number(r.id)]));
      for (const plan of chunk) plan.articleId = ids.get(plan.item.contentHash);
    });
    // Another loader stored some of these texts first: they are theirs, and unchanged here.
    const raced = inserts.filter((p) => p.articleId === undefined);
    if (raced.length) {
      const rows = await tx
        .select({ id: articles.id, hash: articles.contentHash })
        .from(articles)
        .where(
          inArray(
            articles.contentHash,
            raced.map((p) => p.item.contentHash),
          ),
        );
      const ids = new Map(rows.map((r) => [r.hash, r.id]));
      for (const plan of raced) {
        plan.articleId = ids.get(plan.item.contentHash);
        plan.outcome = 'unchanged';
      }
    }
    for (const plan of plans) {
      if (plan.articleId === undefined) plan.articleId = newByHash.get(plan.item.contentHash)?.articleId;
    }

    // Every file name points at its article; a name that moves away may leave an article nameless.
    // One row per name; should a batch hold one name twice, the last file wins.
    const sourceRows = [
      ...new Map(
        plans
          .filter((p) => p.articleId !== undefined)
          .map((p) => [
            p.item.sourceKey,
            { sourceKey: p.item.sourceKey, articleId: p.articleId as number, sourceFile: p.item.file },
          ]),
      ).values(),
    ].sort((a, b) => a.sourceKey.localeCompare(b.sourceKey));
    for (const plan of plans) {
      const byKey = storedByKey.get(plan.item.sourceKey);
      if (byKey && byKey.articleId !== plan.articleId) articlesLosingName.add(byKey.articleId);
    }
    await inChunks(sourceRows, 3, (chunk) =>
      tx
        .insert(articleSources)
        .values(chunk)
        .onConflictDoUpdate({
          target: articleSources.sourceKey,
          set: { articleId: sql`excluded.article_id`, sourceFile: sql`excluded.source_file`, loadedAt: sql`now()` },
        }),
    );

    const written = plans.filter(
      (p) => p.outcome !== 'unchanged' && p.articleId !== undefined && newByHash.get(p.item.contentHash) === p,
    );
    const personIds = new Map<string, number>();
    const placeIds = new Map<string, number>();
    const allPersons = written.flatMap((p) => p.item.article.persons);
    const keyFor = await resolvePersonKeys(tx, allPersons);
    const personRows = new Map<
      string,
      {
        key: string;
        name: string;
        surname: string;
        aliases: string[];
        title: string | null;
        titleAt: Date | null;
        affiliationCountryCode: string | null;
        /** What this batch adds to the stored totals. */
        articleCount: number;
        mentionCount: number;
        quoteCount: number;
      }
    >();
    const personArticles = new Map<string, Set<number>>();
    for (const { person: p, publishedAt, articleId } of written.flatMap((w) =>
      w.item.article.persons.map((person) => ({
        person,
        publishedAt: new Date(w.item.article.publishedAt),
        articleId: w.articleId as number,
      })),
    )) {
      const key = keyFor.get(p.key) ?? p.key;
      const row = personRows.get(key);
      const aliases = p.mentions.map((m) => m.text).filter((t) => t !== p.name);
      if (key !== p.key) aliases.push(p.name);
      personArticles.set(key, (personArticles.get(key) ?? new Set()).add(articleId));
      if (row) {
        row.mentionCount += p.mentions.length;
        row.aliases.push(...aliases);
        // The full name, not a surname that was resolved to it, names the row.
        if (key === p.key) row.name = p.name;
        if (p.title && (!row.titleAt || publishedAt >= row.titleAt)) {
          row.title = p.title;
          row.titleAt = publishedAt;
        }
        row.affiliationCountryCode = p.affiliationCode ?? row.affiliationCountryCode;
      } else {
        personRows.set(key, {
          key,
          name: p.name,
          surname: surnameOf(key),
          aliases,
          title: p.title,
          titleAt: p.title ? publishedAt : null,
          affiliationCountryCode: p.affiliationCode,
          articleCount: 0,
          mentionCount: p.mentions.length,
          quoteCount: 0,
        });
      }
    }
    for (const [key, ids] of personArticles) {
      const row = personRows.get(key);
      if (row) row.articleCount = ids.size;
    }
    for (const w of written) {
      for (const q of w.item.article.quotes) {
        if (!q.speaker) continue;
        const key = foldName(q.speaker);
        const row = personRows.get(keyFor.get(key) ?? key);
        if (row) row.quoteCount++;
      }
    }
    const sortedPersons = [...personRows.values()]
      .map((r) => ({ ...r, aliases: [...new Set(r.aliases)].sort() }))
      .sort((a, b) => a.key.localeCompare(b.key));
    await inChunks(sortedPersons, 10, async (chunk) => {
      const rows = await tx
        .insert(persons)
        .values(chunk)
        .onConflictDoUpdate({
          target: persons.key,
          set: {
            // A title from a later article replaces the stored one; one from an earlier article does not.
            title: sql`case when excluded.title is not null and (${persons.titleAt} is null or excluded.title_at >= ${persons.titleAt})
              then excluded.title else ${persons.title} end`,
            titleAt: sql`case when excluded.title is not null and (${persons.titleAt} is null or excluded.title_at >= ${persons.titleAt})
              then excluded.title_at else ${persons.titleAt} end`,
            affiliationCountryCode: sql`coalesce(excluded.affiliation_country_code, ${persons.affiliationCountryCode})`,
            // Rebuilt only when a new form turns up: most batches bring none.
            aliases: sql`case when excluded.aliases <@ ${persons.aliases} then ${persons.aliases}
              else array(select distinct a from unnest(${persons.aliases} || excluded.aliases) a where a <> ${persons.name} order by 1) end`,
            // Totals grow in the same statement: one write per person per batch.
            articleCount: sql`${persons.articleCount} + excluded.article_count`,
            mentionCount: sql`${persons.mentionCount} + excluded.mention_count`,
            quoteCount: sql`${persons.quoteCount} + excluded.quote_count`,
            updatedAt: sql`now()`,
          },
        })
        .returning({ id: persons.id, key: persons.key });
      for (const row of rows) personIds.set(row.key, row.id);
    });

    const placeRowsById = new Map<
      string,
      { place: PreparedArticle['article']['places'][number]; articleCount: number; mentionCount: number }
    >();
    for (const w of written) {
      for (const p of w.item.article.places) {
        const row = placeRowsById.get(p.gazetteerId);
        if (row) {
          row.articleCount++;
          row.mentionCount += p.mentions.length;
        } else placeRowsById.set(p.gazetteerId, { place: p, articleCount: 1, mentionCount: p.mentions.length });
      }
    }
    const placeRows = [...placeRowsById.values()].sort((a, b) =>
      a.place.gazetteerId.localeCompare(b.place.gazetteerId),
    );
    await inChunks(placeRows, 8, async (chunk) => {
      const rows = await tx
        .insert(places)
        .values(
          chunk.map(({ place: p, articleCount, mentionCount }) => ({
            gazetteerId: p.gazetteerId,
            name: p.name,
            kind: p.kind,
            countryCode: p.countryCode,
            latitude: p.lat,
            longitude: p.lon,
            articleCount,
            mentionCount,
          })),
        )
        .onConflictDoUpdate({
          target: places.gazetteerId,
          set: {
            articleCount: sql`${places.articleCount} + excluded.article_count`,
            mentionCount: sql`${places.mentionCount} + excluded.mention_count`,
            updatedAt: sql`now()`,
          },
        })
        .returning({ id: places.id, gazetteerId: places.gazetteerId });
      for (const row of rows) placeIds.set(row.gazetteerId, row.id);
    });

    const personLinks: PersonLink[] = [];
    const placeLinks: PlaceLink[] = [];
    const quoteRows: QuoteRow[] = [];
    for (const plan of written) {
      const articleId = plan.articleId as number;
      const { article } = plan.item;
      const links = new Map<number, PersonLink>();
      for (const p of article.persons) {
        const personId = personIds.get(keyFor.get(p.key) ?? p.key) as number;
        const link = links.get(personId);
        if (link) {
          // Two names in one article resolved to one person: one link with all the mentions.
          link.mentions = [...(link.mentions ?? []), ...p.mentions].sort((a, b) => a.start - b.start);
          link.mentionCount = link.mentions.length;
          link.title ??= p.title;
        } else {
          links.set(personId, {
            articleId,
            personId,
            mentionCount: p.mentions.length,
            mentions: p.mentions,
            title: p.title,
          });
        }
      }
      personLinks.push(...links.values());
      for (const p of article.places) {
        placeLinks.push({
          articleId,
          placeId: placeIds.get(p.gazetteerId) as number,
          mentionCount: p.mentions.length,
          mentions: p.mentions,
        });
      }
      for (const q of article.quotes) {
        const speakerKey = q.speaker ? foldName(q.speaker) : null;
        quoteRows.push({
          articleId,
          paragraphIndex: q.paragraphIndex,
          startOffset: q.start,
          endOffset: q.end,
          text: q.text,
          speakerId: speakerKey ? (personIds.get(keyFor.get(speakerKey) ?? speakerKey) ?? null) : null,
          speakerLabel: q.speakerLabel,
          verb: q.verb,
          publishedAt: new Date(article.publishedAt),
        });
      }
    }
    await insertUnnest(tx, articlePersons, PERSON_LINK_COLUMNS, personLinks);
    await insertUnnest(tx, articlePlaces, PLACE_LINK_COLUMNS, placeLinks);
    await insertUnnest(tx, quotes, QUOTE_COLUMNS, quoteRows);

    // Articles whose every file name moved to other text are gone.
    if (articlesLosingName.size) {
      const candidates = [...articlesLosingName];
      const linked = await linkedIds(tx, candidates);
      formerPersons.push(...linked.persons);
      formerPlaces.push(...linked.places);
      await tx
        .delete(articles)
        .where(
          and(
            inArray(articles.id, candidates),
            notExists(tx.select({ one: sql`1` }).from(articleSources).where(eq(articleSources.articleId, articles.id))),
          ),
        );
    }

    if (formerPersons.length || formerPlaces.length) {
      // Articles were replaced or dropped: count the people and places they touched from scratch.
      await refreshPeopleAndPlaces(
        tx,
        [...personIds.values(), ...formerPersons],
        [...placeIds.values(), ...formerPlaces],
      );
      await dropOrphans(tx, formerPersons, formerPlaces);
    }
    return plans.map((p) => p.outcome);
  });
}

/** Saves one article in its own transaction. */
export async function saveArticle(db: Db, item: PreparedArticle): Promise<SaveOutcome> {
  const [outcome] = await saveArticles(db, [item]);
  return outcome as SaveOutcome;
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
