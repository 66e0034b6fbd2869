import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { extractArticle } from '../src/extract/index.js';

const set = process.argv[2] ?? 'polnear-dev';
const dir = join('../shared/corpus', set);
const norm = (s: string) => String(s ?? '').normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/['’]s\b/g, '').replace(/[^\p{L}\p{N}]+/gu, ' ').trim().replace(/^the /, '');
const words = (s: string) => norm(s).split(' ').filter(Boolean);
function overlap(a: string, b: string) { const wa = words(a), wb = words(b); if (!wa.length || !wb.length) return 0; const c = new Map<string, number>(); for (const w of wb) c.set(w, (c.get(w) ?? 0) + 1); let n = 0; for (const w of wa) { const k = c.get(w) ?? 0; if (k > 0) { n++; c.set(w, k - 1); } } if (!n) return 0; const p = n / wa.length, r = n / wb.length; return 2 * p * r / (p + r); }
const only = process.argv[3];
let shown = 0;
for (const f of readdirSync(dir).filter((f) => f.endsWith('.json')).sort()) {
  const gold = JSON.parse(readFileSync(join(dir, f), 'utf8'));
  if (!Array.isArray(gold.quotes)) continue;
  const txt = readFileSync(join(dir, f.replace(/\.json$/, '.txt')), 'utf8');
  const a = extractArticle(txt);
  const P = a.quotes.map((q) => ({ q, hit: null as unknown }));
  const G = (gold.quotes_detail ?? gold.quotes).filter((q: { kind?: string }) => !q.kind || q.kind === 'speech' || gold.quotes.some((g: {text:string}) => g.text === (q as {text:string}).text)).map((q: unknown) => ({ q: q as Record<string, string>, hit: null as null | { q: (typeof a.quotes)[number] } }));
  const pairs: [number, (typeof P)[number], (typeof G)[number]][] = [];
  for (const p of P) for (const g of G) { const o = overlap(p.q.text, g.q.text); if (o >= 0.6) pairs.push([o, p, g]); }
  pairs.sort((x, y) => y[0] - x[0]);
  for (const [, p, g] of pairs) { if (p.hit || g.hit) continue; p.hit = g; g.hit = p as never; }
  for (const g of G) {
    if (!g.hit || !g.q.speaker) continue;
    const person = (gold.persons ?? []).find((e: { name: string }) => e.name === g.q.speaker);
    const names = new Set([g.q.speaker, ...(person?.mentions ?? [])].map(norm));
    const said = g.hit.q.speaker;
    if (said && names.has(norm(said))) continue;
    if (only && g.q.speaker_method !== only) continue;
    shown++;
    const q = g.hit.q;
    const ctxStart = Math.max(0, q.start - 300);
    const ctx = a.body.slice(ctxStart, q.end + 150).replace(/\n+/g, ' ¶ ');
    console.log(`\n### ${f} | gold=${g.q.speaker} (${g.q.speaker_method}; src="${g.q.source}" mention="${g.q.speaker_mention}" cue=${g.q.cue}) | pred=${said} label="${q.speakerLabel}" verb=${q.verb}`);
    console.log(`   ${ctx}`);
  }
}
console.error(`shown ${shown}`);
