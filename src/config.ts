import { resolve } from 'node:path';

export interface Config {
  /** A Postgres URL; when absent the embedded PGlite database is used. */
  databaseUrl: string | null;
  /** Where PGlite keeps its files; `memory://` keeps them in memory. */
  pgliteDir: string;
  port: number;
  host: string;
  /** Folder the start command loads when the database holds no article yet. */
  seedsDir: string;
  production: boolean;
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
    pgliteDir: pgliteDir.startsWith('memory://') ? pgliteDir : resolve(pgliteDir),
    port: integer(env, 'PORT', 4000, 0, 65_535),
    host: env.HOST?.trim() || '0.0.0.0',
    seedsDir: resolve(env.SEEDS_DIR?.trim() || 'seeds'),
    production: env.NODE_ENV === 'production',
  };
}
