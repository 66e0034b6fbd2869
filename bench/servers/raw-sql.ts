// The practical limit: a minimal HTTP server answering the benchmark's questions with one
// hand-written SQL statement each, the JSON built by Postgres itself. Started by bench/api.ts with
// DATABASE_URL, PORT and POOL_SIZE. GET /article?id=N, /newest, /person?id=N, /search?q=TEXT.
import { createServer, type ServerResponse } from 'node:http';
import postgres from 'postgres';

const sql = postgres(process.env.DATABASE_URL as string, { max: Number(process.env.POOL_SIZE ?? 10) });

// ts_headline options as the GraphQL API uses them for a 35-word snippet.
const HEADLINE_OPTIONS =
  'StartSel=<mark>, StopSel=</mark>, MaxWords=35, MinWords=18, MaxFragments=2, FragmentDelimiter=" … "';

/** Each route: one statement that returns the whole response document as a single json value. */
const routes: Record<string, (params: URLSearchParams) => Promise<{ doc: unknown }[]>> = {
  '/article': (p) => sql`
    select json_build_object(
      'id', a.id, 'headline', a.headline, 'source', a.source, 'publishedAt', a.published_at,
      'persons', (select coalesce(json_agg(json_build_object('name', pe.name, 'title', ap.title,
                    'mentionCount', ap.mention_count) order by ap.mention_count desc, pe.id), '[]')
                  from article_persons ap join persons pe on pe.id = ap.person_id where ap.article_id = a.id),
      'places', (select coalesce(json_agg(json_build_object('name', pl.name, 'countryCode', pl.country_code,
                   'latitude', pl.latitude, 'longitude', pl.longitude) order by ap.mention_count desc, pl.id), '[]')
                 from article_places ap join places pl on pl.id = ap.place_id where ap.article_id = a.id),
      'quotes', (select coalesce(json_agg(json_build_object('text', q.text, 'speakerLabel', q.speaker_label,
                   'speaker', case when s.id is null then null else json_build_object('name', s.name) end)
                   order by q.start_offset), '[]')
                 from quotes q left join persons s on s.id = q.speaker_id where q.article_id = a.id)
    ) as doc
    from articles a where a.id = ${Number(p.get('id'))}`,
  '/newest': () => sql`
    select coalesce(json_agg(json_build_object(
      'id', a.id, 'headline', a.headline, 'publishedAt', a.published_at,
      'persons', (select coalesce(json_agg(pe.name order by ap.mention_count desc, pe.id), '[]')
                  from article_persons ap join persons pe on pe.id = ap.person_id where ap.article_id = a.id),
      'places', (select coalesce(json_agg(pl.name order by ap.mention_count desc, pl.id), '[]')
                 from article_places ap join places pl on pl.id = ap.place_id where ap.article_id = a.id),
      'quoteCount', (select count(*) from quotes q where q.article_id = a.id)
    ) order by a.published_at desc, a.id desc), '[]') as doc
    from (select * from articles order by published_at desc, id desc limit 20) a`,
  '/person': (p) => sql`
    select json_build_object(
      'id', pe.id, 'name', pe.name, 'title', pe.title, 'quoteCount', pe.quote_count,
      'quotes', (select coalesce(json_agg(json_build_object('text', q.text, 'publishedAt', q.published_at,
                   'article', json_build_object('id', a.id, 'headline', a.headline))
                   order by q.published_at desc, q.article_id desc, q.start_offset), '[]')
                 from (select * from quotes where speaker_id = pe.id
                       order by published_at desc, article_id desc, start_offset limit 20) q
                 join articles a on a.id = q.article_id)
    ) as doc
    from persons pe where pe.id = ${Number(p.get('id'))}`,
  '/search': (p) => sql`
    select coalesce(json_agg(json_build_object('id', m.id, 'headline', m.headline, 'publishedAt', m.published_at,
      'snippet', ts_headline('english', m.body, m.query, ${HEADLINE_OPTIONS})) order by m.rank desc, m.id desc), '[]') as doc
    from (select a.id, a.headline, a.published_at, a.body, query, ts_rank(a.search_vector, query) as rank
          from articles a, websearch_to_tsquery('english', ${p.get('q') ?? ''}) query
          where a.search_vector @@ query
          order by rank desc, a.id desc limit 20) m`,
};

function send(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

const server = createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const route = routes[url.pathname];
  if (!route) return send(res, 404, '{"error":"not found"}');
  route(url.searchParams).then(
    (rows) => send(res, rows[0] ? 200 : 404, JSON.stringify({ data: rows[0]?.doc ?? null })),
    (error: unknown) => {
      console.error(error);
      send(res, 500, '{"error":"internal"}');
    },
  );
});
server.listen(Number(process.env.PORT ?? 5679), '127.0.0.1', () => process.stdout.write(`ready ${process.env.PORT}\n`));
process.on('SIGTERM', () => {
  server.close();
  void sql.end();
});
