import { articlePersons, articlePlaces, quotes } from '../../db/schema.js';
import type { WrittenArticle } from './entities.js';
import { type Column, insertUnnest, type Tx } from './sql.js';

type PersonLink = typeof articlePersons.$inferInsert;
type PlaceLink = typeof articlePlaces.$inferInsert;
type QuoteRow = typeof quotes.$inferInsert;

const PERSON_LINK_COLUMNS: Column<PersonLink>[] = [
  ['article_id', 'int', (r) => r.articleId],
  ['person_id', 'int', (r) => r.personId],
  ['mention_count', 'int', (r) => r.mentionCount],
  ['mentions', 'jsonb', (r) => JSON.stringify(r.mentions)],
  ['title', 'text', (r) => r.title ?? null],
  ['name_key', 'text', (r) => r.nameKey],
  ['name', 'text', (r) => r.name],
  ['affiliation_country_code', 'text', (r) => r.affiliationCountryCode ?? null],
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

function idOf(ids: Map<string, number>, key: string): number {
  const id = ids.get(key);
  if (id === undefined) throw new Error(`no stored row for "${key}"`);
  return id;
}

/**
 * The link rows of the batch's articles: one per article and person (a lone surname to the
 * person it resolves to), one per article and place, and the quotes with their speakers. A
 * speaker is a person the same article names, or none: never someone another article named.
 */
export async function linkArticles(
  tx: Tx,
  written: WrittenArticle[],
  keyFor: (key: string) => string,
  personIds: Map<string, number>,
  placeIds: Map<string, number>,
): Promise<void> {
  const personLinks: PersonLink[] = [];
  const placeLinks: PlaceLink[] = [];
  const quoteRows: QuoteRow[] = [];
  for (const w of written) {
    for (const p of w.people.people) {
      personLinks.push({
        articleId: w.articleId,
        personId: idOf(personIds, keyFor(p.key)),
        mentionCount: p.mentions.length,
        mentions: p.mentions,
        title: p.title,
        nameKey: p.key,
        name: p.name,
        affiliationCountryCode: p.affiliationCode,
      });
    }
    for (const p of w.places) {
      placeLinks.push({
        articleId: w.articleId,
        placeId: idOf(placeIds, p.gazetteerId),
        mentionCount: p.mentions.length,
        mentions: p.mentions,
      });
    }
    for (const q of w.quotes) {
      const speaker = w.people.speakerKey(q.speaker);
      quoteRows.push({
        articleId: w.articleId,
        paragraphIndex: q.paragraphIndex,
        startOffset: q.start,
        endOffset: q.end,
        text: q.text,
        speakerId: speaker === null ? null : idOf(personIds, keyFor(speaker)),
        speakerLabel: q.speakerLabel,
        verb: q.verb,
        publishedAt: w.publishedAt,
      });
    }
  }
  await insertUnnest(tx, articlePersons, PERSON_LINK_COLUMNS, personLinks);
  await insertUnnest(tx, articlePlaces, PLACE_LINK_COLUMNS, placeLinks);
  await insertUnnest(tx, quotes, QUOTE_COLUMNS, quoteRows);
}
