import { print } from 'graphql';
import type { IngestArticleInput, IngestArticlesMutation } from './gql/graphql.js';
import { graphql } from './gql/index.js';
import type { FetchLike } from './person-quotes.js';

/** Stores articles; each result says what became of one, with the stored article's people. */
export const IngestArticlesDocument = graphql(`
  mutation IngestArticles($input: IngestArticlesInput!) {
    ingestArticles(input: $input) {
      loaded
      updated
      unchanged
      failed
      results {
        index
        outcome
        reason
        article {
          id
          headline
          persons {
            edges {
              node {
                name
              }
            }
          }
        }
      }
    }
  }
`);

export type IngestResults = IngestArticlesMutation['ingestArticles'];

/** Sends up to 100 articles to the API at `endpoint` with an API key; typed from schema.graphql. */
export async function ingest(
  endpoint: string,
  apiKey: string,
  articles: IngestArticleInput[],
  fetchFn: FetchLike = fetch,
): Promise<IngestResults> {
  const response = await fetchFn(endpoint, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/graphql-response+json',
      authorization: `Bearer ${apiKey}`,
    },
    body: JSON.stringify({ query: print(IngestArticlesDocument), variables: { input: { articles } } }),
  });
  const result = (await response.json()) as { data?: IngestArticlesMutation; errors?: { message: string }[] };
  if (result.errors?.length || !result.data) throw new Error(result.errors?.map((e) => e.message).join('; '));
  return result.data.ingestArticles;
}
