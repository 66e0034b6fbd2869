/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';
/** Narrows a set of articles. Every condition given must hold. */
export type ArticleFilter = {
  /** Articles that name a place in any of these countries (ISO 3166-1 alpha-2 codes). */
  countryCodes?: Array<string> | null | undefined;
  /** Articles in any of these languages (ISO 639-1 codes: "en", "sv"). */
  languages?: Array<string> | null | undefined;
  /** Articles that name every one of these organisations ("the WHO and Pfizer"). */
  organizations?: Array<string | number> | null | undefined;
  /** Articles that name every one of these people. */
  persons?: Array<string | number> | null | undefined;
  /** Articles that name every one of these places. */
  places?: Array<string | number> | null | undefined;
  /** Published at or after this instant. */
  publishedAfter?: string | null | undefined;
  /** Published before this instant. */
  publishedBefore?: string | null | undefined;
  /** Full-text search over headline and body in web-search syntax: words, "a phrase", OR, -excluded. English stemming. */
  search?: string | null | undefined;
  /** Articles from any of these agencies ("AFP"); case does not matter. */
  sources?: Array<string> | null | undefined;
};

/** One article: either `text`, a wire story as a file holds it (headline, date line, story), or its fields (`headline`, `publishedAt`, and `body` or `paragraphs`). */
export type IngestArticleInput = {
  /** The story; paragraphs apart by a blank line. */
  body?: string | null | undefined;
  headline?: string | null | undefined;
  /** Your id for it: the same id again is the same article, updated in place when it changed. */
  id?: string | null | undefined;
  /** ISO 639-1 code; detected from the text when absent. */
  language?: string | null | undefined;
  /** The story as paragraphs (instead of `body`). */
  paragraphs?: Array<string> | null | undefined;
  /** ISO 8601 ("2023-03-22T14:05:00Z"); without an offset, read in `timeZone`. A date alone keeps its day there. */
  publishedAt?: string | null | undefined;
  /** The agency ("Reuters"); with `text`, used when the text has no agency line. */
  source?: string | null | undefined;
  /** The whole text, as `npm run load` reads a .txt file. */
  text?: string | null | undefined;
  /** Where it is published (http or https). */
  url?: string | null | undefined;
};

/** Articles to store. */
export type IngestArticlesInput = {
  /** At most 100. */
  articles: Array<IngestArticleInput>;
  /** IANA zone of dates and date lines that name none (default Europe/Stockholm). */
  timeZone?: string | null | undefined;
};

/** What became of one article given to `ingestArticles`. */
export type IngestOutcome =
  /** Not an article the loader can take; `reason` says why. Nothing of it is stored. */
  | 'FAILED'
  /** A new article, stored. */
  | 'LOADED'
  /** Stored already as it is. */
  | 'UNCHANGED'
  /** An article known by its id (or its text) before, now changed in place. */
  | 'UPDATED';

export type IngestArticlesMutationVariables = Exact<{
  input: IngestArticlesInput;
}>;


export type IngestArticlesMutation = { ingestArticles: { loaded: number, updated: number, unchanged: number, failed: number, results: Array<{ index: number, outcome: IngestOutcome, reason: string | null, article: { id: string, headline: string, persons: { edges: Array<{ node: { name: string } }> } } | null }> } };

export type ArticleAddedSubscriptionVariables = Exact<{
  filter?: ArticleFilter | null | undefined;
}>;


export type ArticleAddedSubscription = { articleAdded: { id: string, headline: string, source: string | null, publishedAt: string, persons: { edges: Array<{ node: { name: string } }> }, quotes: { edges: Array<{ node: { text: string, speakerLabel: string | null, speaker: { name: string } | null } }> } } };

export type PersonQuotesQueryVariables = Exact<{
  name: string;
  quotes: number;
}>;


export type PersonQuotesQuery = { persons: { edges: Array<{ node: { id: string, name: string, title: string | null, affiliationCountryCode: string | null, quoteCount: number, quotes: { edges: Array<{ node: { text: string, verb: string | null, publishedAt: string, article: { id: string, headline: string, source: string | null } } }> }, articles: { totalCount: number, edges: Array<{ title: string | null, node: { headline: string, publishedAt: string } }> } } }> } };


export const IngestArticlesDocument = {"__meta__":{"hash":"sha256:23e7989ff250ed684a4df51d5ae9d5636c84130bc4e530d85777048e2fbdb188"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"IngestArticles"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"IngestArticlesInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"ingestArticles"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"loaded"}},{"kind":"Field","name":{"kind":"Name","value":"updated"}},{"kind":"Field","name":{"kind":"Name","value":"unchanged"}},{"kind":"Field","name":{"kind":"Name","value":"failed"}},{"kind":"Field","name":{"kind":"Name","value":"results"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"index"}},{"kind":"Field","name":{"kind":"Name","value":"outcome"}},{"kind":"Field","name":{"kind":"Name","value":"reason"}},{"kind":"Field","name":{"kind":"Name","value":"article"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"headline"}},{"kind":"Field","name":{"kind":"Name","value":"persons"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<IngestArticlesMutation, IngestArticlesMutationVariables>;
export const ArticleAddedDocument = {"__meta__":{"hash":"sha256:e9b11b8a941035bb9337017f2f9fc63618a7b9626ee6df1462744aba14dfd8ae"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"subscription","name":{"kind":"Name","value":"ArticleAdded"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"filter"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"ArticleFilter"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"articleAdded"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"filter"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"headline"}},{"kind":"Field","name":{"kind":"Name","value":"source"}},{"kind":"Field","name":{"kind":"Name","value":"publishedAt"}},{"kind":"Field","name":{"kind":"Name","value":"persons"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"quotes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"text"}},{"kind":"Field","name":{"kind":"Name","value":"speakerLabel"}},{"kind":"Field","name":{"kind":"Name","value":"speaker"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<ArticleAddedSubscription, ArticleAddedSubscriptionVariables>;
export const PersonQuotesDocument = {"__meta__":{"hash":"sha256:4fc1c8ab9a17b15ac538b0b3d615ae47dae1fdb74c01ce08f9cc078d0f26bf5c"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"PersonQuotes"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"name"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"quotes"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"persons"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"search"},"value":{"kind":"Variable","name":{"kind":"Name","value":"name"}}},{"kind":"Argument","name":{"kind":"Name","value":"orderBy"},"value":{"kind":"EnumValue","value":"RELEVANCE"}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"1"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"affiliationCountryCode"}},{"kind":"Field","name":{"kind":"Name","value":"quoteCount"}},{"kind":"Field","name":{"kind":"Name","value":"quotes"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"quotes"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"text"}},{"kind":"Field","name":{"kind":"Name","value":"verb"}},{"kind":"Field","name":{"kind":"Name","value":"publishedAt"}},{"kind":"Field","name":{"kind":"Name","value":"article"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"headline"}},{"kind":"Field","name":{"kind":"Name","value":"source"}}]}}]}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"articles"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"5"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"headline"}},{"kind":"Field","name":{"kind":"Name","value":"publishedAt"}}]}}]}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<PersonQuotesQuery, PersonQuotesQueryVariables>;