import { createRequire } from 'node:module';
import type { ExtractedPerson } from './types.js';

export type Gender = 'male' | 'female';

const require = createRequire(import.meta.url);
type GetGender = (name: string, language?: string) => 'male' | 'female' | 'unknown';
let getGender: GetGender | null = null;

/** What the name lists say of a given name, across their languages: null when they disagree or lack it. */
export function givenNameGender(given: string): Gender | null {
  getGender ??= (require('gender-detection-from-name') as { getGender: GetGender }).getGender;
  const answer = getGender(given);
  return answer === 'unknown' ? null : answer;
}

// Honorifics and gendered role words: stronger evidence than a given name, which many share.
const FEMALE_WORDS = new Set([
  'mrs',
  'ms',
  'miss',
  'madam',
  'lady',
  'dame',
  'queen',
  'princess',
  'duchess',
  'countess',
  'spokeswoman',
  'chairwoman',
  'congresswoman',
  'councilwoman',
  'businesswoman',
  'sportswoman',
  'actress',
  'waitress',
  'mother',
  'grandmother',
  'wife',
  'widow',
  'daughter',
  'sister',
  'aunt',
  'niece',
  'girlfriend',
  'woman',
  'girl',
  'sister-in-law',
]);
const MALE_WORDS = new Set([
  'mr',
  'sir',
  'lord',
  'king',
  'prince',
  'duke',
  'count',
  'spokesman',
  'chairman',
  'congressman',
  'councilman',
  'businessman',
  'sportsman',
  'actor',
  'father',
  'grandfather',
  'husband',
  'widower',
  'son',
  'brother',
  'uncle',
  'nephew',
  'boyfriend',
  'man',
  'boy',
  'brother-in-law',
]);

function wordGender(word: string): Gender | null {
  const w = word.toLowerCase().replace(/\.$/, '');
  if (FEMALE_WORDS.has(w)) return 'female';
  if (MALE_WORDS.has(w)) return 'male';
  return null;
}

/**
 * A person's gender as the article gives it: an honorific or a gendered role word before a mention
 * ("Mrs. Clinton", "spokeswoman Jane Doe") or in the title, else the given name. Null when nothing
 * says, or the evidence disagrees: a pronoun is then matched to nobody by gender alone.
 */
export function personGender(person: ExtractedPerson, body: string): Gender | null {
  const votes = { male: 0, female: 0 };
  for (const word of (person.title ?? '').split(/\s+/)) {
    const g = wordGender(word);
    if (g) votes[g] += 2;
  }
  for (const m of person.mentions) {
    const before = /([\p{L}-]+)\.?\s+$/u.exec(body.slice(Math.max(0, m.start - 16), m.start));
    const g = before ? wordGender(before[1] as string) : null;
    if (g) votes[g] += 2;
  }
  for (const m of person.mentions) {
    const g = reportedPronoun(body.slice(m.end, m.end + 120));
    if (g) votes[g] += 2;
  }
  const words = person.name.split(/\s+/);
  if (words.length >= 2) {
    const g = givenNameGender(words[0] as string);
    if (g) votes[g] += 1;
  }
  if (votes.male === votes.female) return null;
  return votes.male > votes.female ? 'male' : 'female';
}

// "Gul Agha, a resident, said he had run", "Moe said she would": the subject of what a person
// reports of themselves, right after their name (and an appositive) and the verb.
const REPORTED_PRONOUN =
  /^(?:\s*\([^()]{0,30}\))?(?:,[^,.;:"“”]{1,60})?,?\s+(?:also\s+)?(?:said|says|told\s+\p{L}+|added|insisted|argued|explained)\s+(?:that\s+)?(he|she)\b/u;

function reportedPronoun(after: string): Gender | null {
  const match = REPORTED_PRONOUN.exec(after);
  return match ? pronounGender(match[1] as string) : null;
}

/** The gender a pronoun asks of the one it stands for; null for "they", "we" and "I". */
export function pronounGender(pronoun: string): Gender | null {
  if (pronoun === 'he' || pronoun === 'him' || pronoun === 'his') return 'male';
  if (pronoun === 'she' || pronoun === 'her' || pronoun === 'hers') return 'female';
  return null;
}
