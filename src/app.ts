import { GraphQLError } from 'graphql';
import { createLogger, createYoga, maskError, useReadinessCheck, type YogaLogger } from 'graphql-yoga';
import type { Db } from './db/client.js';
import type { Context } from './graphql/builder.js';
import { usePageSizeLimit } from './graphql/page-size.js';
import { schema } from './graphql/schema.js';

/** What GraphiQL opens on: the latest article with everything found in it. */
export const EXAMPLE_QUERY = `# The newest article with its people, places and quotes.
query LatestArticle {
  articles(first: 1) {
    totalCount
    edges {
      node {
        id
        headline
        source
        distributor
        publishedAt
        persons {
          totalCount
          edges {
            mentionCount
            title
            node { name title affiliationCountryCode }
          }
        }
        places {
          totalCount
          edges { node { name kind countryCode latitude longitude } }
        }
        quotes {
          totalCount
          edges { node { text speakerLabel verb speaker { name } } }
        }
      }
    }
  }
}
`;

export interface AppOptions {
  db: Db;
  /** Answers whether the database is reachable; `/ready` turns a failure into 503. */
  ping?: () => Promise<void>;
  logger?: YogaLogger | boolean;
  graphiql?: boolean;
}

/** The error a client would not be shown, or null when it is one meant for the client. */
function hiddenCause(error: unknown): unknown {
  if (error instanceof GraphQLError) {
    return error.originalError && !(error.originalError instanceof GraphQLError) ? error.originalError : null;
  }
  return error;
}

export function createApp({ db, ping, logger = true, graphiql = true }: AppOptions) {
  const log = typeof logger === 'object' ? logger : createLogger(logger ? 'info' : 'silent');
  return createYoga<Record<string, unknown>, Context>({
    schema,
    context: () => ({ db }),
    logging: log,
    graphiql: graphiql ? { title: 'newsgraph', defaultQuery: EXAMPLE_QUERY } : false,
    landingPage: false,
    healthCheckEndpoint: '/health',
    maskedErrors: {
      // Never dev mode: a stack trace or a SQL statement must not reach a client, whatever NODE_ENV says.
      isDev: false,
      maskError: (error, message) => {
        const cause = hiddenCause(error);
        // The client sees "Unexpected error."; the operator sees why.
        if (cause) log.error('request failed:', cause);
        return maskError(error, message, false);
      },
    },
    plugins: [
      usePageSizeLimit(),
      useReadinessCheck({
        endpoint: '/ready',
        check: async () => {
          if (!ping) return true;
          try {
            await ping();
            return true;
          } catch {
            return false;
          }
        },
      }),
    ],
  });
}

export type App = ReturnType<typeof createApp>;
