import type { ExtractedArticle } from './types.js';

/**
 * What `extract` prints for an article and `npm run eval` scores: one object in the shape
 * ../shared/eval/score.mjs reads (`--pred`), so the figures are those of the command users run.
 * Every start and end is an offset into `body` (the story after its wrapper lines).
 */
export function scorerLine(a: ExtractedArticle) {
  return {
    headline: a.headline,
    source: a.source,
    distributor: a.distributor,
    publishedAt: a.publishedAt,
    language: a.language,
    persons: a.persons.map(({ name, title, affiliation, affiliationCode, mentions }) => ({
      name,
      title,
      affiliation,
      affiliationCode,
      mentions,
    })),
    places: a.places.map(({ name, kind, countryCode, lat, lon, gazetteerId, mentions }) => ({
      name,
      kind,
      countryCode,
      lat,
      lon,
      gazetteerId,
      mentions,
    })),
    organizations: a.organizations.map(({ name, acronym, kind, countryCode, mentions }) => ({
      name,
      acronym,
      kind,
      countryCode,
      mentions,
    })),
    quotes: a.quotes,
    body: a.body,
  };
}
