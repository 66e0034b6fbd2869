import { print } from 'graphql';
import type { PersonQuotesQuery } from './gql/graphql.js';
import { graphql } from './gql/index.js';

/** The person whose name best matches `name`, with their latest quotes and the articles they come from. */
export const PersonQuotesDocument = graphql(`
  query PersonQuotes($name: String!, $quotes: Int!) {
    persons(search: $name, orderBy: RELEVANCE, first: 1) {
      edges {
        node {
          id
          name
          title
          affiliationCountryCode
          quoteCount
          quotes(first: $quotes) {
            edges {
              node {
                text
                verb
                publishedAt
                article {
                  id
                  headline
                  source
                }
              }
            }
          }
          articles(first: 5) {
            totalCount
            edges {
              title
              node {
                headline
                publishedAt
              }
            }
          }
        }
      }
    }
  }
`);

export type FetchLike = (url: string, init: RequestInit) => Response | Promise<Response>;

export interface PersonQuotes {
  name: string;
  title: string | null;
  quotes: { text: string; headline: string; publishedAt: string }[];
  articleCount: number;
}

/** Asks the API at `endpoint`; every field below is typed from schema.graphql by the generator. */
export async function personQuotes(
  endpoint: string,
  name: string,
  fetchFn: FetchLike = fetch,
  quotes = 5,
): Promise<PersonQuotes | null> {
  const response = await fetchFn(endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
    body: JSON.stringify({ query: print(PersonQuotesDocument), variables: { name, quotes } }),
  });
  const result = (await response.json()) as { data?: PersonQuotesQuery; errors?: { message: string }[] };
  if (result.errors?.length) throw new Error(result.errors.map((e) => e.message).join('; '));
  const person = result.data?.persons.edges[0]?.node;
  if (!person) return null;
  return {
    name: person.name,
    title: person.title ?? null,
    quotes: person.quotes.edges.map(({ node }) => ({
      text: node.text,
      headline: node.article.headline,
      publishedAt: node.publishedAt,
    })),
    articleCount: person.articles.totalCount,
  };
}
