import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
import { LOG_LEVELS, type LogLevel } from './http/log.js';

export interface Config {
  /** A Postgres URL; when absent the embedded PGlite database is used. */
  databaseUrl: string | null;
  /** Most connections the server opens to Postgres at once (DATABASE_URL only). */
  databasePoolSize: number;
  /** Seconds the server keeps trying to reach Postgres at start-up before it gives up (0: one try). */
  databaseWaitSeconds: number;
  /** Milliseconds a statement of the server may run before Postgres cancels it (0: no limit). */
  statementTimeoutMs: number;
  /** Where PGlite keeps its files; `memory://` keeps them in memory. */
  pgliteDir: string;
  port: number;
  host: string;
  /** Folder the start command loads when the database holds no article yet. */
  seedsDir: string;
  production: boolean;
  /** Origins allowed by CORS; null allows any origin. */
  corsOrigins: string[] | null;
  graphiql: boolean;
  introspection: boolean;
  /** A JSON file of `{ "<sha256>": "<document>" }`: when set, only those operations are run. */
  persistedOperationsFile: string | null;
  /** SHA-256 digests of the keys that may run mutations; empty turns mutations off. */
  apiKeyHashes: Buffer[];
  /** Queries the compiled tier covers are answered by one prepared statement each (src/graphql/compiled/). */
  compiledTier: boolean;
  /** The least severe log lines written (`info`: a line per request). */
  logLevel: LogLevel;
  /** Operations one client (API key, else address) may run per window; 0: no limit. */
  rateLimit: number;
  rateLimitWindowSeconds: number;
  /** The client's address is the first of X-Forwarded-For (set it behind a proxy that writes it). */
  trustProxy: boolean;
}

/** The rate limit where NODE_ENV=production does not set one: generous for a person, tight for a script. */
export const DEFAULT_PRODUCTION_RATE_LIMIT = 300;

// Long enough that guessing one over HTTP is hopeless.
const MIN_KEY_LENGTH = 16;

/**
 * API_KEYS: comma-separated keys, each as itself or as `sha256:` and the hex of its SHA-256 (so
 * the environment need not hold the key). Only digests are kept.
 */
export function parseApiKeys(raw: string | undefined): Buffer[] {
  const hashes: Buffer[] = [];
  for (const entry of (raw ?? '').split(',').map((k) => k.trim())) {
    if (!entry) continue;
    if (entry.toLowerCase().startsWith('sha256:')) {
      const hex = entry.slice('sha256:'.length);
      if (!/^[0-9a-fA-F]{64}$/.test(hex)) {
        throw new Error('API_KEYS: a sha256: entry takes the 64 hex digits of a SHA-256 digest');
      }
      hashes.push(Buffer.from(hex, 'hex'));
    } else {
      if (entry.length < MIN_KEY_LENGTH) {
        throw new Error(`API_KEYS: every key must be at least ${MIN_KEY_LENGTH} characters long`);
      }
      hashes.push(createHash('sha256').update(entry).digest());
    }
  }
  return hashes;
}

function flag(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = env[name]?.trim().toLowerCase();
  if (raw === undefined || raw === '') return fallback;
  if (['1', 'true', 'yes', 'on'].includes(raw)) return true;
  if (['0', 'false', 'no', 'off'].includes(raw)) return false;
  throw new Error(`${name} must be true or false, not "${env[name]}"`);
}

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(`${name} must be a whole number from ${min} to ${max}, not "${raw}"`);
  }
  return value;
}

function logLevel(env: NodeJS.ProcessEnv): LogLevel {
  const raw = env.LOG_LEVEL?.trim().toLowerCase() || 'info';
  const level = LOG_LEVELS.find((l) => l === raw);
  if (!level) throw new Error(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, not "${env.LOG_LEVEL}"`);
  return level;
}

/** Reads the environment once; nothing else in the program looks at process.env. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const databaseUrl = env.DATABASE_URL?.trim() || null;
  if (databaseUrl && !/^postgres(?:ql)?:\/\//.test(databaseUrl)) {
    throw new Error(`DATABASE_URL must start with postgres:// or postgresql://, not "${databaseUrl.slice(0, 20)}"`);
  }
  const pgliteDir = env.PGLITE_DIR?.trim() || '.data/pglite';
  const production = env.NODE_ENV === 'production';
  return {
    databaseUrl,
    databasePoolSize: integer(env, 'DATABASE_POOL_SIZE', 10, 1, 1000),
    databaseWaitSeconds: integer(env, 'DATABASE_WAIT_S', 60, 0, 86_400),
    statementTimeoutMs: integer(env, 'STATEMENT_TIMEOUT_MS', 5000, 0, 3_600_000),
    pgliteDir: pgliteDir.startsWith('memory://') ? pgliteDir : resolve(pgliteDir),
    port: integer(env, 'PORT', 4000, 0, 65_535),
    host: env.HOST?.trim() || '0.0.0.0',
    seedsDir: resolve(env.SEEDS_DIR?.trim() || 'seeds'),
    production,
    corsOrigins: env.CORS_ORIGINS?.trim()
      ? env.CORS_ORIGINS.split(',')
          .map((o) => o.trim())
          .filter(Boolean)
      : null,
    // Off in production: a page of 9 MB that a stranger can make the server send (issue 16 item 5).
    graphiql: flag(env, 'GRAPHIQL', !production),
    introspection: flag(env, 'INTROSPECTION', true),
    persistedOperationsFile: env.PERSISTED_OPERATIONS?.trim() ? resolve(env.PERSISTED_OPERATIONS.trim()) : null,
    apiKeyHashes: parseApiKeys(env.API_KEYS),
    compiledTier: flag(env, 'COMPILED_TIER', true),
    logLevel: logLevel(env),
    // Off in development, where a developer's script or test should never be told to wait.
    rateLimit: integer(env, 'RATE_LIMIT', production ? DEFAULT_PRODUCTION_RATE_LIMIT : 0, 0, 1_000_000),
    rateLimitWindowSeconds: integer(env, 'RATE_LIMIT_WINDOW_S', 60, 1, 86_400),
    trustProxy: flag(env, 'TRUST_PROXY', false),
  };
}
