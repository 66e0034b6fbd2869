// npm run bench:api -- --articles 10000[,100000,1000000] [--duration S] [--connections C] [--ops a,b,c,d] [--reuse] [--interleave R]
//
// For each N: fills a Postgres database with N synthetic articles (bench/synthetic.ts, loaded by
// the real loader), starts three servers over it, each in a process of its own — this API in
// production mode, a raw-SQL server (bench/servers/raw-sql.ts) and PostGraphile v5
// (bench/servers/postgraphile.ts) — checks they return the same data, counts the SQL statements
// each runs per request (through a counting proxy, bench/statement-counter.ts), then drives each
// with autocannon from this process for four operations. Prints requests/s, p50/p99 latency and
// the ratios to the two baselines; with several N, how latency grows with N. Appends the tables
// to bench/RESULTS.md unless --no-append. Figures, not assertions.
//
// --reuse keeps the filled databases (newsgraph_bench_api_N) between runs and skips filling one
// that already holds N articles. --profile also runs this API's server under node --cpu-prof and
// prints where its CPU time goes, per request and by package. This API runs twice: with its
// compiled tier (newsgraph) and without (newsgraph-normal, COMPILED_TIER=false), which must answer
// every sample identically. --interleave R measures the four servers in R turned rounds per
// operation and prints only ratios (see `interleaved`).
import { type ChildProcess, spawn } from 'node:child_process';
import { appendFile, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import postgres from 'postgres';
import { createApp } from '../src/app.js';
import { createDb } from '../src/db/client.js';
import { migrateDatabase } from '../src/db/migrate.js';
import { loadArticles } from '../src/ingest/load.js';
import { startStatementCounter } from './statement-counter.js';
import { syntheticCorpus, writeCorpus } from './synthetic.js';

const { values } = parseArgs({
  options: {
    articles: { type: 'string', default: '10000' },
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '32' },
    'pool-size': { type: 'string', default: '10' },
    'database-url': {
      type: 'string',
      default: process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
    },
    ops: { type: 'string', default: 'a,b,c,d' },
    reuse: { type: 'boolean', default: false },
    interleave: { type: 'string', default: '0' },
    profile: { type: 'boolean', default: false },
    'no-append': { type: 'boolean', default: false },
  },
});

const sizes = String(values.articles)
  .split(',')
  .map((s) => Number(s.replace(/_/g, '')));
if (sizes.some((n) => !Number.isInteger(n) || n < 100))
  throw new Error('--articles: whole numbers ≥ 100, comma-separated');
const duration = Number(values.duration);
const connections = Number(values.connections);
const poolSize = Number(values['pool-size']);
const interleaveRounds = Number(values.interleave);
const adminUrl = String(values['database-url']);
const root = new URL('..', import.meta.url).pathname;
const tsx = join(root, 'node_modules/.bin/tsx');

// newsgraph answers with its compiled tier (issue 17), newsgraph-normal with COMPILED_TIER=false.
type ServerName = 'newsgraph' | 'newsgraph-normal' | 'raw-sql' | 'postgraphile';
type OpName = 'a' | 'b' | 'c' | 'd';
const SERVERS: ServerName[] = ['newsgraph', 'newsgraph-normal', 'raw-sql', 'postgraphile'];
const ours = (server: ServerName) => server === 'newsgraph' || server === 'newsgraph-normal';
const OPS: Record<OpName, string> = {
  a: 'article by id with people, places, quotes + speakers',
  b: '20 newest articles with people, places, quote counts',
  c: 'person with 20 latest quotes + their articles',
  d: 'full-text search, 20 ranked articles with snippets',
};

const selectedOps = String(values.ops)
  .split(',')
  .map((op) => op.trim())
  .filter((op): op is OpName => op in OPS);
if (!selectedOps.length) throw new Error('--ops: some of a,b,c,d');

/** What each server is asked: one HTTP request per sample value (an id or a search text). */
interface Samples {
  articles: number[];
  persons: number[];
  searches: string[];
}

const gql = (query: string, variables: Record<string, unknown>) => ({
  method: 'POST' as const,
  path: '/graphql',
  body: JSON.stringify({ query, variables }),
});
const globalId = (type: string, id: number) => Buffer.from(`${type}:${id}`).toString('base64');

const NEWSGRAPH: Record<OpName, string> = {
  a: `query A($id: ID!) { article(id: $id) { id headline source publishedAt
    persons(first: 100) { edges { title mentionCount node { name } } }
    places(first: 100) { edges { node { name countryCode latitude longitude } } }
    quotes(first: 100) { edges { node { text speakerLabel speaker { name } } } } } }`,
  b: `query B { articles(first: 20) { edges { node { id headline publishedAt
    persons(first: 20) { edges { node { name } } }
    places(first: 20) { edges { node { name } } }
    quotes { totalCount } } } } }`,
  c: `query C($id: ID!) { person(id: $id) { id name title quoteCount
    quotes(first: 20) { edges { node { text publishedAt article { id headline } } } } } }`,
  d: `query D($q: String!) { articles(first: 20, filter: { search: $q }, orderBy: RELEVANCE) { edges { node {
    id headline publishedAt snippet(search: $q) { html } } } } }`,
};

const POSTGRAPHILE: Record<OpName, string> = {
  a: `query A($id: Int!) { articleByRowId(rowId: $id) { rowId headline source publishedAt
    articlePeopleByArticleId { nodes { title mentionCount personByPersonId { name } } }
    articlePlacesByArticleId { nodes { placeByPlaceId { name countryCode latitude longitude } } }
    quotesByArticleId(orderBy: [START_OFFSET_ASC]) { nodes { text speakerLabel personBySpeakerId { name } } } } }`,
  b: `query B { allArticles(first: 20, orderBy: [PUBLISHED_AT_DESC, ROW_ID_DESC]) { nodes { rowId headline publishedAt
    articlePeopleByArticleId { nodes { personByPersonId { name } } }
    articlePlacesByArticleId { nodes { placeByPlaceId { name } } }
    quotesByArticleId { totalCount } } } }`,
  c: `query C($id: Int!) { personByRowId(rowId: $id) { rowId name title quoteCount
    quotesBySpeakerId(first: 20, orderBy: [PUBLISHED_AT_DESC]) { nodes { text publishedAt articleByArticleId { rowId headline } } } } }`,
  d: `query D($q: String!) { searchArticles(query: $q, first: 20) { nodes {
    rowId headline publishedAt snippet(query: $q) } } }`,
};

/** The HTTP request for sample i of an operation, per server. */
function request(
  server: ServerName,
  op: OpName,
  s: Samples,
  i: number,
): { method: 'GET' | 'POST'; path: string; body?: string } {
  const article = s.articles[i % s.articles.length] as number;
  const person = s.persons[i % s.persons.length] as number;
  const search = s.searches[i % s.searches.length] as string;
  if (server === 'raw-sql') {
    const path = {
      a: `/article?id=${article}`,
      b: '/newest',
      c: `/person?id=${person}`,
      d: `/search?q=${encodeURIComponent(search)}`,
    }[op];
    return { method: 'GET', path };
  }
  const query = (ours(server) ? NEWSGRAPH : POSTGRAPHILE)[op];
  const id = (type: string, n: number) => (ours(server) ? globalId(type, n) : n);
  const variables = { a: { id: id('Article', article) }, b: {}, c: { id: id('Person', person) }, d: { q: search } }[op];
  return gql(query, variables);
}

/**
 * The shape of an answer, reduced to what every server must agree on: how many people, places,
 * quotes and articles came back. A server that answers a different question shows up here.
 */
function shape(server: ServerName, op: OpName, body: unknown): string {
  const json = body as { data?: Record<string, unknown>; errors?: unknown };
  if (json.errors || !json.data) throw new Error(`${server} ${op}: ${JSON.stringify(body).slice(0, 400)}`);
  const d = server === 'raw-sql' ? json.data : (Object.values(json.data)[0] as Record<string, unknown>);
  const len = (x: unknown): number => {
    const o = x as { edges?: unknown[]; nodes?: unknown[]; totalCount?: number } | unknown[];
    if (Array.isArray(o)) return o.length;
    return o.edges?.length ?? o.nodes?.length ?? o.totalCount ?? -1;
  };
  const pick = (o: Record<string, unknown>, ...keys: string[]) => keys.map((k) => o[k]).find((v) => v !== undefined);
  const list = (o: unknown): Record<string, unknown>[] => {
    const x = o as
      | { edges?: { node: Record<string, unknown> }[]; nodes?: Record<string, unknown>[] }
      | Record<string, unknown>[];
    if (Array.isArray(x)) return x;
    return x.edges ? x.edges.map((e) => e.node) : (x.nodes ?? []);
  };
  const article = (a: Record<string, unknown>) =>
    [
      len(pick(a, 'persons', 'articlePeopleByArticleId')),
      len(pick(a, 'places', 'articlePlacesByArticleId')),
      op === 'b'
        ? (pick(a, 'quoteCount') ?? len(pick(a, 'quotes', 'quotesByArticleId')))
        : len(pick(a, 'quotes', 'quotesByArticleId')),
    ].join('/');
  switch (op) {
    case 'a':
      return article(d);
    case 'b':
      return list(d).map(article).join(' ');
    case 'c':
      return `${d.name} ${len(pick(d, 'quotes', 'quotesBySpeakerId'))}`;
    case 'd':
      // Synthetic stories rank alike, and each server breaks ties its own way: compare how many.
      return `${list(d).length} ranked`;
  }
}

interface Running {
  name: ServerName;
  port: number;
  child: ChildProcess;
}

let nextPort = 5700;

async function startServer(name: ServerName, databaseUrl: string, profileDir?: string): Promise<Running> {
  const port = nextPort++;
  const script = {
    newsgraph: 'src/cli.ts',
    'newsgraph-normal': 'src/cli.ts',
    'raw-sql': 'bench/servers/raw-sql.ts',
    postgraphile: 'bench/servers/postgraphile.ts',
  }[name];
  const args = ours(name) ? [script, 'serve'] : [script];
  // Profiled: node itself with --cpu-prof (not allowed in NODE_OPTIONS), loading tsx as a hook.
  const command = profileDir ? process.execPath : tsx;
  const commandArgs = profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`, '--import', 'tsx', ...args] : args;
  const child = spawn(command, commandArgs, {
    cwd: root,
    env: {
      ...process.env,
      NODE_ENV: 'production',
      DATABASE_URL: databaseUrl,
      DATABASE_POOL_SIZE: String(poolSize),
      POOL_SIZE: String(poolSize),
      PORT: String(port),
      HOST: '127.0.0.1',
      GRAPHIQL: 'false',
      COMPILED_TIER: name === 'newsgraph-normal' ? 'false' : 'true',
      // Production's default of 300 operations a minute per client would answer the load 429; the
      // limiter stays in the path (its cost is part of a request's) with a budget no run reaches.
      RATE_LIMIT: '1000000',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const probe =
    name === 'raw-sql' ? request(name, 'b', { articles: [], persons: [], searches: [] }, 0) : gql('{ __typename }', {});
  for (let tries = 0; ; tries++) {
    if (child.exitCode !== null) throw new Error(`${name} exited with ${child.exitCode}`);
    try {
      const res = await fetch(`http://127.0.0.1:${port}${probe.path}`, {
        method: probe.method,
        headers: { 'content-type': 'application/json' },
        body: 'body' in probe ? probe.body : undefined,
      });
      if (res.ok) return { name, port, child };
    } catch {
      // Not listening yet.
    }
    if (tries > 600) throw new Error(`${name} did not start`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function stopServer(s: Running): Promise<void> {
  const exited = new Promise((r) => s.child.once('exit', r));
  s.child.kill('SIGTERM');
  const timer = setTimeout(() => s.child.kill('SIGKILL'), 15_000);
  await exited;
  clearTimeout(timer);
}

async function call(s: Running, op: OpName, samples: Samples, i: number): Promise<unknown> {
  const r = request(s.name, op, samples, i);
  const res = await fetch(`http://127.0.0.1:${s.port}${r.path}`, {
    method: r.method,
    headers: { 'content-type': 'application/json' },
    body: r.body,
  });
  if (!res.ok) throw new Error(`${s.name} ${op}: HTTP ${res.status} ${(await res.text()).slice(0, 300)}`);
  return res.json();
}

interface Measure {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  statements: number;
}

const WARM_UP_SECONDS = 3;

async function load(
  s: Running,
  op: OpName,
  samples: Samples,
  seconds: number,
): Promise<Omit<Measure, 'statements'> & { requests: number }> {
  let i = 0;
  const first = request(s.name, op, samples, 0);
  const result = await autocannon({
    url: `http://127.0.0.1:${s.port}${first.path}`,
    connections,
    duration: seconds,
    headers: { 'content-type': 'application/json' },
    method: first.method,
    body: first.body,
    requests: [
      {
        setupRequest: (req) => {
          const r = request(s.name, op, samples, i++);
          return { ...req, method: r.method, path: r.path, body: r.body };
        },
      },
    ],
  });
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts + result.non2xx,
    requests: result.requests.total,
  };
}

interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string } }[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

// Where a sample's time goes, by the package its function comes from.
const PROFILE_GROUPS: [RegExp, string][] = [
  [/node_modules\/drizzle-orm\//, 'drizzle-orm: SQL building, row mapping'],
  [/node_modules\/@pothos\//, 'Pothos: selection mapping, connections, cursors'],
  [/node_modules\/(?:graphql|@graphql-tools|@envelop|@escape\.tech)\//, 'graphql-js / executor / envelop plugins'],
  [/node_modules\/(?:graphql-yoga|@graphql-yoga|@whatwg-node)\//, 'graphql-yoga and its fetch adapter (HTTP)'],
  [/node_modules\/postgres\//, 'postgres.js: wire protocol, result parsing'],
  [/\/src\//, 'this project’s code'],
];

/**
 * The server's CPU time per request during a load window, split by package. The profile's
 * clock is the monotonic one `process.hrtime` reads, so the window is cut out exactly: start-up
 * and shutdown are not counted.
 */
function summariseProfile(profile: CpuProfile, fromUs: number, toUs: number, requests: number): string[] {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const groups = new Map<string, number>();
  const native = new Map<string, number>();
  let t = profile.startTime;
  let busy = 0;
  let window = 0;
  profile.samples.forEach((id, i) => {
    t += profile.timeDeltas[i] ?? 0;
    if (t < fromUs || t > toUs) return;
    const dt = profile.timeDeltas[i] ?? 0;
    window += dt;
    const frame = byId.get(id)?.callFrame;
    if (!frame || frame.functionName === '(idle)') return;
    busy += dt;
    const group =
      frame.functionName === '(garbage collector)'
        ? 'garbage collection'
        : (PROFILE_GROUPS.find(([re]) => re.test(frame.url))?.[1] ?? 'Node internals and native code (sockets, JSON)');
    groups.set(group, (groups.get(group) ?? 0) + dt);
    if (group.startsWith('Node')) {
      const fn = `${frame.functionName || '(anonymous)'}${frame.url.startsWith('node:') ? ` (${frame.url})` : ''}`;
      native.set(fn, (native.get(fn) ?? 0) + dt);
    }
  });
  const topNative = [...native]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 4)
    .map(([fn, us]) => `${fn} ${((100 * us) / Math.max(busy, 1)).toFixed(0)} %`)
    .join(', ');
  const perRequest = busy / 1000 / Math.max(requests, 1);
  return [
    `busy ${((100 * busy) / Math.max(window, 1)).toFixed(0)} % of the window; ${perRequest.toFixed(2)} ms of CPU per request:`,
    ...[...groups]
      .sort((a, b) => b[1] - a[1])
      .map(
        ([g, us]) =>
          `${((100 * us) / busy).toFixed(0).padStart(3)} %  ${(us / 1000 / Math.max(requests, 1)).toFixed(2)} ms  ${g}`,
      ),
    `the largest native parts: ${topNative}`,
  ];
}

/** Runs each operation against a CPU-profiled copy of this API's server and summarises where its time goes. */
async function profileOurs(url: string, samples: Samples): Promise<string[]> {
  const lines: string[] = [];
  for (const op of selectedOps) {
    const dir = await mkdtemp(join(tmpdir(), 'newsgraph-profile-'));
    const s = await startServer('newsgraph', url, dir);
    await load(s, op, samples, WARM_UP_SECONDS);
    const from = Number(process.hrtime.bigint() / 1000n);
    const m = await load(s, op, samples, duration);
    const to = Number(process.hrtime.bigint() / 1000n);
    await stopServer(s);
    const [file] = (await readdir(dir)).filter((f) => f.endsWith('.cpuprofile'));
    if (file) {
      const profile = JSON.parse(await readFile(join(dir, file), 'utf8')) as CpuProfile;
      lines.push(
        `- (${op}) ${fmt(m.rps)} req/s profiled; ${summariseProfile(profile, from, to, m.requests).join('\n  - ')}`,
      );
    }
    await rm(dir, { recursive: true, force: true });
  }
  return lines;
}

// PostGraphile exposes SQL functions: a search function and a snippet computed column give it the
// same full-text search the other two run (bench databases only; the API's schema has neither).
const POSTGRAPHILE_SEARCH = `
create or replace function search_articles(query text) returns setof articles language sql stable as $$
  select a.* from articles a, websearch_to_tsquery('english', query) q
  where a.search_vector @@ q order by ts_rank(a.search_vector, q) desc, a.id desc
$$;
create or replace function articles_snippet(a articles, query text) returns text language sql stable as $$
  select ts_headline('english', a.body, websearch_to_tsquery('english', query),
    'StartSel=<mark>, StopSel=</mark>, MaxWords=35, MinWords=18, MaxFragments=2, FragmentDelimiter=" … "')
$$;`;

async function fill(n: number, url: string, admin: postgres.Sql): Promise<void> {
  const name = new URL(url).pathname.slice(1);
  if (values.reuse) {
    const exists = await admin`select 1 from pg_database where datname = ${name}`;
    if (exists.length) {
      const db = postgres(url, { max: 1, onnotice: () => {} });
      const [row] = await db`select count(*)::int as n from articles`.catch(() => [{ n: -1 }]);
      await db.end();
      if (row?.n === n) {
        console.log(`reusing ${name} (${n} articles)`);
        const database = createDb({ databaseUrl: url, maxConnections: 1 });
        await migrateDatabase(database);
        await database.close();
        return;
      }
    }
  }
  await admin.unsafe(`drop database if exists ${name} with (force)`);
  await admin.unsafe(`create database ${name}`);
  const dir = await mkdtemp(join(tmpdir(), `newsgraph-bench-api-${n}-`));
  try {
    let t0 = performance.now();
    await writeCorpus(syntheticCorpus(), dir, n);
    console.log(`wrote ${n} synthetic articles in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
    const database = createDb({ databaseUrl: url, maxConnections: 2 });
    await migrateDatabase(database);
    t0 = performance.now();
    let reported = 0;
    const summary = await loadArticles(database.db, [dir], {
      writers: 2,
      onProgress: ({ done, total }) => {
        if (total && done - reported >= total / 10) {
          reported = done;
          console.log(`  loaded ${done} / ${total}`);
        }
      },
    });
    console.log(`loaded ${summary.loaded} articles in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
    await database.close();
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  const db = postgres(url, { max: 1, onnotice: () => {} });
  await db.unsafe(POSTGRAPHILE_SEARCH);
  await db.unsafe('vacuum analyze');
  await db.end();
}

async function pickSamples(url: string): Promise<Samples> {
  const db = postgres(url, { max: 1 });
  // Spread over the whole table (hashing the id), the same ones on every run.
  const articles = await db`select id from articles order by md5(id::text) limit 200`;
  const persons = await db`
    select id, surname from persons where quote_count > 0
    order by least(quote_count, 20) desc, md5(id::text) limit 200`;
  await db.end();
  return {
    articles: articles.map((r) => r.id as number),
    persons: persons.map((r) => r.id as number),
    // A reader's search: a person's name, matching a few in a thousand articles.
    searches: persons.map((r) => r.surname as string),
  };
}

interface PlanNote {
  op: OpName;
  statements: number;
  seqScans: string[];
}

/** Runs each operation in-process once, EXPLAINs every statement it ran and lists sequential scans. */
async function explainOurs(url: string, samples: Samples): Promise<PlanNote[]> {
  const captured: { query: string; params: unknown[] }[] = [];
  const database = createDb({ databaseUrl: url, onQuery: (query, params) => captured.push({ query, params }) });
  const app = createApp({ db: database.db, logger: false, production: true });
  const sql = postgres(url, { max: 1 });
  const notes: PlanNote[] = [];
  for (const op of selectedOps) {
    captured.length = 0;
    const r = request('newsgraph', op, samples, 0);
    const res = await app.fetch('http://localhost/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: r.body,
    });
    await res.text();
    const seqScans: string[] = [];
    for (const { query, params } of captured) {
      const [row] = await sql.unsafe(`explain (format json) ${query}`, params as never[]);
      const walk = (node: Record<string, unknown>) => {
        if (node['Node Type'] === 'Seq Scan') seqScans.push(`${node['Relation Name']} (~${node['Plan Rows']} rows)`);
        for (const child of (node.Plans as Record<string, unknown>[] | undefined) ?? []) walk(child);
      };
      const plan = (row?.['QUERY PLAN'] as { Plan: Record<string, unknown> }[] | undefined)?.[0]?.Plan;
      if (plan) walk(plan);
    }
    notes.push({ op, statements: captured.length, seqScans });
  }
  await sql.end();
  await database.close();
  return notes;
}

const fmt = (x: number, digits = 0) => x.toFixed(digits);

// Linux's USER_HZ: /proc/PID/stat counts CPU time in these.
const CLOCK_TICKS = 100;

/**
 * The CPU time (user and system, in clock ticks) a server has used so far, from /proc: its process
 * and every descendant (tsx runs the server in a child node process).
 */
async function cpuTicks(s: Running): Promise<number> {
  const stats = new Map<number, { parent: number; ticks: number }>();
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = await readFile(`/proc/${entry}/stat`, 'utf8').catch(() => '');
    if (!stat) continue;
    // After the command name (which may hold spaces): state, ppid, …, utime (14th field), stime (15th).
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    stats.set(Number(entry), { parent: Number(fields[1]), ticks: Number(fields[11]) + Number(fields[12]) });
  }
  const root = s.child.pid ?? -1;
  const within = (pid: number): boolean => {
    for (let p = pid, hops = 0; p > 1 && hops < 16; hops++) {
      if (p === root) return true;
      p = stats.get(p)?.parent ?? 0;
    }
    return false;
  };
  let total = 0;
  for (const [pid, { ticks }] of stats) if (within(pid)) total += ticks;
  return total;
}

const median = (xs: number[]) => {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
};

/**
 * `--interleave R`: R rounds per operation, each running every server once for --duration
 * seconds, in an order turned by one each round and reversed every other round, so drift in the
 * machine's load falls on all alike. Ratios only (median and range over the rounds): on a shared
 * machine the absolute figures move more between runs than the servers differ.
 */
async function interleaved(n: number, running: Running[], samples: Samples): Promise<string[]> {
  const table = [
    `#### N = ${n.toLocaleString('en-US')} articles, interleaved: ${interleaveRounds} rounds of ${duration} s per server and operation`,
    '',
    '| op | compiled ÷ normal | compiled ÷ raw SQL | compiled ÷ PostGraphile | normal ÷ PostGraphile | compiled p99 ms (median) | server CPU ms/request: compiled / normal / raw SQL / PostGraphile (median) |',
    '|---|--:|--:|--:|--:|--:|--:|',
  ];
  for (const op of selectedOps) {
    for (const s of running) await load(s, op, samples, WARM_UP_SECONDS);
    const rounds: Record<ServerName, { rps: number; p99: number; cpuMs: number }>[] = [];
    for (let r = 0; r < interleaveRounds; r++) {
      const turned = [...running.slice(r % running.length), ...running.slice(0, r % running.length)];
      const order = r % 2 ? turned.reverse() : turned;
      const round = {} as Record<ServerName, { rps: number; p99: number; cpuMs: number }>;
      for (const s of order) {
        const before = await cpuTicks(s);
        const m = await load(s, op, samples, duration);
        const ticks = (await cpuTicks(s)) - before;
        if (m.errors) throw new Error(`${s.name} ${op}: ${m.errors} errors`);
        round[s.name] = { rps: m.rps, p99: m.p99, cpuMs: (ticks * 1000) / CLOCK_TICKS / Math.max(m.requests, 1) };
      }
      console.log(
        `N=${n} ${op} round ${r + 1}: ${order.map((s) => `${s.name} ${fmt(round[s.name].rps)}`).join(', ')} req/s`,
      );
      rounds.push(round);
    }
    const ratio = (a: ServerName, b: ServerName) => {
      const xs = rounds.map((round) => round[a].rps / round[b].rps);
      return `${fmt(median(xs), 2)} (${fmt(Math.min(...xs), 2)}–${fmt(Math.max(...xs), 2)})`;
    };
    const cpu = (name: ServerName) => fmt(median(rounds.map((round) => round[name].cpuMs)), 2);
    table.push(
      `| ${op} | ${ratio('newsgraph', 'newsgraph-normal')} | ${ratio('newsgraph', 'raw-sql')} | ${ratio('newsgraph', 'postgraphile')} | ${ratio('newsgraph-normal', 'postgraphile')} | ${fmt(median(rounds.map((round) => round.newsgraph.p99)))} | ${cpu('newsgraph')} / ${cpu('newsgraph-normal')} / ${cpu('raw-sql')} / ${cpu('postgraphile')} |`,
    );
  }
  table.push('');
  return table;
}

async function benchSize(
  n: number,
  admin: postgres.Sql,
): Promise<{ n: number; table: string[]; results: Record<string, Measure> }> {
  const url = new URL(adminUrl);
  url.pathname = `/newsgraph_bench_api_${n}`;
  await fill(n, url.toString(), admin);
  const samples = await pickSamples(url.toString());
  if (!samples.persons.length) throw new Error('no person is quoted: use more articles');
  const plans = await explainOurs(url.toString(), samples);

  // Statements per request, through the counting proxy: a warm-up request first, so that
  // start-up work (PostGraphile's introspection, prepared statements) is not counted.
  const statements: Record<string, number> = {};
  const counter = await startStatementCounter({ host: url.hostname, port: Number(url.port || 5432) });
  const counted = new URL(url);
  counted.port = String(counter.port);
  counted.hostname = '127.0.0.1';
  for (const name of SERVERS) {
    const s = await startServer(name, counted.toString());
    for (const op of selectedOps) {
      await call(s, op, samples, 0);
      counter.reset();
      const rounds = 10;
      for (let i = 1; i <= rounds; i++) await call(s, op, samples, i);
      statements[`${name} ${op}`] = counter.count() / rounds;
    }
    await stopServer(s);
  }
  await counter.close();

  const running = await Promise.all(SERVERS.map((name) => startServer(name, url.toString())));
  const results: Record<string, Measure> = {};
  try {
    // The same question must get the same answer from all three before any is timed.
    for (const op of selectedOps) {
      for (let i = 0; i < 5; i++) {
        const shapes = await Promise.all(running.map(async (s) => shape(s.name, op, await call(s, op, samples, i))));
        if (new Set(shapes).size !== 1) {
          throw new Error(
            `op ${op}, sample ${i}: servers disagree:\n${shapes.map((x, k) => `  ${SERVERS[k]}: ${x}`).join('\n')}`,
          );
        }
      }
    }
    // The compiled tier must answer exactly as the normal path does, not just in shape.
    for (const op of selectedOps) {
      for (let i = 0; i < 20; i++) {
        const [compiled, normal] = await Promise.all(
          running.filter((s) => ours(s.name)).map(async (s) => JSON.stringify(await call(s, op, samples, i))),
        );
        if (compiled !== normal) throw new Error(`op ${op}, sample ${i}: the compiled tier answers otherwise`);
      }
    }
    if (interleaveRounds > 0) {
      const table = await interleaved(n, running, samples);
      return { n, table, results };
    }
    for (const op of selectedOps) {
      for (const s of running) {
        // A short warm-up (JIT, pools, plan caches) before the measured run.
        await load(s, op, samples, WARM_UP_SECONDS);
        const m = await load(s, op, samples, duration);
        results[`${s.name} ${op}`] = {
          rps: m.rps,
          p50: m.p50,
          p99: m.p99,
          errors: m.errors,
          statements: statements[`${s.name} ${op}`] ?? Number.NaN,
        };
        console.log(
          `N=${n} ${op} ${s.name.padEnd(12)} ${fmt(m.rps).padStart(6)} req/s  p50 ${fmt(m.p50)} ms  p99 ${fmt(m.p99)} ms` +
            (m.errors ? `  ERRORS ${m.errors}` : ''),
        );
      }
    }
  } finally {
    await Promise.all(running.map(stopServer));
  }

  const table = [
    `#### N = ${n.toLocaleString('en-US')} articles`,
    '',
    '| op | server | req/s | p50 ms | p99 ms | SQL statements/request | req/s ÷ raw SQL | req/s ÷ PostGraphile |',
    '|---|---|--:|--:|--:|--:|--:|--:|',
  ];
  for (const op of selectedOps) {
    const raw = results[`raw-sql ${op}`] as Measure;
    const pgl = results[`postgraphile ${op}`] as Measure;
    for (const name of SERVERS) {
      const m = results[`${name} ${op}`] as Measure;
      table.push(
        `| ${op} | ${name} | ${fmt(m.rps)} | ${fmt(m.p50)} | ${fmt(m.p99)} | ${fmt(m.statements, 1)} | ${fmt(m.rps / raw.rps, 2)} | ${fmt(m.rps / pgl.rps, 2)} |` +
          (m.errors ? ` ${m.errors} errors` : ''),
      );
    }
  }
  if (values.profile) {
    table.push('', 'Where this API’s server spends its CPU under the same load (`--profile`: node --cpu-prof):', '');
    table.push(...(await profileOurs(url.toString(), samples)));
  }
  table.push('', 'Sequential scans in the plans of this API’s statements (EXPLAIN):');
  for (const p of plans)
    table.push(`- ${p.op}: ${p.statements} statements; ${p.seqScans.length ? p.seqScans.join(', ') : 'none'}`);
  table.push('');
  return { n, table, results };
}

async function main(): Promise<void> {
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  const [version] = await admin`show server_version`;
  const pkg = JSON.parse(await readFile(join(root, 'package-lock.json'), 'utf8')) as {
    packages: Record<string, { version: string }>;
  };
  const v = (name: string) => pkg.packages[`node_modules/${name}`]?.version ?? '?';
  const header = [
    `### ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC — \`npm run bench:api -- --articles ${values.articles} --duration ${duration} --connections ${connections}${values.ops === 'a,b,c,d' ? '' : ` --ops ${values.ops}`}${values.reuse ? ' --reuse' : ''}${interleaveRounds ? ` --interleave ${interleaveRounds}` : ''}${values.profile ? ' --profile' : ''}\``,
    '',
    `Machine: ${cpus().length} cores (${cpus()[0]?.model ?? '?'}), ${(totalmem() / 2 ** 30).toFixed(0)} GiB; Node ${process.version}; PostgreSQL ${version?.server_version}; ` +
      `graphql-yoga ${v('graphql-yoga')}, @pothos/core ${v('@pothos/core')}, @pothos/plugin-drizzle ${v('@pothos/plugin-drizzle')}, drizzle-orm ${v('drizzle-orm')}, ` +
      `postgres ${v('postgres')}, postgraphile ${v('postgraphile')}, pg ${v('pg')}, autocannon ${v('autocannon')}. ` +
      `${connections} connections, ${duration} s per run after a ${WARM_UP_SECONDS} s warm-up; each server has a pool of ${poolSize} database connections.`,
    '',
  ];
  const runs: Awaited<ReturnType<typeof benchSize>>[] = [];
  try {
    for (const n of sizes) runs.push(await benchSize(n, admin));
  } finally {
    await admin.end();
  }
  const lines = [...header, ...runs.flatMap((r) => r.table)];
  if (runs.length > 1) {
    const base = runs[0] as (typeof runs)[number];
    lines.push(`Latency growth, this API, p50 (p99) at each N ÷ at N = ${base.n.toLocaleString('en-US')}:`, '');
    lines.push(
      `| op | ${runs.map((r) => `N = ${r.n.toLocaleString('en-US')}`).join(' | ')} |`,
      `|---|${runs.map(() => '--:').join('|')}|`,
    );
    for (const op of selectedOps) {
      const b = base.results[`newsgraph ${op}`] as Measure;
      const cells = runs.map((r) => {
        const m = r.results[`newsgraph ${op}`] as Measure;
        return `${fmt(m.p50 / b.p50, 2)} (${fmt(m.p99 / b.p99, 2)})`;
      });
      lines.push(`| ${op} | ${cells.join(' | ')} |`);
    }
    lines.push('');
  }
  lines.push(`Operations: ${selectedOps.map((k) => `(${k}) ${OPS[k]}`).join('; ')}.`, '');
  const text = lines.join('\n');
  console.log(`\n${text}`);
  if (!values['no-append']) {
    await appendFile(join(root, 'bench/RESULTS.md'), `\n${text}`);
    console.log('appended to bench/RESULTS.md');
  }
}

await main();
