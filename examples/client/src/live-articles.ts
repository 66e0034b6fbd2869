import { print } from 'graphql';
import { createClient } from 'graphql-sse';
import type { ArticleAddedSubscription, ArticleFilter } from './gql/graphql.js';
import { graphql } from './gql/index.js';

/** Each new article matching a filter, with its people and its quotes' speakers. */
export const ArticleAddedDocument = graphql(`
  subscription ArticleAdded($filter: ArticleFilter) {
    articleAdded(filter: $filter) {
      id
      headline
      source
      publishedAt
      persons {
        edges {
          node {
            name
          }
        }
      }
      quotes {
        edges {
          node {
            text
            speakerLabel
            speaker {
              name
            }
          }
        }
      }
    }
  }
`);

export type AddedArticle = ArticleAddedSubscription['articleAdded'];

/**
 * Calls `onArticle` with each new article the API at `endpoint` announces, over server-sent
 * events (graphql-sse). Resolves once the server has opened the stream; the returned function
 * stops listening.
 */
export async function watchArticles(
  endpoint: string,
  filter: ArticleFilter | null,
  onArticle: (article: AddedArticle) => void,
  fetchFn?: (input: string | URL | Request, init?: RequestInit) => Response | Promise<Response>,
): Promise<() => void> {
  let opened: () => void = () => {};
  const open = new Promise<void>((resolve) => {
    opened = resolve;
  });
  const client = createClient({
    url: endpoint,
    retryAttempts: 0,
    ...(fetchFn ? { fetchFn } : {}),
  });
  const stop = client.subscribe<ArticleAddedSubscription>(
    { query: print(ArticleAddedDocument), variables: { filter } },
    {
      next: (result) => {
        if (result.data) onArticle(result.data.articleAdded);
      },
      error: (error) => console.error('subscription ended:', error),
      complete: () => {},
    },
    { connected: () => opened() },
  );
  await open;
  return () => {
    stop();
    client.dispose();
  };
}
