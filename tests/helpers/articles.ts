import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const seedFile = new URL('../../seeds/000_b889685c8d47e0ee.txt', import.meta.url);

/**
 * A folder of `count` articles made from the seed: each its own day in January 2022 and its own
 * headline, so that every one is a distinct article naming the same people and places. Variants
 * `from` on differ from those before it.
 */
export async function seedVariants(count: number, from = 0): Promise<string> {
  const seed = await readFile(seedFile, 'utf8');
  const dir = await mkdtemp(join(tmpdir(), 'newsgraph-variants-'));
  for (let i = from; i < from + count; i++) {
    const day = 1 + (i % 28);
    const text = seed
      .replace('Blinken, Russian FM to meet in Geneva Friday on Ukraine', `Talks on Ukraine, day ${i + 1}`)
      .replace('18 January 2022, 17.19', `${day} January 2022, ${String(8 + (i % 12)).padStart(2, '0')}.00`);
    await writeFile(join(dir, `variant-${String(i).padStart(3, '0')}.txt`), text);
  }
  return dir;
}

const wire = (headline: string, date: string, body: string) =>
  `Detta är en artikel från AFP.\n\n${headline}\n\nTelegram från AFP / Omni\n${date}\n\n${body}\n`;

/**
 * Articles whose graph depends on what else is stored, each pair or triple a case where a loader
 * that decides by what it has seen so far would store something else: a lone surname beside one
 * full name, then a second; spellings and titles that tie on time; countries that disagree; a
 * surname stored before its full name; one text under two names.
 */
export const GRAPH_CASES: Record<string, string> = {
  'holloway-lone.txt': wire('Talks one', '10 January 2022, 10.00', '"We are ready," Minister Holloway said in London.'),
  'holloway-jane.txt': wire(
    'Talks two',
    '11 January 2022, 10.00',
    'Swedish Prime Minister Jane Holloway met allies in Brussels. "This is a start," Holloway said.',
  ),
  'holloway-mark.txt': wire(
    'Talks three',
    '12 January 2022, 10.00',
    'Norwegian Finance Minister Mark Holloway arrived in Oslo on Monday.',
  ),
  'ramirez-accents.txt': wire(
    'Talks four',
    '12 January 2022, 10.00',
    'Finnish Foreign Minister José Ramírez spoke in Helsinki. "Nothing is decided," Ramírez said.',
  ),
  'ramirez-plain.txt': wire('Talks five', '12 January 2022, 10.00', 'Trade Minister Jose Ramirez spoke in Paris.'),
  'ramirez-lone.txt': wire(
    'Talks six',
    '13 January 2022, 10.00',
    '"We will see," Ambassador Ramirez told reporters in Rome.',
  ),
  'dahl-danish.txt': wire(
    'Talks seven',
    '14 January 2022, 10.00',
    'Danish Health Minister Lena Dahl visited Copenhagen.',
  ),
  'dahl-norwegian.txt': wire(
    'Talks eight',
    '14 January 2022, 10.00',
    'Norwegian Health Minister Lena Dahl visited Bergen.',
  ),
  'okafor-lone.txt': wire('Talks nine', '15 January 2022, 10.00', '"The door is open," Minister Okafor said in Lagos.'),
  'okafor-grace.txt': wire(
    'Talks ten',
    '16 January 2022, 10.00',
    'Nigerian Trade Minister Grace Okafor landed in Accra.',
  ),
  'copy-b.txt': wire('Talks eleven', '17 January 2022, 10.00', 'Defence Minister Omar Haddad spoke in Amman.'),
  'copy-a.txt': wire('Talks eleven', '17 January 2022, 10.00', 'Defence Minister Omar Haddad spoke in Amman.'),
  // One organisation by its name and acronym, then by its name alone; one person in two roles at
  // one company, in articles of one time (the greater role is the latest).
  'wto-acronym.txt': wire(
    'Trade one',
    '18 January 2022, 10.00',
    'The World Trade Organization (WTO) said on Monday that the dispute would be heard. "The rules are clear," the WTO said in a statement.',
  ),
  'wto-plain.txt': wire(
    'Trade two',
    '19 January 2022, 10.00',
    'The World Trade Organization said on Friday that the dispute would be heard in Geneva.',
  ),
  'airbus-chief.txt': wire(
    'Planes one',
    '20 January 2022, 10.00',
    'Airbus chief executive Tomas Lindqvist said the order was "a step in the right direction".',
  ),
  'airbus-spokesman.txt': wire(
    'Planes two',
    '20 January 2022, 10.00',
    'Airbus spokesman Tomas Lindqvist told reporters in Toulouse that deliveries would resume.',
  ),
  // An acronym alone in articles of its own (a quote it says, a person's affiliation), its full
  // name with it in another, and without it beside the acronym alone in a third (with a second
  // name the acronym spells, so that the extractor cannot join it to either).
  'imf-lone.txt': wire(
    'Money one',
    '21 January 2022, 10.00',
    '"Growth will slow," the IMF said in a statement in Washington.',
  ),
  'imf-economist.txt': wire(
    'Money two',
    '21 January 2022, 11.00',
    'IMF economist Anna Berg said in Washington that the risks had grown.',
  ),
  'imf-acronym.txt': wire(
    'Money three',
    '22 January 2022, 10.00',
    'The International Monetary Fund (IMF) cut its forecast on Monday. "The outlook is weaker," the IMF said.',
  ),
  'imf-plain.txt': wire(
    'Money four',
    '23 January 2022, 10.00',
    'The International Monetary Fund and the Inter-Mountain Federation sent teams to Accra on Wednesday. IMF officials met the finance minister.',
  ),
  // One acronym, two full names: it stands for neither.
  'pfa-lone.txt': wire(
    'Football one',
    '24 January 2022, 10.00',
    '"The season starts soon," the PFA said in a statement in London.',
  ),
  'pfa-footballers.txt': wire(
    'Football two',
    '24 January 2022, 11.00',
    'The Professional Footballers Association (PFA) met in London on Friday.',
  ),
  'pfa-pakistan.txt': wire(
    'Football three',
    '24 January 2022, 12.00',
    'The Pakistan Football Association (PFA) met in Lahore on Saturday.',
  ),
};

/** Writes `files` (name to text) into a new folder and returns its path. */
export async function folderOf(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'newsgraph-cases-'));
  for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text);
  return dir;
}
