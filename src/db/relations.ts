import { defineRelations } from 'drizzle-orm';
import * as schema from './schema.js';

export const relations = defineRelations(schema, (r) => ({
  articles: {
    sources: r.many.articleSources(),
    personLinks: r.many.articlePersons(),
    placeLinks: r.many.articlePlaces(),
    organizationLinks: r.many.articleOrganizations(),
    quotes: r.many.quotes(),
    persons: r.many.persons({
      from: r.articles.id.through(r.articlePersons.articleId),
      to: r.persons.id.through(r.articlePersons.personId),
    }),
    places: r.many.places({
      from: r.articles.id.through(r.articlePlaces.articleId),
      to: r.places.id.through(r.articlePlaces.placeId),
    }),
    organizations: r.many.organizations({
      from: r.articles.id.through(r.articleOrganizations.articleId),
      to: r.organizations.id.through(r.articleOrganizations.organizationId),
    }),
  },
  persons: {
    articleLinks: r.many.articlePersons(),
    quotes: r.many.quotes(),
  },
  places: {
    articleLinks: r.many.articlePlaces(),
  },
  organizations: {
    articleLinks: r.many.articleOrganizations(),
    quotes: r.many.quotes(),
    memberLinks: r.many.articlePersons(),
  },
  articleSources: {
    article: r.one.articles({ from: r.articleSources.articleId, to: r.articles.id, optional: false }),
  },
  articlePersons: {
    article: r.one.articles({ from: r.articlePersons.articleId, to: r.articles.id, optional: false }),
    person: r.one.persons({ from: r.articlePersons.personId, to: r.persons.id, optional: false }),
    organization: r.one.organizations({
      from: r.articlePersons.organizationId,
      to: r.organizations.id,
    }),
  },
  articleOrganizations: {
    article: r.one.articles({ from: r.articleOrganizations.articleId, to: r.articles.id, optional: false }),
    organization: r.one.organizations({
      from: r.articleOrganizations.organizationId,
      to: r.organizations.id,
      optional: false,
    }),
  },
  articlePlaces: {
    article: r.one.articles({ from: r.articlePlaces.articleId, to: r.articles.id, optional: false }),
    place: r.one.places({ from: r.articlePlaces.placeId, to: r.places.id, optional: false }),
  },
  quotes: {
    article: r.one.articles({ from: r.quotes.articleId, to: r.articles.id, optional: false }),
    speaker: r.one.persons({ from: r.quotes.speakerId, to: r.persons.id }),
    speakerOrganization: r.one.organizations({
      from: r.quotes.speakerOrganizationId,
      to: r.organizations.id,
    }),
  },
}));
