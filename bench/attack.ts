// npm run bench:attack [-- --articles N] [--duration S] [--clients C] [--database-url URL]
//
// Replays the attacks of issue 16 against a real server process on Postgres and prints what held:
//
//  1. dropped connections: C clients ask for `articles` for S seconds while every backend of the
//     server is terminated (pg_terminate_backend) every half second. Held: the process lives, each
//     request gets an answer (data, or a coded error), and /ready is 200 again once it stops.
//  2. slow queries: long search strings, long id lists, deep offsets and variable page sizes, each
//     timed, with a `{ stats }` request sent beside it (does one request hold the others up?).
//     Held: each is refused or ends within the statement timeout.
//  3. a client that leaves: a slow statement whose client disconnects. Held: no statement of the
//     server's runs on a second later (it was cancelled).
//
// Figures and outcomes, never assertions: the machine is shared. Needs a Postgres server (the
// attacks on connections need backends to terminate; PGlite has one, inside the server's process).
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import postgres from 'postgres';
import { createDb } from '../src/db/client.js';
import { migrateDatabase } from '../src/db/migrate.js';
import { articles } from '../src/db/schema.js';
import { loadArticles } from '../src/ingest/load.js';
import { syntheticCorpus, writeCorpus } from './synthetic.js';

const { values } = parseArgs({
  options: {
    articles: { type: 'string', default: '2000' },
    duration: { type: 'string', default: '15' },
    clients: { type: 'string', default: '8' },
    'database-url': {
      type: 'string',
      default: process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
    },
  },
});
const articleCount = Number(values.articles);
const duration = Number(values.duration) * 1000;
const clients = Number(values.clients);
const adminUrl = String(values['database-url']);
const root = new URL('..', import.meta.url).pathname;
const dbName = 'newsgraph_bench_attack';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const address = s.address();
      s.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

const admin = postgres(adminUrl, { max: 2, onnotice: () => {} });
const url = new URL(adminUrl);
url.pathname = `/${dbName}`;
const databaseUrl = url.toString();

async function prepareDatabase(): Promise<void> {
  const [exists] = await admin`select 1 from pg_database where datname = ${dbName}`;
  if (!exists) await admin.unsafe(`create database ${dbName}`);
  const database = createDb({ databaseUrl });
  await migrateDatabase(database);
  const stored = await database.db.$count(articles);
  if (stored < articleCount) {
    const dir = await mkdtemp(join(tmpdir(), 'newsgraph-attack-'));
    await writeCorpus(syntheticCorpus(), dir, articleCount);
    await loadArticles(database.db, [dir], { writers: 2 });
    await rm(dir, { recursive: true, force: true });
  }
  await database.close();
}

let server: ChildProcess | null = null;
let serverLog = '';
let base = '';

async function startServer(): Promise<void> {
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'src/cli.ts'), 'serve'], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: databaseUrl, PORT: String(port), HOST: '127.0.0.1', NODE_ENV: 'production' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const keep = (chunk: Buffer) => {
    serverLog = (serverLog + chunk.toString()).slice(-20_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  server = child;
  for (let i = 0; i < 600; i++) {
    if (child.exitCode !== null) throw new Error(`the server exited at start:\n${serverLog}`);
    try {
      if ((await fetch(`${base}/ready`)).ok) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('the server did not get ready in 60 s');
}

interface Answer {
  status: number | 'no answer';
  code: string;
  ms: number;
}

async function graphql(query: string, variables: Record<string, unknown> = {}, signal?: AbortSignal): Promise<Answer> {
  const t0 = performance.now();
  try {
    const response = await fetch(`${base}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query, variables }),
      ...(signal ? { signal } : {}),
    });
    const body = (await response.json()) as { errors?: { extensions?: { code?: string } }[] };
    const code = body.errors?.length ? (body.errors[0]?.extensions?.code ?? 'UNCODED') : 'ok';
    return { status: response.status, code, ms: performance.now() - t0 };
  } catch (error) {
    return { status: 'no answer', code: (error as Error).name, ms: performance.now() - t0 };
  }
}

const alive = () => server !== null && server.exitCode === null && server.signalCode === null;
const tally = (answers: Answer[]) => {
  const counts = new Map<string, number>();
  for (const a of answers) counts.set(`${a.status} ${a.code}`, (counts.get(`${a.status} ${a.code}`) ?? 0) + 1);
  return [...counts].map(([k, n]) => `${n}× ${k}`).join(', ');
};

async function droppedConnections(): Promise<void> {
  console.log(
    `\n1. dropped connections: ${clients} clients on articles for ${duration / 1000} s, backends terminated every 0.5 s`,
  );
  const query = `{ articles(first: 20) { totalCount edges { node { id headline persons(first: 5) { edges { node { name } } } } } } }`;
  const answers: Answer[] = [];
  const end = Date.now() + duration;
  let terminated = 0;
  const killer = (async () => {
    while (Date.now() < end && alive()) {
      const rows = await admin`select pg_terminate_backend(pid) from pg_stat_activity
        where datname = ${dbName} and application_name = 'newsgraph' and pid <> pg_backend_pid()`;
      terminated += rows.length;
      await new Promise((r) => setTimeout(r, 500));
    }
  })();
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (Date.now() < end && alive()) answers.push(await graphql(query));
    }),
  );
  await killer;
  const stillAlive = alive();
  console.log(`   backends terminated: ${terminated}; requests: ${answers.length} (${tally(answers)})`);
  console.log(
    `   server process alive throughout: ${stillAlive ? 'yes (held)' : `NO, exit ${server?.exitCode ?? server?.signalCode}`}`,
  );
  if (!stillAlive) {
    console.log(serverLog.split('\n').slice(-30).join('\n'));
    return;
  }
  const t0 = performance.now();
  let ready = false;
  while (!ready && performance.now() - t0 < 10_000) {
    ready = (await fetch(`${base}/ready`).catch(() => null))?.ok ?? false;
    if (!ready) await new Promise((r) => setTimeout(r, 100));
  }
  console.log(
    `   /ready after: ${ready ? `200 in ${Math.round(performance.now() - t0)} ms (held)` : 'not 200 within 10 s'}`,
  );
  const after = await graphql(query);
  console.log(`   next request: ${after.status} ${after.code} in ${Math.round(after.ms)} ms`);
  const logged = (serverLog.match(/unhandled rejection/gi) ?? []).length;
  console.log(`   unhandled rejections logged by the process-level handler: ${logged}`);
}

async function slowQueries(): Promise<void> {
  console.log('\n2. slow queries (each with a { stats } request beside it)');
  const db = postgres(databaseUrl, { max: 1, onnotice: () => {} });
  const ids = (await db`select id from persons order by id limit 1000`).map((r) =>
    Buffer.from(`Person:${r.id}`).toString('base64'),
  );
  await db.end();
  const nested = `query($n: Int) { persons(first: $n) { edges { node { name coMentions(first: $n) { edges { node { person { name coMentions(first: $n) { edges { node { person { name } } } } } } } } } } } }`;
  const attacks: [string, string, Record<string, unknown>][] = [
    [
      'persons(search:) 10 KB',
      'query($s: String) { persons(search: $s, first: 5) { edges { node { name } } } }',
      { s: 'ab '.repeat(3400) },
    ],
    [
      'persons(search:) 900 KB',
      'query($s: String) { persons(search: $s, first: 5) { edges { node { name } } } }',
      { s: 'ab '.repeat(300_000) },
    ],
    [
      'articles(filter: { search }) 10 KB',
      'query($s: String) { articles(first: 5, filter: { search: $s }) { edges { node { id } } } }',
      { s: 'talks '.repeat(1700) },
    ],
    [
      'ArticleFilter.persons, 100 ids',
      'query($p: [ID!]) { articles(first: 5, filter: { persons: $p }) { totalCount edges { node { id } } } }',
      { p: ids.slice(0, 100) },
    ],
    [
      'ArticleFilter.persons, 1,000 ids',
      'query($p: [ID!]) { articles(first: 5, filter: { persons: $p }) { totalCount edges { node { id } } } }',
      { p: ids },
    ],
    ['coMentions nested, first: $n = 100', nested, { n: 100 }],
    ['query($n: Int = 500) first: $n', 'query($n: Int = 500) { articles(first: $n) { edges { node { id } } } }', {}],
  ];
  for (const [name, query, variables] of attacks) {
    const attack = graphql(query, variables);
    await new Promise((r) => setTimeout(r, 100));
    const stats = await graphql('{ stats { articles persons } }');
    const a = await attack;
    console.log(
      `   ${name}: ${a.status} ${a.code} in ${Math.round(a.ms)} ms; { stats } beside it: ${stats.status} ${stats.code} in ${Math.round(stats.ms)} ms`,
    );
    if (!alive()) {
      console.log('   the server died');
      return;
    }
  }
}

async function leavingClient(): Promise<void> {
  console.log('\n3. a client that leaves mid-statement');
  const controller = new AbortController();
  // The slowest statement a client may still send: a name search as long as the limit allows, on
  // a page deep as the limit allows, with its total.
  const query = `query($s: String) { persons(search: $s, first: 100) { totalCount edges { node { name } } } }`;
  const pending = graphql(query, { s: 'ab '.repeat(3400) }, controller.signal);
  await new Promise((r) => setTimeout(r, 300));
  controller.abort();
  await pending;
  await new Promise((r) => setTimeout(r, 1000));
  const running = await admin`select count(*)::int as n from pg_stat_activity
    where datname = ${dbName} and application_name = 'newsgraph' and state = 'active'`;
  console.log(`   statements of the server still running 1 s after the client left: ${running[0]?.n}`);
}

try {
  await prepareDatabase();
  await startServer();
  await slowQueries();
  await leavingClient();
  await droppedConnections();
} finally {
  (server as ChildProcess | null)?.kill('SIGTERM');
  await admin.end();
}
