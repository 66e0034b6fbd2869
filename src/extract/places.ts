import { foldedText, type TokenRun, tokensText } from './chunks.js';
import {
  type Gazetteer,
  type GazetteerPlace,
  MIN_MINOR_POPULATION,
  mayNameAPlace,
  minorTowns,
  wordPlaces,
} from './gazetteer.js';
import {
  ANY_ORGANISATION_WORD,
  CALENDAR_WORD,
  CALENDAR_WORDS,
  EVENT_WORDS,
  FAITH_WORDS,
  FUNCTION_WORD,
  FUNCTION_WORDS,
  GIVEN_NAME,
  LOCATIVES,
  PLACE_MODIFIERS,
  SIDE_NOUNS,
  TITLE_HEADS,
  TITLE_MODIFIERS,
  VESSEL_NOUNS,
} from './lexicon.js';
import { lowerCaseWords, type Token } from './tokens.js';
import type { ExtractedPlace, PlaceKind, Span } from './types.js';

/** The kinds of physical features (src/extract/features.ts). */
const FEATURE_KINDS: ReadonlySet<PlaceKind> = new Set(['sea', 'river', 'mountain', 'lake', 'island', 'desert']);

// "Kowloon East", "Bristol West", "Leeds North East": a compass point after a place names a part of
// it (a district, an electoral constituency), not the place itself.
const COMPASS_POINTS = new Set(['north', 'south', 'east', 'west', 'northeast', 'northwest', 'southeast', 'southwest']);

function partOf(
  tokens: Token[],
  to: number,
  end: number,
  options: GazetteerPlace[],
): {
  to: number;
  options: GazetteerPlace[];
} | null {
  let k = to;
  while (k < end && k < to + 2 && COMPASS_POINTS.has((tokens[k] as Token).lower) && (tokens[k] as Token).capitalised)
    k++;
  if (k === to) return null;
  const suffix = tokensText(tokens, to, k);
  const id = suffix.toLowerCase().replace(/ /g, '-');
  const parts = options
    .filter((o) => o.kind !== 'country')
    .map((o) => ({
      ...o,
      gazetteerId: `${o.gazetteerId}/${id}`,
      name: `${o.name} ${suffix}`,
      kind: 'region' as const,
    }));
  return parts.length ? { to: k, options: parts } : null;
}

// Nouns for a settlement or a division, and bearings, that with "of" put the name after them on
// the map as surely as "in" does ("the town of Tavildara", "the village of Nandrin", "the island
// of Spitzbergen", "80 km south of Morelia").
const SETTLEMENT_NOUNS = new Set([
  'town',
  'towns',
  'village',
  'villages',
  'city',
  'cities',
  'port',
  'suburb',
  'district',
  'province',
  'region',
  'island',
  'capital',
  'municipality',
  'county',
  'resort',
  'hamlet',
  'settlement',
  'oblast',
  'coast',
  'outskirts',
  'north',
  'south',
  'east',
  'west',
  'northeast',
  'northwest',
  'southeast',
  'southwest',
]);

/**
 * Whether token i names a vessel: right after a vessel noun, or after "and" and another name
 * that does ("the aircraft carriers Vinson and Enterprise").
 */
function namesAVessel(tokens: Token[], i: number): boolean {
  const before = tokens[i - 1];
  if (!before) return false;
  if (VESSEL_NOUNS.has(before.text)) return true;
  return (
    before.lower === 'and' &&
    (tokens[i - 2]?.capitalised ?? false) &&
    VESSEL_NOUNS.has(tokens[i - 3]?.text ?? '') &&
    tokens[i - 3]?.sentenceIndex === before.sentenceIndex
  );
}

/**
 * Whether a feature that counts only in context ("Channel") stands alone after "the", with no
 * number after it; any other one-word name passes.
 */
function theNameAlone(body: string, tokens: Token[], run: TokenRun, i: number, options: GazetteerPlace[]): boolean {
  if (!options.every((o) => o.onlyWith && FEATURE_KINDS.has(o.kind))) return true;
  const token = tokens[i] as Token;
  return (
    tokens[i - 1]?.lower === 'the' &&
    i === run.from &&
    run.to === i + 1 &&
    !/^\s*\d/.test(body.slice(token.end, token.end + 3))
  );
}

// Lower-case particles inside a person's name: the capitalised word after one ends the name
// ("Kengo wa Dondo", "Osama bin Laden", "Ludwig van Beethoven"), whatever town shares it.
const NAME_PARTICLES = new Set(['wa', 'bin', 'ibn', 'bint', 'van', 'von']);

/** Whether token i follows a name particle that follows a capitalised word: "Kengo wa Dondo". */
function afterNameParticle(tokens: Token[], i: number): boolean {
  const particle = tokens[i - 1];
  const before = tokens[i - 2];
  return (
    particle !== undefined &&
    NAME_PARTICLES.has(particle.text) &&
    before?.capitalised === true &&
    before.sentenceIndex === particle.sentenceIndex &&
    (tokens[i] as Token).joinedToPrevious
  );
}

// Words that end the name of a building: a town named so, after "the", is the building ("the
// White House", "the Opera House"), not the town.
const BUILDING_WORDS = new Set(['house', 'palace', 'tower', 'hall', 'castle', 'cathedral', 'mosque', 'temple']);

/** Whether "the" stands before a name of several words whose last one is a building's word. */
function namesABuilding(tokens: Token[], i: number, matched: number): boolean {
  if (matched < 2 || tokens[i - 1]?.lower !== 'the') return false;
  return BUILDING_WORDS.has((tokens[i + matched - 1] as Token).lower);
}

/** Whether "of" and a settlement noun stand before token i: "the town of X". */
function afterSettlementNoun(tokens: Token[], i: number): boolean {
  return tokens[i - 1]?.lower === 'of' && SETTLEMENT_NOUNS.has(tokens[i - 2]?.lower ?? '');
}

// Words that, followed by "of", name a region rather than a city.
const REGION_HEADS = new Set(['state', 'governor', 'governors', 'senator', 'senators']);

/** The people a city needs to outrank a region of the same name in its country. */
const CITY_OVER_REGION_POPULATION = 100_000;

interface Candidate {
  from: number;
  to: number;
  options: GazetteerPlace[];
  /** A country or a state named after it, behind a comma, says where it is ("Lockerbie, Scotland"). */
  qualified?: boolean;
}

function choose(candidate: Candidate, tokens: Token[], mentionedCountries: Set<string>): GazetteerPlace | null {
  const before = tokens[candidate.from - 1];
  const locative =
    before !== undefined &&
    (LOCATIVES.has(before.lower) || (before.lower === 'the' && LOCATIVES.has(tokens[candidate.from - 2]?.lower ?? '')));
  // A name of several words is seldom an ordinary word or a surname: a sizeable town needs no locative.
  const longName = candidate.to - candidate.from >= 2;
  // "the state of Washington", "Governor of Washington", "Washington state": the region.
  const beforeOf = before?.lower === 'of' ? tokens[candidate.from - 2]?.lower : undefined;
  const stateContext =
    (beforeOf !== undefined && REGION_HEADS.has(beforeOf)) || tokens[candidate.to]?.lower === 'state';
  // A city the press knows outranks a region of the same name in its own country ("New York",
  // "Washington"); a town abroad does not outrank a region ("Florida" is the state, not the
  // Uruguayan town), unless the article names the town's country, nor does a small town
  // ("Virginia" is the state, not the Minnesota town of 8,000).
  const cityCountries = new Set(
    candidate.options
      .filter((o) => o.kind === 'city' && o.population >= CITY_OVER_REGION_POPULATION)
      .map((o) => o.countryCode),
  );
  let best: GazetteerPlace | null = null;
  let bestScore = -Infinity;
  // "the town of X", "X, Scotland": the text itself says X is a town, whatever its size.
  const surely = candidate.qualified === true || afterSettlementNoun(tokens, candidate.from);
  // "Reagan's wife, Nancy", "James (Leo) Nichols": a town's one-word name that is a given name
  // is a person's more often than a town's, unless the town is large or the text places it.
  const givenName = candidate.to - candidate.from === 1 && ((tokens[candidate.from] as Token).flags & GIVEN_NAME) !== 0;
  for (const option of candidate.options) {
    if (option.onlyWith && ![...option.onlyWith].some((code) => mentionedCountries.has(code))) continue;
    if (givenName && option.kind === 'city' && option.population < 250_000 && !locative && !surely) continue;
    // A small town's or a little-known province's name is more often a surname or a word; it
    // needs a locative to count.
    if (
      option.kind !== 'country' &&
      !option.major &&
      !surely &&
      !(locative && option.population >= MIN_MINOR_POPULATION) &&
      !(longName && option.population >= 50_000)
    ) {
      continue;
    }
    const score =
      (option.kind === 'country' || option.countryCode === null ? 10 : 0) +
      (option.kind === 'region' ? (stateContext ? 8 : cityCountries.has(option.countryCode) ? -1 : 1) : 0) +
      (option.major ? 4 : 0) +
      (option.countryCode !== null && mentionedCountries.has(option.countryCode) ? 2 : 0) +
      Math.log10(Math.max(option.population, 1)) / 10;
    if (score > bestScore) {
      best = option;
      bestScore = score;
    }
  }
  return best;
}

/**
 * A one-word town name straight after another capitalised word that is neither a function
 * word, a date word, a title nor a place word ("Junius Ho", "Valeska Paris", "Budweiser Man") is
 * the end of a name the extractor does not know, not a place.
 */
function tailOfName(tokens: Token[], i: number, options: GazetteerPlace[], skip: (i: number) => boolean): boolean {
  if (options.some((o) => o.kind === 'country' || (o.kind === 'region' && o.major))) return false;
  const previous = tokens[i - 1];
  if (!previous || skip(i - 1) || !tokens[i]?.joinedToPrevious || previous.possessive) return false;
  const word = previous.lower;
  return (
    /^\p{Lu}\p{Ll}+$/u.test(previous.text) &&
    !FUNCTION_WORDS.has(word) &&
    !CALENDAR_WORDS.has(word) &&
    !PLACE_MODIFIERS.has(word) &&
    !TITLE_HEADS.has(word) &&
    !TITLE_MODIFIERS.has(word)
  );
}

/**
 * "Ogun Temizkanoglu", "Tanjung Priok": a one-word town's or province's name at the head of a
 * run whose next word the gazetteer, the lexicon and the calendar do not know begins a name the
 * extractor does not know (a person's, a district's), not the town. After a locative it stays
 * the town; countries and well-known regions stay what they are.
 */
function headOfName(
  tokens: Token[],
  run: TokenRun,
  i: number,
  options: GazetteerPlace[],
  around: Surroundings,
): boolean {
  if (i !== run.from || i + 1 >= run.to || LOCATIVES.has(tokens[i - 1]?.lower ?? '')) return false;
  // A US state or a region news names by itself ("West Bank") stays itself; a province Natural
  // Earth lists may begin a name like a town ("Ogun Temizkanoglu", "Chittagong Cement").
  const province = (o: GazetteerPlace) => o.gazetteerId.startsWith('admin1:');
  if (
    options.some(
      (o) => o.kind === 'country' || o.countryCode === null || (o.kind === 'region' && o.major && !province(o)),
    )
  )
    return false;
  const next = tokens[i + 1] as Token;
  if (!/^\p{Lu}\p{Ll}+$/u.test(next.text) || around.skip(i + 1)) return false;
  const word = next.lower;
  return (
    wordPlaces(around.gaz, next.word).options === undefined &&
    !(next.flags & ANY_ORGANISATION_WORD) &&
    !FUNCTION_WORDS.has(word) &&
    !CALENDAR_WORDS.has(word) &&
    !PLACE_MODIFIERS.has(word) &&
    !COMPASS_POINTS.has(word) &&
    !EVENT_WORDS.has(word) &&
    !TITLE_HEADS.has(word) &&
    !TITLE_MODIFIERS.has(word)
  );
}

/** A town needs this many people to keep its name where a person of the article bears it. */
const SURNAME_TOWN_POPULATION = 250_000;

/**
 * "President Clinton ... wrote to Clinton campaign manager Peter Knight", "sings to Clinton":
 * a one-word town's name that is the surname of a person the article names is that person,
 * after a locative too, unless the text places the town ("Clinton, Iowa", "the town of
 * Clinton") or the town is large ("Charlotte").
 */
function surnameOfPerson(tokens: Token[], candidate: Candidate, surnames: ReadonlySet<string>): boolean {
  if (candidate.to - candidate.from !== 1 || candidate.qualified || !surnames.size) return false;
  if (!surnames.has((tokens[candidate.from] as Token).folded) || afterSettlementNoun(tokens, candidate.from))
    return false;
  if (candidate.options.every((o) => o.kind === 'city' && o.population < SURNAME_TOWN_POPULATION)) return true;
  // "Neil Jordan ... the lead role in Jordan's film": any place's name that is a person's surname
  // is the person where it owns a thing named in lower case ("Jordan's King Abdullah" stays the
  // country).
  const token = tokens[candidate.from] as Token;
  return token.possessive && /^\p{Ll}/u.test(tokens[candidate.from + 1]?.text ?? '');
}

// A match result: "1 – 0", "3-0".
// "1558-1603" is a span of years, not a score: a score's numbers have at most three digits.
const SCORE = /(?<!\d)\d{1,3}\s*[–-]\s*\d{1,3}(?!\d)/;
const RESULT_VERBS =
  /^\s+(?:defeated|defeats|beat|beats|faced|faces|drew|draws|lost|loses|edged|thrashed|routed|overcame)\b/;

/**
 * Countries that are national sides in a match report ("Sweden defeated South Korea 1 – 0",
 * "Tunisia lost 1 – 2 to England"): a country whose name meets a result verb or a score in a
 * sentence that gives a score is a team, and the article's mentions of it are not places.
 */
function nationalTeams(
  body: string,
  tokens: Token[],
  candidates: Candidate[],
  chosen: (GazetteerPlace | null)[],
): Set<string> {
  const teams = new Set<string>();
  candidates.forEach((candidate, c) => {
    const place = chosen[c];
    if (place?.kind !== 'country') return;
    const first = tokens[candidate.from] as Token;
    const last = tokens[candidate.to - 1] as Token;
    const sentence = first.sentenceIndex;
    let from = candidate.from;
    while (from > 0 && (tokens[from - 1] as Token).sentenceIndex === sentence) from--;
    let to = candidate.to;
    while (to < tokens.length && (tokens[to] as Token).sentenceIndex === sentence) to++;
    const text = body.slice((tokens[from] as Token).start, (tokens[to - 1] as Token).end);
    if (!SCORE.test(text)) return;
    const after = body.slice(last.end, last.end + 24);
    const before = body.slice(Math.max(0, first.start - 24), first.start);
    // "beat Peter Nicol of Scotland 15-10 8-15": a player's country, not a side.
    if (/\b(?:of|from)\s+$/.test(before)) return;
    if (
      RESULT_VERBS.test(after) ||
      /^\s+\d{1,3}\s*[–-]\s*\d{1,3}(?!\d)/.test(after) ||
      /(?<!\d)\d{1,3}\s*[–-]\s*\d{1,3}\s+(?:to|against|over)\s+$/.test(before)
    ) {
      teams.add(place.gazetteerId);
    }
  });
  return teams;
}

/**
 * Whether a capitalised word at the start of a sentence is an ordinary word there ("Young and
 * new faces emerged"): the article also writes it in lower case. The article's lower-case words
 * are gathered once, on first need, so a long article stays linear.
 */
function lowerCaseElsewhere(tokens: Token[], i: number, lowerWords: () => ReadonlySet<string>): boolean {
  const token = tokens[i] as Token;
  if (tokens[i - 1]?.sentenceIndex === token.sentenceIndex || !/^\p{Lu}\p{Ll}+$/u.test(token.text)) return false;
  return lowerWords().has(token.lower);
}

// A subtitle in title case after a colon: "Batman: The Animated Series", "Batman: Arkham VR".
const SUBTITLE = /^:[ \t]+\p{Lu}[\p{L}\p{N}'’-]*[ \t]+\p{Lu}/u;

/**
 * "Marks & Spencer", "the Mary & Leigh Block Museum": a name joined to another by an ampersand
 * belongs to a firm's or a building's name, unless both are places the press knows ("Paris &
 * London").
 */
function joinedByAmpersand(body: string, tokens: Token[], i: number, gaz: Gazetteer): boolean {
  const token = tokens[i] as Token;
  const after = /^\s*&\s*$/.test(body.slice(token.after, tokens[i + 1]?.start ?? token.after));
  const before = /^\s*&\s*$/.test(body.slice(tokens[i - 1]?.after ?? token.start, token.start));
  const other = after ? tokens[i + 1] : before ? tokens[i - 1] : undefined;
  if (!other?.capitalised) return false;
  const known = (t: Token) => (wordPlaces(gaz, t.word).options ?? []).some((o) => o.major || o.kind !== 'city');
  return !(known(token) && known(other));
}

/**
 * "Batman: Arkham VR", "Dallas: The Movie": a name with a subtitle after a colon titles a work. A
 * place whose name the article uses so and never after a locative ("in", "to") is that work or
 * its hero throughout ("the voice of Batman in Batman: The Animated Series").
 */
function titlesOfWorks(
  body: string,
  tokens: Token[],
  candidates: Candidate[],
  chosen: (GazetteerPlace | null)[],
): Set<string> {
  const works = new Set<string>();
  const located = new Set<string>();
  candidates.forEach((candidate, c) => {
    const place = chosen[c];
    if (!place) return;
    const last = tokens[candidate.to - 1] as Token;
    const first = tokens[candidate.from] as Token;
    const opensParagraph = tokens[candidate.from - 1]?.paragraphIndex !== first.paragraphIndex;
    if (!opensParagraph && SUBTITLE.test(body.slice(last.after, last.after + 40))) works.add(place.gazetteerId);
    else if (LOCATIVES.has(tokens[candidate.from - 1]?.lower ?? '')) located.add(place.gazetteerId);
  });
  for (const id of located) works.delete(id);
  return works;
}

interface Surroundings {
  gaz: Gazetteer;
  skip: (i: number) => boolean;
  inOrganisation: (i: number) => boolean;
  lowerWords: () => ReadonlySet<string>;
  /** Where the candidate before this one ends. */
  previousEnd: number;
}

/** Whether a name the gazetteer knows, `matched` words from `i`, is something else where it stands. */
function notAPlaceHere(
  body: string,
  tokens: Token[],
  run: TokenRun,
  i: number,
  matched: number,
  options: GazetteerPlace[],
  around: Surroundings,
): boolean {
  const token = tokens[i] as Token;
  const last = tokens[i + matched - 1];
  // "US$ 20,000", "HK$": a currency.
  if (last !== undefined && body[last.after] === '$') return true;
  if (matched !== 1) return false;
  // "Central" or "Upper" alone qualifies a place, whatever town bears the name; "University",
  // "Hospital" are the words of an institution, not the town that bears them; but "the Gulf" is
  // the area it names beside one of its countries.
  if ((PLACE_MODIFIERS.has(token.lower) || token.flags & ANY_ORGANISATION_WORD) && !options.some((o) => o.onlyWith))
    return true;
  // "Hitwise UK", "Amazon US": a country's code after another name is a branch of it.
  const afterName = i > run.from && token.joinedToPrevious;
  if (afterName && around.previousEnd !== i && /^\p{Lu}{2,3}$/u.test(token.text)) return true;
  if (
    options.every((o) => o.kind !== 'country') &&
    (lowerCaseElsewhere(tokens, i, around.lowerWords) || joinedByAmpersand(body, tokens, i, around.gaz))
  )
    return true;
  if (headOfName(tokens, run, i, options, around)) return true;
  return i > run.from && !around.inOrganisation(i) && tailOfName(tokens, i, options, around.skip);
}

/** Where a country or a US state named after a town and a comma says the town is. */
interface Qualifier {
  /** The tokens that name it. */
  from: number;
  to: number;
  /** What the name may be: a country, a state, a province ("Georgia" is two). */
  wheres: { countryCode: string; state: string | null }[];
  /** The state, when an abbreviation names it ("Fla."): a place mention of its own. */
  abbreviated: GazetteerPlace | null;
}

const US_STATE_ID = 'iso3166-2:US-';

/** Whether a comma follows token k, before the next token. */
function commaAfter(body: string, tokens: Token[], k: number): boolean {
  const t = tokens[k] as Token;
  const end = tokens[k + 1]?.start ?? body.length;
  for (let c = t.end; c < end; c++) if (body.charCodeAt(c) === 44) return true;
  return false;
}

/**
 * "Lockerbie, Scotland", "Paris, Texas", "St. Petersburg, Fla.": the country, state or province
 * that follows token `k - 1` after a comma, in the same sentence.
 */
function qualifierAt(body: string, tokens: Token[], k: number, gaz: Gazetteer): Qualifier | null {
  const first = tokens[k];
  const previous = tokens[k - 1];
  if (!first?.capitalised || !previous || previous.sentenceIndex !== first.sentenceIndex) return null;
  if (!/^\s*,\s*$/.test(body.slice(previous.after, first.start))) return null;
  const abbreviated =
    first.text.endsWith('.') || body[first.end] === '.' ? gaz.stateAbbreviations.get(first.folded) : undefined;
  if (abbreviated)
    return {
      from: k,
      to: k + 1,
      wheres: [{ countryCode: 'US', state: abbreviated.gazetteerId.slice(US_STATE_ID.length) }],
      abbreviated,
    };
  for (let n = Math.min(3, tokens.length - k); n >= 1; n--) {
    const last = tokens[k + n - 1] as Token;
    if (!last.capitalised || last.sentenceIndex !== first.sentenceIndex) continue;
    const options = gaz.byName.get(n === 1 ? first.folded : foldedText(tokens, k, k + n));
    const wheres = (options ?? [])
      .filter((o) => o.kind === 'country' || (o.kind === 'region' && o.major))
      .flatMap((o) => (o.countryCode === null ? [] : [o]))
      .map((o) => ({
        countryCode: o.countryCode as string,
        state: o.gazetteerId.startsWith(US_STATE_ID) ? o.gazetteerId.slice(US_STATE_ID.length) : null,
      }));
    if (wheres.length) return { from: k, to: k + n, wheres, abbreviated: null };
  }
  return null;
}

/**
 * The options of a town that a qualifier places, those in its country (and state), and the
 * reading of the qualifier that does so. A name that is itself a country or a region is left
 * alone ("Germany, France and Italy", "Texas, Oklahoma").
 */
function placedBy(options: GazetteerPlace[], q: Qualifier): { options: GazetteerPlace[]; state: string | null } | null {
  if (options.some((o) => o.kind !== 'city')) return null;
  for (const where of q.wheres) {
    const inside = options.filter(
      (o) => o.countryCode === where.countryCode && (where.state === null || o.state === where.state),
    );
    if (inside.length) return { options: inside, state: where.state };
  }
  return null;
}

/**
 * Whether the run a place name stands in ends in the word of an event ("U.S. Open", "Venice Film
 * Festival", "Atlanta Games"): the place then names the event. A building's word after it says
 * otherwise ("Metro Toronto Convention Centre"); a day or a week is a holiday only straight after
 * the name ("Australia Day", but "the U.S. Labor Day weekend" is in the US).
 */
function namesAnEvent(tokens: Token[], after: number, to: number): boolean {
  if (after >= to) return false;
  const last = tokens[to - 1] as Token;
  if (!last.capitalised || !EVENT_WORDS.has(last.lower)) return false;
  return (last.lower !== 'day' && last.lower !== 'week') || to - 1 === after;
}

/** Whether token i ends a place name of two or three words that starts in the run before it. */
function endsLongerPlace(tokens: Token[], i: number, from: number, gaz: Gazetteer): boolean {
  for (let k = Math.max(from, i - 2); k < i; k++) {
    if ((wordPlaces(gaz, (tokens[k] as Token).word).longest || 1) < i + 1 - k) continue;
    if (gaz.byName.has(foldedText(tokens, k, i + 1))) return true;
  }
  return false;
}

/**
 * "Gulf of Mexico", "Bay of Bengal", "Isle of Man": a name the gazetteer knows with "of" inside
 * it spans two capitalised runs; the two are read as one where it does, so that "Mexico" there
 * is no mention of the country. Anywhere else the runs stay apart ("Governor of Texas").
 */
function joinedAcrossOf(tokens: Token[], runs: TokenRun[], gaz: Gazetteer): TokenRun[] {
  const out: TokenRun[] = [];
  for (let r = 0; r < runs.length; r++) {
    const run = runs[r] as TokenRun;
    const next = runs[r + 1];
    const of = tokens[run.to];
    if (next && of?.lower === 'of' && of.joinedToPrevious && next.from === run.to + 1) {
      let spans = false;
      for (let from = Math.max(run.from, run.to - 2); from < run.to && !spans; from++)
        for (let to = Math.min(next.to, next.from + 3); to > next.from && !spans; to--)
          spans =
            to - from <= gaz.maxWords &&
            mayNameAPlace(gaz, tokens, from, to) &&
            gaz.byName.has(foldedText(tokens, from, to));
      if (spans) {
        out.push({ ...run, to: next.to });
        r++;
        continue;
      }
    }
    out.push(run);
  }
  return out;
}

// What a settlement noun says a name it introduces is ("the village of X", "X province").
const UNLISTED_KINDS = new Map<string, PlaceKind>([
  ['town', 'city'],
  ['towns', 'city'],
  ['village', 'city'],
  ['villages', 'city'],
  ['hamlet', 'city'],
  ['settlement', 'city'],
  ['suburb', 'city'],
  ['port', 'city'],
  ['province', 'region'],
  ['district', 'region'],
  ['region', 'region'],
  ['county', 'region'],
  ['oblast', 'region'],
]);

/**
 * "the village of Layron", "the mining towns of Barentsburg and Pyramiden", "in Sikhin village",
 * "the eastern Sharqiyah province": a place too small for the gazetteer that the text itself calls
 * a town, a village or a province. It has no coordinates and no country the gazetteer could give;
 * its id is its folded name, so the same name in another article is the same row.
 */
function unlistedPlace(
  tokens: Token[],
  run: TokenRun,
  i: number,
  gaz: Gazetteer,
  skip: (i: number) => boolean,
  lowerWords: () => ReadonlySet<string>,
  previous: Candidate | undefined,
): { to: number; place: GazetteerPlace } | null {
  // The rest of the run, short and nobody's: a longer run is some other name.
  const to = run.to;
  if (to - i > 3 || (i > run.from && !(tokens[i - 1] as Token).possessive)) return null;
  for (let k = i; k < to; k++) if (skip(k) || (k < to - 1 && (tokens[k] as Token).possessive)) return null;
  const first = tokens[i] as Token;
  const words = tokens.slice(i, to);
  if (words.some((w) => !w.capitalised || w.flags & (CALENDAR_WORD | FUNCTION_WORD))) return null;
  const whole = to - i === 1 ? first.folded : foldedText(tokens, i, to);
  if (
    (mayNameAPlace(gaz, tokens, i, to) && (gaz.byName.has(whole) || gaz.demonyms.has(whole))) ||
    words.some((w) => lowerWords().has(w.lower))
  )
    return null;
  let noun: string | undefined;
  const before = tokens[i - 1];
  if (afterSettlementNoun(tokens, i)) noun = tokens[i - 2]?.lower;
  const after = tokens[to];
  // After the name, the noun says what it is unless the name describes the place ("the Kurdish
  // town of Arbil", "a Moslem village", "this Arctic town").
  if (
    !noun &&
    after &&
    !after.capitalised &&
    after.joinedToPrevious &&
    UNLISTED_KINDS.has(after.lower) &&
    tokens[to + 1]?.lower !== 'of' &&
    !/(?:ish|ian|an|ese|ic|i)$/.test((tokens[to - 1] as Token).lower) &&
    !FAITH_WORDS.has(first.lower)
  )
    noun = after.lower;
  // "the towns of Barentsburg and Pyramiden": the next name of the list.
  if (
    !noun &&
    previous?.options[0]?.gazetteerId.startsWith(UNLISTED_ID) &&
    before?.lower === 'and' &&
    previous.to === i - 1
  )
    return {
      to,
      place: {
        ...(previous.options[0] as GazetteerPlace),
        gazetteerId: `${UNLISTED_ID}${whole}`,
        name: tokensText(tokens, i, to),
      },
    };
  const kind = noun ? UNLISTED_KINDS.get(noun) : undefined;
  if (!kind) return null;
  return {
    to,
    place: {
      gazetteerId: `${UNLISTED_ID}${whole}`,
      name: tokensText(tokens, i, to),
      kind,
      countryCode: null,
      lat: Number.NaN,
      lon: Number.NaN,
      population: 0,
      major: false,
    },
  };
}

const UNLISTED_ID = 'unlisted:';

// Words for a faith, which describe a village rather than name it ("a Moslem village").

/**
 * Places: the longest gazetteer names inside capitalised runs that are not people or
 * organisations. A name shared by several places goes to a country the article names, then to
 * the better-known, more populous place ("Geneva" is Geneva, CH). Demonyms are not places.
 */
export function findPlaces(
  body: string,
  tokens: Token[],
  runs: TokenRun[],
  skip: (i: number) => boolean,
  gaz: Gazetteer,
  inOrganisation: (i: number) => boolean = () => false,
  namesOtherThing: (from: number, to: number) => boolean = () => false,
  lowerWords: () => ReadonlySet<string> = lowerCaseWords(tokens),
  surnames: ReadonlySet<string> = new Set(),
): ExtractedPlace[] {
  runs = joinedAcrossOf(tokens, runs, gaz);
  const candidates: Candidate[] = [];
  // Where a town's qualifier stands: a state's abbreviation to read as the state, or a state's name.
  const abbreviations = new Map<number, GazetteerPlace>();
  const stateAt = new Map<number, string>();
  for (const run of runs) {
    let i = run.from;
    while (i < run.to) {
      if (skip(i)) {
        i++;
        continue;
      }
      // "New York Yankees" with "New" taken by the club, "Los Angeles": the last word of a longer
      // place's name, cut from the rest by another name claiming it, is no place of its own.
      if (i > run.from && skip(i - 1) && endsLongerPlace(tokens, i, run.from, gaz)) {
        i++;
        continue;
      }
      let matched = 0;
      let options: GazetteerPlace[] | undefined;
      const alone = wordPlaces(gaz, (tokens[i] as Token).word);
      const longest = (tokens[i] as Token).folded.includes(' ') ? gaz.maxWords : alone.longest || 1;
      for (let n = Math.min(gaz.maxWords, longest, run.to - i); n >= 1; n--) {
        // No word of it belongs to a person, and only its last may be possessive ("Russia's").
        let blocked = false;
        for (let k = 0; k < n && !blocked; k++)
          blocked = skip(i + k) || (k < n - 1 && (tokens[i + k] as Token).possessive);
        if (blocked) continue;
        const key = n === 1 ? null : foldedText(tokens, i, i + n);
        const found = key === null ? alone.options : gaz.byName.get(key);
        if (found && (key === null ? alone.demonym === undefined : !gaz.demonyms.has(key))) {
          matched = n;
          options = found;
          break;
        }
      }
      // "in The Hague", "the Hague tribunal": a name whose "The" no capitalised run keeps ("Lord
      // Hague", "William Hague" are people).
      const article = tokens[i - 1];
      if (!matched && i === run.from && article?.lower === 'the' && (tokens[i] as Token).joinedToPrevious) {
        for (let n = Math.min(gaz.maxWords - 1, run.to - i); n >= 1 && !matched; n--) {
          let blocked = false;
          for (let k = 0; k < n && !blocked; k++) blocked = skip(i + k);
          const found = blocked ? undefined : gaz.byName.get(`the ${foldedText(tokens, i, i + n)}`);
          if (found) {
            matched = n;
            options = found;
          }
        }
      }
      // A town too small for the gazetteer's main table, where the text says it is one.
      let qualifier: Qualifier | null = null;
      let stateOfQualifier: string | null = null;
      let qualified = false;
      const abbreviation = abbreviations.get(i);
      if (abbreviation) {
        matched = 1;
        options = [abbreviation];
        qualified = true;
      } else if (!matched && !skip(i)) {
        const settlement = afterSettlementNoun(tokens, i);
        for (let n = Math.min(3, run.to - i); n >= 1 && !matched; n--) {
          // Only where the text says it is a town: most capitalised words are none, and cheaply so.
          if (!settlement && !commaAfter(body, tokens, i + n - 1)) continue;
          const towns = minorTowns(gaz, n === 1 ? (tokens[i] as Token).folded : foldedText(tokens, i, i + n));
          if (!towns) continue;
          const q = qualifierAt(body, tokens, i + n, gaz);
          const placed = q ? placedBy(towns, q) : null;
          if (placed || settlement) {
            matched = n;
            options = placed?.options ?? towns;
            qualifier = q;
            stateOfQualifier = placed?.state ?? null;
            qualified = true;
          }
        }
        if (!matched) {
          const unlisted = unlistedPlace(tokens, run, i, gaz, skip, lowerWords, candidates[candidates.length - 1]);
          if (unlisted) {
            matched = unlisted.to - i;
            options = [unlisted.place];
            qualified = true;
          }
        }
      } else if (matched && options && commaAfter(body, tokens, i + matched - 1)) {
        qualifier = qualifierAt(body, tokens, i + matched, gaz);
        const placed = qualifier ? placedBy(options, qualifier) : null;
        if (placed) {
          options = placed.options;
          stateOfQualifier = placed.state;
          qualified = true;
        } else qualifier = null;
      }
      // "Atlanta, Georgia": the state, not the country, once the town is placed in it.
      const stateHere = stateAt.get(i);
      if (stateHere && options && matched) {
        const state = options.filter((o) => o.gazetteerId === `${US_STATE_ID}${stateHere}`);
        if (state.length) options = state;
      }
      const rejected =
        options !== undefined &&
        !qualified &&
        (namesAVessel(tokens, i) ||
          (options.every((o) => o.kind === 'city') &&
            (afterNameParticle(tokens, i) ||
              namesABuilding(tokens, i, matched) ||
              SIDE_NOUNS.has(tokens[i - 1]?.text ?? ''))) ||
          // "the Channel" is the sea only as a name of its own: "the History Channel", "Channel 4" are not.
          (matched === 1 && !theNameAlone(body, tokens, run, i, options)) ||
          // "Atlantic Richfield", "Pacific Gas", "Nile Hilton": a feature's one word before another
          // name word is the start of a firm's or a building's name, not the sea or the river.
          (matched === 1 && i + 1 < run.to && options.every((o) => FEATURE_KINDS.has(o.kind))) ||
          notAPlaceHere(body, tokens, run, i, matched, options, {
            gaz,
            skip,
            inOrganisation,
            lowerWords,
            previousEnd: candidates[candidates.length - 1]?.to ?? -1,
          }));
      // After "in", "from", "near" a place name is a place; elsewhere the tagger may know it for
      // a club, a firm or a person ("Chicago Bulls", "Davenport"): asked last, as it costs most.
      if (
        matched &&
        options &&
        !rejected &&
        // "U.S. Open", "Venice Film Festival", "Atlanta Games": the place names an event.
        !namesAnEvent(tokens, i + matched, run.to) &&
        !(!qualified && !LOCATIVES.has(tokens[i - 1]?.lower ?? '') && namesOtherThing(i, i + matched))
      ) {
        if (qualifier?.abbreviated) abbreviations.set(qualifier.from, qualifier.abbreviated);
        else if (qualifier && stateOfQualifier) stateAt.set(qualifier.from, stateOfQualifier);
        // Inside an organisation's or a building's name ("Metro Toronto Convention Centre", "Los
        // Angeles Sheriff's office") only a well-known place counts: a small town there is a word.
        // The place must be where the organisation is: before its word ("Toronto Convention
        // Centre") or after "of" ("University of Texas"); "Team Estonia" is a side, not a place.
        // A run that is nothing but a country's name is no organisation's or work's name around it
        // ("will play Liechtenstein"; but "the film Casablanca").
        const whole = i === run.from && i + matched === run.to && options.some((o) => o.kind === 'country');
        if (whole && inOrganisation(i)) options = options.filter((o) => o.kind === 'country');
        const nested = inOrganisation(i) && !whole;
        let located = tokens[i - 1]?.lower === 'of';
        for (let k = i + matched; k < run.to && !located; k++)
          located = ((tokens[k] as Token).flags & ANY_ORGANISATION_WORD) !== 0;
        // "GB", "U.N.": a short code in capitals names a country ("US", "UK") or nothing.
        const code = matched === 1 && /^(?:\p{Lu}\.?){1,3}$/u.test((tokens[i] as Token).text);
        const kept =
          nested && !located
            ? []
            : options.filter((o) => (!nested || o.kind !== 'city' || o.major) && (!code || o.kind === 'country'));
        const part = kept.length && !skip(i + matched) ? partOf(tokens, i + matched, run.to, kept) : null;
        if (part) {
          candidates.push({ from: i, to: part.to, options: part.options });
          matched = part.to - i;
        } else if (kept.length) candidates.push({ from: i, to: i + matched, options: kept, qualified });
        i += matched;
      } else {
        i++;
      }
    }
  }
  // The countries the article names, or names a place of without doubt ("British Columbia" is in
  // Canada, so "Victoria" is more likely its capital than the Australian state).
  const mentionedCountries = new Set<string>();
  for (const c of candidates) {
    const country = c.options.find((o) => o.kind === 'country');
    if (country?.countryCode) mentionedCountries.add(country.countryCode);
    else if (c.options[0]?.countryCode && c.options.every((o) => o.countryCode === c.options[0]?.countryCode))
      mentionedCountries.add(c.options[0].countryCode);
  }
  const chosen = candidates.map((candidate) =>
    surnameOfPerson(tokens, candidate, surnames) ? null : choose(candidate, tokens, mentionedCountries),
  );
  const teams = nationalTeams(body, tokens, candidates, chosen);
  const works = titlesOfWorks(body, tokens, candidates, chosen);
  const byId = new Map<string, ExtractedPlace>();
  candidates.forEach((candidate, c) => {
    const place = chosen[c];
    if (!place || teams.has(place.gazetteerId) || works.has(place.gazetteerId)) return;
    const first = tokens[candidate.from] as Token;
    const last = tokens[candidate.to - 1] as Token;
    const mention: Span = { start: first.start, end: last.end, text: body.slice(first.start, last.end) };
    const existing = byId.get(place.gazetteerId);
    if (existing) existing.mentions.push(mention);
    else
      byId.set(place.gazetteerId, {
        gazetteerId: place.gazetteerId,
        name: place.name,
        kind: place.kind,
        countryCode: place.countryCode,
        lat: place.gazetteerId.startsWith(UNLISTED_ID) ? null : place.lat,
        lon: place.gazetteerId.startsWith(UNLISTED_ID) ? null : place.lon,
        mentions: [mention],
      });
  });
  return [...byId.values()];
}
