import { foldedText, type TitleRun, type TokenRun } from './chunks.js';
import { type Country, type Gazetteer, mayNameAPlace, wordPlaces } from './gazetteer.js';
import { knownOrganization, knownOrganizationAt } from './known-organizations.js';
import {
  ACRONYM_SHAPED,
  CALENDAR_WORD,
  CAPITALS_ONLY,
  CLUB_CONTEXT_AFTER,
  CLUB_CONTEXT_BEFORE,
  CLUB_WORDS,
  COMPANY_SUFFIXES,
  EVENT_WORDS,
  FUNCTION_WORD,
  GIVEN_NAME,
  HEADS_BEFORE_OF,
  INTERNATIONAL_WORDS,
  LOCATIVES,
  ORGANISATION_HEAD,
  ORGANISATION_HEADS,
  SIDE_NOUNS,
  SPEECH_VERB,
  SPORTS_WORD,
  STANDALONE_INSTITUTIONS,
  STARTS_WITH_DIGIT,
  TITLE_HEADS,
  TITLE_MODIFIERS,
} from './lexicon.js';
import { peopleNames } from './name-lists.js';
import { type EntityTagging, NAME_OVER_PLACE_MARGIN, type TaggedEntity } from './ner.js';
import { lowerCaseWords, type Token } from './tokens.js';
import type { ExtractedOrganization, ExtractedPerson, ExtractedPlace, OrganizationKind, Span } from './types.js';

/** What the organisation step found, and which tokens it took, so places and people can leave them. */
export interface OrganizationFinding {
  organizations: ExtractedOrganization[];
  /** 1 where a token belongs to an organisation's mention. */
  organizationTokens: Uint8Array;
  /** Whether the story reports a match: a place named for a side there is a club. */
  sports: boolean;
}

interface Draft {
  key: string;
  name: string;
  acronym: string | null;
  kind: OrganizationKind;
  countryCode: string | null;
  mentions: Span[];
  /** Folded forms that name it alone later: its acronym, its name without "Inc", a club's town. */
  aliases: string[];
}

// Words that join two capitalised parts of one organisation's name: "Bank of Canada", "Council on
// American-Islamic Relations", "Banco de Mexico".
const CONNECTORS = new Set(['of', 'for', 'on', 'de', 'du', 'des', 'del', 'di', 'da', 'der', 'für', 'and', 'in']);
// Connectors an acronym in brackets must confirm ("Organisation for Security and Cooperation in
// Europe (OSCE)"): without one, "the Bank of England and Barclays" would be one name.
const WEAK_CONNECTORS = new Set(['and', 'in']);

const INDEX_WORDS = new Set(['index', 'average', 'composite']);

const ADVERB = /^\p{Lu}\p{Ll}{2,}ly$/u;

/** A word in capitals that may be an organisation's acronym ("NATO", "U.N.", "FIFA"). */
function acronymLike(token: Token): boolean {
  return (token.flags & ACRONYM_SHAPED) !== 0;
}

/**
 * "Chipper Jones", "K. Spiring", "Randall", "We've": a given name or an initial opening a name, a
 * given name alone, or a contraction, which a side's or a firm's name never is.
 */
function looksLikeAPersonsName(words: Token[], givenNameAlone = true): boolean {
  const first = words[0] as Token;
  if (words.length === 1) return (givenNameAlone && (first.flags & GIVEN_NAME) !== 0) || /['’]/.test(first.text);
  return (first.flags & GIVEN_NAME) !== 0 || /^\p{Lu}\.$/u.test(first.text);
}

// Words that qualify a person's role before a name ("Former Wallaby", "Defending champion").
const ROLE_QUALIFIERS = new Set(['former', 'ex', 'late', 'acting', 'defending', 'reigning', 'outgoing', 'interim']);

// Common nouns that, straight after a capitalised name, say what it is ("Le Matin newspaper",
// "Itar-Tass news agency", "First Union bank"), and those that do so straight before it ("the
// official newspaper Granma", "telecoms operator Unicom", "pressure group Human Rights Watch").
const DESCRIBED_AFTER = new Map<string, OrganizationKind>([
  ['newspaper', 'media'],
  ['newspapers', 'media'],
  ['daily', 'media'],
  ['weekly', 'media'],
  ['magazine', 'media'],
  ['television', 'media'],
  ['broadcaster', 'media'],
  ['firm', 'company'],
  ['bank', 'company'],
  ['airline', 'company'],
  ['conglomerate', 'company'],
  ['brokerage', 'company'],
  ['party', 'political_party'],
]);
const DESCRIBED_BEFORE = new Map<string, OrganizationKind>([
  ['newspaper', 'media'],
  ['daily', 'media'],
  ['weekly', 'media'],
  ['magazine', 'media'],
  ['journal', 'media'],
  ['publication', 'media'],
  ['broadcaster', 'media'],
  ['firm', 'company'],
  ['company', 'company'],
  ['group', 'other'],
  ['operator', 'company'],
  ['carrier', 'company'],
  ['airline', 'company'],
  ['insurer', 'company'],
  ['retailer', 'company'],
  ['conglomerate', 'company'],
  ['club', 'sports_club'],
  ['side', 'sports_club'],
]);

// Plural nouns for firms that a list of their names may follow ("firms including ...").
const FIRM_NOUNS = new Set([
  'companies',
  'firms',
  'carmakers',
  'automakers',
  'banks',
  'lenders',
  'insurers',
  'airlines',
  'carriers',
  'retailers',
  'brokerages',
  'publishers',
  'developers',
  'studios',
  'manufacturers',
  'makers',
  'conglomerates',
  'multinationals',
  'giants',
  'brands',
]);

// Capitalised words the tagger may read as organisations that are none: currencies.
const NOT_ORGANISATIONS = new Set(['euro', 'euros', 'dollar', 'yen', 'sterling']);

/**
 * Whether a name's words make it an event's, an award's or a law's ("UEFA Cup", "Patriot Act"): it
 * has such a word and no organisation's head after it ("North Atlantic Treaty Organisation" is a body).
 */
function namesAnEvent(words: Token[]): boolean {
  let event = false;
  for (const w of words) {
    if (!w.capitalised) continue;
    if (EVENT_WORDS.has(w.lower)) event = true;
    // ("Metro Toronto Convention Centre": a building's word is no body's head.)
    else if (event && w.flags & ORGANISATION_HEAD && !HEADS_BEFORE_OF.has(w.folded)) event = false;
  }
  return event;
}

/** The index of the token that starts at `start`, or -1: tokens are in text order. */
export function tokenStartingAt(tokens: Token[], start: number): number {
  let lo = 0;
  let hi = tokens.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const s = (tokens[mid] as Token).start;
    if (s === start) return mid;
    if (s < start) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/** Whether the gazetteer reads the word alone as a place or a people ("US", "Russian"). */
function placeWord(token: Token, gaz: Gazetteer): boolean {
  const alone = wordPlaces(gaz, token.word);
  return alone.options !== undefined || alone.demonym !== undefined;
}

/**
 * Whether a word in capitals names a place ("US", "UK", "NY") or a people: a country, a region or
 * a town the press knows. A small town's name spelt in capitals is an acronym ("U.N." is not Un,
 * a town in Gujarat).
 */
function acronymOfPlace(token: Token, gaz: Gazetteer): boolean {
  const alone = wordPlaces(gaz, token.word);
  return alone.demonym !== undefined || (alone.options ?? []).some((o) => o.major || o.kind !== 'city');
}

/** Whether a name is a place the press knows ("Tokyo", "Texas"), not only some small town's name. */
function knownPlace(gaz: Gazetteer, folded: string): boolean {
  return gaz.knownPlaces.has(folded);
}

/**
 * "African", "European", "Yugoslav", "Tajik": a word for a people or the adjective of a continent,
 * a region or a country that the gazetteer's demonyms lack (the place with an ending cut off, or
 * with "-ia" or "-istan" put on: "Yugoslavia", "Tajikistan").
 */
function adjectiveOfPlace(folded: string, gaz: Gazetteer): boolean {
  for (const ending of ['n', 'an', 'ian'])
    if (
      folded.length > ending.length + 3 &&
      folded.endsWith(ending) &&
      majorPlaceNamed(gaz, folded.slice(0, -ending.length))
    )
      return true;
  return (
    folded.length >= 4 &&
    (majorPlaceNamed(gaz, `${folded}ia`) ||
      majorPlaceNamed(gaz, `${folded}istan`) ||
      majorPlaceNamed(gaz, `${folded}stan`))
  );
}

// Helpers of the functions above and below as functions of the module, not closures made per
// call: tsx compiles with esbuild's keepNames, which costs every named closure made at run time
// a defineProperty call (about 0.7 µs each).

/** A continent, a world region, a country or a major city of that name. */
function majorPlaceNamed(gaz: Gazetteer, name: string): boolean {
  return (gaz.byName.get(name) ?? []).some(
    (o) => o.kind === 'continent' || o.kind === 'world_region' || o.kind === 'country' || o.major,
  );
}

/** A word of three capitals or more ("UNITED") joined to the acronym beside it: shouted text. */
function shoutedBeside(t: Token | undefined, joined: boolean): boolean {
  return joined && t !== undefined && t.text.length >= 3 && (t.flags & CAPITALS_ONLY) !== 0;
}

function countryOfWord(token: Token, gaz: Gazetteer): Country | null {
  const alone = wordPlaces(gaz, token.word);
  if (alone.demonym) return alone.demonym;
  const country = alone.options?.find((o) => o.kind === 'country');
  return country?.countryCode ? (gaz.countries.get(country.countryCode) ?? null) : null;
}

/**
 * A sentence set in capitals (a heading, a dateline): its words are not acronyms. Worked out once
 * per sentence.
 */
function capitalSentences(tokens: Token[]): Set<number> {
  const out = new Set<number>();
  let sentence = -1;
  let upper = 0;
  let capital = 0;
  const close = () => {
    if (upper >= 3 && upper * 2 > capital) out.add(sentence);
  };
  for (const t of tokens) {
    if (t.sentenceIndex !== sentence) {
      close();
      sentence = t.sentenceIndex;
      upper = 0;
      capital = 0;
    }
    if (t.capitalised) capital++;
    if (t.flags & CAPITALS_ONLY) upper++;
  }
  close();
  return out;
}

/**
 * Whether the story reports sport: a sport named in the headline, or enough of the words match
 * reports use (scores, "innings", "striker", "beat"). In one, a town named for a side is the club.
 */
export function isSportsStory(headline: string | null, tokens: Token[], body: string): boolean {
  let cues = 0;
  if (
    headline &&
    /\b(?:soccer|football|cricket|tennis|golf|rugby|baseball|basketball|hockey|athletics|cycling|boxing|racing|nba|nfl|nhl|mlb)\b/i.test(
      headline,
    )
  )
    cues += 4;
  for (const t of tokens) if (t.flags & SPORTS_WORD) cues++;
  const scores = body.match(/\b\d{1,3}-\d{1,3}\b/g);
  if (scores) cues += Math.min(scores.length, 4);
  return cues >= 6;
}

/** The kind an organisation's words give: its last head word, or an international word with one. */
function kindOf(tokens: Token[], from: number, to: number): OrganizationKind | null {
  let kind: OrganizationKind | null = null;
  let international = false;
  let heads = 0;
  // "Metro Toronto Convention Centre": a head that is a building's word at the end names a building.
  const end = to - from > 1 && HEADS_BEFORE_OF.has((tokens[to - 1] as Token).folded) ? to - 1 : to;
  for (let k = from; k < end; k++) heads |= (tokens[k] as Token).flags & ORGANISATION_HEAD;
  if (!heads) return null;
  for (let k = from; k < end; k++) {
    const t = tokens[k] as Token;
    const head = t.flags & ORGANISATION_HEAD ? ORGANISATION_HEADS.get(t.folded) : undefined;
    if (head && t.capitalised) kind = head;
    if (INTERNATIONAL_WORDS.has(t.lower) && t.capitalised) international = true;
  }
  if (kind && international && kind !== 'company' && kind !== 'media' && kind !== 'sports_club') return 'international';
  return kind;
}

/** The initials of the capitalised words of [from, to), each part of a hyphened word counted. */
interface Initial {
  letter: string;
  optional: boolean;
}

function initials(tokens: Token[], from: number, to: number): Initial[] {
  const out: Initial[] = [];
  for (let k = from; k < to; k++) {
    const t = tokens[k] as Token;
    const optional = !t.capitalised || (t.flags & FUNCTION_WORD) !== 0;
    for (const part of t.text.split('-')) if (part) out.push({ letter: part[0]?.toLowerCase() ?? '', optional });
  }
  return out;
}

/**
 * Whether an acronym spells the initials of the words, every capitalised word giving a letter
 * and the small words ("of", "and") giving one or none: "OSCE" for "Organisation for Security and
 * Cooperation in Europe", "FOMC" for "Federal Open Market Committee".
 */
function spells(acronym: string, words: Initial[]): boolean {
  const letters = acronym.toLowerCase().replace(/[^\p{L}\p{N}]/gu, '');
  // reach[i][j]: the first i letters spell the first j words.
  let reach = new Uint8Array(words.length + 1);
  reach[0] = 1;
  for (let j = 1; j <= words.length; j++)
    reach[j] = (reach[j - 1] as number) && (words[j - 1] as Initial).optional ? 1 : 0;
  for (let i = 1; i <= letters.length; i++) {
    const next = new Uint8Array(words.length + 1);
    for (let j = 1; j <= words.length; j++) {
      const w = words[j - 1] as Initial;
      const take = (reach[j - 1] as number) === 1 && w.letter === letters[i - 1];
      const skip = w.optional && (next[j - 1] as number) === 1;
      next[j] = take || skip ? 1 : 0;
    }
    reach = next;
  }
  return (reach[words.length] as number) === 1;
}

function spanOf(body: string, tokens: Token[], from: number, to: number): Span {
  const first = tokens[from] as Token;
  const last = tokens[to - 1] as Token;
  return { start: first.start, end: last.end, text: body.slice(first.start, last.end) };
}

function isConnectorAt(tokens: Token[], k: number): boolean {
  const t = tokens[k];
  return t !== undefined && !t.capitalised && CONNECTORS.has(t.lower);
}

/** "Marks & Spencer": only an ampersand between two tokens. */
function ampersandBetween(body: string, a: Token, b: Token): boolean {
  if (b.start - a.after > 3 || b.start - a.after < 1) return false;
  let amp = 0;
  for (let i = a.after; i < b.start; i++) {
    const c = body.charCodeAt(i);
    if (c === 38) amp++;
    else if (c !== 32) return false;
  }
  return amp === 1;
}

export interface OrganizationInput {
  body: string;
  headline: string | null;
  tokens: Token[];
  runs: TokenRun[];
  titles: TitleRun[];
  isPerson: (i: number) => boolean;
  gaz: Gazetteer;
  /** The entity tagger's names: its organisations count where no rule decided. */
  tagged?: TaggedEntity[];
  /** The tagger itself, in place of `tagged`: it then decodes only the stretches a rule left a token of. */
  tagging?: Pick<EntityTagging, 'namesWhere'>;
  /** The least margin at which a tagged organisation is taken. */
  taggedMargin?: number;
  /** The words the article writes in lower case (`lowerCaseWords`). */
  lowerWords?: () => ReadonlySet<string>;
}

/**
 * Organisations: capitalised names with an organisation's head word ("Khmer Nation Party", "Bank
 * of Canada", "Magna International Inc"), acronyms and the names they abbreviate ("Federal Open
 * Market Committee (FOMC)"), clubs named by a town and a club word ("Norwich City", "Dynamo
 * Moscow"), and a name that a role and a person follow ("Airbus chief executive Guillaume
 * Faury"). Later mentions by acronym or short name join the same organisation.
 */
export function findOrganizations(input: OrganizationInput): OrganizationFinding {
  const { body, tokens, runs, gaz, isPerson } = input;
  const taken = new Uint8Array(tokens.length);
  const drafts = new Map<string, Draft>();
  const byAlias = new Map<string, Draft>();
  const sports = isSportsStory(input.headline, tokens, body);
  const capitals = capitalSentences(tokens);
  const lowerWords = input.lowerWords ?? lowerCaseWords(tokens);
  const writtenInLowerCase = (word: string): boolean => lowerWords().has(word);
  // "UNITED STATES", "Kansas City, MO": words in capitals beside others, or a postal code after a
  // comma, are no acronyms.
  const acronymHere = (k: number): boolean => {
    const w = tokens[k] as Token;
    if (!acronymLike(w) || acronymOfPlace(w, gaz)) return false;
    // "UNLESS", "WHITE": a longer word in capitals that the story also writes in lower case, or a
    // small word, is shouted, not spelt out; "@NASA" is a handle.
    if (w.text.length >= 4 && (w.flags & FUNCTION_WORD || writtenInLowerCase(w.lower))) return false;
    if (body.charCodeAt(w.start - 1) === 64) return false;
    if (
      shoutedBeside(tokens[k - 1], w.joinedToPrevious) ||
      shoutedBeside(tokens[k + 1], tokens[k + 1]?.joinedToPrevious === true)
    )
      return false;
    if (w.text.length === 2 && /^\s*,\s*$/.test(body.slice(tokens[k - 1]?.after ?? 0, w.start))) return false;
    // "Washington D.C.", "Springfield IL": two letters after a town are its state's; "NZ $ 26
    // million", "HK$": a country's code before a currency sign is the currency's.
    const before = tokens[k - 1];
    if (
      w.text.replace(/\./g, '').length === 2 &&
      before !== undefined &&
      w.joinedToPrevious &&
      before.capitalised &&
      (gaz.byName.get(before.folded) ?? []).some((o) => o.kind === 'city')
    )
      return false;
    if (/^\s*\$/.test(body.slice(w.end, w.end + 3))) return false;
    return true;
  };
  // "the Dow Jones industrial average", "the Nasdaq composite index": a market index, named after
  // a firm or an exchange, not the firm.
  const namesAnIndex = (to: number): boolean => {
    // "the Nasdaq Composite", "the Hang Seng Index": the index's own word ends the name.
    const last = tokens[to - 1];
    if (last?.capitalised && INDEX_WORDS.has(last.lower) && tokens[to - 2]?.capitalised) return true;
    const next = tokens[to];
    if (!next || !next.joinedToPrevious) return false;
    // "the Dow Jones Industrial Average" as "the Dow Jones industrial average".
    if (next.capitalised && next.lower !== 'industrial' && next.lower !== 'composite' && !INDEX_WORDS.has(next.lower))
      return false;
    const word = next.lower === 'industrial' || next.lower === 'composite' ? tokens[to + 1]?.lower : next.lower;
    return word === 'index' || word === 'average' || (word !== next.lower && next.lower === 'composite');
  };

  // The words of the names of the people found, gathered on first need.
  let namesOfPeople: Set<string> | null = null;
  const personWords = (): Set<string> => {
    if (namesOfPeople === null) {
      namesOfPeople = new Set();
      for (let k = 0; k < tokens.length; k++) if (isPerson(k)) namesOfPeople.add((tokens[k] as Token).folded);
    }
    return namesOfPeople;
  };
  const titleAt = new Map<number, TitleRun>();
  for (const t of input.titles) titleAt.set(t.from, t);

  // The first token of the organisation's mention that token k ends.
  const firstOf = (k: number): number => {
    let f = k;
    while (f > 0 && taken[f - 1] && (tokens[f] as Token).joinedToPrevious) f--;
    return f;
  };
  const add = (
    from: number,
    until: number,
    kind: OrganizationKind,
    acronym: string | null,
    aliasOnly = false,
  ): Draft => {
    // "Secunia.com": a firm named by its web address keeps the address's ending.
    const tld = tokens[until];
    const to =
      tld !== undefined &&
      WEB_ENDINGS.has(tld.text) &&
      body.slice((tokens[until - 1] as Token).end, tld.start) === '.' &&
      !/[\p{L}\p{N}]/u.test(body[tld.end] ?? '')
        ? until + 1
        : until;
    // "US National Science Foundation": a country's code before a name of two words or more with a
    // head word says whose it is; the name is the rest (the mention keeps the code).
    const named = coded(from, to) ? from + 1 : from;
    // "Rolling Stone Magazine", "Freedom Magazine": the title is the name, the word after it says
    // what it is ("Rolling Stone" alone is the same magazine).
    const end = to - named >= 2 && (tokens[to - 1] as Token).text === 'Magazine' ? to - 1 : to;
    // "Lavrov's ministry": a possessive ending is not part of the name.
    const name = body.slice((tokens[named] as Token).start, (tokens[end - 1] as Token).end).replace(/\s+/g, ' ');
    const key = foldedText(tokens, named, end);
    let draft = byAlias.get(key) ?? drafts.get(key);
    if (!draft) {
      const countryCode = kind === 'sports_club' ? townCountry(from, to) : countryIn(from, to);
      draft = { key, name, acronym, kind, countryCode, mentions: [], aliases: [] };
      drafts.set(key, draft);
      byAlias.set(key, draft);
      for (const alias of aliasesOf(from, to, kind)) if (!byAlias.has(alias)) byAlias.set(alias, draft);
    } else if (!aliasOnly && acronym && !draft.acronym) draft.acronym = acronym;
    draft.mentions.push(spanOf(body, tokens, from, to));
    for (let k = from; k < to; k++) taken[k] = 1;
    return draft;
  };

  const coded = (from: number, to: number): boolean => {
    const first = tokens[from] as Token;
    return (
      to - from >= 3 &&
      /^(?:\p{Lu}\.?){2,3}$/u.test(first.text) &&
      countryNamed(from, from + 1) &&
      kindOf(tokens, from + 1, to) !== null &&
      (tokens[from + 1] as Token).capitalised
    );
  };

  // A club's country is its town's ("Norwich City": GB).
  const townCountry = (from: number, to: number): string | null => {
    for (let n = to - from; n >= 1; n--) {
      const town = (gaz.byName.get(foldedText(tokens, from, from + n)) ?? []).find(
        (o) => o.major || o.kind === 'country',
      );
      if (town) return town.countryCode;
    }
    return null;
  };
  const countryIn = (from: number, to: number): string | null => {
    for (let k = from; k < to; k++) {
      const t = tokens[k] as Token;
      if (!t.capitalised) continue;
      const country = countryOfWord(t, gaz);
      if (country) return country.code;
    }
    return null;
  };

  const aliasesOf = (from: number, to: number, kind: OrganizationKind): string[] => {
    const out: string[] = [];
    let end = to;
    while (end - from > 1 && COMPANY_SUFFIXES.has((tokens[end - 1] as Token).folded)) end--;
    if (end < to) out.push(foldedText(tokens, from, end));
    const first = tokens[from] as Token;
    // "Magna International Inc" ... "Magna"; "Seattle Mariners" ... "Seattle", "Mariners".
    if (
      end - from >= 2 &&
      (kind === 'company' || kind === 'sports_club') &&
      !ORGANISATION_HEADS.has(first.folded) &&
      (kind === 'sports_club' || !knownPlace(gaz, first.folded)) &&
      // "the European Central Bank ... the European planemaker": a people's adjective alone is none.
      !gaz.demonyms.has(first.folded) &&
      !adjectiveOfPlace(first.folded, gaz)
    ) {
      out.push(first.folded);
      if (kind === 'sports_club') out.push(foldedText(tokens, from + 1, end));
    }
    return out;
  };

  // Segments: the name runs without the words people took, with the capitalised head words the
  // runs leave out as function words put back ("Irving Police Department").
  const segments: TokenRun[] = [];
  const putBack = new Set<number>();
  for (const run of runs) {
    let k = run.from;
    while (k < run.to) {
      while (k < run.to && isPerson(k)) k++;
      const from = k;
      while (k < run.to && !isPerson(k)) k++;
      if (k > from) segments.push({ from, to: k });
    }
    const seg = segments[segments.length - 1];
    if (!seg || seg.to !== run.to) continue;
    const next = tokens[seg.to];
    if (
      next?.capitalised &&
      next.joinedToPrevious &&
      next.flags & FUNCTION_WORD &&
      ORGANISATION_HEADS.has(next.folded) &&
      next.sentenceIndex === (tokens[seg.to - 1] as Token).sentenceIndex &&
      !isPerson(seg.to)
    ) {
      seg.to++;
      putBack.add(seg.to);
    }
  }
  // A run straight after a put-back head word continues the same name.
  for (let s = segments.length - 1; s > 0; s--) {
    const a = segments[s - 1] as TokenRun;
    const b = segments[s] as TokenRun;
    if (putBack.has(a.to) && b.from === a.to && (tokens[b.from] as Token).joinedToPrevious) {
      a.to = b.to;
      segments.splice(s, 1);
    }
  }

  // Whether [from, to) is exactly a country's name ("the US", "the United Kingdom").
  const countryNamed = (from: number, to: number): boolean =>
    (gaz.byName.get(to - from === 1 ? (tokens[from] as Token).folded : foldedText(tokens, from, to)) ?? [])[0]?.kind ===
    'country';

  // Acronyms in brackets and the names before them they abbreviate.
  const expansions = new Map<number, { from: number; to: number }>();
  for (let i = 1; i < tokens.length; i++) {
    const t = tokens[i] as Token;
    if (!acronymLike(t) || acronymOfPlace(t, gaz)) continue;
    const open = body.slice((tokens[i - 1] as Token).after, t.start);
    if (!/^\s*\(\s*$/.test(open) || body[t.end] !== ')') continue;
    const sentence = t.sentenceIndex;
    // The longest stretch of capitalised words and small words before the bracket that it spells.
    let start = i;
    for (let k = i - 1; k >= Math.max(0, i - 14); k--) {
      const w = tokens[k] as Token;
      if (w.sentenceIndex !== sentence || isPerson(k)) break;
      if (k < i - 1 && !tokens[k + 1]?.joinedToPrevious && !ampersandBetween(body, w, tokens[k + 1] as Token)) break;
      if (!w.capitalised && !CONNECTORS.has(w.lower)) break;
      if (w.capitalised && !(w.flags & FUNCTION_WORD)) start = k;
      else if (w.capitalised) break;
    }
    let best = -1;
    for (let from = start; from < i; from++) {
      const w = tokens[from] as Token;
      if (!w.capitalised) continue;
      if (spells(t.text, initials(tokens, from, i))) {
        best = from;
        break;
      }
    }
    if (best < 0) {
      // A name in another language than its acronym ("Party of Democratic Action (SDA)"): an
      // organisation's head word before the bracket is enough.
      const kind = start < i ? kindOf(tokens, start, i) : null;
      if (kind) best = start;
    }
    if (best >= 0) expansions.set(i, { from: best, to: i });
  }
  for (const [acronymAt, span] of expansions) {
    if (taken[span.from]) continue;
    const acronym = (tokens[acronymAt] as Token).text;
    const draft = add(span.from, span.to, kindOf(tokens, span.from, span.to) ?? 'other', acronym);
    draft.acronym ??= acronym;
    const alias = (tokens[acronymAt] as Token).folded;
    if (!byAlias.has(alias)) byAlias.set(alias, draft);
  }

  // Names with a head word, joined across "of" and "&" ("Bank of Canada", "Standard & Poor").
  for (let s = 0; s < segments.length; s++) {
    const first = segments[s] as TokenRun;
    let from = first.from;
    let to = first.to;
    let next = s + 1;
    let viaAmpersandBefore = false;
    while (next < segments.length) {
      const seg = segments[next] as TokenRun;
      const last = tokens[to - 1] as Token;
      const head = tokens[seg.from] as Token;
      if (head.sentenceIndex !== last.sentenceIndex) break;
      const viaAmpersand = seg.from === to && ampersandBetween(body, last, head);
      // "Bank of Canada", "Joint Council for the Welfare of Immigrants", "University of North
      // Carolina at Chapel Hill".
      const connector = tokens[to];
      const article = tokens[to + 1]?.lower === 'the' && seg.from === to + 2;
      const viaConnector =
        (seg.from === to + 1 || article) &&
        connector !== undefined &&
        ((isConnectorAt(tokens, to) && !WEAK_CONNECTORS.has(connector.lower)) ||
          (connector.lower === 'at' && hasEducationWord(from, to))) &&
        connector.joinedToPrevious &&
        head.joinedToPrevious &&
        (ORGANISATION_HEADS.has(last.folded) ||
          HEADS_BEFORE_OF.has(last.folded) ||
          (to > first.to && !viaAmpersandBefore) ||
          connector.lower === 'at' ||
          COMPANY_SUFFIXES.has((tokens[seg.to - 1] as Token).folded)) &&
        !EVENT_WORDS.has(last.lower) &&
        // "Dow Chemical Co of the United States": a company's designator ends its name.
        !COMPANY_SUFFIXES.has(last.folded);
      // "Colorado State University of the US", "University of Sheffield of the UK": a name that
      // already says where it is, or has its "of" already, is complete; "of the" and a country
      // after it say where the body is ("Central Bank of the Philippines" is one name).
      if (viaConnector && article && connector.lower === 'of' && countryNamed(seg.from, seg.to)) {
        let placed = to > first.to;
        for (let k = from; k < to && !placed; k++) placed = knownPlace(gaz, (tokens[k] as Token).folded);
        if (placed) break;
      }
      // "Boatmen's Bancshares Inc.": a possessive name before a company's.
      const viaPossessive =
        seg.from === to && last.possessive && head.joinedToPrevious && kindOf(tokens, seg.from, seg.to) === 'company';
      // "Council on American - Islamic Relations": text split into words puts spaces round a
      // hyphen; inside a name that already went past a small word, it still joins two of its words.
      const viaHyphen =
        seg.from === to && to > first.to && body.slice(last.end, head.start) === ' - ' && head.capitalised;
      // "Center for Strategic and International Studies", "Ministry of Trade and Industry": past
      // "of" or "for", "and" joins the words of the body's field; not two bodies ("Bank of England
      // and Barclays", "Ministry of Defence and Foreign Office") nor a place or an acronym after it.
      const viaAnd =
        to > first.to &&
        seg.from === to + 1 &&
        connector !== undefined &&
        connector.lower === 'and' &&
        connector.joinedToPrevious &&
        head.joinedToPrevious &&
        seg.to - seg.from <= 3 &&
        !knownPlace(gaz, last.folded) &&
        !(last.flags & ORGANISATION_HEAD) &&
        fieldWords(seg.from, seg.to);
      if (!viaAmpersand && !viaConnector && !viaPossessive && !viaHyphen && !viaAnd) break;
      viaAmpersandBefore = viaAmpersand;
      // "University of Texas Arlington Muslim Student Association": what follows "of" is a place
      // and then a name of its own; only the place belongs to the first name.
      let end = seg.to;
      if (viaConnector && kindOf(tokens, seg.from + 1, seg.to)) {
        let k = seg.from;
        while (
          k < seg.to - 1 &&
          (knownPlace(gaz, (tokens[k] as Token).folded) || gaz.byName.has(foldedText(tokens, seg.from, k + 1)))
        )
          k++;
        if (k > seg.from) end = k;
      }
      to = end;
      if (end < seg.to) {
        segments[next] = { from: end, to: seg.to };
        break;
      }
      next++;
    }
    // Starting a sentence, a capitalised word may be an ordinary one ("Police said").
    while (from < to && (tokens[from] as Token).flags & FUNCTION_WORD) from++;
    if (from >= to) continue;
    if (firstBefore(from) && kindOf(tokens, from, to) === 'company') from--;
    if (to > first.to) s = (segments[next]?.from ?? Infinity) < to ? next : next - 1;
    if (taken[from]) continue;
    classify(from, to);
  }

  /**
   * Where a name with a head word ends when a title follows it in the same run: "United Nations
   * High Commissioner" is the United Nations and a role. Not across a small word ("Department of
   * Justice").
   */
  function beforeTitle(from: number, to: number): number {
    let head = -1;
    for (let k = from; k < to; k++) {
      const t = tokens[k] as Token;
      if (!t.capitalised) {
        head = -1;
        if (isConnectorAt(tokens, k)) return to;
      } else if (t.flags & ORGANISATION_HEAD) head = k;
      else if (head >= 0 && TITLE_HEADS.has(t.lower)) {
        let end = k;
        while (end > head + 1 && TITLE_MODIFIERS.has((tokens[end - 1] as Token).lower)) end--;
        return end;
      }
    }
    return to;
  }

  /**
   * "First Albany Corp.", "First Union bank": the runs leave a capitalised "First" out as a
   * function word; before a company's name, mid-sentence, it opens the name.
   */
  function firstBefore(from: number): boolean {
    const before = tokens[from - 1];
    return (
      before !== undefined &&
      before.text === 'First' &&
      !taken[from - 1] &&
      (tokens[from] as Token).joinedToPrevious &&
      tokens[from - 2]?.sentenceIndex === before.sentenceIndex
    );
  }

  /** The kind a common noun straight after or before [from, to) calls it, if one does. */
  function describedAs(from: number, to: number): OrganizationKind | null {
    const after = tokens[to];
    const last = tokens[to - 1] as Token;
    if (
      after &&
      !after.capitalised &&
      after.joinedToPrevious &&
      !last.possessive &&
      after.sentenceIndex === last.sentenceIndex
    ) {
      const kind = DESCRIBED_AFTER.get(after.lower);
      if (kind) return kind;
      if (after.lower === 'news' && tokens[to + 1]?.lower === 'agency') return 'media';
    }
    const before = tokens[from - 1];
    const first = tokens[from] as Token;
    if (before && !before.capitalised && first.joinedToPrevious && before.sentenceIndex === first.sentenceIndex) {
      const kind = DESCRIBED_BEFORE.get(before.lower);
      // "the group's", "the company said": a possessive noun or a verb after it is no apposition.
      if (kind && !before.possessive) return kind;
    }
    return null;
  }

  /**
   * Capitalised words that name a field, not a body or a place: no head word, acronym or place,
   * and no known organisation ("the Ministry of Trade and Industry and Reuters").
   */
  function fieldWords(from: number, to: number): boolean {
    const whole = foldedText(tokens, from, to);
    if (gaz.byName.has(whole) || knownOrganization(whole)) return false;
    for (let k = from; k < to; k++) {
      const t = tokens[k] as Token;
      // ("International Studies": an adjective before the field's noun, not Amnesty's head.)
      const adjective = k < to - 1 && INTERNATIONAL_WORDS.has(t.lower);
      if (!t.capitalised || (t.flags & ORGANISATION_HEAD && !adjective) || t.flags & FUNCTION_WORD || acronymLike(t))
        return false;
      if (knownPlace(gaz, t.folded) || adjectiveOfPlace(t.folded, gaz)) return false;
    }
    return true;
  }

  function hasEducationWord(from: number, to: number): boolean {
    for (let k = from; k < to; k++)
      if (ORGANISATION_HEADS.get((tokens[k] as Token).folded) === 'education') return true;
    return false;
  }

  function classify(start: number, first: number): void {
    // "Former Wallaby captain": a word that qualifies a role opens no name.
    let from = start;
    while (from < first - 1 && ROLE_QUALIFIERS.has((tokens[from] as Token).lower)) from++;
    const to = beforeTitle(from, first);
    const words = tokens.slice(from, to);
    if (namesAnEvent(words)) return;
    const whole = to - from === 1 ? (tokens[from] as Token).folded : foldedText(tokens, from, to);
    if (NOT_ORGANISATIONS.has(whole) || namesAnIndex(to)) return;
    const isPlaceName =
      to - from === 1
        ? placeWord(tokens[from] as Token, gaz)
        : mayNameAPlace(gaz, tokens, from, to) && (gaz.byName.has(whole) || gaz.demonyms.has(whole));
    const sentenceStart = tokens[from - 1]?.sentenceIndex !== (tokens[from] as Token).sentenceIndex;
    let kind = kindOf(tokens, from, to);
    const lastWord = words[words.length - 1] as Token;
    // "White House", "Opera House": a building unless "of" follows the head.
    if (kind && words.length > 1 && HEADS_BEFORE_OF.has(lastWord.folded)) kind = null;
    if (kind && !isPlaceName) {
      // "Police said", "the Party": a head word alone is a common noun, unless it names one
      // institution wherever it stands ("Congress", "the Treasury").
      if (words.length === 1 && (sentenceStart || !STANDALONE_INSTITUTIONS.has(lastWord.folded))) return;
      add(from, to, kind, null);
      return;
    }
    // "Standard & Poor", "Marks & Spencer": names joined by an ampersand are a firm's.
    for (let k = from + 1; k < to; k++) {
      const a = tokens[k - 1] as Token;
      const b = tokens[k] as Token;
      if (ampersandBetween(body, a, b) && !isPlaceName && !(knownPlace(gaz, a.folded) && knownPlace(gaz, b.folded))) {
        add(from, to, 'company', null);
        return;
      }
    }
    // Clubs: a town and a club word ("Norwich City", "Dynamo Moscow", "Cleveland Indians").
    if (words.length >= 2 && (sports || words.some((w) => w.lower === 'fc'))) {
      const hasPlace = words.some((w, k) => placeWord(w, gaz) || gaz.byName.has(foldedText(tokens, from + k, to)));
      const clubWord = words.some((w) => CLUB_WORDS.has(w.lower));
      // "Cleveland Indians", "Kansas City Royals": a town that is no country, then a plural.
      // "Boston Red Sox", "Toronto Blue Jays": a nickname of two words.
      const townBefore = (end: number) =>
        end > from &&
        (gaz.byName.get(foldedText(tokens, from, end)) ?? []).some((o) => o.kind !== 'country' && o.major);
      const nickname =
        /^\p{Lu}\p{Ll}+[sx]$/u.test(lastWord.text) &&
        (townBefore(to - 1) ||
          (to - from >= 3 && /^\p{Lu}\p{Ll}+$/u.test((words[words.length - 2] as Token).text) && townBefore(to - 2)));
      if (!isPlaceName && ((hasPlace && clubWord) || (sports && nickname) || (clubWord && sports))) {
        add(from, to, 'sports_club', null);
        return;
      }
    }
    // In a match report, a name no gazetteer knows, where a side stands ("Leicestershire beat").
    if (
      sports &&
      !knownPlace(gaz, whole) &&
      !words.some((w) => knownPlace(gaz, w.folded)) &&
      words.length <= 3 &&
      // "Kent made up ...": a county may share a given name; a side is seldom named by one word of
      // a person's, but "Chipper Jones hit" ends in a known surname: a player's name.
      !looksLikeAPersonsName(words, false) &&
      !(words.length >= 2 && peopleNames().has(lastWord.folded)) &&
      // "Alan is the man", "Jansher's return": a word of a person's name the story gives.
      !(words.length === 1 && personWords().has(lastWord.folded)) &&
      // "for the African side", "the European champions": a continent's adjective.
      !(words.length === 1 && adjectiveOfPlace(lastWord.folded, gaz))
    ) {
      if (playsHere(body, tokens, from, spanOf(body, tokens, from, to))) {
        add(from, to, 'sports_club', null);
        return;
      }
    }
    // An acronym, alone or inside a name without a head word ("NATO", "NASA T-shirt").
    if (!capitals.has(lastWord.sentenceIndex)) {
      for (let k = from; k < to; k++) {
        const w = tokens[k] as Token;
        if (!acronymHere(k)) continue;
        // "Airbus SE", "Henkel KGaA": a designator after a name is no acronym; "the CAC 40", "the
        // FTSE 100": one before a number names a market index.
        if (k === to - 1 && k > from && COMPANY_SUFFIXES.has(w.folded)) continue;
        const next = tokens[k + 1];
        if (k === to - 1 && next?.joinedToPrevious && next.flags & STARTS_WITH_DIGIT) continue;
        const known = byAlias.get(w.folded);
        if (known) add(k, k + 1, known.kind, null, true);
        else add(k, k + 1, knownOrganization(w.folded) ?? 'other', w.text);
      }
      if (taken[from] || taken[to - 1]) return;
    }
    // A name that a role and a person follow: "Airbus chief executive Guillaume Faury".
    const title = titleAt.get(to);
    // Not a word opening a sentence ("Defending champion Scott Hoch", "Philippine president Fidel
    // Ramos"), nor before a title in capitals ("Privatisation Minister", "Shadow Home Secretary"):
    // those are a word of the title or an adjective of a people.
    if (
      title &&
      isPerson(title.to) &&
      (tokens[title.from] as Token).joinedToPrevious &&
      !isPlaceName &&
      // ("Airbus chief executive Guillaume Faury said" opens a sentence too: a participle or a word
      // the article writes in lower case does not name anything there.)
      !(sentenceStart && (/ing$/.test(lastWord.lower) || words.length > 1 || writtenInLowerCase(lastWord.lower))) &&
      !(tokens[title.from] as Token).capitalised
    ) {
      const adjective = words.length === 1 && /(?:an|ese|ic|ish|i|en|ine|ik)$/.test(lastWord.lower);
      if (!words.some((w) => placeWord(w, gaz)) && !adjective) {
        add(from, to, 'other', null);
        return;
      }
    }
  }

  // A name the text calls an organisation by a common noun beside it: "Le Matin newspaper", "the
  // Yonhap news agency", "the official newspaper Granma", "mineral water firm Multico".
  for (const seg of segments) {
    let from = seg.from;
    const to = seg.to;
    while (from < to && (tokens[from] as Token).flags & FUNCTION_WORD && !(tokens[from] as Token).joinedToPrevious)
      from++;
    if (from >= to || taken[from] || taken[to - 1]) continue;
    const kind = describedAs(from, to);
    if (!kind) continue;
    if (kind === 'company' && firstBefore(from)) from--;
    // "pressure group Human Rights in China": a name that goes on past a small word is longer than
    // the words it opens with, and where it ends is not known.
    if (isConnectorAt(tokens, to) && tokens[to + 1]?.capitalised && tokens[to + 1]?.joinedToPrevious) continue;
    const words = tokens.slice(from, to);
    const whole = to - from === 1 ? (tokens[from] as Token).folded : foldedText(tokens, from, to);
    if (
      words.some((w) => isPerson(from + words.indexOf(w)) || (w.capitalised && EVENT_WORDS.has(w.lower))) ||
      words.every((w) => w.flags & (CALENDAR_WORD | FUNCTION_WORD)) ||
      knownPlace(gaz, whole) ||
      gaz.demonyms.has(whole) ||
      (words.length === 1 && adjectiveOfPlace(whole, gaz)) ||
      countryOfWord(words[0] as Token, gaz) ||
      NOT_ORGANISATIONS.has(whole) ||
      looksLikeAPersonsName(words, false)
    )
      continue;
    add(from, to, kind, null);
  }

  // "first division side Nice", "champions Bath": a town after a noun for a side is the club
  // (the places step leaves it); a country there is a national side and stays a place.
  for (const seg of segments) {
    const before = tokens[seg.from - 1];
    const first = tokens[seg.from] as Token;
    if (!before || before.capitalised || !SIDE_NOUNS.has(before.text) || !first.joinedToPrevious) continue;
    if (seg.to - seg.from > 3 || taken[seg.from] || taken[seg.to - 1]) continue;
    const whole = seg.to - seg.from === 1 ? first.folded : foldedText(tokens, seg.from, seg.to);
    const options = gaz.byName.get(whole) ?? [];
    if (!options.length || options.some((o) => o.kind === 'country') || gaz.demonyms.has(whole)) continue;
    add(seg.from, seg.to, 'sports_club', null);
  }

  // Whether no token of [from, to) is an organisation's already or a person's.
  const allFree = (from: number, to: number): boolean => {
    for (let k = from; k < to; k++) if (taken[k] || isPerson(k)) return false;
    return true;
  };

  // Known organisations no rule above read ("Reuters", "Gazprom", "Goldman Sachs"): the longest
  // known name inside a segment, on tokens nobody took. A one-word one that is also a person's
  // name must be the whole segment (after a sentence's capitalised "The"): inside a longer name
  // it is that name's ("Keisuke Honda", "Apple Music"). Not a sentence's shouted words, nor a
  // handle ("@NASA").
  for (const seg of segments) {
    let whole = seg.from;
    while (whole < seg.to - 1 && (tokens[whole] as Token).flags & FUNCTION_WORD) whole++;
    for (let k = seg.from; k < seg.to; k++) {
      const first = tokens[k] as Token;
      if (capitals.has(first.sentenceIndex)) break;
      if (body.charCodeAt(first.start - 1) === 64) continue;
      const known = knownOrganizationAt(tokens, k, seg.to - k);
      if (!known) continue;
      const n = known.words;
      const alone = k === whole && k + n === seg.to;
      if ((alone || n > 1 || !peopleNames().has(first.folded)) && allFree(k, k + n)) add(k, k + n, known.kind, null);
      k += n - 1;
    }
  }

  // The tagger's organisations where no rule decided: "Reuters", "Raytheon Technologies".
  const anyFree = (from: number, to: number): boolean => {
    for (let k = from; k < to; k++) if (!taken[k] && !isPerson(k)) return true;
    return false;
  };
  for (const e of input.tagging?.namesWhere(anyFree) ?? input.tagged ?? []) {
    if (e.kind !== 'organisation' || e.margin < (input.taggedMargin ?? 12)) continue;
    if (!allFree(e.from, e.to)) continue;
    const words = tokens.slice(e.from, e.to);
    if (namesAnEvent(words) || body.charCodeAt((words[0] as Token).start - 1) === 64) continue;
    // "Microsoft's Internet Explorer": an owner and what it owns are not one name (but a plural's
    // "Toronto Bond Traders' Association" is).
    if (words.slice(0, -1).some((w) => w.possessive && /^['’]s/.test(body.slice(w.end, w.end + 2)))) continue;
    // The rules' own vetoes hold: "GDP" names no organisation, "the Party" alone is a noun.
    const only = words.length === 1 ? (words[0] as Token) : null;
    if (only && only.flags & CAPITALS_ONLY && !(only.flags & ACRONYM_SHAPED)) continue;
    if (only && only.flags & ORGANISATION_HEAD && !STANDALONE_INSTITUTIONS.has(only.folded)) continue;
    // '"Usually, Internet Explorer is …"': a word in -ly set off by a comma is an adverb;
    // "pic.twitter.com/P2qpm3h3Pm": letters between digits are a link's code, not a name.
    if (only && ((ADVERB.test(only.text) && body[only.after] === ',') || /\p{N}\p{L}+\p{N}/u.test(only.text))) continue;
    if (
      looksLikeAPersonsName(words) ||
      ROLE_QUALIFIERS.has((words[0] as Token).lower) ||
      (sports && words.length >= 2 && peopleNames().has((words[words.length - 1] as Token).folded))
    )
      continue;
    const whole = foldedText(tokens, e.from, e.to);
    if (NOT_ORGANISATIONS.has(whole) || namesAnIndex(e.to)) continue;
    if (knownPlace(gaz, whole)) {
      // "Liverpool beat Leeds 2-0": in a match report, a town the tagger names a side so clearly
      // that the places step leaves it (NAME_OVER_PLACE_MARGIN) is the club, not nothing.
      if (sports && e.margin >= NAME_OVER_PLACE_MARGIN && !countryOfWord(words[0] as Token, gaz))
        add(e.from, e.to, 'sports_club', null);
      continue;
    }
    if (only && adjectiveOfPlace(whole, gaz)) continue;
    // A country inside a tagged name without a head word is more likely the place itself
    const kind = kindOf(tokens, e.from, e.to);
    // ("Malaysia Tourism board"); after another word it may be an agency's ("Health Canada").
    if (!kind && (countryOfWord(words[0] as Token, gaz) || (e.margin < 20 && words.some((w) => countryOfWord(w, gaz)))))
      continue;
    add(e.from, e.to, kind ?? knownOrganization(whole) ?? 'other', null);
  }

  // "Raymond Chan of People Power", "Nick Rhodes of Duran Duran": a name straight after a
  // person's and "of" that is no place is the body the person belongs to.
  for (const seg of segments) {
    const first = tokens[seg.from] as Token;
    let j = seg.from - 1;
    if (tokens[j]?.lower === 'the' && tokens[j]?.joinedToPrevious) j--;
    const of = tokens[j];
    if (of?.lower !== 'of' || !first.joinedToPrevious || !of.joinedToPrevious || j < 1) continue;
    if (!isPerson(j - 1) || seg.to - seg.from > 4) continue;
    if (!allFree(seg.from, seg.to)) continue;
    // Where the name ends must be plain: a longer name may go on past a small word, a noun after
    // it makes it a modifier ("of the Social Welfare constituency"), and a capitalised word after a
    // comma continues a list of something else ("of Architectural, Surveying, ...").
    let to = seg.to;
    const after = tokens[to];
    if (after?.joinedToPrevious && /^\d+$/.test(after.text)) to++;
    else if (after?.joinedToPrevious && (after.capitalised || isConnectorAt(tokens, to))) continue;
    else if (after?.joinedToPrevious && !(after.flags & (FUNCTION_WORD | SPEECH_VERB))) continue;
    const next = tokens[to];
    if (
      /^\s*,\s*$/.test(body.slice((tokens[to - 1] as Token).after, next?.start ?? 0)) &&
      next?.capitalised &&
      !isPerson(to)
    )
      continue;
    const words = tokens.slice(seg.from, seg.to);
    const whole = seg.to - seg.from === 1 ? first.folded : foldedText(tokens, seg.from, seg.to);
    if (
      gaz.byName.has(whole) ||
      gaz.demonyms.has(whole) ||
      words.some((w) => placeWord(w, gaz) || w.flags & (CALENDAR_WORD | FUNCTION_WORD)) ||
      NOT_ORGANISATIONS.has(whole) ||
      looksLikeAPersonsName(words) ||
      namesAnEvent(words)
    )
      continue;
    add(seg.from, to, kindOf(tokens, seg.from, seg.to) ?? 'other', null);
  }

  // "firms including Mobil, Shell and Caltex", "carmakers such as Toyota and Ford": names listed
  // after a plural noun for firms are firms.
  const segmentAt = new Map<number, TokenRun>();
  for (const seg of segments) segmentAt.set(seg.from, seg);
  const listedName = (seg: TokenRun): boolean => {
    if (seg.to - seg.from > 3) return false;
    for (let k = seg.from; k < seg.to; k++) if (taken[k] || isPerson(k)) return false;
    const words = tokens.slice(seg.from, seg.to);
    const whole = foldedText(tokens, seg.from, seg.to);
    return !(
      knownPlace(gaz, whole) ||
      gaz.demonyms.has(whole) ||
      words.every((w) => w.flags & (CALENDAR_WORD | FUNCTION_WORD)) ||
      NOT_ORGANISATIONS.has(whole) ||
      looksLikeAPersonsName(words, false)
    );
  };
  for (let i = 0; i + 2 < tokens.length; i++) {
    const noun = tokens[i] as Token;
    if (noun.capitalised || !FIRM_NOUNS.has(noun.lower)) continue;
    const cue = tokens[i + 1] as Token;
    let k = i + 2;
    if (cue.lower === 'such' && tokens[i + 2]?.lower === 'as') k = i + 3;
    else if (cue.lower !== 'including' && cue.lower !== 'like') continue;
    const listed: TokenRun[] = [];
    while (k < tokens.length) {
      const seg = segmentAt.get(k);
      if (!seg || !listedName(seg) || (tokens[k] as Token).sentenceIndex !== noun.sentenceIndex) break;
      listed.push(seg);
      const gap = body.slice((tokens[seg.to - 1] as Token).after, tokens[seg.to]?.start ?? body.length);
      const and = tokens[seg.to]?.lower === 'and';
      if (/^\s*,\s*$/.test(gap)) k = and ? seg.to + 1 : seg.to;
      else if (/^\s+$/.test(gap) && and) k = seg.to + 1;
      else break;
    }
    // One name after "like" may be a comparison ("firms like this one"): a list says more.
    if (listed.length < (cue.lower === 'like' ? 2 : 1)) continue;
    for (const seg of listed) add(seg.from, seg.to, 'company', null);
  }

  // Later mentions by a known alias or an acronym seen before.
  for (const seg of byAlias.size ? segments : []) {
    for (let from = seg.from; from < seg.to; from++) {
      if (taken[from]) continue;
      for (let to = seg.to; to > from; to--) {
        let blocked = false;
        for (let k = from; k < to && !blocked; k++) blocked = taken[k] === 1;
        if (blocked) continue;
        const text = to - from === 1 ? (tokens[from] as Token).folded : foldedText(tokens, from, to);
        const draft = byAlias.get(text);
        if (!draft) continue;
        // A town's name alone is the club named after it only where a side stands ("Seattle
        // beat ..."), never after "in" ("in Seattle").
        const town = knownPlace(gaz, text);
        const before = tokens[from - 1];
        const located = before !== undefined && (LOCATIVES.has(before.lower) || before.lower === 'of');
        if (
          town &&
          (draft.kind !== 'sports_club' || located || !playsHere(body, tokens, from, spanOf(body, tokens, from, to)))
        )
          continue;
        draft.mentions.push(spanOf(body, tokens, from, to));
        for (let k = from; k < to; k++) taken[k] = 1;
        from = to - 1;
        break;
      }
    }
  }

  // "The World Health Organization (WHO) ... the WHO said": an acronym spelt like a function word
  // is in no capitalised run; where a name gave it in brackets, the word in capitals is a mention.
  for (let k = 0; byAlias.size && k < tokens.length; k++) {
    const t = tokens[k] as Token;
    if (taken[k] || !(t.flags & FUNCTION_WORD) || !(t.flags & CAPITALS_ONLY) || t.text.length < 3) continue;
    const draft = byAlias.get(t.folded);
    if (draft?.acronym !== t.text || capitals.has(t.sentenceIndex) || !acronymHere(k)) continue;
    draft.mentions.push(spanOf(body, tokens, k, k + 1));
    taken[k] = 1;
  }

  // Names listed beside one of a kind, across a comma or "and", are of that kind: `take` gets each
  // `candidate` whose neighbour `besideLeft` (its last token) or `besideRight` (its first) says is.
  // Left to right, then right to left: a list is taken from either end in two passes (a loop until
  // nothing grows would be quadratic in a long list).
  const listedBetween = (a: Token, b: Token) =>
    a.sentenceIndex === b.sentenceIndex && /^(?:\s*,\s*(?:and\s+)?|\s+and\s+)$/.test(body.slice(a.after, b.start));
  const takeListedBeside = (
    candidate: (seg: TokenRun) => boolean,
    besideLeft: (k: number) => boolean,
    besideRight: (m: number) => boolean,
    take: (seg: TokenRun) => void,
  ): void => {
    for (const order of [1, -1]) {
      for (let n = 0; n < segments.length; n++) {
        const seg = segments[order === 1 ? n : segments.length - 1 - n] as TokenRun;
        if (!candidate(seg)) continue;
        let k = seg.from - 1;
        if (tokens[k]?.lower === 'and') k--;
        let m = seg.to;
        if (tokens[m]?.lower === 'and') m++;
        const left = tokens[k];
        const right = tokens[m];
        if (
          (left && taken[k] && besideLeft(k) && listedBetween(left, tokens[seg.from] as Token)) ||
          (right && taken[m] && besideRight(m) && listedBetween(tokens[seg.to - 1] as Token, right))
        )
          take(seg);
      }
    }
  };

  // "Ubisoft, Microsoft and PlayStation VR", "Ohio-based KeyCorp and Banc One Corp.": a short name
  // no rule knows, listed beside a firm's, is a firm's too.
  {
    const firmAt = new Map<number, Draft>();
    const firmEndingAt = new Map<number, Draft>();
    const firmLike = (d: Draft) =>
      d.kind === 'company' || (d.kind === 'other' && d.acronym === null && !/\s(?:for|of|on)\s/.test(d.name));
    for (const d of drafts.values())
      if (firmLike(d))
        for (const m of d.mentions) {
          firmAt.set(m.start, d);
          firmEndingAt.set(m.end, d);
        }
    const candidate = (seg: TokenRun): boolean => {
      if (seg.to - seg.from > 2) return false;
      for (let k = seg.from; k < seg.to; k++) if (taken[k] || isPerson(k)) return false;
      const words = tokens.slice(seg.from, seg.to);
      const first = words[0] as Token;
      const last = words[words.length - 1] as Token;
      const whole = foldedText(tokens, seg.from, seg.to);
      // A piece of a longer name: "of" or a capitalised word straight after it.
      const after = tokens[seg.to];
      if (after?.joinedToPrevious && (after.capitalised || (isConnectorAt(tokens, seg.to) && after.lower !== 'and')))
        return false;
      const before = tokens[seg.from - 1];
      if (first.joinedToPrevious && before?.capitalised && !/-/.test(before.text)) return false;
      return !(
        (mayNameAPlace(gaz, tokens, seg.from, seg.to) &&
          (knownPlace(gaz, whole) || gaz.byName.has(whole) || gaz.demonyms.has(whole))) ||
        words.some((w) => placeWord(w, gaz)) ||
        words.every((w) => w.flags & (CALENDAR_WORD | FUNCTION_WORD)) ||
        NOT_ORGANISATIONS.has(whole) ||
        looksLikeAPersonsName(words) ||
        peopleNames().has(last.folded) ||
        (words.length === 1 && (writtenInLowerCase(first.lower) || ADVERB.test(first.text))) ||
        namesAnEvent(words)
      );
    };
    takeListedBeside(
      candidate,
      (k) => firmEndingAt.has((tokens[k] as Token).end),
      (m) => firmAt.has((tokens[m] as Token).start),
      (seg) => {
        const d = add(seg.from, seg.to, 'company', null);
        firmAt.set((tokens[seg.from] as Token).start, d);
        firmEndingAt.set((tokens[seg.to - 1] as Token).end, d);
      },
    );
  }

  // "Essex, Derbyshire and Surrey": names listed with a club in a match report are clubs too.
  if (sports) {
    const clubAt = new Map<number, Draft>();
    for (const d of drafts.values()) if (d.kind === 'sports_club') for (const m of d.mentions) clubAt.set(m.start, d);
    takeListedBeside(
      (seg) => {
        if (taken[seg.from] || seg.to - seg.from > 3) return false;
        const whole = foldedText(tokens, seg.from, seg.to);
        return !((gaz.byName.get(whole) ?? []).some((o) => o.kind === 'country') || gaz.demonyms.has(whole));
      },
      (k) => clubAt.has(tokens[firstOf(k)]?.start ?? -1),
      (m) => clubAt.has((tokens[m] as Token).start),
      (seg) => {
        const d = add(seg.from, seg.to, 'sports_club', null);
        for (const mention of d.mentions) clubAt.set(mention.start, d);
      },
    );
  }

  joinShortForms(drafts, (folded) => (gaz.byName.get(folded) ?? [])[0]?.kind === 'country');
  joinAcronymsToNames(drafts);

  const organizations: ExtractedOrganization[] = [];
  for (const d of drafts.values()) {
    d.mentions.sort((a, b) => a.start - b.start);
    organizations.push({
      key: d.key,
      name: d.name,
      acronym: d.acronym,
      kind: d.kind,
      countryCode: d.countryCode,
      mentions: d.mentions,
    });
  }
  organizations.sort((a, b) => (a.mentions[0]?.start ?? 0) - (b.mentions[0]?.start ?? 0));
  return { organizations, organizationTokens: taken, sports };
}

/**
 * Two drafts that are one organisation written two ways. "The Andy Warhol Foundation for the Visual
 * Arts ... the Andy Warhol Foundation": a name that opens exactly one longer name of the article,
 * which goes on with "for", "of", "at" or "on", is that name cut short (two longer ones, "University
 * of North Carolina at Greensboro" and "at Chapel Hill", leave it alone). "The United Kingdom Home
 * Office ... the Home Office": a country's name before another name of the article says whose it
 * is; the name written more often is the name.
 */
function joinShortForms(drafts: Map<string, Draft>, isCountry: (folded: string) => boolean): void {
  const merge = (from: Draft, into: Draft) => {
    into.mentions.push(...from.mentions);
    into.acronym ??= from.acronym;
    into.countryCode ??= from.countryCode;
    drafts.delete(from.key);
  };
  // Each name's openings before a connector, so that a short name finds its longer ones by lookup.
  const opening = new Map<string, Draft[]>();
  for (const d of drafts.values()) {
    const words = d.key.split(' ');
    for (let k = 1; k < words.length - 1; k++) {
      if (!SHORTENED_AT.has(words[k] as string)) continue;
      const prefix = words.slice(0, k).join(' ');
      const list = opening.get(prefix);
      if (!list) opening.set(prefix, [d]);
      else if (!list.includes(d)) list.push(d);
    }
  }
  for (const d of [...drafts.values()]) {
    const longer = opening.get(d.key);
    const full = longer?.length === 1 ? (longer[0] as Draft) : null;
    // Cut short only once given in full: "the European Council" before "the European Council on
    // Foreign Relations" is a body of its own.
    if (
      full &&
      d.key.includes(' ') &&
      ORGANISATION_HEADS.has(d.key.slice(d.key.lastIndexOf(' ') + 1)) &&
      firstStart(full) < firstStart(d)
    )
      merge(d, full);
  }
  for (const d of [...drafts.values()]) {
    const words = d.key.split(' ');
    for (let n = 1; n <= 3 && n < words.length - 1; n++) {
      const bare = drafts.get(words.slice(n).join(' '));
      if (!bare || bare === d || !isCountry(words.slice(0, n).join(' '))) continue;
      if (d.mentions.length > bare.mentions.length) {
        merge(bare, d);
      } else merge(d, bare);
      break;
    }
  }
}

const firstStart = (d: Draft): number => {
  let first = Infinity;
  for (const m of d.mentions) if (m.start < first) first = m.start;
  return first;
};

const WEB_ENDINGS = new Set(['com', 'org', 'net']);

// The small words after which a long name may be cut short ("Andy Warhol Foundation for ...").
const SHORTENED_AT = new Set(['for', 'of', 'at', 'on']);

/** The initials of a name as written: capitalised words give a letter, small words one or none. */
function initialsOfName(name: string): Initial[] {
  const out: Initial[] = [];
  for (const word of name.split(/[\s\-–]+/)) {
    const letter = word.replace(/^[^\p{L}\p{N}]+/u, '')[0];
    if (!letter) continue;
    const small = letter === letter.toLowerCase() || FUNCTION_WORDS_IN_NAMES.has(word.toLowerCase());
    out.push({ letter: letter.toLowerCase(), optional: small });
  }
  return out;
}

// Capitalised words that an acronym may leave out ("The Football Association", "FA").
const FUNCTION_WORDS_IN_NAMES = new Set(['the', 'of', 'and', 'for', 'on', 'in', 'at', '&']);

/**
 * "the National Football League ... the NFL": an acronym found alone is the one organisation of
 * the article whose name it spells, though no bracket said so. Two names it could spell leave it
 * alone ("PFA": two associations), and so does a name that has an acronym of its own.
 */
function joinAcronymsToNames(drafts: Map<string, Draft>): void {
  // Names by the letters their capitalised words must give: an acronym's candidates are looked up
  // by each of its letters' subsequences (at most 2^8 of them), never by a scan of every name.
  const byCompulsory = new Map<string, Draft[]>();
  for (const d of drafts.values()) {
    if (!/\s/.test(d.name)) continue;
    let key = '';
    for (const initial of initialsOfName(d.name)) if (!initial.optional) key += initial.letter;
    if (key.length < 2) continue;
    const list = byCompulsory.get(key);
    if (list) list.push(d);
    else byCompulsory.set(key, [d]);
  }
  if (!byCompulsory.size) return;
  for (const [key, lone] of drafts) {
    // ("GM" after "General Motors": a name in capitals the tagger found is as good an acronym.)
    const acronym = lone.acronym ?? (/^\p{Lu}{2,}$/u.test(lone.name) ? lone.name : null);
    if (!acronym || /\s/.test(lone.name) || lone.name !== acronym) continue;
    const letters = acronym.replace(/[^\p{L}\p{N}]/gu, '').toLowerCase();
    if (letters.length < 2 || letters.length > 10) continue;
    const candidates = new Set<Draft>();
    for (let mask = 1; mask < 1 << letters.length; mask++) {
      let sub = '';
      for (let i = 0; i < letters.length; i++) if (mask & (1 << i)) sub += letters[i];
      for (const d of byCompulsory.get(sub) ?? []) candidates.add(d);
    }
    // Dozens of names it might stand for: no one of them is meant (and the checks stay bounded).
    if (candidates.size > 16) continue;
    let target: Draft | null = null;
    let count = 0;
    for (const d of candidates) {
      if (d.acronym && d.acronym.replace(/[^\p{L}\p{N}]/gu, '').toLowerCase() !== letters) continue;
      if (!spells(letters, initialsOfName(d.name))) continue;
      count++;
      target = d;
      if (count > 1) break;
    }
    if (count !== 1 || !target) continue;
    for (const m of lone.mentions) target.mentions.push(m);
    target.acronym ??= acronym;
    drafts.delete(key);
  }
}

/**
 * In a match report, a town or a county named without a locative is the side that plays for it
 * ("Leicestershire beat Somerset", "joined Newcastle"), by CoNLL's convention; a country stays a
 * place (its national side is named by the place). Moves those mentions from places to clubs.
 */
export function clubsFromPlaces(
  body: string,
  tokens: Token[],
  places: ExtractedPlace[],
  found: OrganizationFinding,
): { places: ExtractedPlace[]; organizations: ExtractedOrganization[] } {
  if (!found.sports) return { places, organizations: found.organizations };
  const organizations = [...found.organizations];
  const keptPlaces: ExtractedPlace[] = [];
  for (const place of places) {
    if (place.kind === 'country') {
      keptPlaces.push(place);
      continue;
    }
    const stay: Span[] = [];
    const club: Span[] = [];
    for (const m of place.mentions) {
      const at = tokenStartingAt(tokens, m.start);
      const i = at < 0 ? undefined : at;
      const before = i === undefined ? undefined : tokens[i - 1];
      const located =
        before !== undefined &&
        (LOCATIVES.has(before.lower) || before.lower === 'of') &&
        before.sentenceIndex === tokens[i as number]?.sentenceIndex;
      // "Atlanta, Georgia": a town with its state or country after it is the town.
      const qualified = /^,\s*\p{Lu}/u.test(body.slice(m.end, m.end + 3));
      // "LONDON (Reuters) -", "LONDON 1996-12-06": a dateline's town in capitals opening a paragraph.
      const dateline =
        i !== undefined &&
        before?.paragraphIndex !== (tokens[i] as Token).paragraphIndex &&
        !/\p{Ll}/u.test(body.slice(m.start, m.end));
      if (i !== undefined && before?.lower === 'from' && transferSentence(tokens, i)) club.push(m);
      else if (located || qualified || dateline || i === undefined || !playsHere(body, tokens, i, m)) stay.push(m);
      else club.push(m);
    }
    if (club.length) {
      const key = place.name.toLowerCase();
      const existing = organizations.find((o) => o.key === key || o.key.startsWith(`${key} `));
      if (existing) {
        for (const m of club) existing.mentions.push(m);
        existing.mentions.sort((a, b) => a.start - b.start);
      } else
        organizations.push({
          key,
          name: place.name,
          acronym: null,
          kind: 'sports_club',
          countryCode: place.countryCode,
          mentions: club,
        });
    }
    if (stay.length) keptPlaces.push({ ...place, mentions: stay });
  }
  organizations.sort((a, b) => (a.mentions[0]?.start ?? 0) - (b.mentions[0]?.start ?? 0));
  return { places: keptPlaces, organizations };
}

// Verbs of a player's transfer: "who has joined Espanyol from Nantes", "signed from Ajax".
const TRANSFER_VERBS = new Set([
  'join',
  'joins',
  'joined',
  'sign',
  'signs',
  'signed',
  'moved',
  'transferred',
  'bought',
  'loaned',
]);

/** Whether the sentence of token `i` reports a transfer: a town after "from" there is the club left. */
function transferSentence(tokens: Token[], i: number): boolean {
  const sentence = (tokens[i] as Token).sentenceIndex;
  for (let k = i - 1; k >= 0 && (tokens[k] as Token).sentenceIndex === sentence; k--)
    if (TRANSFER_VERBS.has((tokens[k] as Token).lower)) return true;
  return false;
}

/**
 * Whether a town's name stands where a side does: after "beat", "against" or "for", before a
 * score, a verb of the match or a player's role ("Surrey captain"), or listed with others in
 * a sentence of them ("Essex, Derbyshire and Surrey").
 */
function playsHere(body: string, tokens: Token[], i: number, m: Span): boolean {
  const before = tokens[i - 1];
  const first = tokens[i] as Token;
  if (before?.sentenceIndex === first.sentenceIndex && CLUB_CONTEXT_BEFORE.has(before.lower)) return true;
  let j = i;
  while (j < tokens.length && (tokens[j] as Token).end <= m.end) j++;
  const last = tokens[j - 1] as Token;
  const after = tokens[j];
  if (last.possessive) return true;
  if (after && after.sentenceIndex === first.sentenceIndex) {
    if (after.joinedToPrevious && (after.flags & STARTS_WITH_DIGIT) !== 0) return true;
    if (after.joinedToPrevious && CLUB_CONTEXT_AFTER.has(after.lower)) return true;
  }
  // "Essex, Derbyshire and Surrey all closed in": a list of names in a sentence with a verb of play.
  const gap = body.slice(last.after, last.after + 6);
  if (/^(?:,\s*\p{Lu}|\s+and\s+\p{Lu})/u.test(gap) && after && CLUB_CONTEXT_AFTER.has(tokens[j + 1]?.lower ?? ''))
    return true;
  return false;
}

/**
 * The organisation each person is tied to: the name straight before the person's role ("Airbus
 * chief executive Guillaume Faury"), or after it in an appositive ("Jane Doe, a spokeswoman for
 * the Red Cross", "Raymond Chan of People Power").
 */
export function affiliate(
  body: string,
  tokens: Token[],
  titles: TitleRun[],
  persons: ExtractedPerson[],
  organizations: ExtractedOrganization[],
): void {
  const orgEndingAt = new Map<number, ExtractedOrganization>();
  const orgStartingAt = new Map<number, ExtractedOrganization>();
  for (const o of organizations)
    for (const m of o.mentions) {
      orgEndingAt.set(m.end, o);
      orgStartingAt.set(m.start, o);
    }
  const titleEndingAt = new Map<number, TitleRun>();
  for (const t of titles) titleEndingAt.set(t.to, t);
  for (const person of persons) {
    person.organization = null;
    if (organizations.length === 0) continue;
    for (const m of person.mentions) {
      const i = tokenStartingAt(tokens, m.start);
      if (i < 0) continue;
      const title = titleEndingAt.get(i);
      if (title && (tokens[title.from] as Token).joinedToPrevious) {
        const before = tokens[title.from - 1];
        const org = before ? orgEndingAt.get(before.end) : undefined;
        if (org) {
          person.organization = { key: org.key, role: title.text };
          break;
        }
      }
      // "Jane Doe, a spokeswoman for the Red Cross," / "Raymond Chan of People Power".
      const after = body.slice(m.end, m.end + 80);
      const appositive =
        /^(?:,\s+(?:(?:a|an|the)\s+)?((?:[\p{L}-]+\s+){0,3}?[\p{L}-]+)\s+(?:of|for|at|with)|\s+of)\s+(?:the\s+)?/u.exec(
          after,
        );
      if (appositive) {
        const org = orgStartingAt.get(m.end + appositive[0].length);
        const role = appositive[1] ?? null;
        const head = role?.split(/\s+/).pop()?.toLowerCase();
        if (org && (role === null || (head !== undefined && TITLE_HEADS.has(head)))) {
          person.organization = { key: org.key, role };
          break;
        }
      }
    }
  }
}
