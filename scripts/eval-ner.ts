// Scores the named-entity tagger alone (src/extract/ner.ts, no rules) on the annotated sets of
// ../shared/corpus by the project's scorer: its people, places and organisations, each grouped
// by name (a lone word joins the one longer name of its kind that ends or starts with it).
//
//   npm run eval:ner                       # conll-dev and wikinews
//   npm run eval:ner -- seed wikinews      # the sets named
//   npm run eval:ner -- --verbose conll-dev
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArticleStructure } from '../src/extract/article.js';
import { foldedText, tokensText } from '../src/extract/chunks.js';
import { gazetteer } from '../src/extract/gazetteer.js';
import { type EntityKind, tagEntities } from '../src/extract/ner.js';
import { splitSentences, type Token, tokenize } from '../src/extract/tokens.js';
import { EVAL_SETS, scoreSet } from './eval.js';

interface Group {
  name: string;
  words: string[];
  mentions: string[];
}

/** The tagger's names in one article, grouped per kind as the scorer reads them. */
export function taggerOutput(raw: string): { persons: Group[]; places: Group[]; organizations: Group[] } {
  const { body, paragraphs } = parseArticleStructure(raw);
  const tokens = tokenize(body, paragraphs);
  splitSentences(body, paragraphs, tokens);
  const byKind = new Map<EntityKind, Map<string, Group>>();
  const entities = tagEntities(body, tokens, gazetteer());
  // Longer names first, so a lone word finds the full name it stands for.
  const order = [...entities].sort((a, b) => b.to - b.from - (a.to - a.from) || a.from - b.from);
  for (const e of order) {
    const groups = byKind.get(e.kind) ?? new Map<string, Group>();
    byKind.set(e.kind, groups);
    const key = foldedText(tokens, e.from, e.to);
    const text = body.slice((tokens[e.from] as Token).start, (tokens[e.to - 1] as Token).end);
    let group = groups.get(key);
    if (!group && e.to - e.from === 1) {
      const word = (tokens[e.from] as Token).folded;
      const fits = [...groups.values()].filter(
        (g) =>
          g.words.length > 1 && (g.words[g.words.length - 1] === word || (e.kind !== 'person' && g.words[0] === word)),
      );
      if (fits.length === 1) group = fits[0];
    }
    if (!group) {
      group = { name: tokensText(tokens, e.from, e.to), words: key.split(' '), mentions: [] };
      groups.set(key, group);
    }
    group.mentions.push(text);
  }
  const list = (kind: EntityKind) => [...(byKind.get(kind)?.values() ?? [])];
  return { persons: list('person'), places: list('place'), organizations: list('organisation') };
}

function main(argv: string[]): number {
  const shared = resolve(process.env.SHARED_DIR ?? '../shared');
  if (!existsSync(join(shared, 'eval/score.mjs'))) {
    process.stderr.write(`no scorer at ${shared}/eval/score.mjs: set SHARED_DIR\n`);
    return 2;
  }
  const verbose = argv.includes('--verbose');
  const named = argv.filter((a) => !a.startsWith('--'));
  const sets = named.length ? named : ['conll-dev', 'wikinews'];
  const pct = (x: number | undefined) => (x === undefined ? 'n/a' : (100 * x).toFixed(1));
  process.stdout.write('set          persons F1  places F1  orgs F1   (the tagger alone)\n');
  for (const set of sets) {
    if (!(EVAL_SETS as readonly string[]).includes(set)) {
      process.stderr.write(`unknown set ${set}\n`);
      return 2;
    }
    const { scores, output } = scoreSet(shared, set, verbose ? ['--verbose'] : [], taggerOutput);
    if (verbose) process.stdout.write(`${output}\n`);
    process.stdout.write(
      `${set.padEnd(12)} ${pct(scores.persons?.f1).padEnd(11)} ${pct(scores.places?.f1).padEnd(10)} ${pct(scores.organizations?.f1)}\n`,
    );
  }
  return 0;
}

if (import.meta.url === `file://${process.argv[1]}`) process.exitCode = main(process.argv.slice(2));
