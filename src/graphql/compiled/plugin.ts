import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import {
  type DocumentNode,
  type GraphQLSchema,
  getOperationAST,
  getVariableValues,
  type OperationDefinitionNode,
} from 'graphql';
import { createGraphQLError, type Plugin } from 'graphql-yoga';
import { LRUCache } from 'lru-cache';
import type { Db } from '../../db/client.js';
import { cancelStatementsOnAbort } from '../../db/statement-cancel.js';
import { handedOff } from '../../http/handoff.js';
import type { Context } from '../builder.js';
import { pageSizesReadVariables } from '../page-size.js';
import {
  bindParams,
  type CompiledOperation,
  compileOperation,
  NotCompilable,
  type Structural,
  shapeKey,
} from './compile.js';
import { compiledResult } from './response-text.js';

/** How an operation was answered: by its compiled statement, or on the normal path and why. */
export type CompiledOutcome = { compiled: true } | { compiled: false; reason: string };

export interface CompiledTierOptions {
  /** Documents (by hash and operation name) kept compiled; the least recently used go first. */
  maxDocuments?: number;
  /** Told how each query was answered (tests check that the tier answered what they compare). */
  onOutcome?: (outcome: CompiledOutcome) => void;
  /**
   * The fast path in front of Yoga (fast-path.ts) for documents the tier has answered; on unless
   * false (then every request goes through Yoga, as before it).
   */
  fastPath?: boolean;
  /** Told how each request the fast path looked at went: answered, or handed on to Yoga and why. */
  onFastPath?: (outcome: FastPathOutcome) => void;
  /** Told of every document compiled (a shape of its variables), and whether before any request asked for it. */
  onCompile?: (compile: { ahead: boolean }) => void;
}

/** How the fast path dealt with a request: answered it, or handed it on to Yoga and why. */
export type FastPathOutcome = { answered: true } | { answered: false; reason: string };

/**
 * A document the tier answered compiled on the normal path, so one that parsing, validation,
 * the operation limits, introspection and persisted-only mode all let through: every one of
 * them reads the document alone, so they let it through again. The page-size verdict reads
 * variables when a page size is one.
 */
export interface ProvenDocument {
  document: DocumentNode;
  operation: OperationDefinitionNode;
  pageSizesReadVariables: boolean;
}

/** A statement ready to run: the compiled operation, its prepared statement's name, its parameters. */
export interface PreparedStatement {
  compiled: CompiledOperation;
  name: string;
  params: unknown[];
}

/** The tier: Yoga's plugin, and what the fast path shares with it (the same compiled documents). */
export interface CompiledTier {
  plugin: Plugin;
  /** Whether the fast path is on and has anything to answer yet. */
  fastPathReady(): boolean;
  /** The proven document for this text and operation name, if the tier answered it compiled. */
  proven(text: string, operationName: string | undefined): ProvenDocument | undefined;
  /** The statement for these (coerced) variables, or why there is none. */
  prepare(
    schema: GraphQLSchema,
    proven: ProvenDocument,
    variables: Record<string, unknown>,
  ): PreparedStatement | { reason: string };
  /**
   * Compiles a query before any request asks for it (the persisted operations, at start) for the
   * shape its variables have when none is sent (their defaults): its statement, or why there is
   * none. A request of another shape compiles its own, as any would.
   */
  compileAhead(schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode): CompiledVariant;
  /**
   * Proves a document without a request: for one that Yoga's own parse and validation and the
   * page-size limit let through (the caller checks), so that the fast path answers it from its
   * first request on, under each of these operation names as sent.
   */
  proveAhead(document: DocumentNode, operation: OperationDefinitionNode, operationNames: (string | undefined)[]): void;
  options: CompiledTierOptions;
}

/** One shape of a document compiled: its statement and the statement's name, or why there is none. */
export type CompiledVariant = { compiled: CompiledOperation; name: string } | { reason: string };

// Operation names one document may be proven under: they are the client's to choose.
const MAX_OPERATION_NAMES = 8;

interface DocumentEntry {
  structural: Structural;
  /** Each shape of the structural variables: its statement, or why there is none. */
  variants: Map<string, CompiledVariant>;
}

// Shapes of one document's structural variables (orders, null cursors) kept per document.
const MAX_VARIANTS = 16;

/** postgres.js names a prepared statement by its text; drizzle passes `prepare` for a named query. */
function statementName(text: string): string {
  return `compiled_${createHash('sha256').update(text).digest('hex').slice(0, 24)}`;
}

interface PreparedQuery {
  execute(values?: Record<string, unknown>): Promise<unknown>;
}

interface PreparedSession {
  prepareQuery(query: { sql: string; params: unknown[] }, mode: 'arrays', name: string): PreparedQuery;
}

/** Drizzle's prepared query of a compiled statement, with its placeholders' names: made once per database. */
interface KeptQuery {
  db: Db;
  query: PreparedQuery;
  keys: string[];
}

const keptQueries = new WeakMap<CompiledOperation, KeptQuery>();

/**
 * Runs the statement through drizzle's session, so it is logged as every other statement is, and
 * on postgres.js prepared (drizzle passes `prepare: true` for a named query, and postgres.js keeps
 * the prepared statement per connection by its text); PGlite just executes it. Drizzle's prepared
 * query is kept with the compiled statement: it holds nothing of one execution. The statement is
 * started before this returns (runCancellable relies on it).
 */
export async function runStatement(db: Db, { compiled, name, params }: PreparedStatement): Promise<string> {
  let kept = keptQueries.get(compiled);
  if (kept?.db !== db) {
    const session = (db as unknown as { session: PreparedSession }).session;
    const keys = compiled.params.map((_, i) => `p${i}`);
    const query = session.prepareQuery(
      { sql: compiled.sql, params: keys.map((key) => sql.placeholder(key)) },
      'arrays',
      name,
    );
    kept = { db, query, keys };
    keptQueries.set(compiled, kept);
  }
  const values: Record<string, unknown> = {};
  for (let i = 0; i < params.length; i++) values[kept.keys[i] as string] = params[i];
  const rows = (await kept.query.execute(values)) as unknown[][];
  const text = rows[0]?.[0];
  if (typeof text !== 'string') throw new Error('the compiled statement returned no response');
  return text;
}

/**
 * The compiled tier (issue 17): a query whose every field the tier compiles is answered by one
 * statement that builds the whole response in Postgres; anything else, and any failure, runs
 * on the normal path. It hooks execution, so parsing, validation, the operation and page
 * limits, API keys and persisted-only mode have all had their say; it must come after the
 * plugins that refuse operations. A document it answers is proven: the fast path in front of
 * Yoga may answer it from then on.
 */
export function createCompiledTier(options: CompiledTierOptions = {}): CompiledTier {
  const documents = new LRUCache<string, DocumentEntry>({ max: options.maxDocuments ?? 1000 });
  // By text, then by operation name as sent (undefined when none: "" names no operation).
  const proven = new LRUCache<string, Map<string | undefined, ProvenDocument>>({ max: options.maxDocuments ?? 1000 });
  const fastPath = options.fastPath !== false;
  const tell = options.onOutcome ?? (() => {});
  const onCompile = options.onCompile;
  const compiledAtRequest = onCompile ? () => onCompile({ ahead: false }) : undefined;
  const prove = (document: DocumentNode, operation: OperationDefinitionNode, operationName: string | undefined) => {
    const text = document.loc?.source.body;
    if (!fastPath || text === undefined) return;
    let names = proven.get(text);
    if (names?.has(operationName)) return;
    if (!names) {
      names = new Map();
      proven.set(text, names);
    }
    if (names.size >= MAX_OPERATION_NAMES) return;
    names.set(operationName, { document, operation, pageSizesReadVariables: pageSizesReadVariables(document) });
  };
  const plugin: Plugin = {
    onExecute({ args, executeFn, setExecuteFn }) {
      const operation = getOperationAST(args.document, args.operationName);
      if (operation?.operation !== 'query') return;
      const context = args.contextValue as unknown as Context;
      const db = context.db;
      setExecuteFn(async (executionArgs) => {
        const fallback = (reason: string) => {
          tell({ compiled: false, reason });
          return executeFn(executionArgs);
        };
        const coerced = getVariableValues(
          args.schema,
          operation.variableDefinitions ?? [],
          (args.variableValues ?? {}) as Record<string, unknown>,
        );
        // Variables execution would refuse: let it say so.
        if (coerced.errors) return fallback('variables');
        const variables = coerced.coerced;
        let prepared: PreparedStatement;
        try {
          const variant = compiledVariant(
            documents,
            args.schema,
            args.document,
            operation,
            variables,
            compiledAtRequest,
          );
          if ('reason' in variant) return fallback(variant.reason);
          prepared = { ...variant, params: bindParams(variant.compiled, variables) };
        } catch (error) {
          if (error instanceof NotCompilable) return fallback(error.message);
          throw error;
        }
        let text: string;
        // Cancelled when the client goes, as useCancelOnDisconnect does for the normal path
        // (whose wrapper this tier, hooked after it, runs outside of).
        const signal = context.request?.signal;
        // The fast path ran this statement already and it failed: that failure is answered, as
        // it would have been here, rather than the statement run twice.
        const failed = handedOff(context)?.statement;
        try {
          if (failed) throw failed.error;
          const statement = () => runStatement(db, prepared);
          text = await (signal ? cancelStatementsOnAbort(signal, statement) : statement());
        } catch (error) {
          // The client went and its statement was cancelled: nobody reads an answer, and the
          // normal path would only start the statement again, uncancelled.
          if (signal?.aborted || failed?.aborted) {
            tell({ compiled: false, reason: 'client went away' });
            return { errors: [createGraphQLError('The client went away.', { originalError: error as Error })] };
          }
          // Past the statement timeout: the normal path would only wait out a second one, so a
          // request could hold a connection for twice STATEMENT_TIMEOUT_MS. The error is the
          // normal path's (QUERY_TIMEOUT, by the app's error masking).
          if (timedOut(error)) {
            tell({ compiled: false, reason: 'statement timeout' });
            return { errors: [createGraphQLError('The statement timed out.', { originalError: error as Error })] };
          }
          // A lost connection, a value only the normal path refuses: it runs there and answers,
          // or reports the error, as it always has.
          return fallback('statement failed');
        }
        tell({ compiled: true });
        prove(args.document, operation, args.operationName ?? undefined);
        return compiledResult(text);
      });
    },
  };
  return {
    plugin,
    options,
    fastPathReady: () => fastPath && proven.size > 0,
    proven: (text, operationName) => proven.get(text)?.get(operationName),
    prepare(schema, { document, operation }, variables) {
      try {
        const variant = compiledVariant(documents, schema, document, operation, variables, compiledAtRequest);
        if ('reason' in variant) return variant;
        return { ...variant, params: bindParams(variant.compiled, variables) };
      } catch (error) {
        if (error instanceof NotCompilable) return { reason: error.message };
        throw error;
      }
    },
    compileAhead(schema, document, operation) {
      if (operation.operation !== 'query') return { reason: 'not a query' };
      // Only the defaults: the variables a request sends no value for, coerced as execution coerces them.
      const defaults = (operation.variableDefinitions ?? []).filter((d) => d.defaultValue !== undefined);
      const coerced = getVariableValues(schema, defaults, {});
      if (coerced.errors) return { reason: 'variables' };
      return compiledVariant(
        documents,
        schema,
        document,
        operation,
        coerced.coerced,
        onCompile ? () => onCompile({ ahead: true }) : undefined,
      );
    },
    proveAhead(document, operation, operationNames) {
      for (const name of operationNames) prove(document, operation, name);
    },
  };
}

// Yoga hands the same parsed document for the same text (its parse cache): hash it once.
const hashes = new WeakMap<object, string>();

function compiledVariant(
  documents: LRUCache<string, DocumentEntry>,
  schema: Parameters<typeof compileOperation>[0],
  document: Parameters<typeof compileOperation>[1],
  operation: OperationDefinitionNode,
  variables: Record<string, unknown>,
  compiling?: () => void,
): CompiledVariant {
  let hash = hashes.get(document);
  if (!hash) {
    const source = document.loc?.source.body;
    if (!source) return { reason: 'no document text' };
    hash = createHash('sha256').update(source).digest('hex');
    hashes.set(document, hash);
  }
  const key = `${hash}:${operation.name?.value ?? ''}`;
  let entry = documents.get(key);
  const compile = () => {
    compiling?.();
    const structural: Structural = new Map();
    try {
      const compiled = compileOperation(schema, document, operation, variables, structural);
      return { structural, variant: { compiled, name: statementName(compiled.sql) } };
    } catch (error) {
      if (error instanceof NotCompilable) return { structural, variant: { reason: error.message } };
      throw error;
    }
  };
  if (!entry) {
    const first = compile();
    entry = { structural: first.structural, variants: new Map() };
    entry.variants.set(shapeKey(entry.structural, variables), first.variant);
    documents.set(key, entry);
    return first.variant;
  }
  const known = entry.variants.get(shapeKey(entry.structural, variables));
  if (known) return known;
  const next = compile();
  // A compile that stopped early (not compilable) may have seen only some of the structural
  // variables; a statement is only ever reused under a key made of every one it depends on.
  if ([...next.structural.keys()].some((k) => !entry.structural.has(k))) {
    entry.structural = new Map([...entry.structural, ...next.structural]);
    entry.variants.clear();
  }
  if (entry.variants.size < MAX_VARIANTS) entry.variants.set(shapeKey(entry.structural, variables), next.variant);
  return next.variant;
}

/** Postgres cancelled the statement at statement_timeout (SQLSTATE 57014), as drizzle wraps it or not. */
function timedOut(error: unknown): boolean {
  const e = error as { code?: unknown; cause?: { code?: unknown } } | null;
  return e?.code === '57014' || e?.cause?.code === '57014';
}
