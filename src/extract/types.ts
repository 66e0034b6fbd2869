/** A stretch of the article body: `start` inclusive, `end` exclusive, UTF-16 code units. */
export interface Span {
  start: number;
  end: number;
  text: string;
}

export interface Paragraph extends Span {
  index: number;
}

/** A sentence's offsets in the body (its text is `body.slice(start, end)`). */
export interface Sentence {
  start: number;
  end: number;
  paragraphIndex: number;
}

/** The article as the wire wrapper lays it out, before any entity is looked for. */
export interface ArticleStructure {
  /** News agency that wrote the story ("AFP"), from the wrapper lines. */
  source: string | null;
  /** Service that passed it on ("Omni"). */
  distributor: string | null;
  headline: string | null;
  /** The date line as written ("18 January 2022, 17.19"). */
  dateLine: string | null;
  /** The date line read as Europe/Stockholm local time, in UTC ISO 8601. */
  publishedAt: string | null;
  language: string;
  /** Everything after the date line; every offset the extractor reports points into it. */
  body: string;
  paragraphs: Paragraph[];
}

export interface ExtractedPerson {
  /** Normalised identity used to merge mentions and, later, rows across articles. */
  key: string;
  name: string;
  /** Title or role as written nearest the first full mention ("Foreign Minister"). */
  title: string | null;
  /** Country the person is tied to by a demonym or a country word ("Russia"). */
  affiliation: string | null;
  affiliationCode: string | null;
  /**
   * The organisation the article ties the person to, with the role held there ("Airbus chief
   * executive Guillaume Faury": Airbus, "chief executive"); `key` is the organisation's key.
   */
  organization: { key: string; role: string | null } | null;
  mentions: Span[];
}

export type OrganizationKind =
  | 'company'
  | 'government'
  | 'political_party'
  | 'media'
  | 'sports_club'
  | 'international'
  | 'education'
  | 'ngo'
  | 'other';

export interface ExtractedOrganization {
  /** Folded identity shared by the name and its acronym ("world health organization"). */
  key: string;
  /** Canonical: the fullest form the article gives. */
  name: string;
  /** "WHO", where the article gives one. */
  acronym: string | null;
  kind: OrganizationKind;
  /** Where the name or its context gives one ("Bank of Canada": CA). */
  countryCode: string | null;
  /** Every mention, offsets into body. */
  mentions: Span[];
}

export type PlaceKind =
  | 'continent'
  | 'world_region'
  | 'country'
  | 'region'
  | 'city'
  // Physical features (src/extract/features.ts): no country code, as they cross borders.
  | 'sea'
  | 'river'
  | 'mountain'
  | 'lake'
  | 'island'
  | 'desert';

export interface ExtractedPlace {
  /**
   * Stable gazetteer id: `iso3166:UA` for a country, `geonames:2660646` for a city; `unlisted:`
   * and the folded name for a town the gazetteer lacks that the text calls one ("the village of
   * Layron").
   */
  gazetteerId: string;
  name: string;
  kind: PlaceKind;
  /** ISO 3166-1 alpha-2; null for a continent or a region across countries. */
  countryCode: string | null;
  /** Null for an unlisted place: the text says what it is, not where. */
  lat: number | null;
  lon: number | null;
  mentions: Span[];
}

export interface ExtractedQuote extends Span {
  paragraphIndex: number;
  /** Canonical name of the speaker when a named person said it, else null. */
  speaker: string | null;
  /** Who said it, as the article first names them ("a US official", "Antony Blinken"). */
  speakerLabel: string | null;
  /** The key of the organisation that said it ("the WHO said"), when no person did. */
  speakerOrganization: string | null;
  /** The attribution verb ("said", "told"), lower case. */
  verb: string | null;
}

export interface ExtractedArticle extends ArticleStructure {
  wordCount: number;
  persons: ExtractedPerson[];
  places: ExtractedPlace[];
  organizations: ExtractedOrganization[];
  quotes: ExtractedQuote[];
}
