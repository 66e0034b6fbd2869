// The peer a user would otherwise pick: PostGraphile v5 (Amber preset) over the same tables,
// started by bench/api.ts with DATABASE_URL, PORT and POOL_SIZE. Bench-only: a dev dependency.
import './promise-with-resolvers.js';
import { createServer } from 'node:http';
import pg from 'pg';
import { postgraphile } from 'postgraphile';
import { makePgService } from 'postgraphile/adaptors/pg';
import { grafserv } from 'postgraphile/grafserv/node';
import { PostGraphileAmberPreset } from 'postgraphile/presets/amber';

const pool = new pg.Pool({
  connectionString: process.env.DATABASE_URL,
  max: Number(process.env.POOL_SIZE ?? 10),
});
// An idle connection that drops (the bench stopping its proxy) is not this server's failure.
pool.on('error', (error) => console.error(`pool: ${error.message}`));

const preset: GraphileConfig.Preset = {
  extends: [PostGraphileAmberPreset],
  // Read-only, as our API is: mutations would only add schema-building time.
  disablePlugins: ['MutationPlugin'],
  pgServices: [makePgService({ pool, schemas: [process.env.PG_SCHEMAS ?? 'public'].flatMap((s) => s.split(',')) })],
  grafserv: { graphqlPath: '/graphql', graphiql: false },
  grafast: { explain: false },
};

const pgl = postgraphile(preset);
const serv = pgl.createServ(grafserv);
const server = createServer();
serv.addTo(server).catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
server.listen(Number(process.env.PORT ?? 5678), '127.0.0.1', () => {
  process.stdout.write(`ready ${process.env.PORT}\n`);
});
process.on('SIGTERM', () => {
  server.close();
  void pgl.release();
  void pool.end();
});
