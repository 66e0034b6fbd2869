import { readFile } from 'node:fs/promises';
import { createServer, type RequestListener } from 'node:http';
import { startApp } from './app.js';
import type { Config } from './config.js';
import { createDb, openOwnedPglite } from './db/client.js';
import { listenTo } from './db/listen.js';
import { migrateDatabase } from './db/migrate.js';
import { LiveFeed } from './graphql/live.js';
import { persistedOperationMap } from './graphql/persisted.js';
import { bufferedStdout, createLog } from './http/log.js';
import { createMetrics, type DatabasePoolSample, databasePoolSampler } from './http/metrics.js';
import { pingWithin } from './http/readiness.js';
import { countStatement } from './http/request-context.js';
import { type StartingState, startingHandler, waitForDatabase } from './http/starting.js';
import { ARTICLES_CHANNEL, articlesInPayload } from './ingest/events.js';
import { type LoadSummary, loadArticles } from './ingest/load.js';
import { countRows } from './ingest/save.js';

const SHUTDOWN_GRACE_MS = 10_000;
/** Connections this process opens to its own PGlite thread (openOwnedPglite's default). */
const PGLITE_POOL_SIZE = 4;
/**
 * Opens the database, applies migrations, loads the seed folder into an empty database, serves
 * the API and closes everything in order on SIGTERM or SIGINT.
 */
export async function startServer(config: Config): Promise<void> {
  const log = createLog(config.logLevel, bufferedStdout());
  // A rejection nobody awaited would end the process (Node's default) and every request with it:
  // it is logged and the server keeps serving. The causes found are fixed where they arise.
  process.on('unhandledRejection', (reason) => log.error({ err: reason }, 'unhandled rejection (kept serving)'));
  let poolSample: (() => Promise<DatabasePoolSample>) | undefined;
  const metrics = createMetrics(() => poolSample?.() ?? Promise.resolve({ max: 0 }));
  // Listening from the start, so that /health and /ready answer (with why it is not ready yet)
  // while the database is awaited, migrated and seeded; the API takes over once it is ready.
  // Unreferenced until then: a start that fails ends the process as before.
  const state: StartingState = { reason: 'starting' };
  let handle: RequestListener = startingHandler(state);
  const server = createServer((request, response) => handle(request, response));
  await new Promise<void>((resolve) => server.listen(config.port, config.host, resolve));
  server.unref();
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  log.info(`listening on port ${port} while starting: /health and /ready answer`);
  const seeded = (summary: LoadSummary) => {
    log.info(`seeded from ${config.seedsDir}: ${summary.loaded} loaded, ${summary.failed.length} failed`);
    for (const f of summary.failed) log.warn(`${f.file}: ${f.reason}`);
    metrics.countIngested('seed', 'loaded', summary.loaded);
    metrics.countIngested('seed', 'updated', summary.updated);
    metrics.countIngested('seed', 'unchanged', summary.unchanged);
    metrics.countIngested('seed', 'failed', summary.failed.length);
  };
  if (config.databaseUrl) {
    // Migrations (an index built over a large table) and the seed load may run longer than the
    // statement timeout that guards requests: they run on a connection of their own without it.
    const setup = createDb({ databaseUrl: config.databaseUrl, maxConnections: 1, command: 'migrate' });
    try {
      state.reason = 'waiting for the database';
      await waitForDatabase(() => pingWithin(setup.ping), { waitMs: config.databaseWaitSeconds * 1000, log, state });
      state.reason = 'migrating the database';
      await migrateDatabase(setup);
      state.reason = 'loading the seed articles';
      if ((await countRows(setup.db)).articles === 0) {
        seeded(await loadArticles(setup.db, [config.seedsDir]));
      }
    } finally {
      await setup.close();
    }
  }
  // Subscriptions hear of new articles through LISTEN/NOTIFY, whoever wrote them: on Postgres on
  // a connection of its own; on PGlite the owning thread's session listens for every client.
  const live = new LiveFeed();
  const publish = (payload: string) => live.publish(articlesInPayload(payload));
  const database = config.databaseUrl
    ? createDb({
        databaseUrl: config.databaseUrl,
        maxConnections: config.databasePoolSize,
        statementTimeoutMs: config.statementTimeoutMs,
        command: 'serve',
        onQuery: countStatement,
      })
    : await openOwnedPglite(config.pgliteDir, {
        command: 'serve',
        statementTimeoutMs: config.statementTimeoutMs,
        onQuery: countStatement,
        channels: [ARTICLES_CHANNEL],
        onNotification: (channel, payload) => {
          if (channel === ARTICLES_CHANNEL) publish(payload);
        },
        onError: (message) => log.warn(`embedded database: ${message}`),
      });
  if (database.raw.kind === 'postgres') await listenTo(database, ARTICLES_CHANNEL, publish);
  poolSample = databasePoolSampler(database, config.databaseUrl ? config.databasePoolSize : PGLITE_POOL_SIZE);
  state.reason = 'migrating the database';
  const stale = database.lock?.replacedStale;
  if (stale)
    log.warn(`took over the lock of ${config.pgliteDir} that process ${stale.pid} left behind (no longer running)`);
  await migrateDatabase(database);
  log.info(
    database.raw.kind === 'pglite-socket'
      ? `database: PGlite at ${config.pgliteDir}, on its own thread, served to loaders at ${database.raw.path}`
      : 'database: PostgreSQL (DATABASE_URL)',
  );

  if ((await countRows(database.db)).articles === 0) {
    state.reason = 'loading the seed articles';
    // As on Postgres, without the statement timeout: through a connection of its own.
    const setup =
      database.raw.kind === 'pglite-socket'
        ? createDb({ databaseUrl: null, pgliteSocket: database.raw.path, maxConnections: 1 })
        : null;
    try {
      seeded(await loadArticles((setup ?? database).db, [config.seedsDir]));
    } finally {
      await setup?.close();
    }
  }

  const persistedOperations = config.persistedOperationsFile
    ? persistedOperationMap(JSON.parse(await readFile(config.persistedOperationsFile, 'utf8')))
    : null;
  if (persistedOperations) {
    log.info(
      `persisted operations only: ${Object.keys(persistedOperations).length} known, from ${config.persistedOperationsFile}`,
    );
  }
  if (persistedOperations && config.compiledTier) state.reason = 'compiling the persisted operations';
  const { app, persisted } = await startApp({
    db: database.db,
    ping: database.ping,
    logger: log,
    graphiql: config.graphiql,
    introspection: config.introspection,
    production: config.production,
    corsOrigins: config.corsOrigins,
    persistedOperations,
    apiKeyHashes: config.apiKeyHashes,
    live,
    compiled: config.compiledTier ? {} : false,
    metrics,
    rateLimit: config.rateLimit
      ? { operations: config.rateLimit, windowSeconds: config.rateLimitWindowSeconds, trustProxy: config.trustProxy }
      : null,
    ...(database.prepare ? { prepareStatements: database.prepare } : {}),
  });
  if (persistedOperations && config.compiledTier) {
    log.info(
      { skipped: persisted.skipped },
      `compiled tier: ${persisted.ready.length} persisted operations compiled at start, ${persisted.skipped.length} left to the normal path or to their first request`,
    );
  }
  if (!config.apiKeyHashes.length) log.info('mutations are off: set API_KEYS to turn them on');
  log.info(
    config.rateLimit
      ? `rate limit: ${config.rateLimit} operations every ${config.rateLimitWindowSeconds} s per client (RATE_LIMIT)`
      : 'rate limit: off (RATE_LIMIT)',
  );
  handle = app;
  server.ref();
  log.info(`GraphQL API${config.graphiql ? ' and GraphiQL' : ''} at http://localhost:${port}/graphql`);

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info(`${signal}: finishing requests in flight, then closing`);
    // Idle keep-alive sockets would hold close() open; requests still running are let finish.
    // Subscriptions never finish by themselves: they are ended first.
    live.close();
    server.closeIdleConnections();
    const force = setTimeout(() => {
      log.warn(`requests still open after ${SHUTDOWN_GRACE_MS} ms; closing them`);
      server.closeAllConnections();
    }, SHUTDOWN_GRACE_MS);
    force.unref();
    server.close(async () => {
      await app.dispose();
      await database.close();
      log.info('closed');
      process.exit(0);
    });
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
}
