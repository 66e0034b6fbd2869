import { parseArticleStructure } from './article.js';
import { findNameRuns, findTitles } from './chunks.js';
import { gazetteer } from './gazetteer.js';
import { EntityTagging, NAME_OVER_PLACE_MARGIN } from './ner.js';
import { affiliate, clubsFromPlaces, findOrganizations, tokenStartingAt } from './organizations.js';
import { findPersons } from './persons.js';
import { findPlaces } from './places.js';
import { findQuotes } from './quotes.js';
import type { Token } from './tokens.js';
import { lowerCaseWords, splitSentences, tokenize, withoutNicknames } from './tokens.js';
import type { ExtractedArticle, ExtractedPerson } from './types.js';

export { normaliseText } from './article.js';
export { parseDateLine } from './date-line.js';
export { foldName } from './fold.js';
export { gazetteer } from './gazetteer.js';
export type * from './types.js';

/**
 * Raised whenever a change alters what the extractor finds in some article. The loader stores it
 * with each article and extracts a stored text again when it was extracted by an earlier version,
 * so that an upgrade reaches articles loaded before it.
 */
export const EXTRACTOR_VERSION = 89;

/** The folded last word of every person's name and mentions ("clinton"): a town of it may be them. */
function surnamesOf(tokens: Token[], persons: ExtractedPerson[]): Set<string> {
  const out = new Set<string>();
  for (const p of persons) {
    for (const m of p.mentions) {
      let k = tokenStartingAt(tokens, m.start);
      if (k < 0) continue;
      while (k + 1 < tokens.length && (tokens[k + 1] as Token).end <= m.end) k++;
      out.add((tokens[k] as Token).folded);
    }
  }
  return out;
}

/**
 * The whole pipeline, in order: wrapper and paragraphs, tokens and sentences, titles and
 * capitalised runs, people, places, quotes. Pure: text in, plain data out, offsets into `body`.
 * It never throws on odd text; a missing headline or date comes back null for the caller to judge.
 */
export function extractArticle(raw: string): ExtractedArticle {
  const structure = parseArticleStructure(raw);
  const { body, paragraphs } = structure;
  const tokens = withoutNicknames(body, tokenize(body, paragraphs));
  const sentences = splitSentences(body, paragraphs, tokens);
  const gaz = gazetteer();
  const titles = findTitles(tokens);
  // Token sets as flags by index: the steps ask about token after token, and a flag is one read
  // where a Set of numbers hashes each.
  const titleTokens = new Uint8Array(tokens.length);
  // A title's jurisdiction ("Governor of Oregon") stays words of its own, cut from the name after it.
  const breaks = new Set<number>();
  for (const t of titles) {
    const end = t.jurisdiction ? t.jurisdiction.from - 1 : t.to;
    for (let k = t.from; k < end; k++) titleTokens[k] = 1;
    if (t.jurisdiction) breaks.add(t.to);
  }
  const runs = findNameRuns(tokens, (i) => titleTokens[i] === 1, breaks);
  // The tagger decodes a stretch when first asked: people ask about a few, organisations about
  // those their rules leave a token of.
  const tagging = new EntityTagging(body, tokens, gaz);
  const lowerWords = lowerCaseWords(tokens);
  const found = findPersons(body, tokens, titles, runs, gaz, tagging, lowerWords);
  const { organisationRuns } = found;
  const personTokens = new Uint8Array(tokens.length);
  for (const k of found.personTokens) personTokens[k] = 1;
  const orgs = findOrganizations({
    body,
    headline: structure.headline,
    tokens,
    runs,
    titles,
    isPerson: (i) => personTokens[i] === 1,
    gaz,
    tagging,
    lowerWords,
  });
  const orgTokens = orgs.organizationTokens;
  const organisationTokens = new Uint8Array(tokens.length);
  for (const r of organisationRuns) for (let k = r.from; k < r.to; k++) organisationTokens[k] = 1;
  // A name the organisation step reads as one in every mention is no person ("Gold Fields").
  const persons = found.persons.filter(
    (p) => !p.mentions.every((m) => orgTokens[tokenStartingAt(tokens, m.start)] === 1),
  );
  const foundPlaces = findPlaces(
    body,
    tokens,
    runs,
    (i) => personTokens[i] === 1 || orgTokens[i] === 1,
    gaz,
    (i) => organisationTokens[i] === 1,
    (from, to) => tagging.inOtherName(from, to, NAME_OVER_PLACE_MARGIN),
    lowerWords,
    surnamesOf(tokens, persons),
  );
  const { places, organizations } = clubsFromPlaces(body, tokens, foundPlaces, orgs);
  affiliate(body, tokens, titles, persons, organizations);
  const quotes = findQuotes({ body, tokens, sentences, persons, organizations }, paragraphs);
  // Spelt out, not spread from `structure`: the spread's copy and the five stores after it went
  // through V8's megamorphic path on every article. Same keys, same order.
  return {
    source: structure.source,
    distributor: structure.distributor,
    headline: structure.headline,
    dateLine: structure.dateLine,
    publishedAt: structure.publishedAt,
    language: structure.language,
    body,
    paragraphs,
    wordCount: tokens.length,
    persons,
    places,
    organizations,
    quotes,
  };
}
