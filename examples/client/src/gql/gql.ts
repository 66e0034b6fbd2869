/* eslint-disable */
import * as types from './graphql.js';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  mutation IngestArticles($input: IngestArticlesInput!) {\n    ingestArticles(input: $input) {\n      loaded\n      updated\n      unchanged\n      failed\n      results {\n        index\n        outcome\n        reason\n        article {\n          id\n          headline\n          persons {\n            edges {\n              node {\n                name\n              }\n            }\n          }\n        }\n      }\n    }\n  }\n": typeof types.IngestArticlesDocument,
    "\n  subscription ArticleAdded($filter: ArticleFilter) {\n    articleAdded(filter: $filter) {\n      id\n      headline\n      source\n      publishedAt\n      persons {\n        edges {\n          node {\n            name\n          }\n        }\n      }\n      quotes {\n        edges {\n          node {\n            text\n            speakerLabel\n            speaker {\n              name\n            }\n          }\n        }\n      }\n    }\n  }\n": typeof types.ArticleAddedDocument,
    "\n  query PersonQuotes($name: String!, $quotes: Int!) {\n    persons(search: $name, orderBy: RELEVANCE, first: 1) {\n      edges {\n        node {\n          id\n          name\n          title\n          affiliationCountryCode\n          quoteCount\n          quotes(first: $quotes) {\n            edges {\n              node {\n                text\n                verb\n                publishedAt\n                article {\n                  id\n                  headline\n                  source\n                }\n              }\n            }\n          }\n          articles(first: 5) {\n            totalCount\n            edges {\n              title\n              node {\n                headline\n                publishedAt\n              }\n            }\n          }\n        }\n      }\n    }\n  }\n": typeof types.PersonQuotesDocument,
};
const documents: Documents = {
    "\n  mutation IngestArticles($input: IngestArticlesInput!) {\n    ingestArticles(input: $input) {\n      loaded\n      updated\n      unchanged\n      failed\n      results {\n        index\n        outcome\n        reason\n        article {\n          id\n          headline\n          persons {\n            edges {\n              node {\n                name\n              }\n            }\n          }\n        }\n      }\n    }\n  }\n": types.IngestArticlesDocument,
    "\n  subscription ArticleAdded($filter: ArticleFilter) {\n    articleAdded(filter: $filter) {\n      id\n      headline\n      source\n      publishedAt\n      persons {\n        edges {\n          node {\n            name\n          }\n        }\n      }\n      quotes {\n        edges {\n          node {\n            text\n            speakerLabel\n            speaker {\n              name\n            }\n          }\n        }\n      }\n    }\n  }\n": types.ArticleAddedDocument,
    "\n  query PersonQuotes($name: String!, $quotes: Int!) {\n    persons(search: $name, orderBy: RELEVANCE, first: 1) {\n      edges {\n        node {\n          id\n          name\n          title\n          affiliationCountryCode\n          quoteCount\n          quotes(first: $quotes) {\n            edges {\n              node {\n                text\n                verb\n                publishedAt\n                article {\n                  id\n                  headline\n                  source\n                }\n              }\n            }\n          }\n          articles(first: 5) {\n            totalCount\n            edges {\n              title\n              node {\n                headline\n                publishedAt\n              }\n            }\n          }\n        }\n      }\n    }\n  }\n": types.PersonQuotesDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation IngestArticles($input: IngestArticlesInput!) {\n    ingestArticles(input: $input) {\n      loaded\n      updated\n      unchanged\n      failed\n      results {\n        index\n        outcome\n        reason\n        article {\n          id\n          headline\n          persons {\n            edges {\n              node {\n                name\n              }\n            }\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation IngestArticles($input: IngestArticlesInput!) {\n    ingestArticles(input: $input) {\n      loaded\n      updated\n      unchanged\n      failed\n      results {\n        index\n        outcome\n        reason\n        article {\n          id\n          headline\n          persons {\n            edges {\n              node {\n                name\n              }\n            }\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription ArticleAdded($filter: ArticleFilter) {\n    articleAdded(filter: $filter) {\n      id\n      headline\n      source\n      publishedAt\n      persons {\n        edges {\n          node {\n            name\n          }\n        }\n      }\n      quotes {\n        edges {\n          node {\n            text\n            speakerLabel\n            speaker {\n              name\n            }\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  subscription ArticleAdded($filter: ArticleFilter) {\n    articleAdded(filter: $filter) {\n      id\n      headline\n      source\n      publishedAt\n      persons {\n        edges {\n          node {\n            name\n          }\n        }\n      }\n      quotes {\n        edges {\n          node {\n            text\n            speakerLabel\n            speaker {\n              name\n            }\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PersonQuotes($name: String!, $quotes: Int!) {\n    persons(search: $name, orderBy: RELEVANCE, first: 1) {\n      edges {\n        node {\n          id\n          name\n          title\n          affiliationCountryCode\n          quoteCount\n          quotes(first: $quotes) {\n            edges {\n              node {\n                text\n                verb\n                publishedAt\n                article {\n                  id\n                  headline\n                  source\n                }\n              }\n            }\n          }\n          articles(first: 5) {\n            totalCount\n            edges {\n              title\n              node {\n                headline\n                publishedAt\n              }\n            }\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query PersonQuotes($name: String!, $quotes: Int!) {\n    persons(search: $name, orderBy: RELEVANCE, first: 1) {\n      edges {\n        node {\n          id\n          name\n          title\n          affiliationCountryCode\n          quoteCount\n          quotes(first: $quotes) {\n            edges {\n              node {\n                text\n                verb\n                publishedAt\n                article {\n                  id\n                  headline\n                  source\n                }\n              }\n            }\n          }\n          articles(first: 5) {\n            totalCount\n            edges {\n              title\n              node {\n                headline\n                publishedAt\n              }\n            }\n          }\n        }\n      }\n    }\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;