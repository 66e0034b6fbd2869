import { foldedText, type TitleRun, type TokenRun, tokensText } from './chunks.js';
import { foldName } from './fold.js';
import { type Country, type Gazetteer, mayNameAPlace, wordPlaces } from './gazetteer.js';
import { type Gender, givenNameGender } from './gender.js';
import { knownOrganization } from './known-organizations.js';
import {
  ACRONYM,
  ANY_ORGANISATION_WORD,
  CALENDAR_WORD,
  CALENDAR_WORDS,
  COMPANY_SUFFIXES,
  COMPASS_WORDS,
  COMPOUND_MODIFIER_WORD,
  FAITH_WORDS,
  FUNCTION_WORD,
  FUNCTION_WORDS,
  GIVEN_NAME,
  LOCATIVES,
  MORE_ORGANISATION_WORDS,
  NAME_PARTICLES,
  NATIONAL_TITLES,
  NATIONALITY_NOUNS,
  OCCUPATIONS,
  ORGANISATION_HEAD,
  ORGANISATION_WORDS,
  SPEECH_VERB,
  TITLE_HEADS,
  TITLE_WORD,
  VESSEL_NOUNS,
  WORK_NOUNS,
} from './lexicon.js';
import { moreGivenNames, peopleNames } from './name-lists.js';
import type { EntityTagging } from './ner.js';
import { lowerCaseWords, type Token } from './tokens.js';
import type { ExtractedPerson, Span } from './types.js';

export interface PersonFinding {
  persons: ExtractedPerson[];
  /** Token indexes that belong to a person's name, so places and quotes can tell. */
  personTokens: Set<number>;
  /** Runs that are organisations or facilities: no place should be read inside them. */
  organisationRuns: TokenRun[];
}

interface Draft {
  name: string;
  nameTokens: string[];
  title: string | null;
  affiliation: Country | null;
  mentions: Span[];
  tokenIndexes: number[];
}

const LOWER_PARTICLES = new Set([...NAME_PARTICLES].map((p) => p.toLowerCase()));

/**
 * "Todd Van Poppel ... Van Poppel", "Filip De Wilde ... De Wilde": a surname that opens with a
 * particle is two words long, so the second pass (which re-names people by their last word) does
 * not reach it, and it is drafted as a person of its own. It is the one person whose full name
 * ends with it, where exactly one does.
 */
function mergeParticleSurnames(drafts: Map<string, Draft>): void {
  const all = [...drafts.entries()];
  for (const [key, short] of all) {
    const n = short.nameTokens.length;
    if (n < 2 || !LOWER_PARTICLES.has(short.nameTokens[0] as string)) continue;
    const longer = all.filter(
      ([other, d]) =>
        other !== key &&
        drafts.has(other) &&
        d.nameTokens.length > n &&
        d.nameTokens.slice(-n).join(' ') === short.nameTokens.join(' '),
    );
    if (longer.length !== 1) continue;
    const full = (longer[0] as [string, Draft])[1];
    for (const m of short.mentions) full.mentions.push(m);
    for (const k of short.tokenIndexes) full.tokenIndexes.push(k);
    full.title ??= short.title;
    full.affiliation ??= short.affiliation;
    drafts.delete(key);
  }
}

/**
 * "Henry T. Caldwell ... Henry Caldwell", "Hillary Rodham Clinton ... Hillary Clinton": a name of
 * two words is the one person whose longer name opens and ends with them (a middle name or
 * initial left out), where exactly one does; with two ("George H. W. Bush" and "George W. Bush")
 * the short name could be either and stays its own. Runs after the second pass, so a surname
 * alone has gone to one of the two already; it is the same person either way.
 */
function mergeMiddleNames(drafts: Map<string, Draft>): void {
  // The longer names by their first and last words: one look-up per short name, so an article of
  // many thousands of names costs no more than one pass.
  const longer = new Map<string, Draft[]>();
  for (const d of drafts.values()) {
    if (d.nameTokens.length <= 2) continue;
    const ends = `${d.nameTokens[0]} ${d.nameTokens[d.nameTokens.length - 1]}`;
    longer.set(ends, [...(longer.get(ends) ?? []), d]);
  }
  if (!longer.size) return;
  for (const [key, short] of [...drafts.entries()]) {
    if (short.nameTokens.length !== 2) continue;
    const fuller = longer.get(short.nameTokens.join(' '));
    if (fuller?.length !== 1) continue;
    const full = fuller[0] as Draft;
    // (A fuller name already renamed by its short form is no short name of its own.)
    if (full === short) continue;
    // The form the story uses more often names the person ("Donald J. Trump" once, then "Donald
    // Trump" throughout); on a tie, the fuller one.
    const uses = (d: Draft) => d.mentions.filter((m) => m.text === d.name).length;
    if (uses(short) > uses(full)) {
      full.name = short.name;
      full.nameTokens = short.nameTokens;
    }
    for (const m of short.mentions) full.mentions.push(m);
    full.mentions.sort((a, b) => a.start - b.start);
    for (const k of short.tokenIndexes) full.tokenIndexes.push(k);
    full.title ??= short.title;
    full.affiliation ??= short.affiliation;
    drafts.delete(key);
  }
}

// Abbreviated titles as the word they stand for, so that "Gov." and "Governor" are one title.
const TITLE_ABBREVIATED: Record<string, string> = {
  gov: 'governor',
  sen: 'senator',
  rep: 'representative',
  pres: 'president',
  gen: 'general',
  dr: 'doctor',
  prof: 'professor',
  capt: 'captain',
  col: 'colonel',
  lt: 'lieutenant',
  adm: 'admiral',
  sgt: 'sergeant',
  supt: 'superintendent',
};

/** The head of a title, lower case and written out ("Gov." and "Governor": "governor"), or null. */
function titleKey(title: string | null): string | null {
  if (!title) return null;
  const words = title.toLowerCase().replace(/\./g, '').split(/\s+/);
  const head = words[words.length - 1] as string;
  // Mr., Mrs. and Ms. say only a gender, which firstNamed reads.
  if (head === 'mr' || head === 'mrs' || head === 'ms' || head === 'miss') return null;
  return TITLE_ABBREVIATED[head] ?? head;
}

function countryAt(tokens: Token[], index: number, gaz: Gazetteer): Country | null {
  const token = tokens[index];
  if (!token?.capitalised) return null;
  const alone = wordPlaces(gaz, token.word);
  if (alone.demonym) return alone.demonym;
  const place = alone.options?.[0];
  if (place?.kind === 'country' && place.countryCode) return gaz.countries.get(place.countryCode) ?? null;
  return null;
}

/**
 * The country a titled person is tied to: a demonym or country word just before the title
 * ("Russian Foreign Minister"), a country that owns the title ("Belarus, whose strongman",
 * "Belarus's strongman"), or the one country a bare national title belongs to.
 */
function affiliationFor(
  tokens: Token[],
  body: string,
  title: TitleRun | null,
  nameFrom: number,
  gaz: Gazetteer,
): Country | null {
  const before = title ? title.from : nameFrom;
  const direct = countryAt(tokens, before - 1, gaz);
  if (direct && tokens[before]?.joinedToPrevious) return direct;
  const owner = tokens[before - 1];
  if (owner?.lower === 'whose') {
    const gap = body.slice(tokens[before - 2]?.end ?? 0, owner.start);
    if (/^\s*,\s*$/.test(gap)) {
      const country = countryAt(tokens, before - 2, gaz);
      if (country) return country;
    }
  }
  if (owner?.possessive) {
    const country = countryAt(tokens, before - 1, gaz);
    if (country) return country;
  }
  if (title) {
    const code = NATIONAL_TITLES[title.key.replace(/^(?:former|acting|then) /, '')];
    if (code) return gaz.countries.get(code) ?? null;
  }
  return null;
}

// Words for a follower or a party member ("Scientologist", "Democrat", "Republican", "Nonpartisan").
const DESCRIPTOR = /^\p{Lu}[\p{Ll}-]+(?:ist|crat|ican|partisan)s?$/u;
// The same in lower case before a name is a cue that a person follows ("nonpartisan Junius Ho");
// verbs that end like them are not.
const LOWER_DESCRIPTOR = /^(?:[\p{Ll}-]{3,}(?:ist|crat|ican)|[\p{Ll}-]*partisan)s?$/u;
/** Words that open a pair ("Neither Lebed nor Maskhadov"), never a name. */
const CORRELATIVES = new Set(['neither', 'either', 'both']);

// Nouns after "the" and a person's name that make the name theirs ("the Marc Dutroux case").
const NAMED_AFTER_A_PERSON = new Set([
  'case',
  'affair',
  'trial',
  'scandal',
  'murder',
  'killing',
  'kidnapping',
  'administration',
  'presidency',
  'era',
  'campaign',
]);
const ENDS_LIKE_DESCRIPTOR = /^(?:in|ex|re|as|per|con|sub)sists?$/u;
// Nouns for a place named after a person ("Charles de Gaulle airport", "Ben Gurion airport").
const NAMED_PLACES = new Set([
  'airport',
  'stadium',
  'bridge',
  'street',
  'avenue',
  'boulevard',
  'square',
  'station',
  'highway',
  'dam',
  'tunnel',
  'memorial',
]);

// The last words of an event's name ("Texas Open", "Nobel Prize"); none is a surname of note.
const NAMED_EVENTS = new Set([
  'Open',
  'Cup',
  'Championship',
  'Championships',
  'Olympics',
  'Games',
  'Prize',
  'Award',
  'Awards',
  'Trophy',
  'Festival',
  'Expo',
  'Prix',
  'Marathon',
  'Rally',
  'Bowl',
  'Medal',
  'Treaty',
  'Summit',
  'Conference',
]);

// "Hurricane Ida", "Typhoon Haiyan", "Storm Ciara": a storm's given name is no person's.
const STORM_WORDS = new Set(['Hurricane', 'Typhoon', 'Cyclone', 'Storm', 'Tropical', 'Superstorm']);

// "James To", "Wilson Or": a surname spelled like a function word, capitalised inside a sentence.
const SHORT_SURNAME = /^\p{Lu}\p{Ll}{1,2}$/u;

const EAST_ASIAN_GIVEN = /^\p{Lu}\p{Ll}{1,5}-\p{L}\p{Ll}{1,5}$/u;

const DETERMINERS = new Set(['the', 'a', 'an', 'his', 'her', 'their', 'its', 'our', 'my', 'your', 'this', 'that']);

/**
 * Whether the token at `noun` is a word for a work with a determiner before it ("her graphic
 * novel", "the film"): most of these words are verbs too ("polls show Joe Biden ahead", "to play
 * Roger Federer"), and a verb says nothing about the name after it.
 */
// "D-Calif.", "R-Texas", "I-Vt.": the party and the state or town of a member of Congress.
const PARTY_TAG = /^[DRI]-\p{Lu}/u;

// The prefixes navies give ships' names ("USS Carl Vinson", "HMS Belfast").
const SHIP_PREFIXES = new Set(['USS', 'HMS', 'HMAS']);

function namesAWork(tokens: Token[], noun: number): boolean {
  if (!WORK_NOUNS.has((tokens[noun] as Token).lower)) return false;
  for (let k = noun - 1; k >= Math.max(0, noun - 3); k--) {
    const t = tokens[k] as Token;
    if (!tokens[k + 1]?.joinedToPrevious) return false;
    if (DETERMINERS.has(t.lower)) return true;
    if (t.capitalised) return false;
  }
  return false;
}

const COMPASS_INITIALS: Record<string, string> = { 'N.': 'north', 'S.': 'south', 'E.': 'east', 'W.': 'west' };

const COMPASS_ADJECTIVES = /^(?:East|West|North|South)ern$/;

const ROMAN_NUMBER = /^X{0,3}(?:IX|IV|V?I{0,3})$/;

/**
 * "Henry VIII", "Pope Benedict XVI", "Louis XIV": a Roman number of two letters or more that ends
 * a name after a word that is no acronym is a monarch's or a pope's number, not an acronym.
 */
function regnalNumber(words: Token[], k: number): boolean {
  const w = words[k] as Token;
  const before = words[k - 1];
  return (
    k === words.length - 1 &&
    before !== undefined &&
    w.text.length >= 2 &&
    ROMAN_NUMBER.test(w.text) &&
    !(before.flags & ACRONYM) &&
    /^\p{Lu}\p{Ll}/u.test(before.text)
  );
}

// Nouns for someone's relation to another, in lower case straight before a name ("his Israeli
// counterpart Yitzhak Mordechai", "her rival Jane Doe"): no title, but a person follows.
const RELATIONS_BEFORE = new Set([
  'counterpart',
  'counterparts',
  'rival',
  'opponent',
  'challenger',
  'successor',
  'predecessor',
  'colleague',
  'wife',
  'husband',
  'widow',
  'son',
  'daughter',
  'brother',
  'sister',
  'mother',
  'nephew',
  'niece',
  'cousin',
]);

// Heads of a role that say a person when they follow a name and a comma; not those a side or a
// firm is also called ("Ajax, the champions", "Fiat, the owner of").
const ROLES_AFTER = new Set(
  [...TITLE_HEADS, ...OCCUPATIONS].filter(
    (w) =>
      ![
        'champion',
        'star',
        'owner',
        'veteran',
        'player',
        'head',
        'leader',
        'producer',
        'publisher',
        'founder',
        'co-founder',
        'speaker',
        'boss',
        'executive',
        'vice',
        'chief',
        'general',
        'major',
        'justice',
        'chair',
      ].includes(w),
  ),
);

/**
 * "Zelimkhan Yandarbiyev, president of the self-declared government", "Jane Doe, a Swiss
 * diplomat,": a name set off by a comma before a role (an article and up to two modifiers, then a
 * role's head and "of", "for", "at", "in" or a stop) is a person's.
 */
function roleFollows(body: string, tokens: Token[], run: TokenRun): boolean {
  const last = tokens[run.to - 1] as Token;
  let k = run.to;
  const first = tokens[k];
  if (!first || first.sentenceIndex !== last.sentenceIndex) return false;
  if (body.slice(last.after, first.start).trim() !== ',') return false;
  if (DETERMINERS.has(first.lower) && !first.capitalised) k++;
  for (let modifiers = 0; modifiers <= 2; modifiers++) {
    const t = tokens[k];
    if (!t || (k > run.to && !t.joinedToPrevious) || t.sentenceIndex !== last.sentenceIndex) return false;
    if (ROLES_AFTER.has(t.lower) && (modifiers > 0 || !t.capitalised || tokens[k + 1]?.lower === 'of')) {
      const next = tokens[k + 1];
      if (!next || next.sentenceIndex !== t.sentenceIndex) return true;
      if (!next.joinedToPrevious) return /^[,.;:]/.test(body.slice(t.end, next.start).trim());
      return ['of', 'for', 'at', 'in', 'with', 'who'].includes(next.lower);
    }
    if (t.flags & FUNCTION_WORD && !t.capitalised) return false;
    k++;
  }
  return false;
}

/**
 * "the Roper Center for Public Opinion Research", "Council on Foreign Relations", "Center for
 * Strategic and International Studies": after an organisation's head word and "for" or "on" (and
 * a field's words and "and"), a name goes on with the body's.
 */
function continuesABody(tokens: Token[], from: number): boolean {
  let k = from - 1;
  if (tokens[k]?.lower === 'and' && tokens[from]?.joinedToPrevious) {
    let words = 0;
    while (k - 1 >= 0 && (tokens[k - 1] as Token).capitalised && (tokens[k] as Token).joinedToPrevious && words < 3) {
      k--;
      words++;
    }
    if (words === 0) return false;
    k--;
  }
  const connector = tokens[k];
  const head = tokens[k - 1];
  return (
    connector !== undefined &&
    head !== undefined &&
    (connector.lower === 'for' || connector.lower === 'on') &&
    tokens[k + 1]?.joinedToPrevious === true &&
    connector.joinedToPrevious &&
    head.capitalised &&
    (head.flags & ORGANISATION_HEAD) !== 0
  );
}

// '"…" ― Jane Doe': a name set after a closing quote mark and a dash signs the quote.
const SIGNS_A_QUOTE = /[”"]\s*(?:[―—–]|--)\s*$/;
// '"…," Malkia Cyril, the director of …, told': the name right after a quote's closing comma,
// set off by another comma, is the speaker's, however long the appositive before the verb.
const AFTER_A_QUOTE = /[,?!]\s*[”"]\s*$/;

function isSpeechVerbNear(body: string, tokens: Token[], run: TokenRun): boolean {
  const after = tokens[run.to];
  const before = tokens[run.from - 1];
  const first = tokens[run.from] as Token;
  return (
    (after !== undefined && (after.flags & SPEECH_VERB) !== 0) ||
    (before !== undefined && (before.flags & SPEECH_VERB) !== 0) ||
    SIGNS_A_QUOTE.test(body.slice(Math.max(before?.after ?? 0, first.start - 8), first.start)) ||
    (AFTER_A_QUOTE.test(body.slice(Math.max(before?.after ?? 0, first.start - 8), first.start)) &&
      body[(tokens[run.to - 1] as Token).after] === ',') ||
    speaksAfterAppositive(body, tokens, run)
  );
}

/**
 * "the team's coach, Alireza Mehraban, said", "Co-founder of Google, Sergey Brin, met": a name set
 * off by commas straight after a role (a title word, or one followed by "of" and a name).
 */
function appositiveToRole(body: string, tokens: Token[], run: TokenRun): boolean {
  const first = tokens[run.from] as Token;
  const last = tokens[run.to - 1] as Token;
  const before = tokens[run.from - 1];
  if (!before || before.sentenceIndex !== first.sentenceIndex) return false;
  if (body.slice(before.after, first.start).trim() !== ',') return false;
  if (!/^[,.;:]/.test(body.slice(last.after, last.after + 3).trimStart())) return false;
  // The role ends right before the comma, or its "of <Name>" does.
  for (let k = run.from - 1; k >= Math.max(0, run.from - 5); k--) {
    const t = tokens[k] as Token;
    if (t.sentenceIndex !== first.sentenceIndex) return false;
    if (TITLE_HEADS.has(t.lower)) return k === run.from - 1 || tokens[k + 1]?.lower === 'of';
    if (k < run.from - 1 && !tokens[k + 1]?.joinedToPrevious) return false;
  }
  return false;
}

/**
 * "councillor Wilson Or", "James To", "Brian May", "illustrator Johnnie Christmas": a given name or
 * a titled word, then a capitalised function word or date word that ends the run, is a name whose
 * surname looks like that word ("May 2016" stays a date, "James. To" two sentences).
 */
function surnameLikeAWordFollows(tokens: Token[], run: TokenRun, personCue: () => boolean): boolean {
  const first = tokens[run.from] as Token;
  const next = tokens[run.to];
  const after = tokens[run.to + 1];
  if (run.to - run.from !== 1 || first.possessive) return false;
  if (!next?.joinedToPrevious || next.sentenceIndex !== first.sentenceIndex) return false;
  if (after?.joinedToPrevious && after.capitalised) return false;
  const functionWord = SHORT_SURNAME.test(next.text) && FUNCTION_WORDS.has(next.lower);
  const dateWord =
    next.capitalised && CALENDAR_WORDS.has(next.lower) && !(after?.joinedToPrevious && /^\p{N}/u.test(after.text));
  return (functionWord || dateWord) && personCue();
}

/**
 * "Tokyo Gas Co said", "Acme Inc": a company's designator as companies write it ends a firm's
 * name, not a person's. "Co" alone needs three words ("Zaldy Co" is a congressman).
 */
function endsWithDesignator(words: Token[]): boolean {
  const last = words[words.length - 1] as Token;
  if (words.length < 2 || !COMPANY_SUFFIXES.has(last.folded)) return false;
  if (last.folded === 'co' || last.folded === 'cos') return words.length >= 3 && /^Cos?\.?$/.test(last.text);
  return (
    /^(?:Inc|Corp|Ltd|Plc|Bhd|Pty|GmbH|SpA)\.?$/.test(last.text) ||
    /^[\p{Lu}.]{2,}$/u.test(last.text) ||
    last.text === 'plc'
  );
}

/**
 * "Statistics Canada said", "Health Canada", "Air France": a word no list knows as a name before a
 * country names that country's agency or carrier ("Michael Jordan", "Mike England" keep their
 * given names).
 */
function namesAnAgency(tokens: Token[], run: TokenRun, gaz: Gazetteer, lowerWords: () => ReadonlySet<string>): boolean {
  if (run.to - run.from !== 2) return false;
  const first = tokens[run.from] as Token;
  const last = tokens[run.from + 1] as Token;
  if (first.flags & (GIVEN_NAME | FUNCTION_WORD) || peopleNames().has(first.folded)) return false;
  if (!/^\p{Lu}\p{Ll}+$/u.test(first.text) || /ly$/.test(first.text)) return false;
  // "Former England captain", "Initially Poland": a word capitalised only for opening a sentence,
  // or before a role the country gives.
  const opensSentence = tokens[run.from - 1]?.sentenceIndex !== first.sentenceIndex;
  if (opensSentence && lowerWords().has(first.lower)) return false;
  const next = tokens[run.to];
  if (next?.joinedToPrevious && next.flags & TITLE_WORD) return false;
  return wordPlaces(gaz, last.word).options?.some((p) => p.kind === 'country') === true;
}

/**
 * "John Park said", "Mary Hall, the director, said", "Governor Tom Church": a given name and a
 * surname that is also a body's or a place's word ("Park", "Hall", "Church", "Court") are a
 * person where a title, a verb of saying or a role says so; "Albert Hall" and "Victoria Park"
 * alone stay the places.
 */
function surnameLikeABodysWord(words: Token[], personCue: () => boolean): boolean {
  if (words.length !== 2) return false;
  const [first, last] = words as [Token, Token];
  if (!(first.flags & GIVEN_NAME) || first.flags & (ANY_ORGANISATION_WORD | ACRONYM)) return false;
  if (!/^\p{Lu}\p{Ll}+$/u.test(first.text) || !/^\p{Lu}\p{Ll}+$/u.test(last.text)) return false;
  if (!peopleNames().has(last.folded)) return false;
  return personCue();
}

// People who work at a body: "analysts at Piper Jaffray", "researchers at Johns Hopkins".
const STAFF_AT = new Set([
  'analysts',
  'economists',
  'strategists',
  'traders',
  'dealers',
  'brokers',
  'researchers',
  'scientists',
  'engineers',
  'executives',
  'employees',
  'workers',
  'officials',
  'doctors',
  'lawyers',
  'analyst',
  'economist',
  'strategist',
  'researcher',
  'scientist',
]);

/** Whether the run at `from` follows "at" after a word for people who work somewhere. */
function employsStaff(tokens: Token[], from: number): boolean {
  const at = tokens[from - 1];
  const staff = tokens[from - 2];
  return (
    at?.lower === 'at' &&
    (tokens[from] as Token).joinedToPrevious &&
    at.joinedToPrevious &&
    staff !== undefined &&
    STAFF_AT.has(staff.lower)
  );
}

const RELATION_VERBS = new Set([
  'replaced',
  'replaces',
  'succeeded',
  'succeeds',
  'defeated',
  'defeats',
  'beat',
  'beats',
  'beaten',
  'unseated',
  'ousted',
  'substituted',
  'relieved',
]);

/** How clearly the tagger must call a capitalised run a person for that alone to make it one. */
const TAGGED_PERSON_MARGIN = 10;

const AUXILIARIES = new Set(['has', 'had', 'have', 'was', 'is', 'also', 'later', 'then', 'again']);

/** "Hernan Dario Gomez, Panama coach, said": a short appositive between the name and the verb. */
function speaksAfterAppositive(body: string, tokens: Token[], run: TokenRun): boolean {
  const last = tokens[run.to - 1];
  if (!last || body[last.after] !== ',') return false;
  const sentence = last.sentenceIndex;
  for (let k = run.to + 1; k < Math.min(run.to + 15, tokens.length); k++) {
    const t = tokens[k] as Token;
    if (t.sentenceIndex !== sentence) return false;
    if (!t.joinedToPrevious) {
      if (body[(tokens[k - 1] as Token).after] !== ',') return false;
      // "…, has claimed", "…, also said": an auxiliary or an adverb may come first.
      const verb = AUXILIARIES.has(t.lower) ? tokens[k + 1] : t;
      return verb !== undefined && verb.sentenceIndex === sentence && (verb.flags & SPEECH_VERB) !== 0;
    }
  }
  return false;
}

/**
 * "Moscow said", "Washington said", "defending champion Spain": a country, a people or a city of
 * note alone speaks for its government or its side, not as a person.
 */
function namesAPlace(word: Token, gaz: Gazetteer): boolean {
  const places = wordPlaces(gaz, word.word);
  if (places.demonym) return true;
  return places.options?.some((p) => p.kind !== 'city' || p.major || p.population >= 100_000) === true;
}
/**
 * People: a capitalised run that a title introduces, that opens with a known given name, or
 * that speaks; then every later run that repeats the full name or the surname of exactly one of
 * them, with or without a title ("Secretary Blinken", "Lavrov's").
 */
export function findPersons(
  body: string,
  tokens: Token[],
  titles: TitleRun[],
  runs: TokenRun[],
  gaz: Gazetteer,
  tagging: EntityTagging | null = null,
  lowerWords: () => ReadonlySet<string> = lowerCaseWords(tokens),
): PersonFinding {
  const titleEndingAt = new Map<number, TitleRun>();
  const titleStartingAt = new Set<number>();
  for (const title of titles) {
    titleEndingAt.set(title.to, title);
    titleStartingAt.add(title.from);
  }
  const drafts = new Map<string, Draft>();
  const organisationRuns: TokenRun[] = [];
  const pending: { run: TokenRun; title: TitleRun | null }[] = [];

  // A person first known from one run: its words are the name, the title before it is theirs.
  const draftOf = (run: TokenRun, title: TitleRun | null): Draft => ({
    name: tokensText(tokens, run.from, run.to),
    nameTokens: tokens.slice(run.from, run.to).map((w) => w.folded),
    title: titleText(title),
    affiliation: affiliationFor(tokens, body, title, run.from, gaz) ?? jurisdictionCountry(title),
    mentions: [],
    tokenIndexes: [],
  });
  // "Governor of Oregon": the title is "Governor", the place stays a place (and gives the country);
  // "Minister of Health" keeps its portfolio.
  const jurisdictionPlace = (title: TitleRun | null) =>
    title?.jurisdiction
      ? gaz.byName.get(foldedText(tokens, title.jurisdiction.from, title.jurisdiction.to))
      : undefined;
  function titleText(title: TitleRun | null): string | null {
    if (!title) return null;
    return jurisdictionPlace(title) && title.head ? title.head : title.text;
  }
  function jurisdictionCountry(title: TitleRun | null): Country | null {
    const place = jurisdictionPlace(title)?.[0];
    return place?.countryCode ? (gaz.countries.get(place.countryCode) ?? null) : null;
  }
  const addMention = (draft: Draft, run: TokenRun) => {
    const first = tokens[run.from] as Token;
    const last = tokens[run.to - 1] as Token;
    draft.mentions.push({ start: first.start, end: last.end, text: body.slice(first.start, last.end) });
    for (let k = run.from; k < run.to; k++) draft.tokenIndexes.push(k);
  };

  // "Johnson Controls Inc ... Magna, Johnson Controls and Lear": a firm named once with its
  // designator is the same firm without it.
  const firmStems = new Set<string>();
  for (const run of runs) {
    const last = tokens[run.to - 1] as Token;
    if (run.to - run.from >= 3 && COMPANY_SUFFIXES.has(last.folded))
      firmStems.add(foldedText(tokens, run.from, run.to - 1));
  }

  // "Refugee Council Enver Solomon": an organisation's name runs straight into a person's. The
  // run is cut after the organisation word when two or more name-like words follow it.
  const cutRuns: TokenRun[] = [];
  for (const run of runs) {
    let cut = -1;
    for (let k = run.from; k < run.to - 2; k++) {
      if ((tokens[k] as Token).flags & ANY_ORGANISATION_WORD) cut = k + 1;
    }
    const rest = cut > 0 ? tokens.slice(cut, run.to) : [];
    if (cut > 0 && rest.length <= 4 && !rest.some((t) => t.flags & ANY_ORGANISATION_WORD)) {
      organisationRuns.push({ from: run.from, to: cut });
      cutRuns.push({ from: cut, to: run.to });
    } else cutRuns.push(run);
  }

  const moreGiven = moreGivenNames();
  // "Donald Trump", "Zinedine Zidane": a given name of the wider lists opens a name too, where the
  // article does not use the word as a word.
  const widerGivenName = (t: Token) =>
    moreGiven.has(t.folded) &&
    !(t.flags & (TITLE_WORD | FUNCTION_WORD | CALENDAR_WORD | ANY_ORGANISATION_WORD)) &&
    /^\p{Lu}\p{Ll}+$/u.test(t.text) &&
    !lowerWords().has(t.lower);
  // "Hong Kong Open", "Atlas Bangladesh", "Duran Duran": a run that opens with a place of two
  // words or more, ends with a country or repeats its word is no name that a given name of the
  // wider lists opens.
  const placeBound = (run: TokenRun) => {
    const first = tokens[run.from] as Token;
    // ("Duran Duran": a band's name said twice.)
    if ((tokens[run.to - 1] as Token).folded === first.folded) return true;
    if (wordPlaces(gaz, first.word).longest >= 2 && gaz.byName.has(foldedText(tokens, run.from, run.from + 2)))
      return true;
    const last = wordPlaces(gaz, (tokens[run.to - 1] as Token).word);
    return last.options?.some((p) => p.kind === 'country') === true || last.demonym !== undefined;
  };

  for (const original of cutRuns) {
    const run = { ...original };
    // "Schroder Wertheim & Co", "Marks & Spencer": names joined by an ampersand are a firm's.
    const ampersandAfter =
      tokens[run.to] &&
      /^\s*&\s*$/.test(body.slice((tokens[run.to - 1] as Token).after, (tokens[run.to] as Token).start));
    const ampersandBefore =
      run.from > 0 &&
      /^\s*&\s*$/.test(body.slice((tokens[run.from - 1] as Token).after, (tokens[run.from] as Token).start));
    // ("Paris & London" stay two places.)
    if ((ampersandAfter || ampersandBefore) && !gaz.byName.has(foldedText(tokens, run.from, run.to))) {
      organisationRuns.push(original);
      continue;
    }
    // "Rep. Nancy Pelosi, D-San Francisco": a party's letter and a state or a town is no name.
    if (PARTY_TAG.test((tokens[run.from] as Token).text)) continue;
    // "her novel Angel Catbird": a name after a word for a work is that work's title; "the
    // aircraft carrier Carl Vinson", "USS Harry S. Truman": one after a vessel's is the vessel's.
    const before = tokens[run.from - 1];
    if (
      before &&
      tokens[run.from]?.joinedToPrevious &&
      (namesAWork(tokens, run.from - 1) || VESSEL_NOUNS.has(before.text) || SHIP_PREFIXES.has(before.text))
    ) {
      organisationRuns.push(original);
      continue;
    }
    if (
      surnameLikeAWordFollows(
        tokens,
        run,
        () => titleEndingAt.has(run.from) || ((tokens[run.from]?.flags ?? 0) & GIVEN_NAME) !== 0,
      )
    )
      run.to++;
    // A run that is a place name as a whole ("Mexico City", "South Korea") is no one's name, and
    // its first word is not a nationality to peel off.
    const wholeFrom = run.from;
    const wholeName = foldedText(tokens, run.from, run.to);
    if (
      run.to - run.from > 1 &&
      mayNameAPlace(gaz, tokens, run.from, run.to) &&
      gaz.byName.has(wholeName) &&
      !(tokens[run.from]?.joinedToPrevious && titleEndingAt.has(run.from))
    ) {
      continue;
    }
    if (firmStems.has(wholeName) || namesAnAgency(tokens, run, gaz, lowerWords) || employsStaff(tokens, run.from)) {
      organisationRuns.push(original);
      continue;
    }
    // "Goldman Sachs", "Red Cross": a known organisation shaped like a person's name is the body;
    // a one-word one that is also a surname ("Ford said") is left to the rules.
    if (knownOrganization(wholeName) && (run.to - run.from > 1 || !peopleNames().has(wholeName))) {
      organisationRuns.push(original);
      continue;
    }
    // Peel a leading nationality off "Russian Vladimir Putin" or "US Antony Blinken".
    let leadingCountry: Country | null = null;
    while (run.to - run.from > 1) {
      // "Dane Christian Eriksen": a noun for a people's member, before a name of two words or
      // more ("Dane Cook" keeps his given name).
      const opening = tokens[run.from] as Token;
      // "Chad Curtis", "Jordan Henderson", "Dominique Baratelli": a given name that is also a
      // country's name (or its name in another language) opens a name of two words.
      if (opening.flags & GIVEN_NAME && run.to - run.from === 2 && !wordPlaces(gaz, opening.word).demonym) break;
      const noun = NATIONALITY_NOUNS[opening.text];
      const country =
        countryAt(tokens, run.from, gaz) ?? (noun && run.to - run.from >= 3 ? (gaz.countries.get(noun) ?? null) : null);
      if (!country) break;
      leadingCountry = country;
      run.from++;
    }
    // "Scientologist Tom Cruise", "Pan-democrat Lam Cheuk-ting": a word for a follower or a party
    // member comes before the name.
    if (
      run.to - run.from >= 3 &&
      DESCRIPTOR.test((tokens[run.from] as Token).text) &&
      !((tokens[run.from] as Token).flags & GIVEN_NAME)
    ) {
      run.from++;
    }
    // "Broker Khurshid Alam said" where the story also writes "said broker Shakil Rizvi";
    // "Neither Lebed nor Maskhadov": a sentence's first word is capitalised for its place alone,
    // and a word the article writes in lower case, or a correlative, is no part of the name.
    const opening = tokens[run.from] as Token;
    if (
      run.from === original.from &&
      run.to - run.from >= 2 &&
      tokens[run.from - 1]?.sentenceIndex !== opening.sentenceIndex &&
      !(opening.flags & GIVEN_NAME) &&
      (CORRELATIVES.has(opening.lower) ||
        (run.to - run.from >= 3 &&
          (lowerWords().has(opening.lower) ||
            // "Fullback Andre Joubert": a word no list knows as a name, before a given name.
            ((tokens[run.from + 1] as Token).flags & GIVEN_NAME &&
              // ("Aravinda de Silva": a particle opens a surname, not a given name.)
              !NAME_PARTICLES.has((tokens[run.from + 1] as Token).text) &&
              !peopleNames().has(opening.folded)))))
    ) {
      run.from++;
    }
    const words = tokens.slice(run.from, run.to);
    const folded = run.from === wholeFrom ? wholeName : foldedText(tokens, run.from, run.to);
    const title = tokens[run.from]?.joinedToPrevious ? (titleEndingAt.get(run.from) ?? null) : null;
    const precededByThe = tokens[original.from - 1]?.lower === 'the' && tokens[original.from]?.joinedToPrevious;
    const alone = run.to - run.from === 1 ? wordPlaces(gaz, (tokens[run.from] as Token).word) : null;
    const isPlace = alone
      ? alone.options !== undefined || alone.demonym !== undefined
      : mayNameAPlace(gaz, tokens, run.from, run.to) && (gaz.byName.has(folded) || gaz.demonyms.has(folded));
    // Romanised Chinese and Korean names: a short family name, then a hyphenated given name
    // ("Leung Kwok-hung", "Park Joo-Ho"); the family name may look like a word ("Park").
    const romanisedEastAsian =
      words.length === 2 &&
      /^\p{Lu}\p{Ll}{1,5}$/u.test((words[0] as Token).text) &&
      EAST_ASIAN_GIVEN.test((words[1] as Token).text);
    // "Charles de Gaulle airport", "the Greater Milwaukee Open", "Bosnian Serb": a name that a
    // place's noun follows is the place's, one that ends in an event's word is the event's, and
    // words for peoples alone name no one.
    if (NAMED_EVENTS.has((words[words.length - 1] as Token).text) || STORM_WORDS.has((words[0] as Token).text)) {
      organisationRuns.push(original);
      continue;
    }
    if (run.from === original.from && continuesABody(tokens, run.from)) {
      organisationRuns.push(original);
      continue;
    }
    const next = tokens[run.to];
    if (
      (!isPlace && next?.joinedToPrevious && !next.capitalised && NAMED_PLACES.has(next.lower)) ||
      words.every((w) => wordPlaces(gaz, w.word).demonym !== undefined || w.text in NATIONALITY_NOUNS) ||
      // "Hong Kong-listed": a run the first part of a compound modifier ends is no one's name.
      (next?.joinedToPrevious && next.capitalised && next.flags & COMPOUND_MODIFIER_WORD) ||
      // "N. Carolina", "S. Dakota": a place's compass point shortened.
      (words.length >= 2 &&
        (words[0] as Token).text in COMPASS_INITIALS &&
        gaz.byName.has(`${COMPASS_INITIALS[(words[0] as Token).text]} ${foldedText(tokens, run.from + 1, run.to)}`)) ||
      // "Roman Catholic", "Far Eastern": a faith's or a compass region's adjective ends no name.
      FAITH_WORDS.has((words[words.length - 1] as Token).lower) ||
      COMPASS_ADJECTIVES.test((words[words.length - 1] as Token).text)
    )
      continue;
    if (
      !isPlace &&
      !romanisedEastAsian &&
      (words.some((w, k) => w.flags & (ANY_ORGANISATION_WORD | ACRONYM) && !regnalNumber(words, k)) ||
        endsWithDesignator(words)) &&
      !surnameLikeABodysWord(
        words,
        () => title !== null || isSpeechVerbNear(body, tokens, run) || appositiveToRole(body, tokens, run),
      )
    ) {
      organisationRuns.push(original);
      continue;
    }
    // People do not take an article: "the United States", "the Kremlin".
    // People do not take an article, but "the Marc Dutroux case" names one: a given name and a
    // surname before a noun for what befell them or what they led.
    const ofAPerson =
      words.length >= 2 &&
      ((words[0] as Token).flags & GIVEN_NAME) !== 0 &&
      tokens[run.to]?.joinedToPrevious === true &&
      NAMED_AFTER_A_PERSON.has((tokens[run.to] as Token).text);
    if (precededByThe && !title && !ofAPerson) continue;
    if (words.every((w) => CALENDAR_WORDS.has(w.lower))) continue;
    // "North America", "Western Europe": a compass word opens the name of a region, not a person's.
    if (!title && words.length >= 2 && COMPASS_WORDS.has((words[0] as Token).lower)) continue;
    if (isPlace && !title) {
      // "Paris also claims …" after "Valeska Paris": a place name alone may be the surname of a
      // person the article has named; the second pass decides. "in Paris" stays the place.
      const previous = tokens[run.from - 1];
      if (words.length === 1 && !(previous && (LOCATIVES.has(previous.lower) || previous.lower === 'of')))
        pending.push({ run, title });
      continue;
    }
    const first = words[0] as Token;
    const startsWithGivenName =
      words.length >= 2 && ((first.flags & GIVEN_NAME) !== 0 || (widerGivenName(first) && !placeBound(run)));
    // "K. Spiring 130 not out", "P. DeFreitas 4-70": an initial and a surname that no place has.
    const initialled =
      words.length >= 2 &&
      words.length <= 3 &&
      /^\p{Lu}\.$/u.test(first.text) &&
      words
        .slice(1)
        .every(
          (w) =>
            /^\p{Lu}\p{Ll}/u.test(w.text) &&
            wordPlaces(gaz, w.word).options === undefined &&
            !gaz.stateAbbreviations.has(w.folded),
        );
    const descriptorBefore =
      before !== undefined &&
      run.from === original.from &&
      tokens[run.from]?.joinedToPrevious === true &&
      ((LOWER_DESCRIPTOR.test(before.text) && !ENDS_LIKE_DESCRIPTOR.test(before.text)) ||
        RELATIONS_BEFORE.has(before.text));
    if (
      words.length >= 2 &&
      (title ||
        descriptorBefore ||
        startsWithGivenName ||
        initialled ||
        romanisedEastAsian ||
        isSpeechVerbNear(body, tokens, run) ||
        appositiveToRole(body, tokens, run) ||
        roleFollows(body, tokens, run) ||
        // Asked last: the tagger decodes the run's stretch only when no rule has decided. A
        // person's surname before a word names a thing of theirs ("Warhol Polaroid"), not someone.
        (tagging?.personEnd(run.from, TAGGED_PERSON_MARGIN) === run.to &&
          ![...drafts.values()].some((d) => d.nameTokens[d.nameTokens.length - 1] === (words[0] as Token).folded)))
    ) {
      let draft = drafts.get(folded);
      if (!draft) {
        draft = draftOf(run, title);
        drafts.set(folded, draft);
      } else {
        draft.title ??= titleText(title);
        draft.affiliation ??= affiliationFor(tokens, body, title, run.from, gaz);
      }
      draft.affiliation ??= leadingCountry;
      addMention(draft, run);
    } else {
      pending.push({ run, title });
    }
  }

  // A full name with no title and no known given name is still a person when its last word also
  // stands alone elsewhere ("Hamdullah Mohib ... Mohib said"): people are re-named by surname,
  // organisations and places are not.
  const lone = new Set<string>();
  for (const { run } of pending) {
    const word = tokens[run.from] as Token;
    if (run.to - run.from === 1 && wordPlaces(gaz, word.word).options === undefined) lone.add(word.folded);
  }
  // "Warhol Polaroid exhibits": a known person's surname before a word names a thing of theirs.
  const surnames = new Set<string>();
  for (const draft of drafts.values()) surnames.add(draft.nameTokens[draft.nameTokens.length - 1] as string);
  for (let i = pending.length - 1; i >= 0; i--) {
    const { run, title } = pending[i] as (typeof pending)[number];
    const words = tokens.slice(run.from, run.to);
    if (words.length < 2 || words.length > 4) continue;
    const last = words[words.length - 1] as Token;
    const folded = foldedText(tokens, run.from, run.to);
    if (!lone.has(last.folded) || drafts.has(folded) || words.some((w) => FUNCTION_WORDS.has(w.lower))) continue;
    if (surnames.has((words[0] as Token).folded)) continue;
    const draft = draftOf(run, title);
    drafts.set(folded, draft);
    pending.splice(i, 1);
    addMention(draft, run);
  }

  // "with Romelu Lukaku, Yannick Carrasco, and Dries Mertens": a full name listed next to a
  // person is one too. Left to right, then right to left, so a list is taken from either end.
  const named = new Set<number>();
  for (const draft of drafts.values()) for (const k of draft.tokenIndexes) named.add(k);
  // A full name repeated is only attached to its person later, but it names one already.
  for (const { run } of pending) {
    const key = foldedText(tokens, run.from, run.to);
    if (run.to - run.from > 1 && drafts.has(key)) for (let k = run.from; k < run.to; k++) named.add(k);
  }
  const listed = (from: number, to: number, other: number) => {
    const [a, b] =
      other < from
        ? [tokens[other] as Token, tokens[from] as Token]
        : [tokens[to - 1] as Token, tokens[other] as Token];
    return (
      named.has(other) &&
      a.sentenceIndex === b.sentenceIndex &&
      /^\s*(?:,\s*(?:and\s+)?|and\s+)$/.test(body.slice(a.after, b.start))
    );
  };
  const neighbour = (k: number, step: number) => (tokens[k]?.lower === 'and' ? k + step : k);
  // "Nacer Chadli replaced Axel Witsel", "… was injured and replaced by Farouk Ben Mustapha": one
  // side of a replacement or a defeat is a person when the other is.
  const related = (run: TokenRun) => {
    const sentence = (tokens[run.from] as Token).sentenceIndex;
    const verb = tokens[run.to];
    const object = tokens[run.to + 1];
    if (
      verb?.joinedToPrevious &&
      RELATION_VERBS.has(verb.lower) &&
      object?.joinedToPrevious &&
      object.sentenceIndex === sentence &&
      named.has(run.to + 1)
    )
      return true;
    const by = tokens[run.from - 1];
    const passive = tokens[run.from - 2];
    if (by?.lower !== 'by' || !passive || !RELATION_VERBS.has(passive.lower) || !by.joinedToPrevious) return false;
    // The person replaced is the clause's subject, within a few dozen words.
    for (let k = run.from - 3; k >= Math.max(0, run.from - 40) && (tokens[k] as Token).sentenceIndex === sentence; k--)
      if (named.has(k)) return true;
    return false;
  };
  const listedAsPerson = new Set<(typeof pending)[number]>();
  for (const order of [1, -1]) {
    const list = order === 1 ? [...pending] : [...pending].reverse();
    for (const entry of list) {
      if (listedAsPerson.has(entry)) continue;
      const { run, title } = entry;
      const words = tokens.slice(run.from, run.to);
      if (words.length < 2 || words.length > 3) continue;
      if (
        !words.every(
          (w) =>
            /^\p{Lu}\p{Ll}+$/u.test(w.text) &&
            !FUNCTION_WORDS.has(w.lower) &&
            !ORGANISATION_WORDS.has(w.lower.replace(/s$/, '')) &&
            !MORE_ORGANISATION_WORDS.has(w.lower.replace(/s$/, '')),
        )
      )
        continue;
      const folded = foldedText(tokens, run.from, run.to);
      if (drafts.has(folded) || gaz.byName.has(folded)) continue;
      // "Raymond Chan of People Power, and …": what follows "of" belongs to the name before it.
      if (['of', 'from', 'at'].includes(tokens[run.from - 1]?.lower ?? '')) continue;
      const left = neighbour(run.from - 1, -1);
      const right = neighbour(run.to, 1);
      if (!listed(run.from, run.to, left) && !listed(run.from, run.to, right) && !related(run)) continue;
      const draft = draftOf(run, title);
      drafts.set(folded, draft);
      addMention(draft, run);
      for (let k = run.from; k < run.to; k++) named.add(k);
      listedAsPerson.add(entry);
    }
  }

  if (listedAsPerson.size) {
    const rest = pending.filter((entry) => !listedAsPerson.has(entry));
    pending.length = 0;
    for (const entry of rest) pending.push(entry);
  }

  // Mr./Mrs. before a shared surname say which of the family is meant.
  const honorificGender = (run: TokenRun): Gender | null => {
    const before = tokens[run.from - 1]?.lower.replace(/\.$/, '');
    if (before === 'mr') return 'male';
    if (before === 'mrs' || before === 'ms' || before === 'miss') return 'female';
    return null;
  };
  // "Clinton" in a story of Hillary and Bill Clinton: the one named in full first, before it, is
  // the story's (news brings family and namesakes in later by full name); else the next one named.
  const firstNamed = (candidates: Draft[], run: TokenRun): Draft | null => {
    const at = (tokens[run.from] as Token).start;
    const wanted = honorificGender(run);
    const fitting = wanted
      ? candidates.filter((c) => givenNameGender(c.nameTokens[0] as string) !== (wanted === 'male' ? 'female' : 'male'))
      : candidates;
    let chosen: Draft | null = null;
    let chosenAt = Number.POSITIVE_INFINITY;
    let after: Draft | null = null;
    let afterAt = Number.POSITIVE_INFINITY;
    for (const c of fitting) {
      const full = c.mentions.find((m) => m.text.indexOf(' ') >= 0);
      if (!full) continue;
      if (full.start < at && full.start < chosenAt) {
        chosen = c;
        chosenAt = full.start;
      } else if (full.start > at && full.start < afterAt) {
        after = c;
        afterAt = full.start;
      }
    }
    return chosen ?? after ?? (fitting.length === 1 ? (fitting[0] as Draft) : null);
  };
  // "President George Vance and his son, Gov. Jeb Vance … Gov. Vance said": a title before a
  // shared surname names the one of them who was given that title, where exactly one was.
  const sameTitle = (candidates: Draft[], title: TitleRun | null): Draft | null => {
    const wanted = titleKey(title?.text ?? null);
    if (!wanted) return null;
    const titled = candidates.filter((c) => titleKey(c.title) === wanted);
    return titled.length === 1 ? (titled[0] as Draft) : null;
  };
  const names = peopleNames();
  const speaksAlone = (run: TokenRun): boolean => {
    const word = tokens[run.from] as Token;
    if (!/^\p{Lu}\p{Ll}+(?:-\p{Lu}\p{Ll}+)?$/u.test(word.text)) return false;
    if (word.flags & (FUNCTION_WORD | CALENDAR_WORD | ANY_ORGANISATION_WORD | ACRONYM | TITLE_WORD)) return false;
    if (tokens[run.from - 1]?.lower === 'the') return false;
    // "Analysts said", "Interfax said": only a word known as a name speaks as a person alone.
    if (!names.has(word.folded) || lowerWords().has(word.lower)) return false;
    // A capital at a sentence's start says nothing: there the word must be the verb's subject.
    const previous = tokens[run.from - 1];
    const opensSentence = !previous || previous.sentenceIndex !== word.sentenceIndex;
    if (
      opensSentence &&
      !(tokens[run.to]?.joinedToPrevious && (tokens[run.to] as Token).flags & SPEECH_VERB) &&
      !speaksAfterAppositive(body, tokens, run)
    )
      return false;
    if (namesAPlace(word, gaz)) return false;
    // "said Eagles owner Jeffrey Lurie": a word before a role and a name is the body they serve.
    if (titleStartingAt.has(run.to) && tokens[run.to]?.joinedToPrevious) return false;
    return isSpeechVerbNear(body, tokens, run);
  };

  // Second pass: surnames and repeated names point at the one person they can mean.
  const bySurname = new Map<string, Draft[]>();
  for (const draft of drafts.values()) {
    const surname = draft.nameTokens[draft.nameTokens.length - 1] as string;
    bySurname.set(surname, [...(bySurname.get(surname) ?? []), draft]);
  }
  const byFirstName = new Map<string, Draft[]>();
  for (const draft of drafts.values()) {
    const given = draft.nameTokens[0] as string;
    if (draft.nameTokens.length >= 2) byFirstName.set(given, [...(byFirstName.get(given) ?? []), draft]);
  }
  for (const { run, title } of pending) {
    const words = tokens.slice(run.from, run.to);
    const folded = foldedText(tokens, run.from, run.to);
    const lastWord = (words[words.length - 1] as Token).folded;
    // "Rival Hillary Clinton had mocked …": a capitalised word glued before a full name the article
    // gives is the sentence's opening or a description, not part of the name.
    if (words.length >= 3 && !drafts.has(folded)) {
      let k = run.from + 1;
      while (k <= run.to - 2 && !drafts.has(foldedText(tokens, k, run.to))) k++;
      if (k <= run.to - 2) {
        addMention(drafts.get(foldedText(tokens, k, run.to)) as Draft, { from: k, to: run.to });
        continue;
      }
    }
    let candidates = drafts.get(folded) ? [drafts.get(folded) as Draft] : (bySurname.get(lastWord) ?? []);
    // "Wang said" after "Wang Yi", "Park" after "Park Ji-sung": names that put the family name
    // first are re-named by their first word.
    if (!candidates.length && words.length === 1 && speaksAlone(run)) candidates = byFirstName.get(lastWord) ?? [];
    if (candidates.length === 1 && (words.length === 1 || candidates[0]?.nameTokens.join(' ') === folded)) {
      const draft = candidates[0] as Draft;
      draft.title ??= title?.text ?? null;
      addMention(draft, run);
    } else if (candidates.length > 1 && words.length === 1) {
      const draft = sameTitle(candidates, title) ?? firstNamed(candidates, run);
      if (draft) addMention(draft, run);
    } else if (
      candidates.length === 0 &&
      words.length === 1 &&
      ((title && !namesAPlace(words[0] as Token, gaz)) || speaksAlone(run))
    ) {
      // A titled surname never given in full ("Foreign Minister Lavrov") is still a person, and so
      // is a surname that speaks ("Cruz said"), unless it names a country or a city of note.
      const draft = draftOf(run, title);
      drafts.set(folded, draft);
      bySurname.set(lastWord, [draft]);
      addMention(draft, run);
    }
  }

  mergeParticleSurnames(drafts);
  mergeMiddleNames(drafts);

  const personTokens = new Set<number>();
  const persons: ExtractedPerson[] = [];
  for (const draft of drafts.values()) {
    // However it was found, a name of one word that is a country, a people or a city of note,
    // never given in full, is that place or its side ("defending champion Spain").
    const only = draft.nameTokens.length === 1 ? tokens[draft.tokenIndexes[0] ?? -1] : undefined;
    if (only && namesAPlace(only, gaz)) continue;
    for (const k of draft.tokenIndexes) personTokens.add(k);
    draft.mentions.sort((a, b) => a.start - b.start);
    persons.push({
      key: foldName(draft.name),
      name: draft.name,
      title: draft.title,
      affiliation: draft.affiliation?.name ?? null,
      affiliationCode: draft.affiliation?.code ?? null,
      organization: null,
      mentions: draft.mentions,
    });
  }
  persons.sort((a, b) => (a.mentions[0]?.start ?? 0) - (b.mentions[0]?.start ?? 0));
  return { persons, personTokens, organisationRuns };
}
