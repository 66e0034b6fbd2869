import { IncomingMessage, ServerResponse } from 'node:http';
import { EnvelopArmorPlugin } from '@escape.tech/graphql-armor';
import { useDisableIntrospection } from '@graphql-yoga/plugin-disable-introspection';
import { usePersistedOperations } from '@graphql-yoga/plugin-persisted-operations';
import { type DocumentNode, GraphQLError, Kind, type OperationDefinitionNode } from 'graphql';
import { createGraphQLError, createYoga, maskError, type Plugin, useReadinessCheck } from 'graphql-yoga';
import type { Db, PrepareStatements } from './db/client.js';
import { useApiKeys } from './graphql/api-keys.js';
import { useBodyLimit } from './graphql/body-limit.js';
import type { Context } from './graphql/builder.js';
import { useCancelOnDisconnect } from './graphql/cancel-on-disconnect.js';
import {
  codedClientError,
  limitRejection,
  useRequestErrorStatus,
  useRequestParseErrors,
} from './graphql/client-errors.js';
import { createFastPath } from './graphql/compiled/fast-path.js';
import {
  type CompiledTier,
  type CompiledTierOptions,
  type CompiledVariant,
  createCompiledTier,
} from './graphql/compiled/plugin.js';
import type { LiveFeed } from './graphql/live.js';
import { pageSizesReadVariables, pageSizesRefused, usePageSizeLimit } from './graphql/page-size.js';
import { schema } from './graphql/schema.js';
import { corsHeaders, corsPolicy, useVaryByOrigin } from './http/cors.js';
import { useGraphiQLPage } from './http/graphiql.js';
import { createLog, type Log, yogaLogger } from './http/log.js';
import { type AppMetrics, createMetrics, NOT_A_REQUEST } from './http/metrics.js';
import { createRateLimiter, type RateLimitOptions, useRateLimit } from './http/rate-limit.js';
import { databaseReason, pingWithin, readinessResponse } from './http/readiness.js';
import { currentRequest } from './http/request-context.js';
import { useRequestLog } from './http/request-log.js';
import { useRootRedirect } from './http/root-redirect.js';

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

/** Limits every operation must keep; checked before any resolver runs. */
export const OPERATION_LIMITS = {
  maxDepth: 12,
  maxAliases: 20,
  maxTokens: 3000,
  // graphql-armor's cost grows by half again with each level of depth: a page of articles with
  // their people, places and quotes with speakers costs about 51,000, so two such pages fit.
  maxCost: 110_000,
} as const;

export interface AppOptions {
  db: Db;
  /** Answers whether the database is reachable; `/ready` turns a failure into 503. */
  ping?: () => Promise<void>;
  /** Where request lines and errors go (pino); `false` logs nothing, `true` logs at info on stdout. */
  logger?: Log | boolean;
  graphiql?: boolean;
  introspection?: boolean;
  /** Production hides field suggestions ("did you mean …?") that would map the schema for a stranger. */
  production?: boolean;
  /** Origins CORS allows, with credentials; null or absent allows any origin, without credentials. */
  corsOrigins?: string[] | null;
  /** When given, only these operations (by SHA-256 hash of their text) are run. */
  persistedOperations?: Record<string, string> | null;
  /** SHA-256 digests of the API keys mutations need; none turns mutations off. */
  apiKeyHashes?: Buffer[];
  /** The feed of new articles that subscriptions read; without one, subscriptions are refused. */
  live?: LiveFeed | null;
  /** The compiled tier (src/graphql/compiled/), on unless false; last, after every plugin that refuses. */
  compiled?: CompiledTierOptions | false;
  /** What `/metrics` serves; absent, the app makes its own (the server makes one to count its seed load too). */
  metrics?: AppMetrics;
  /** Operations per client per window; absent or null, no limit. */
  rateLimit?: Omit<RateLimitOptions, 'apiKeyHashes'> | null;
  /** Prepares the compiled tier's statements at start (the database's `prepare`, where the driver has one). */
  prepareStatements?: PrepareStatements;
}

/** What compiling the persisted operations at start did. */
export interface PersistedCompileSummary {
  /** Operations the fast path answers from their first request. */
  ready: string[];
  /** Operations left to the normal path, or to compile at their first request, and why. */
  skipped: { operation: string; reason: string }[];
}

// The connection to the database went (a backend terminated, a restart, a network cut): this
// request failed, the pool opens a new connection for the next one.
const CONNECTION_LOST = new Set([
  '57P01', // admin_shutdown, as pg_terminate_backend sends
  '57P02',
  '57P03',
  'CONNECTION_CLOSED',
  'CONNECTION_DESTROYED',
  'CONNECTION_ENDED',
  'CONNECT_TIMEOUT',
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
]);

/** A client error with a code for a database that is away or a statement that ran too long, or null. */
function databaseFailure(cause: unknown): GraphQLError | null {
  const c = cause as { code?: string; cause?: { code?: string } };
  const code = c?.cause?.code ?? c?.code;
  if (code && CONNECTION_LOST.has(code)) {
    return createGraphQLError('The connection to the database was lost; try again.', {
      extensions: { code: 'DATABASE_UNAVAILABLE' },
    });
  }
  if (code === '57014') {
    return createGraphQLError('The query ran longer than the server allows (STATEMENT_TIMEOUT_MS); ask for less.', {
      extensions: { code: 'QUERY_TIMEOUT' },
    });
  }
  return null;
}

/** The error a client would not be shown, or null when it is one meant for the client. */
function hiddenCause(error: unknown): unknown {
  if (error instanceof GraphQLError) {
    return error.originalError && !(error.originalError instanceof GraphQLError) ? error.originalError : null;
  }
  return error;
}

const READY_PATH = '/ready';

/**
 * Yoga's readiness plugin matches every request's URL against a URLPattern of its endpoint after
 * two plain comparisons (the URL ends with it, the path is it); the pattern matches no path but
 * the endpoint itself, so those two decide, and other requests skip the pattern (1 % of a
 * compiled answer's CPU).
 */
function atReadyOnly(plugin: Plugin): Plugin {
  const onRequest = plugin.onRequest;
  if (!onRequest) return plugin;
  return {
    ...plugin,
    onRequest(payload) {
      if (payload.request.url.endsWith(READY_PATH) || payload.url.pathname === READY_PATH) return onRequest(payload);
    },
  };
}

/** The app, for tests and tools that need no start: the persisted operations compile as they come. */
export function createApp(options: AppOptions) {
  return assembleApp(options).app;
}

/**
 * The app as the server starts it: with the persisted operations compiled (and their statements
 * prepared where the driver allows) before it takes a request, so that the first request of each
 * is answered on the fast path.
 */
export async function startApp(options: AppOptions): Promise<{ app: App; persisted: PersistedCompileSummary }> {
  const { app, compilePersisted } = assembleApp(options);
  return { app, persisted: await compilePersisted() };
}

function assembleApp({
  db,
  ping,
  logger = true,
  graphiql = true,
  introspection = true,
  production = false,
  corsOrigins = null,
  persistedOperations = null,
  apiKeyHashes = [],
  live = null,
  compiled = {},
  metrics = createMetrics(),
  rateLimit = null,
  prepareStatements,
}: AppOptions) {
  const log = typeof logger === 'object' ? logger : createLog(logger ? 'info' : 'silent');
  // One budget for Yoga's path and the compiled tier's fast path.
  const rateLimiter = rateLimit?.operations ? createRateLimiter({ ...rateLimit, apiKeyHashes }) : null;
  const tier = compiled === false ? null : createCompiledTier(compiled);
  const plugins: Plugin[] = [
    useRequestLog(log, metrics.countErrorCodes),
    metrics.plugin,
    useRootRedirect(),
    useVaryByOrigin(corsOrigins),
    useBodyLimit(),
    useRequestParseErrors(),
    ...(rateLimiter ? [useRateLimit(rateLimiter)] : []),
    EnvelopArmorPlugin({
      maxDepth: {
        n: OPERATION_LIMITS.maxDepth,
        ignoreIntrospection: true,
        exposeLimits: true,
        ...limitRejection('depth'),
      },
      maxAliases: { n: OPERATION_LIMITS.maxAliases, exposeLimits: true, ...limitRejection('aliases') },
      maxTokens: { n: OPERATION_LIMITS.maxTokens, exposeLimits: true, ...limitRejection('tokens') },
      costLimit: {
        maxCost: OPERATION_LIMITS.maxCost,
        ignoreIntrospection: true,
        exposeLimits: true,
        ...limitRejection('cost'),
      },
      maxDirectives: { n: 10, exposeLimits: true, ...limitRejection('directives') },
      blockFieldSuggestion: { enabled: production },
    }) as Plugin,
    usePageSizeLimit(),
    useCancelOnDisconnect(),
    useRequestErrorStatus(),
    useApiKeys(apiKeyHashes),
    atReadyOnly(
      useReadinessCheck({
        endpoint: READY_PATH,
        // JSON with the reason, so whoever reads the probe's answer learns why, not only that.
        check: async () => {
          if (!ping) return readinessResponse(null);
          try {
            await pingWithin(ping);
            return readinessResponse(null);
          } catch (error) {
            return readinessResponse(databaseReason(error));
          }
        },
      }),
    ),
  ];
  if (graphiql) plugins.push(useGraphiQLPage({ title: 'newsgraph', defaultQuery: EXAMPLE_QUERY }));
  if (!introspection) plugins.push(useDisableIntrospection());
  if (persistedOperations) {
    const known = persistedOperations;
    plugins.push(
      usePersistedOperations({
        getPersistedOperation: (hash) => known[hash] ?? null,
        allowArbitraryOperations: false,
      }),
    );
  }
  if (tier) plugins.push(tier.plugin);
  const yoga = createYoga<Record<string, unknown>, Context>({
    schema,
    context: () => ({ db, live, metrics }),
    logging: yogaLogger(log, () => currentRequest()?.id),
    // The bundled GraphiQL (it works with no access to a CDN: offline, firewalled, in tests),
    // served compressed and cacheable by useGraphiQLPage rather than by Yoga.
    graphiql: false,
    landingPage: false,
    healthCheckEndpoint: '/health',
    batching: false,
    // useBodyLimit refuses over MAX_BODY_BYTES (1 MB) and says so with its own 413; Yoga's check
    // (25 MB) re-wrapped every body in a stream for nothing.
    maxRequestBodySize: false,
    cors: corsPolicy(corsOrigins),
    maskedErrors: {
      // Never dev mode: a stack trace or a SQL statement must not reach a client, whatever NODE_ENV says.
      isDev: false,
      maskError: (error, message) => {
        const cause = hiddenCause(error);
        // The client sees "Unexpected error."; the operator sees why: Yoga logs the error it was
        // handed whenever masking replaces it (yogaLogger writes it once, with the request id).
        if (cause) {
          const database = databaseFailure(cause);
          if (database) return database;
          return maskError(error, message, false);
        }
        return error instanceof GraphQLError ? codedClientError(error) : maskError(error, message, false);
      },
    },
    plugins,
  });
  const compilePersisted = () =>
    tier && persistedOperations
      ? compileAhead(yoga, tier, Object.values(persistedOperations), log, prepareStatements)
      : Promise.resolve({ ready: [], skipped: [] });
  if (!tier || tier.options.fastPath === false) return { app: yoga, compilePersisted };
  const fastPath = createFastPath({
    tier,
    db,
    schema,
    log,
    metrics,
    cors: corsHeaders(corsOrigins),
    rateLimiter,
    persistedOperations,
  });
  // node:http calls the app as its request listener: that call goes through the fast path first;
  // everything else (app.fetch, dispose, …) is Yoga's, untouched. node:http's events call a
  // listener by its `apply`, which Yoga's own proxy hands out bound to Yoga's handler: here they
  // are this proxy's, so that such a call comes through it too.
  const app: typeof yoga = new Proxy(yoga, {
    apply(target, self, args: unknown[]) {
      const [request, response] = args;
      if (request instanceof IncomingMessage && response instanceof ServerResponse) {
        return fastPath(request, response, () => Reflect.apply(target, self, args));
      }
      return Reflect.apply(target, self, args);
    },
    get(target, key, receiver) {
      if (key === 'apply' || key === 'call' || key === 'bind') return Reflect.get(Function.prototype, key).bind(app);
      return Reflect.get(target, key, receiver);
    },
  });
  return { app, compilePersisted };
}

export type App = ReturnType<typeof createApp>;

type Yoga = ReturnType<typeof createYoga<Record<string, unknown>, Context>>;

/**
 * Compiles documents before any request (the persisted operations, at start). Each goes through
 * Yoga's own parse and validation (the operation limits' rules with them; a context that is no
 * request, so nothing is counted), then the page-size limit where it reads no variable: what the
 * normal path checks of a document before the tier answers it. A query the tier compiles is
 * proven for the fast path once its statement is prepared. Anything that fails is logged and
 * left to the normal path, as it would be without this; it never stops the start.
 */
async function compileAhead(
  yoga: Yoga,
  tier: CompiledTier,
  texts: string[],
  log: Log,
  prepare: PrepareStatements | undefined,
): Promise<PersistedCompileSummary> {
  const summary: PersistedCompileSummary = { ready: [], skipped: [] };
  const compiled: {
    document: DocumentNode;
    operation: OperationDefinitionNode;
    names: (string | undefined)[];
    label: string;
    variant: Extract<CompiledVariant, { compiled: unknown }>;
  }[] = [];
  // A manifest names each document twice (with and without `sha256:`).
  for (const text of new Set(texts)) {
    const label = operationLabel(text);
    try {
      const enveloped = yoga.getEnveloped({ [NOT_A_REQUEST]: true });
      let document: DocumentNode;
      try {
        document = enveloped.parse(text);
      } catch (error) {
        summary.skipped.push({ operation: label, reason: `parse: ${(error as Error).message}` });
        continue;
      }
      // Introspection's rule is added per request when it is off; the tier compiles no
      // introspection field, so such a document is never proven here.
      const errors = enveloped.validate(enveloped.schema, document);
      if (errors.length) {
        summary.skipped.push({ operation: label, reason: `validation: ${errors[0]?.message}` });
        continue;
      }
      const operations = document.definitions.filter(
        (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
      );
      const readsVariables = pageSizesReadVariables(document);
      for (const operation of operations) {
        const name = operation.name?.value;
        const operationName = name ?? label;
        if (!readsVariables && pageSizesRefused(enveloped.schema, document, {}, name)) {
          summary.skipped.push({ operation: operationName, reason: 'page size' });
          continue;
        }
        const variant = tier.compileAhead(enveloped.schema, document, operation);
        if ('reason' in variant) {
          summary.skipped.push({ operation: operationName, reason: variant.reason });
          continue;
        }
        // Sent without a name, a document's only operation is the one that runs.
        const names = operations.length === 1 && name !== undefined ? [undefined, name] : [name];
        compiled.push({ document, operation, names, label: operationName, variant });
      }
    } catch (error) {
      log.warn({ err: error, operation: label }, 'persisted operation not compiled at start; compiled when asked');
      summary.skipped.push({ operation: label, reason: `failed: ${(error as Error).message}` });
    }
  }
  const statements = new Map(compiled.map(({ variant }) => [variant.compiled.sql, variant.compiled.params.length]));
  let failed = new Map<string, unknown>();
  try {
    const refused = prepare
      ? await prepare([...statements].map(([text, parameterCount]) => ({ text, parameterCount })))
      : [];
    failed = new Map(refused.map(({ text, error }) => [text, error]));
  } catch (error) {
    failed = new Map([...statements.keys()].map((text) => [text, error]));
  }
  for (const { document, operation, names, label, variant } of compiled) {
    const error = failed.get(variant.compiled.sql);
    if (error !== undefined) {
      // Its first request runs it through Yoga, which falls back to the normal path should it fail again.
      log.warn({ err: error, operation: label }, 'persisted operation compiled but its statement failed to prepare');
      summary.skipped.push({ operation: label, reason: `prepare: ${(error as Error).message}` });
      continue;
    }
    tier.proveAhead(document, operation, names);
    summary.ready.push(label);
  }
  return summary;
}

/** A document's first operation name, or its first words, for the log. */
function operationLabel(text: string): string {
  const named = /\b(?:query|mutation|subscription)\s+([_A-Za-z][_0-9A-Za-z]*)/.exec(text);
  return named?.[1] ?? text.replace(/\s+/g, ' ').trim().slice(0, 40);
}
