import {
  createCounter,
  createHistogram,
  type FillLabelsFnParams,
  usePrometheus,
} from '@graphql-yoga/plugin-prometheus';
import type { OperationTypeNode } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { Counter, collectDefaultMetrics, Gauge, Registry } from 'prom-client';
import type { Database } from '../db/client.js';

/** Most operation names a metric keeps apart; the rest are counted as `other`. */
const MAX_OPERATION_NAMES = 200;
const OPERATION_NAME = /^[_A-Za-z][_0-9A-Za-z]{0,63}$/;

/** The code Yoga gives an error of these phases (it adds it after the plugin has counted the error). */
const PHASE_CODES: Record<string, string> = {
  parse: 'GRAPHQL_PARSE_FAILED',
  validate: 'GRAPHQL_VALIDATION_FAILED',
};

/**
 * Marks the context of a document the app checks with no request behind it (the persisted
 * operations, compiled at start): nothing is counted for it.
 */
export const NOT_A_REQUEST = Symbol('not a request');

/** Request latency buckets, in seconds: most answers take milliseconds, a search some hundreds. */
const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export interface DatabasePoolSample {
  /** Connections the pool may open. */
  max: number;
  /** Connections the database sees from this program, by state (`active`, `idle`, …). */
  connections?: Record<string, number>;
}

export interface AppMetrics {
  registry: Registry;
  plugin: Plugin;
  /** Articles stored through this server, by how they came (`api`, `seed`) and their outcome. */
  countIngested(via: string, outcome: string, count?: number): void;
  /** The error codes of one answer, each once (all phases, also requests refused before parsing: 429, 413). */
  countErrorCodes(codes: Iterable<string>): void;
  /**
   * What Yoga's plugin counts of an operation and its HTTP exchange, for an answer the compiled
   * tier's fast path sent without Yoga: the same metrics, labels and clocks (Date.now(), as the
   * plugin's).
   */
  observeAnswer(answer: ObservedAnswer): void;
}

export interface ObservedAnswer {
  operationName: string | undefined;
  operationType: OperationTypeNode;
  method: string;
  status: number;
  executeSeconds: number;
  requestSeconds: number;
}

/**
 * Prometheus metrics on `/metrics` through Yoga's plugin and prom-client, in a registry of this
 * app's own (so two apps in one test process do not collide): operations counted and timed per
 * operation name and type, HTTP latency by method and status, errors by code, the database
 * pool, articles ingested, and Node's process metrics. Operation names are the client's to
 * choose, so only well-formed ones are labels and at most 200 of them; any further name is
 * `other`, or a client could grow the registry without end.
 */
export function createMetrics(pool?: () => Promise<DatabasePoolSample>): AppMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const names = new Set<string>();
  const operationName = (name: string | undefined): string => {
    // 'Anonymous' as the plugin writes an operation without a name where it fills the label itself.
    if (!name) return 'Anonymous';
    if (!OPERATION_NAME.test(name)) return 'other';
    if (names.has(name)) return name;
    if (names.size >= MAX_OPERATION_NAMES) return 'other';
    names.add(name);
    return name;
  };
  const operationLabels = (params: FillLabelsFnParams) => ({
    operationName: operationName(params.operationName),
    operationType: params.operationType ?? 'unknown',
  });

  const errors = new Counter({
    name: 'newsgraph_errors_total',
    help: 'Answers that carried an error with this extensions.code (every phase, also requests refused before parsing)',
    labelNames: ['code'],
    registers: [registry],
  });
  const ingested = new Counter({
    name: 'newsgraph_articles_ingested_total',
    help: 'Articles this server stored or looked at: via the ingestArticles mutation (api) or its seed load (seed), by outcome',
    labelNames: ['via', 'outcome'],
    registers: [registry],
  });
  new Gauge({
    name: 'newsgraph_db_pool_connections',
    help: "Connections the database pool may open (state=max), and the database's own count of this program's connections by state (Postgres, from pg_stat_activity: all processes named newsgraph)",
    labelNames: ['state'],
    registers: [registry],
    async collect() {
      if (!pool) return;
      this.reset();
      try {
        const sample = await pool();
        this.set({ state: 'max' }, sample.max);
        for (const [state, count] of Object.entries(sample.connections ?? {})) this.set({ state }, count);
      } catch {
        // The database is away: /ready says so; the scrape still answers with what it has.
      }
    },
  });

  // Typed by the phases the plugin hooks them on, as it infers them when written inline.
  const requests = createCounter<'execute' | 'subscribe', string>({
    registry,
    counter: {
      name: 'graphql_envelop_request',
      help: 'GraphQL operations executed, by operation name and type',
      labelNames: ['operationName', 'operationType'],
    },
    fillLabelsFn: operationLabels,
  });
  const executions = createHistogram<'execute' | 'subscribe', string>({
    registry,
    histogram: {
      name: 'graphql_envelop_request_duration',
      help: 'Time to execute a GraphQL operation (seconds), by operation name and type',
      labelNames: ['operationName', 'operationType'],
      buckets: LATENCY_BUCKETS,
    },
    fillLabelsFn: operationLabels,
  });
  const httpDurations = createHistogram<
    'request',
    string,
    FillLabelsFnParams & { request: Request; response: Response }
  >({
    registry,
    histogram: {
      name: 'graphql_yoga_http_duration',
      help: 'Time to answer an HTTP request to /graphql (seconds), by method, status and operation',
      labelNames: ['method', 'statusCode', 'operationName', 'operationType'],
      buckets: LATENCY_BUCKETS,
    },
    fillLabelsFn: (params: FillLabelsFnParams & { request: Request; response: Response }) => ({
      ...operationLabels(params),
      method: params.request.method,
      statusCode: params.response.status,
    }),
  });

  const plugin = usePrometheus({
    registry,
    endpoint: '/metrics',
    metrics: {
      graphql_envelop_request: requests,
      graphql_envelop_request_duration: executions,
      graphql_envelop_error_result: createCounter({
        registry,
        counter: {
          name: 'graphql_envelop_error_result',
          help: 'Errors in GraphQL results by phase and code, per operation',
          labelNames: ['operationName', 'operationType', 'phase', 'code'],
        },
        fillLabelsFn: (params: FillLabelsFnParams & { errorPhase?: string }) => {
          const code = (params.error as { extensions?: { code?: unknown } } | undefined)?.extensions?.code;
          const phase = params.errorPhase ?? 'unknown';
          return {
            ...operationLabels(params),
            phase,
            // Parse and validation errors get their code from Yoga only after this counts them.
            code: typeof code === 'string' ? code : (PHASE_CODES[phase] ?? 'UNCODED'),
          };
        },
        shouldObserve: (_params, context) =>
          !(typeof context === 'object' && context !== null && NOT_A_REQUEST in context),
      }),
      graphql_yoga_http_duration: httpDurations,
      graphql_envelop_phase_parse: false,
      graphql_envelop_phase_validate: false,
      graphql_envelop_phase_context: false,
      graphql_envelop_phase_execute: false,
      graphql_envelop_request_time_summary: false,
      graphql_envelop_deprecated_field: false,
      graphql_envelop_schema_change: false,
    },
  });
  return {
    registry,
    plugin,
    countIngested: (via, outcome, count = 1) => {
      if (count > 0) ingested.inc({ via, outcome }, count);
    },
    countErrorCodes: (codes) => {
      for (const code of codes) errors.inc({ code });
    },
    observeAnswer: (answer) => {
      const labels = operationLabels({ operationName: answer.operationName, operationType: answer.operationType });
      requests.counter.labels(labels).inc();
      executions.histogram.observe(labels, answer.executeSeconds);
      httpDurations.histogram.observe(
        { ...labels, method: answer.method, statusCode: answer.status },
        answer.requestSeconds,
      );
    },
  };
}

/**
 * What /metrics says of the pool: its size, and on Postgres the server's own count of the
 * connections named newsgraph by state, the one asking among the active (postgres.js keeps its
 * pool's counts to itself).
 */
export function databasePoolSampler(database: Database, max: number): () => Promise<DatabasePoolSample> {
  const raw = database.raw;
  if (raw.kind !== 'postgres') return async () => ({ max });
  return async () => {
    const rows = await raw.client<{ state: string | null; count: number }[]>`
      select state, count(*)::int as count from pg_stat_activity
      where application_name = 'newsgraph' group by state`;
    return { max, connections: Object.fromEntries(rows.map((r) => [r.state ?? 'unknown', r.count])) };
  };
}
