// npm run bench:extract-scaling [-- --megabytes M]
//
// Whether extraction stays linear on huge and hostile articles: each input is extracted at half
// its size and at full size in the same run, and the ratio of the two times is printed (about 2
// is linear; a rule that rescans the article per match would show 4 or more). Figures, not
// assertions: the machine is shared and single runs vary.
import { parseArgs } from 'node:util';
import { extractArticle, gazetteer } from '../src/extract/index.js';
import { syntheticCorpus } from './synthetic.js';

const { values } = parseArgs({ options: { megabytes: { type: 'string', default: '5' } } });
const size = Number(values.megabytes) * 1e6;
const header = 'Detta är en artikel från AFP.\n\nA headline\n\nTelegram från AFP / Omni\n18 January 2022, 17.19\n\n';

const corpus = syntheticCorpus();
let stories = '';
for (let i = 0; stories.length < size; i++)
  stories += `${corpus.article(i).text.split('\n\n').slice(4).join('\n\n')}\n\n`;

// Made-up capitalised words, all different ("Zqb", "Zqc", ...): names no list knows.
const coined = (i: number): string => {
  let s = '';
  for (let n = i + 1; n > 0; n = Math.floor(n / 26)) s += String.fromCharCode(97 + (n % 26));
  return `Zq${s}`;
};
const many = (count: number, make: (i: number) => string): string =>
  Array.from({ length: count }, (_, i) => make(i)).join('');

// Each fills one sentence or one paragraph with what a rule looks at, so that a rule scanning
// back to the sentence's or the article's start for each match would show.
const inputs: Record<string, string> = {
  'synthetic stories': stories,
  'one huge paragraph': stories.replace(/\n\n/g, ' '),
  'quotes, no attribution': '"We will see," and "maybe not" and '.repeat(size / 34),
  'unbalanced quote marks': 'He said "this is open and never closed. '.repeat(size / 40),
  'sentence-initial towns': 'Paris is young. Young people left. '.repeat(size / 34),
  'names with no verb': 'Axel Witsel and Nacer Chadli and Kowloon East and Marks & Spencer '.repeat(size / 66),
  'replaced by, no subject': 'the side was hurt and replaced by Foo Bar and '.repeat(size / 46),
  'non-Latin script': 'Президент Путин встретился с Блинкеном в Женеве. 北京。'.repeat(size / 54),
  // Many paragraphs and one mark or stop at the very end: a search for the next mark or stop that
  // ran past its paragraph would read the rest of the article once per paragraph.
  'short paragraphs, no quote': `${'A line with words.\n\n'.repeat(size / 20)} and "x"`,
  'short paragraphs, no stop': `${'A line with words\n\n'.repeat(size / 19)} end. Next`,
  // One list of names a firm ends: each name is a firm's once the one after it is.
  'names listed before a firm': `Shares of ${many(size / 8, (i) => `${coined(i)}, `)}and Microsoft Corp rose.`,
  // Names sharing their initials, and acronyms each of them could spell.
  'acronyms and their names': many(
    size / 60,
    (i) => `The Al${coined(i)} Do${coined(i)} Agency met. The ADA${String.fromCharCode(65 + (i % 26))} said. `,
  ),
};

gazetteer();
extractArticle(header + stories.slice(0, 100_000)); // warm-up
const seconds = (text: string) => {
  const t0 = performance.now();
  extractArticle(text);
  return (performance.now() - t0) / 1000;
};
console.log('input'.padEnd(26), 'half size', 'full size', 'full / half');
for (const [name, body] of Object.entries(inputs)) {
  // The end is kept whole: some inputs put what a rule looks for there.
  const full = header + body.slice(Math.max(0, body.length - size));
  const half = header + body.slice(Math.max(0, body.length - size / 2));
  const a = seconds(half);
  const b = seconds(full);
  console.log(
    name.padEnd(26),
    `${a.toFixed(2)} s`.padStart(9),
    `${b.toFixed(2)} s`.padStart(9),
    `${(b / a).toFixed(2)}`.padStart(11),
    ` (${(full.length / 1e6).toFixed(1)} MB)`,
  );
}
