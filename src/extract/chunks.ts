import { knownOrganizationAt, knownOrganizationWordsFrom } from './known-organizations.js';
import {
  CALENDAR_WORD,
  COMPOUND_MODIFIER_WORD,
  FUNCTION_WORD,
  GIVEN_NAME,
  NAME_PARTICLES,
  OCCUPATIONS,
  PHRASE_START_WORDS,
  PLURAL_HEAD,
  STARTS_WITH_DIGIT,
  TITLE_HEADS,
  TITLE_MODIFIERS,
  TITLE_PHRASES,
  TITLE_WORD,
} from './lexicon.js';
import type { Token } from './tokens.js';

/** A run of tokens: [from, to) indexes into the token list. */
export interface TokenRun {
  from: number;
  to: number;
}

export interface TitleRun extends TokenRun {
  /** The title as written ("Foreign Minister", "strongman"). */
  text: string;
  /** Lower-case, for lexicon look-ups ("foreign minister"). */
  key: string;
  /**
   * "Governor of Oregon Tina Kotek", "Minister of Health Olivier Véran": the words after "of",
   * between the title's head and the name. They stay words of their own (a place is still read
   * there); `head` is the title without them.
   */
  jurisdiction?: TokenRun;
  head?: string;
}

const PHRASES = TITLE_PHRASES.map((p) => p.split(' '));

// "Del. Stacey Plaskett", "Pennsylvania Gov. Ed Rendell": heads that are titles only as
// abbreviations with their dot ("Del Shannon" is a name). Kept out of the lexicon's title words,
// whose bits are features of the entity tagger.
const DOTTED_HEADS = new Set(['del', 'gov']);

// "Ayatollah Ali Khamenei", "Mullah Mohammad Omar": religious titles the lexicon's heads lack, kept
// out of it for the same reason (adding them there would change what the tagger was trained on).
const RELIGIOUS_HEADS = new Set(['ayatollah', 'ayatollahs', 'mullah', 'mufti', 'patriarch']);

// "Senate Majority Leader Chuck Schumer", "Minority Whip": modifiers the lexicon's lack, kept out
// of it for the same reason.
const CHAMBER_MODIFIERS = new Set(['majority', 'minority']);

/** Asked of every token: the answer is kept with the spelling. */
function isHead(token: Token): boolean {
  const word = token.word;
  if (word.titleHead === 0) {
    const head =
      TITLE_HEADS.has(word.lower) ||
      RELIGIOUS_HEADS.has(word.lower) ||
      (DOTTED_HEADS.has(word.lower) && word.text.endsWith('.'));
    word.titleHead = head ? 1 : 2;
  }
  return word.titleHead === 1;
}

/**
 * "Chief Financial Officer", "chief information security officer": after "chief", up to three
 * words naming the function, then "officer". Returns how many tokens from `j` belong to the title
 * (0 when none). Kept out of the lexicon's modifiers, whose bits are features of the tagger.
 */
function chiefOfficer(tokens: Token[], j: number): number {
  if (tokens[j - 1]?.lower !== 'chief') return 0;
  for (let k = j; k < j + 4 && k < tokens.length; k++) {
    const t = tokens[k] as Token;
    if (!t.joinedToPrevious || t.flags & (FUNCTION_WORD | STARTS_WITH_DIGIT)) return 0;
    if (t.lower === 'officer' || t.lower === 'officers') return k > j ? k + 1 - j : 0;
    if (t.possessive) return 0;
  }
  return 0;
}

/** The end of the longest known organisation's name of two words or more at token `i`, or -1. */
function knownOrganizationEnd(tokens: Token[], i: number): number {
  // Only words joined by spaces: a name does not run over punctuation.
  const longest = knownOrganizationWordsFrom((tokens[i] as Token).folded);
  let joined = 1;
  while (joined < longest && i + joined < tokens.length && (tokens[i + joined] as Token).joinedToPrevious) joined++;
  const known = knownOrganizationAt(tokens, i, joined);
  return known && known.words >= 2 ? i + known.words : -1;
}
function matchPhrase(tokens: Token[], i: number): number {
  if (!PHRASE_START_WORDS.has(tokens[i]?.lower ?? '')) return 0;
  let best = 0;
  for (const words of PHRASES) {
    if (words.length <= best) continue;
    let ok = true;
    for (let k = 0; k < words.length; k++) {
      const token = tokens[i + k];
      if (!token || token.lower !== words[k] || (k > 0 && !token.joinedToPrevious)) {
        ok = false;
        break;
      }
    }
    if (ok) best = words.length;
  }
  return best;
}

/**
 * Finds titles and roles standing directly before a capitalised word: modifiers, then a head
 * ("Deputy Foreign Minister"), or a listed phrase ("Secretary of State"). A title only counts
 * when a name-like word follows it, so "the minister said" is not a title run.
 */
export function findTitles(tokens: Token[]): TitleRun[] {
  const titles: TitleRun[] = [];
  let i = 0;
  while (i < tokens.length) {
    // Most words can start no title: their lexicon bits settle it.
    const word = tokens[i] as Token;
    if (!(word.flags & (TITLE_WORD | PLURAL_HEAD)) && !isHead(word) && !CHAMBER_MODIFIERS.has(word.lower)) {
      i++;
      continue;
    }
    let j = i;
    while (j < tokens.length) {
      const token = tokens[j] as Token;
      if (j > i && !token.joinedToPrevious) break;
      const phrase = matchPhrase(tokens, j);
      if (phrase > 0) {
        j += phrase;
        continue;
      }
      if (OCCUPATIONS.has(token.lower) && token.capitalised && tokens[j - 1]?.sentenceIndex === token.sentenceIndex) {
        break;
      }
      const officer = chiefOfficer(tokens, j);
      if (officer > 0) {
        j += officer;
        continue;
      }
      if (isHead(token) || TITLE_MODIFIERS.has(token.lower) || CHAMBER_MODIFIERS.has(token.lower)) {
        j++;
        continue;
      }
      // "publishers Jann Wenner and …", "athletes Vitas Gerulaitis": a plural role before a list.
      if (pluralHead(token) && j + 1 < tokens.length) {
        j++;
        break;
      }
      break;
    }
    // Trim trailing modifiers: the run must end on a head or a phrase ("Foreign" alone is not a title).
    while (j > i) {
      const last = tokens[j - 1] as Token;
      if (isHead(last) || pluralHead(last) || endsPhrase(tokens, i, j)) break;
      j--;
    }
    const of = j > i ? ofJurisdiction(tokens, j) : null;
    if (of) {
      const head = tokensText(tokens, i, j);
      const text = `${head} of ${tokensText(tokens, of.from, of.to)}`;
      titles.push({ from: i, to: of.to, text, key: text.toLowerCase(), jurisdiction: of, head });
      i = of.to;
      continue;
    }
    // "General Electric", "General Mills": a known organisation's name is no title and a name.
    if (j > i && knownOrganizationEnd(tokens, i) > j) {
      i = j;
      continue;
    }
    const next = tokens[j];
    // "Prime Minister's Questions": a title in the possessive owns what follows; it does not name it.
    const possessive = j > i && (tokens[j - 1] as Token).possessive;
    if (j > i && !possessive && next?.joinedToPrevious && next.capitalised && !(next.flags & FUNCTION_WORD)) {
      const last = tokens[j - 1] as Token;
      // The role of one person of the list: "publishers" → "publisher".
      const singular = last.text.slice(0, -1);
      const text = pluralHead(last)
        ? j - 1 > i
          ? `${tokensText(tokens, i, j - 1)} ${singular}`
          : singular
        : tokensText(tokens, i, j);
      titles.push({ from: i, to: j, text, key: text.toLowerCase().replace(/\./g, '') });
      i = j;
    } else {
      i++;
    }
  }
  return titles;
}

/**
 * "Governor of Oregon Tina Kotek": a capitalised title head, "of", then capitalised words that run
 * into a name opening with a known given name. The words between "of" and the name are the
 * title's jurisdiction or portfolio; the name keeps two words or more.
 */
function ofJurisdiction(tokens: Token[], to: number): TokenRun | null {
  const head = tokens[to - 1] as Token;
  const of = tokens[to];
  if (!head.capitalised || !TITLE_HEADS.has(head.lower) || of?.lower !== 'of' || !of.joinedToPrevious) return null;
  const start = to + 1;
  let end = start;
  while (
    end < tokens.length &&
    end - start < 8 &&
    (tokens[end] as Token).capitalised &&
    (tokens[end] as Token).joinedToPrevious &&
    (tokens[end] as Token).sentenceIndex === of.sentenceIndex &&
    !(tokens[end - 1] as Token).possessive
  )
    end++;
  for (let k = start + 1; k <= end - 2; k++) {
    if ((tokens[k] as Token).flags & GIVEN_NAME && !((tokens[k] as Token).flags & FUNCTION_WORD))
      return { from: start, to: k };
  }
  return null;
}

/** A lower-case plural of a title head ("photographers"), not a word that merely ends in s. */
function pluralHead(token: Token): boolean {
  return (token.flags & PLURAL_HEAD) !== 0;
}

function endsPhrase(tokens: Token[], from: number, to: number): boolean {
  for (const words of PHRASES) {
    const start = to - words.length;
    if (start < from) continue;
    if (words.every((w, k) => tokens[start + k]?.lower === w)) return true;
  }
  return false;
}

export function tokensText(tokens: Token[], from: number, to: number): string {
  let text = (tokens[from] as Token).text;
  for (let k = from + 1; k < to; k++) text += ` ${(tokens[k] as Token).text}`;
  return text;
}

/** The folded words of [from, to) joined by spaces: the key names are looked up by. */
export function foldedText(tokens: Token[], from: number, to: number): string {
  let text = (tokens[from] as Token).folded;
  for (let k = from + 1; k < to; k++) text += ` ${(tokens[k] as Token).folded}`;
  return text;
}

/**
 * Maximal runs of capitalised words in one sentence, joined by spaces only, with lower-case
 * name particles allowed inside ("Ursula von der Leyen"). Title words, calendar words and a
 * capitalised function word at the start of a run are left out.
 */
export function findNameRuns(
  tokens: Token[],
  isTitle: (i: number) => boolean,
  breaksBefore: ReadonlySet<number> = new Set(),
): TokenRun[] {
  const runs: TokenRun[] = [];
  let i = 0;
  const nameLike = (k: number) => {
    const t = tokens[k];
    return t?.capitalised && !isTitle(k) && !(t.flags & (CALENDAR_WORD | STARTS_WITH_DIGIT | COMPOUND_MODIFIER_WORD));
  };
  while (i < tokens.length) {
    if (!nameLike(i) || (tokens[i] as Token).flags & FUNCTION_WORD) {
      i++;
      continue;
    }
    let j = i + 1;
    while (j < tokens.length) {
      const t = tokens[j] as Token;
      const prev = tokens[j - 1] as Token;
      if (!t.joinedToPrevious || t.sentenceIndex !== prev.sentenceIndex || prev.possessive || breaksBefore.has(j))
        break;
      if (nameLike(j) && !(t.flags & FUNCTION_WORD)) {
        j++;
        continue;
      }
      // A particle counts only between two capitalised words.
      let k = j;
      while (
        k < tokens.length &&
        NAME_PARTICLES.has((tokens[k] as Token).text) &&
        (tokens[k] as Token).joinedToPrevious
      )
        k++;
      if (k > j && nameLike(k) && (tokens[k] as Token).joinedToPrevious) {
        j = k + 1;
        continue;
      }
      break;
    }
    runs.push({ from: i, to: j });
    i = j;
  }
  return runs;
}
