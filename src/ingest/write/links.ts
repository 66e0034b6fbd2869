import { articleOrganizations, articlePersons, articlePlaces, quotes } from '../../db/schema.js';
import { affiliationOf, speakerOrganizationKey, type WrittenArticle } from './entities.js';
import { type Column, insertUnnest, type Tx } from './sql.js';

type PersonLink = typeof articlePersons.$inferInsert;
type PlaceLink = typeof articlePlaces.$inferInsert;
type OrganizationLink = typeof articleOrganizations.$inferInsert;
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
  ['organization_id', 'int', (r) => r.organizationId ?? null],
  ['organization_role', 'text', (r) => r.organizationRole ?? null],
];

export const ORGANIZATION_LINK_COLUMNS: Column<OrganizationLink>[] = [
  ['article_id', 'int', (r) => r.articleId],
  ['organization_id', 'int', (r) => r.organizationId],
  ['mention_count', 'int', (r) => r.mentionCount],
  ['mentions', 'jsonb', (r) => JSON.stringify(r.mentions)],
  ['name', 'text', (r) => r.name],
  ['acronym', 'text', (r) => r.acronym ?? null],
  ['kind', 'text', (r) => r.kind],
  ['country_code', 'text', (r) => r.countryCode ?? null],
  ['name_key', 'text', (r) => r.nameKey],
  ['abbreviates', 'text', (r) => r.abbreviates ?? null],
  ['expands', 'text', (r) => r.expands ?? null],
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
  ['speaker_organization_id', 'int', (r) => r.speakerOrganizationId ?? null],
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
 * person it resolves to, with the organisation the article ties them to), one per article and
 * place, one per article and organisation, and the quotes with their speakers. A speaker, person
 * or organisation, is one the same article names, or none: never one another article named.
 */
export async function linkArticles(
  tx: Tx,
  written: WrittenArticle[],
  keyFor: (key: string) => string,
  personIds: Map<string, number>,
  placeIds: Map<string, number>,
  organizationIds: Map<string, number>,
): Promise<void> {
  const personLinks: PersonLink[] = [];
  const placeLinks: PlaceLink[] = [];
  const organizationLinks: OrganizationLink[] = [];
  const quoteRows: QuoteRow[] = [];
  for (const w of written) {
    for (const p of w.people.people) {
      const affiliation = affiliationOf(w, p);
      personLinks.push({
        articleId: w.articleId,
        personId: idOf(personIds, keyFor(p.key)),
        mentionCount: p.mentions.length,
        mentions: p.mentions,
        title: p.title,
        nameKey: p.key,
        name: p.name,
        affiliationCountryCode: p.affiliationCode,
        organizationId: affiliation ? idOf(organizationIds, w.organizationKey(affiliation.key)) : null,
        organizationRole: affiliation?.role ?? null,
      });
    }
    for (const o of w.organizations) {
      const forms = w.acronyms.get(o.key);
      organizationLinks.push({
        articleId: w.articleId,
        organizationId: idOf(organizationIds, w.organizationKey(o.key)),
        nameKey: o.key,
        abbreviates: forms?.abbreviates ?? null,
        expands: forms?.expands ?? null,
        mentionCount: o.mentions.length,
        mentions: o.mentions,
        name: o.name,
        acronym: o.acronym,
        kind: o.kind,
        countryCode: o.countryCode,
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
      const organization = speakerOrganizationKey(w, q);
      quoteRows.push({
        articleId: w.articleId,
        paragraphIndex: q.paragraphIndex,
        startOffset: q.start,
        endOffset: q.end,
        text: q.text,
        speakerId: speaker === null ? null : idOf(personIds, keyFor(speaker)),
        speakerLabel: q.speakerLabel,
        speakerOrganizationId: organization === null ? null : idOf(organizationIds, w.organizationKey(organization)),
        verb: q.verb,
        publishedAt: w.publishedAt,
      });
    }
  }
  await insertUnnest(tx, articlePersons, PERSON_LINK_COLUMNS, personLinks);
  await insertUnnest(tx, articlePlaces, PLACE_LINK_COLUMNS, placeLinks);
  await insertUnnest(tx, articleOrganizations, ORGANIZATION_LINK_COLUMNS, organizationLinks);
  await insertUnnest(tx, quotes, QUOTE_COLUMNS, quoteRows);
}
