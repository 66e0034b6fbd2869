// The Dockerfile and docker-compose.yml are checked here by what they say, not by running them:
// CI and the development machine have no Docker engine (README, "Docker").
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import { Ajv } from 'ajv';
import semver from 'semver';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const root = new URL('../', import.meta.url);
const read = (path: string) => readFileSync(new URL(path, root), 'utf8');

interface Instruction {
  keyword: string;
  args: string;
  line: number;
}

/** Dockerfile instructions with continuation lines joined and comments and blank lines dropped. */
function dockerInstructions(text: string): Instruction[] {
  const instructions: Instruction[] = [];
  let pending: Instruction | null = null;
  text.split('\n').forEach((raw, index) => {
    const line = raw.trim();
    if (!pending && (line === '' || line.startsWith('#'))) return;
    const continues = line.endsWith('\\');
    const body = continues ? line.slice(0, -1).trim() : line;
    if (pending) pending.args = `${pending.args} ${body}`.trim();
    else {
      const [keyword = '', ...rest] = body.split(/\s+/);
      pending = { keyword: keyword.toUpperCase(), args: rest.join(' '), line: index + 1 };
    }
    if (!continues) {
      instructions.push(pending);
      pending = null;
    }
  });
  return instructions;
}

/** The stages of a multi-stage build: each FROM and the instructions after it. */
function dockerStages(instructions: Instruction[]): { from: string; name: string | null; body: Instruction[] }[] {
  const stages: { from: string; name: string | null; body: Instruction[] }[] = [];
  for (const i of instructions) {
    if (i.keyword === 'FROM') {
      const [image = '', as, name] = i.args.split(/\s+/).filter((w) => !w.startsWith('--'));
      stages.push({ from: image, name: as?.toUpperCase() === 'AS' ? (name ?? null) : null, body: [] });
    } else stages.at(-1)?.body.push(i);
  }
  return stages;
}

/** The words of an exec-form (JSON array) CMD or HEALTHCHECK CMD. */
function execForm(args: string): string[] {
  const words: unknown = JSON.parse(args);
  if (!Array.isArray(words) || !words.every((w) => typeof w === 'string')) throw new Error(`not exec form: ${args}`);
  return words;
}

/** Compose durations as the spec writes them ("1m30s", "500ms", "2s") in milliseconds. */
function durationMs(value: unknown): number {
  const text = String(value);
  const parts = [...text.matchAll(/(\d+(?:\.\d+)?)(ms|us|ns|h|m|s)/g)];
  if (!parts.length || parts.map((p) => p[0]).join('') !== text) throw new Error(`not a duration: ${text}`);
  const unit: Record<string, number> = { h: 3_600_000, m: 60_000, s: 1000, ms: 1, us: 0.001, ns: 0.000001 };
  return parts.reduce((sum, [, n, u]) => sum + Number(n) * (unit[u as string] ?? 0), 0);
}

interface ComposeService {
  image?: string;
  build?: unknown;
  restart?: string;
  stop_grace_period?: string;
  command?: string[];
  environment?: Record<string, string>;
  ports?: string[];
  volumes?: (string | { type: string; source: string; target: string; read_only?: boolean })[];
  depends_on?: Record<string, { condition?: string }>;
  healthcheck?: { test?: string[]; disable?: boolean; start_period?: string; interval?: string; retries?: number };
}

const compose = parse(read('docker-compose.yml')) as { services: Record<string, ComposeService> };
const services = compose.services;
const dockerfile = dockerInstructions(read('Dockerfile'));
const stages = dockerStages(dockerfile);
const final = stages.at(-1);
const pkg = JSON.parse(read('package.json')) as {
  engines: { node: string };
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};
const lock = JSON.parse(read('package-lock.json')) as {
  packages: Record<string, { version?: string; dev?: boolean; optional?: boolean; engines?: { node?: string } }>;
};

describe('Dockerfile', () => {
  it('builds in stages, every one on Node 24 (the current LTS)', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    for (const stage of stages) expect(stage.from).toMatch(/^node:24(-|$)/);
  });

  it('installs the production dependencies from the lock file in a stage of their own', () => {
    const deps = stages.slice(0, -1).flatMap((s) => s.body);
    expect(deps.some((i) => i.keyword === 'RUN' && /\bnpm ci\b.*--omit=dev/.test(i.args))).toBe(true);
    expect(
      final?.body.some((i) => i.keyword === 'COPY' && i.args.includes('--from=') && i.args.includes('node_modules')),
    ).toBe(true);
    expect(final?.body.some((i) => i.keyword === 'RUN' && /\bnpm (ci|install)\b/.test(i.args))).toBe(false);
  });

  it('runs as a user other than root, set before the command', () => {
    const users = final?.body.filter((i) => i.keyword === 'USER') ?? [];
    expect(users.length).toBeGreaterThan(0);
    const user = users.at(-1)?.args.split(':')[0];
    expect(user).not.toMatch(/^(root|0)$/);
    const lastUser = final?.body.lastIndexOf(users.at(-1) as Instruction) ?? -1;
    const cmd = final?.body.findIndex((i) => i.keyword === 'CMD') ?? -1;
    expect(lastUser).toBeLessThan(cmd);
  });

  it('serves the API by the CLI, as one node process, from files the image holds', () => {
    const cmd = execForm(final?.body.find((i) => i.keyword === 'CMD')?.args ?? '[]');
    expect(cmd).toEqual(['node', '--import', 'tsx', 'src/cli.ts', 'serve']);
    expect(pkg.dependencies.tsx).toBeDefined(); // installed with --omit=dev
    const copied = final?.body
      .filter((i) => i.keyword === 'COPY' && !i.args.includes('--from='))
      .flatMap((i) =>
        i.args
          .split(/\s+/)
          .filter((w) => !w.startsWith('--'))
          .slice(0, -1),
      );
    for (const needed of ['package.json', 'tsconfig.json', 'src', 'drizzle', 'seeds']) expect(copied).toContain(needed);
    // Every path copied exists and is not left out of the build context by .dockerignore.
    const ignored = read('.dockerignore')
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l && !l.startsWith('#'));
    for (const path of [...(copied ?? []), 'package-lock.json']) {
      expect(existsSync(new URL(path, root)), path).toBe(true);
      expect(
        ignored.filter((pattern) => path === pattern || path.startsWith(`${pattern}/`)),
        path,
      ).toEqual([]);
    }
  });

  it('installs every package the code loads: src/ imports no devDependency', () => {
    const files = readdirSync(new URL('src', root), { recursive: true, encoding: 'utf8' }).filter((f) =>
      /\.(ts|mjs|js)$/.test(f),
    );
    const loaded = new Set<string>();
    for (const file of files) {
      // Type-only imports are erased when tsx runs the code.
      const code = read(`src/${file}`).replace(/(import|export)\s+type\s[^;]*;/g, '');
      const statements = [
        ...code.matchAll(/^\s*(?:import|export)\b[^;]*?\bfrom\s+['"]([^'"]+)['"]/gm),
        ...code.matchAll(/^\s*import\s+['"]([^'"]+)['"]/gm),
        ...code.matchAll(/\b(?:import|require|require\.resolve)\(\s*['"`]([^'"`$]+)/g),
      ];
      for (const m of statements) {
        const specifier = m[1] as string;
        if (specifier.startsWith('.') || isBuiltin(specifier)) continue;
        const parts = specifier.split('/');
        loaded.add(specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] as string));
      }
    }
    expect(loaded.size).toBeGreaterThan(10);
    expect([...loaded].filter((name) => !pkg.dependencies[name]).sort()).toEqual([]);
  });

  it('has a HEALTHCHECK that asks /ready or /health on the port the server listens on', () => {
    const check = final?.body.find((i) => i.keyword === 'HEALTHCHECK');
    expect(check).toBeDefined();
    const words = execForm(check?.args.replace(/^(--\S+\s+)*CMD\s+/, '') ?? '[]');
    expect(words[0]).toBe('node');
    const script = words.join(' ');
    expect(script).toMatch(/\/(ready|health)\b/);
    expect(script).toContain('process.env.PORT || 4000');
    expect(check?.args).toMatch(/--start-period=\d+s/);
  });
});

describe('docker-compose.yml', () => {
  // In place of `docker compose config`: the Compose Specification's own JSON schema
  // (tests/fixtures/compose-spec.json, compose-spec/compose-spec at a08f8d5, Apache-2.0) refuses
  // a misspelt or misplaced key, a wrong type, a service option Compose does not know.
  it('is valid by the Compose Specification', () => {
    // Its `$schema` names draft-07 by an https address Ajv does not know it by; draft-07 is Ajv's own.
    const { $schema: _draft07, ...schema } = JSON.parse(read('tests/fixtures/compose-spec.json')) as {
      $schema: string;
    };
    const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
    expect(validate(compose), JSON.stringify(validate.errors)).toBe(true);
    const misspelt = structuredClone(compose) as { services: Record<string, Record<string, unknown>> };
    (misspelt.services.loader as Record<string, unknown>).healthcheck = { disabled: true };
    expect(validate(misspelt)).toBe(false);
  });

  it('checks Postgres over TCP, with a start period', () => {
    const check = services.db?.healthcheck;
    expect(check?.test?.[0]).toBe('CMD-SHELL');
    expect(check?.test?.[1]).toMatch(/^pg_isready -h 127\.0\.0\.1\b/);
    expect(durationMs(check?.start_period)).toBeGreaterThanOrEqual(30_000);
    // Retries times the interval outlasts a slow first start as well.
    expect(durationMs(check?.interval) * (check?.retries ?? 0)).toBeGreaterThanOrEqual(30_000);
  });

  it('restarts every service unless it was stopped', () => {
    for (const [name, service] of Object.entries(services)) expect(service.restart, name).toBe('unless-stopped');
  });

  it('starts the API once Postgres is healthy, on the database the db service creates', () => {
    const api = services.api as ComposeService;
    expect(api.depends_on?.db?.condition).toBe('service_healthy');
    const env = services.db?.environment ?? {};
    const url = new URL(api.environment?.DATABASE_URL ?? '');
    expect(url.protocol).toBe('postgres:');
    expect(url.hostname).toBe('db');
    expect([url.username, url.password, url.pathname.slice(1)]).toEqual([
      env.POSTGRES_USER,
      env.POSTGRES_PASSWORD,
      env.POSTGRES_DB,
    ]);
    expect(api.ports).toContain(`4000:${api.environment?.PORT}`);
    expect(api.build).toBe('.');
    // Docker's default of 10 s would SIGKILL the server as its own 10 s grace for requests in flight ends.
    expect(durationMs(api.stop_grace_period)).toBeGreaterThan(10_000);
    // The image's HEALTHCHECK applies: the service sets none of its own that would replace it.
    expect(api.healthcheck).toBeUndefined();
  });

  it('loads the bind-mounted articles/ folder on start and watches it, once the API has seeded', () => {
    const loader = services.loader as ComposeService;
    const mount = loader.volumes?.find((v) => typeof v === 'object' && v.source === './articles');
    expect(mount).toMatchObject({ type: 'bind', target: '/articles', read_only: true });
    const target = typeof mount === 'object' ? mount.target : '';
    // `load DIR --watch DIR`, the command tests/cli.test.ts runs (load, then watch).
    expect(loader.command).toEqual(['node', '--import', 'tsx', 'src/cli.ts', 'load', target, '--watch', target]);
    expect(loader.image).toBe(services.api?.image);
    expect(loader.environment?.DATABASE_URL).toBe(services.api?.environment?.DATABASE_URL);
    expect(loader.depends_on?.db?.condition).toBe('service_healthy');
    expect(loader.depends_on?.api?.condition).toBe('service_healthy');
    expect(loader.healthcheck?.disable).toBe(true);
  });
});

describe('engines', () => {
  const range = pkg.engines.node;

  it('admits the Node that runs these tests (CI: 20.19+) and the image’s Node 24, and nothing older than 20.19', () => {
    expect(semver.validRange(range)).not.toBeNull();
    expect(semver.satisfies(process.versions.node, range)).toBe(true);
    expect(semver.satisfies('24.0.0', range)).toBe(true);
    expect(semver.minVersion(range)?.version).toBe('20.19.0');
  });

  // Declarations looser in practice than they read, each checked by hand. A package that needs
  // more than `range` and is not here fails the test below.
  const overDeclared: { pattern: RegExp; why: string }[] = [
    {
      pattern: /(^|\/)@whatwg-node\//,
      why: 'Yoga’s: >=22.15 for the whole monorepo, but ponyfills that fall back where Node 20 lacks Symbol.asyncDispose or Promise.withResolvers',
    },
    {
      pattern:
        /(^|\/)(postgraphile|grafast|grafserv|ruru|ruru-types|tamedevil|pg-sql2|pg-introspection|graphile-[a-z-]+|@dataplan\/[a-z-]+|@graphile\/[a-z-]+)$/,
      why: 'PostGraphile, the benchmark’s baseline only (dev; the bench server defines Promise.withResolvers)',
    },
    {
      pattern: /(^|\/)(listr2|sync-fetch)$/,
      why: 'the codegen CLI’s, run by `npm run codegen:check` on Node 20 in CI (dev)',
    },
    { pattern: /(^|\/)@inquirer\/[a-z-]+$/, why: 'the codegen CLI’s `init` prompts, which no script runs (dev)' },
  ];
  const excused = (path: string) => overDeclared.some((o) => o.pattern.test(path));

  it('asks no more than every direct dependency and the test runner need', () => {
    for (const name of [...Object.keys(pkg.dependencies), ...Object.keys(pkg.devDependencies), 'vite']) {
      const needs = lock.packages[`node_modules/${name}`]?.engines?.node;
      if (!needs || excused(name)) continue;
      expect(semver.subset(range, needs), `${name} needs ${needs}`).toBe(true);
    }
  });

  it('asks no more than every package installed needs, but the known over-declared', () => {
    const unmet = Object.entries(lock.packages)
      .filter(([path, p]) => path && !p.optional && p.engines?.node && !excused(path))
      .filter(([, p]) => !semver.subset(range, p.engines?.node as string))
      .map(([path, p]) => `${path} needs ${p.engines?.node}`);
    expect(unmet).toEqual([]);
  });

  it('excuses no package that the lock file no longer holds', () => {
    const paths = Object.keys(lock.packages);
    for (const { pattern } of overDeclared)
      expect(
        paths.some((p) => pattern.test(p)),
        String(pattern),
      ).toBe(true);
  });
});
