import { resolve } from 'node:path';

export interface Config {
  /** A Postgres URL; when absent the embedded PGlite database is used. */
  databaseUrl: string | null;
  /** Most connections the server opens to Postgres at once (DATABASE_URL only). */
  databasePoolSize: number;
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

/** Reads the environment once; nothing else in the program looks at process.env. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const databaseUrl = env.DATABASE_URL?.trim() || null;
  if (databaseUrl && !/^postgres(?:ql)?:\/\//.test(databaseUrl)) {
    throw new Error(`DATABASE_URL must start with postgres:// or postgresql://, not "${databaseUrl.slice(0, 20)}"`);
  }
  const pgliteDir = env.PGLITE_DIR?.trim() || '.data/pglite';
  return {
    databaseUrl,
    databasePoolSize: integer(env, 'DATABASE_POOL_SIZE', 10, 1, 1000),
    pgliteDir: pgliteDir.startsWith('memory://') ? pgliteDir : resolve(pgliteDir),
    port: integer(env, 'PORT', 4000, 0, 65_535),
    host: env.HOST?.trim() || '0.0.0.0',
    seedsDir: resolve(env.SEEDS_DIR?.trim() || 'seeds'),
    production: env.NODE_ENV === 'production',
    corsOrigins: env.CORS_ORIGINS?.trim()
      ? env.CORS_ORIGINS.split(',')
          .map((o) => o.trim())
          .filter(Boolean)
      : null,
    graphiql: flag(env, 'GRAPHIQL', true),
    introspection: flag(env, 'INTROSPECTION', true),
    persistedOperationsFile: env.PERSISTED_OPERATIONS?.trim() ? resolve(env.PERSISTED_OPERATIONS.trim()) : null,
  };
}
