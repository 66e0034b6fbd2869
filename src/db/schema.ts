import { type SQL, sql } from 'drizzle-orm';
import {
  customType,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
  varchar,
} from 'drizzle-orm/pg-core';

/** A stretch of an article's body, as the extractor reports it. */
export interface MentionSpan {
  start: number;
  end: number;
  text: string;
}

/** Postgres full-text document; filled by the database itself from the columns it is generated from. */
const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });

/** English full-text document of the given text expressions, first ones weighted highest. */
function searchDocument(...parts: SQL[]): SQL {
  const weights = ['A', 'B', 'C', 'D'];
  return sql.join(
    parts.map(
      (part, i) =>
        sql`setweight(to_tsvector('english'::regconfig, coalesce(${part}, '')), '${sql.raw(weights[i] ?? 'D')}')`,
    ),
    sql` || `,
  );
}

const timestamps = {
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
};

export const articles = pgTable(
  'articles',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    /** SHA-256 of the normalised text: the same text loaded again is recognised and skipped. */
    contentHash: text('content_hash').notNull().unique(),
    /** The file the article was first loaded from; `article_sources` lists every file that holds it. */
    sourceFile: text('source_file').notNull(),
    source: text('source'),
    distributor: text('distributor'),
    headline: text('headline').notNull(),
    dateLine: text('date_line').notNull(),
    publishedAt: timestamp('published_at', { withTimezone: true }).notNull(),
    language: varchar('language', { length: 8 }).notNull(),
    /** Where the story is published, when its source gave it (JSON Lines, the ingest mutation). */
    url: text('url'),
    body: text('body').notNull(),
    paragraphs: text('paragraphs').array().notNull(),
    wordCount: integer('word_count').notNull(),
    /** The extractor version that read the text; a later one reads it again on the next load. */
    extractorVersion: integer('extractor_version').notNull().default(0),
    searchVector: tsvector('search_vector')
      .notNull()
      // Postgres refuses a tsvector over 1 MB; the first 300,000 characters (far more than any
      // news story) always fit, so a huge file still loads, searchable by its start.
      // The headline too: a 2 MB one went over the limit alone.
      .generatedAlwaysAs(
        (): SQL => searchDocument(sql`left(${articles.headline}, 2000)`, sql`left(${articles.body}, 300000)`),
      ),
    ...timestamps,
  },
  // Every DESC index says NULLS FIRST, as ORDER BY … DESC means: drizzle-kit writes a bare
  // .desc() as DESC NULLS LAST, which Postgres cannot use for ORDER BY … DESC, even on NOT NULL
  // columns, and then sorts the whole table (found by the API benchmark).
  (t) => [
    index('articles_published_at_idx').on(t.publishedAt.desc().nullsFirst(), t.id.desc().nullsFirst()),
    index('articles_source_idx').on(t.source),
    index('articles_search_idx').using('gin', t.searchVector),
  ],
);

/**
 * Every file name an article was loaded from: the file's path relative to the folder or glob root
 * it was found under. A file name belongs to one article at a time: a changed file moves its name
 * to the new text; two files with the same text share one article.
 */
export const articleSources = pgTable(
  'article_sources',
  {
    sourceKey: text('source_key').primaryKey(),
    articleId: integer('article_id')
      .notNull()
      .references(() => articles.id, { onDelete: 'cascade' }),
    sourceFile: text('source_file').notNull(),
    loadedAt: timestamp('loaded_at', { withTimezone: true }).notNull().defaultNow(),
  },
  // source_file: a name stored before names were relative paths is found by its file (plan.ts).
  (t) => [index('article_sources_article_idx').on(t.articleId), index('article_sources_file_idx').on(t.sourceFile)],
);

export const persons = pgTable(
  'persons',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    /** Folded full name (no case, diacritics or punctuation): one row per person across articles. */
    key: text('key').notNull().unique(),
    name: text('name').notNull(),
    /** The folded last word of the name: a surname alone in a later article is looked up by it. */
    surname: text('surname').notNull().default(''),
    aliases: text('aliases').array().notNull().default([]),
    /** Title or role from the latest article that gives one. */
    title: text('title'),
    /** When that article was published: a later article's title replaces it, an earlier one's does not. */
    titleAt: timestamp('title_at', { withTimezone: true }),
    /** The country from the latest article that ties the person to one. */
    affiliationCountryCode: varchar('affiliation_country_code', { length: 2 }),
    affiliationAt: timestamp('affiliation_at', { withTimezone: true }),
    /** Kept by the loader: how many articles name the person, how often, and how many quotes are theirs. */
    articleCount: integer('article_count').notNull().default(0),
    mentionCount: integer('mention_count').notNull().default(0),
    quoteCount: integer('quote_count').notNull().default(0),
    ...timestamps,
  },
  (t) => [
    index('persons_mention_count_idx').on(t.mentionCount.desc().nullsFirst(), t.id.desc().nullsFirst()),
    index('persons_quote_count_idx').on(t.quoteCount.desc().nullsFirst(), t.id.desc().nullsFirst()),
    index('persons_affiliation_idx').on(t.affiliationCountryCode),
    index('persons_surname_idx').on(t.surname),
    // Typo-tolerant and prefix name search (pg_trgm, created by a migration of its own).
    index('persons_name_trgm_idx').using('gin', sql`lower(${t.name}) gin_trgm_ops`),
  ],
);

export const places = pgTable(
  'places',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    /** The gazetteer's id (`iso3166:UA`, `geonames:2660646`): one row per place across articles. */
    gazetteerId: text('gazetteer_id').notNull().unique(),
    name: text('name').notNull(),
    kind: text('kind').notNull(),
    /** Null for a continent or a region across countries ("Europe", "Middle East"). */
    countryCode: varchar('country_code', { length: 2 }),
    /** Every other form the articles write it in ("Britain", "U.S."), for search. */
    aliases: text('aliases').array().notNull().default([]),
    /** Null for a town the gazetteer lacks that an article calls one (`unlisted:` ids). */
    latitude: doublePrecision('latitude'),
    longitude: doublePrecision('longitude'),
    articleCount: integer('article_count').notNull().default(0),
    mentionCount: integer('mention_count').notNull().default(0),
    ...timestamps,
  },
  (t) => [
    index('places_country_code_idx').on(t.countryCode),
    index('places_mention_count_idx').on(t.mentionCount.desc().nullsFirst(), t.id.desc().nullsFirst()),
  ],
);

export const organizations = pgTable(
  'organizations',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    /**
     * Folded full name, shared by its acronym within an article ("world health organization" for
     * "WHO"): one row per organisation across articles.
     */
    key: text('key').notNull().unique(),
    /** The greatest spelling the articles give, in code-point order, as persons are named. */
    name: text('name').notNull(),
    acronym: text('acronym'),
    aliases: text('aliases').array().notNull().default([]),
    /** company, government, political_party, media, sports_club, international, education, ngo or other. */
    kind: text('kind').notNull(),
    countryCode: varchar('country_code', { length: 2 }),
    articleCount: integer('article_count').notNull().default(0),
    mentionCount: integer('mention_count').notNull().default(0),
    quoteCount: integer('quote_count').notNull().default(0),
    ...timestamps,
  },
  (t) => [
    index('organizations_mention_count_idx').on(t.mentionCount.desc().nullsFirst(), t.id.desc().nullsFirst()),
    index('organizations_kind_idx').on(t.kind),
    index('organizations_country_code_idx').on(t.countryCode),
    index('organizations_name_trgm_idx').using('gin', sql`lower(${t.name}) gin_trgm_ops`),
    index('organizations_acronym_idx').on(sql`lower(${t.acronym})`),
  ],
);

export const articlePersons = pgTable(
  'article_persons',
  {
    articleId: integer('article_id')
      .notNull()
      .references(() => articles.id, { onDelete: 'cascade' }),
    personId: integer('person_id')
      .notNull()
      .references(() => persons.id, { onDelete: 'cascade' }),
    mentionCount: integer('mention_count').notNull(),
    mentions: jsonb('mentions').$type<MentionSpan[]>().notNull(),
    /** The title or role as this article writes it. */
    title: text('title'),
    /**
     * The folded name this article knows the person by. A lone surname ("blinken") that the article
     * does not spell out is linked to the one person whose full name ends in it, and moves when
     * another such person turns up: the key says which links are to move.
     */
    nameKey: text('name_key').notNull(),
    /** The name as this article writes it. */
    name: text('name').notNull(),
    /** The country this article ties the person to, if any. */
    affiliationCountryCode: varchar('affiliation_country_code', { length: 2 }),
    /** The organisation this article ties the person to ("Airbus chief executive Guillaume Faury"). */
    organizationId: integer('organization_id').references(() => organizations.id, { onDelete: 'set null' }),
    /** The role held there, as this article writes it ("chief executive"). */
    organizationRole: text('organization_role'),
  },
  (t) => [
    primaryKey({ columns: [t.articleId, t.personId] }),
    index('article_persons_person_idx').on(t.personId),
    // Only the links made by a lone surname: few, and the only ones that ever move.
    index('article_persons_lone_name_idx').on(t.nameKey, t.personId).where(sql`strpos(${t.nameKey}, ' ') = 0`),
    index('article_persons_organization_idx')
      .on(t.organizationId, t.personId)
      .where(sql`${t.organizationId} is not null`),
  ],
);

export const articlePlaces = pgTable(
  'article_places',
  {
    articleId: integer('article_id')
      .notNull()
      .references(() => articles.id, { onDelete: 'cascade' }),
    placeId: integer('place_id')
      .notNull()
      .references(() => places.id, { onDelete: 'cascade' }),
    mentionCount: integer('mention_count').notNull(),
    mentions: jsonb('mentions').$type<MentionSpan[]>().notNull(),
  },
  (t) => [primaryKey({ columns: [t.articleId, t.placeId] }), index('article_places_place_idx').on(t.placeId)],
);

export const articleOrganizations = pgTable(
  'article_organizations',
  {
    articleId: integer('article_id')
      .notNull()
      .references(() => articles.id, { onDelete: 'cascade' }),
    organizationId: integer('organization_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    mentionCount: integer('mention_count').notNull(),
    mentions: jsonb('mentions').$type<MentionSpan[]>().notNull(),
    // What this article says of the organisation: the stored row is recounted from these.
    name: text('name').notNull(),
    acronym: text('acronym'),
    kind: text('kind').notNull(),
    countryCode: varchar('country_code', { length: 2 }),
    /**
     * The key the article names the organisation by ("who"), which is the linked row's own key
     * except where an acronym alone was linked to the one full name stored with it.
     */
    nameKey: text('name_key').notNull(),
    /** The acronym, reduced (src/ingest/write/organizations.ts acronymKey), the article writes it as alone ("who"). */
    abbreviates: text('abbreviates'),
    /** The acronym, reduced, the article gives this full name ("World Health Organization (WHO)": "who"). */
    expands: text('expands'),
  },
  (t) => [
    primaryKey({ columns: [t.articleId, t.organizationId] }),
    index('article_organizations_organization_idx').on(t.organizationId),
    // The full names stored with an acronym: its least and greatest key are two index probes.
    index('article_organizations_expands_idx').on(t.expands, t.nameKey).where(sql`${t.expands} is not null`),
    // The articles that name an organisation by an acronym alone, for when its full name changes.
    index('article_organizations_abbreviates_idx').on(t.abbreviates).where(sql`${t.abbreviates} is not null`),
  ],
);

export const quotes = pgTable(
  'quotes',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    articleId: integer('article_id')
      .notNull()
      .references(() => articles.id, { onDelete: 'cascade' }),
    paragraphIndex: integer('paragraph_index').notNull(),
    startOffset: integer('start_offset').notNull(),
    endOffset: integer('end_offset').notNull(),
    text: text('text').notNull(),
    speakerId: integer('speaker_id').references(() => persons.id, { onDelete: 'set null' }),
    /** Who spoke, as the article puts it ("a US official"), whether or not a person is known. */
    speakerLabel: text('speaker_label'),
    /** The organisation that said it ("the Pentagon said"), when no person did. */
    speakerOrganizationId: integer('speaker_organization_id').references(() => organizations.id, {
      onDelete: 'set null',
    }),
    verb: text('verb'),
    /** The article's publication time, copied so quotes can be ordered and filtered by date alone. */
    publishedAt: timestamp('published_at', { withTimezone: true }).notNull(),
    searchVector: tsvector('search_vector')
      .notNull()
      // Capped as an article's is: a 5 MB article that is one long quote failed on the quote's.
      .generatedAlwaysAs(
        (): SQL => searchDocument(sql`left(${quotes.text}, 300000)`, sql`left(${quotes.speakerLabel}, 2000)`),
      ),
  },
  (t) => [
    unique('quotes_article_start_unique').on(t.articleId, t.startOffset),
    index('quotes_speaker_idx').on(
      t.speakerId,
      t.publishedAt.desc().nullsFirst(),
      t.articleId.desc().nullsFirst(),
      t.startOffset,
    ),
    index('quotes_speaker_organization_idx')
      .on(t.speakerOrganizationId, t.publishedAt.desc().nullsFirst(), t.articleId.desc().nullsFirst(), t.startOffset)
      .where(sql`${t.speakerOrganizationId} is not null`),
    index('quotes_published_at_idx').on(t.publishedAt.desc().nullsFirst(), t.id.desc().nullsFirst()),
    index('quotes_search_idx').using('gin', t.searchVector),
  ],
);
