import { createGraphQLError } from 'graphql-yoga';
import { isTimeZone } from '../extract/date-line.js';
import { type IngestResult, ingestArticles, MAX_INGEST_ARTICLES } from '../ingest/api.js';
import { deleteArticles } from '../ingest/save.js';
import { Article } from './article.js';
import { builder } from './builder.js';
import { databaseId } from './ids.js';

export const IngestOutcome = builder.enumType('IngestOutcome', {
  description: 'What became of one article given to `ingestArticles`.',
  values: {
    LOADED: { value: 'loaded', description: 'A new article, stored.' },
    UPDATED: {
      value: 'updated',
      description: 'An article known by its id (or its text) before, now changed in place.',
    },
    UNCHANGED: { value: 'unchanged', description: 'Stored already as it is.' },
    FAILED: {
      value: 'failed',
      description: 'Not an article the loader can take; `reason` says why. Nothing of it is stored.',
    },
  } as const,
});

const IngestArticleInput = builder.inputType('IngestArticleInput', {
  description:
    'One article: either `text`, a wire story as a file holds it (headline, date line, story), or its fields (`headline`, `publishedAt`, and `body` or `paragraphs`).',
  fields: (t) => ({
    id: t.string({
      description: 'Your id for it: the same id again is the same article, updated in place when it changed.',
    }),
    text: t.string({ description: 'The whole text, as `npm run load` reads a .txt file.' }),
    headline: t.string(),
    body: t.string({ description: 'The story; paragraphs apart by a blank line.' }),
    paragraphs: t.stringList({ description: 'The story as paragraphs (instead of `body`).' }),
    publishedAt: t.string({
      description:
        'ISO 8601 ("2023-03-22T14:05:00Z"); without an offset, read in `timeZone`. A date alone keeps its day there.',
    }),
    source: t.string({ description: 'The agency ("Reuters"); with `text`, used when the text has no agency line.' }),
    url: t.string({ description: 'Where it is published (http or https).' }),
    language: t.string({ description: 'ISO 639-1 code; detected from the text when absent.' }),
  }),
});

interface IngestPayloadShape {
  results: IngestResult[];
}

const IngestArticleResult = builder.objectRef<IngestResult>('IngestArticleResult').implement({
  description: 'What became of one input article, in input order.',
  fields: (t) => ({
    index: t.exposeInt('index', { description: 'Its place in `input.articles`, from 0.' }),
    id: t.exposeString('id', { nullable: true, description: 'The id it was given, if any.' }),
    outcome: t.field({ type: IngestOutcome, resolve: (r) => r.outcome }),
    reason: t.exposeString('reason', { nullable: true, description: 'Why it failed.' }),
    article: t.drizzleField({
      type: 'articles',
      nullable: true,
      description: 'The stored article that holds it now, with its people, places and quotes; null when it failed.',
      resolve: (query, result, _args, ctx) =>
        result.articleId === null ? null : ctx.db.query.articles.findFirst(query({ where: { id: result.articleId } })),
    }),
  }),
});

builder.relayMutationField(
  'ingestArticles',
  {
    description: 'Articles to store.',
    inputFields: (t) => ({
      articles: t.field({
        type: [IngestArticleInput],
        required: true,
        description: `At most ${MAX_INGEST_ARTICLES}.`,
      }),
      timeZone: t.string({
        description: 'IANA zone of dates and date lines that name none (default Europe/Stockholm).',
      }),
    }),
  },
  {
    description: `Extracts and stores up to ${MAX_INGEST_ARTICLES} articles. Each is judged on its own; those that pass are written in one transaction. Needs an API key (\`Authorization: Bearer KEY\`).`,
    resolve: async (_root, { input }, ctx): Promise<IngestPayloadShape> => {
      if (input.articles.length > MAX_INGEST_ARTICLES) {
        throw createGraphQLError(
          `ingestArticles takes at most ${MAX_INGEST_ARTICLES} articles a call, not ${input.articles.length}: send the rest in further calls.`,
          { extensions: { code: 'BAD_USER_INPUT' } },
        );
      }
      const timeZone = input.timeZone?.trim();
      if (timeZone && !isTimeZone(timeZone)) {
        throw createGraphQLError(`timeZone "${timeZone.slice(0, 64)}" is no IANA zone ("Europe/London", "UTC").`, {
          extensions: { code: 'BAD_USER_INPUT' },
        });
      }
      const results = await ingestArticles(ctx.db, input.articles, timeZone ? { timeZone } : {});
      for (const result of results) ctx.metrics?.countIngested('api', result.outcome);
      return { results };
    },
  },
  {
    outputFields: (t) => ({
      results: t.field({ type: [IngestArticleResult], resolve: (p) => p.results }),
      loaded: t.int({ resolve: (p) => p.results.filter((r) => r.outcome === 'loaded').length }),
      updated: t.int({ resolve: (p) => p.results.filter((r) => r.outcome === 'updated').length }),
      unchanged: t.int({ resolve: (p) => p.results.filter((r) => r.outcome === 'unchanged').length }),
      failed: t.int({ resolve: (p) => p.results.filter((r) => r.outcome === 'failed').length }),
    }),
  },
);

builder.relayMutationField(
  'deleteArticle',
  {
    inputFields: (t) => ({
      id: t.globalID({ required: true, for: Article, description: 'The article to delete.' }),
    }),
  },
  {
    description:
      'Deletes an article with its links and quotes; people and places no other article names go too, and every total is counted again. Needs an API key.',
    resolve: async (_root, { input }, ctx) => {
      const id = databaseId(input.id.id);
      const deleted = id === null ? [] : await deleteArticles(ctx.db, [id]);
      return { deletedId: deleted[0] ?? null };
    },
  },
  {
    outputFields: (t) => ({
      deletedArticleId: t.globalID({
        nullable: true,
        description: 'The id of the article deleted; null when there was none.',
        resolve: (p) => (p.deletedId === null ? null : { type: 'Article', id: p.deletedId }),
      }),
    }),
  },
);
