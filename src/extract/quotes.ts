import { foldName } from './fold.js';
import { type Gender, personGender, pronounGender } from './gender.js';
import {
  CALENDAR_WORD,
  FUNCTION_WORD,
  OCCUPATIONS,
  PERSONAL_PRONOUNS,
  SPEAKER_NOUNS,
  SPEECH_VERB,
  TITLE_HEADS,
  TITLE_WORD,
  WEEKDAYS,
} from './lexicon.js';
import { isWhiteSpace, offsetsOf, type Token } from './tokens.js';
import type {
  ExtractedOrganization,
  ExtractedPerson,
  ExtractedQuote,
  OrganizationKind,
  Paragraph,
  Sentence,
  Span,
} from './types.js';

interface RawQuote {
  /** The quoted text: one piece, within one paragraph. */
  pieces: Span[];
  open: number;
  close: number;
  paragraphIndex: number;
  /** Pieces of one quote running over paragraphs share a group; their speaker is one. */
  group: number;
  /** Opened and never closed, nor continued in the next paragraph: speech only if attributed. */
  unclosed: boolean;
}

const OPENING_CONTEXT = /[\s([{—–/-]/;

/** The paragraph's first double quote mark is a closing one. */
function closesFirst(body: string, paragraph: Paragraph): boolean {
  for (let i = paragraph.start; i < paragraph.end; i++) {
    const ch = body[i];
    if (ch === '“') return false;
    if (ch === '”') return true;
    if (ch === '"') return !OPENING_CONTEXT.test(body[i - 1] ?? ' ');
  }
  return false;
}

const QUOTE_MARK = /["“”]/g;

// '”Fear. I am truly afraid…”': careless copy opens with a closing mark; one that stands where a
// word starts and runs straight into a letter or a digit opens a quote.
function opensBackwards(body: string, i: number, paragraphStart: number): boolean {
  const prev = i === paragraphStart ? ' ' : (body[i - 1] ?? ' ');
  return body[i] === '”' && OPENING_CONTEXT.test(prev) && /[\p{L}\p{N}]/u.test(body[i + 1] ?? ' ');
}

/**
 * Quotation spans in straight or curly double marks, one per paragraph. A paragraph that opens a
 * quote without closing it continues into the next one when that paragraph opens with a quote
 * mark, as news style writes it, or when its first mark closes one: the pieces form one group. A quote left open at the end of its
 * paragraph otherwise ends there, so an unbalanced mark can never swallow the rest of the article.
 */
/**
 * Adds the quote of [start, end) to `quotes` (none when it is empty) and returns it; `group` < 0
 * starts a group of its own. A module function, not a closure made per paragraph: tsx compiles
 * with esbuild's keepNames, which gives every named closure made at run time a defineProperty
 * call (about 0.7 µs each, ten and more an article here).
 */
function pushQuote(
  quotes: RawQuote[],
  groups: { count: number },
  body: string,
  paragraphIndex: number,
  group: number,
  start: number,
  end: number,
  close: number,
  unclosed: boolean,
): RawQuote | null {
  if (end <= start) return null;
  const quote: RawQuote = {
    pieces: [{ start, end, text: body.slice(start, end) }],
    open: start - 1,
    close,
    paragraphIndex,
    group: group >= 0 ? group : groups.count++,
    unclosed,
  };
  quotes.push(quote);
  return quote;
}

export function findQuoteSpans(body: string, paragraphs: Paragraph[]): RawQuote[] {
  const quotes: RawQuote[] = [];
  let carried: RawQuote | null = null;
  const groups = { count: 0 };
  const marks = offsetsOf(body, QUOTE_MARK);
  let q = 0;
  for (const paragraph of paragraphs) {
    let open: number | null = null;
    let group = -1;
    let from = paragraph.start;
    if (carried) {
      const first = body[paragraph.start];
      if (first === '"' || first === '“' || opensBackwards(body, paragraph.start, paragraph.start)) {
        carried.unclosed = false;
        open = paragraph.start;
        group = carried.group;
        from = paragraph.start + 1;
      } else if (closesFirst(body, paragraph)) {
        // Less careful copy breaks the paragraph inside the quote without reopening it: the
        // paragraph's first mark then closes the quote left open above.
        carried.unclosed = false;
        open = paragraph.start - 1;
        group = carried.group;
      }
      carried = null;
    }
    while (q < marks.length && (marks[q] as number) < from) q++;
    // Curly marks nest: “he calls “hell” home” is one quotation with a quoted word inside.
    let inner = 0;
    for (; q < marks.length && (marks[q] as number) < paragraph.end; q++) {
      const i = marks[q] as number;
      const ch = body[i];
      if (open === null) {
        const prev = i === paragraph.start ? ' ' : (body[i - 1] ?? ' ');
        if (ch === '“' || (ch === '"' && OPENING_CONTEXT.test(prev)) || opensBackwards(body, i, paragraph.start))
          open = i;
        inner = 0;
      } else if (ch === '“' && body[open] === '“') {
        inner++;
      } else if (ch === '”' && inner > 0) {
        inner--;
      } else if (ch === '"' || ch === '”') {
        pushQuote(quotes, groups, body, paragraph.index, group, open + 1, i, i, false);
        open = null;
        group = -1;
      }
    }
    if (open !== null)
      carried = pushQuote(quotes, groups, body, paragraph.index, group, open + 1, paragraph.end, paragraph.end, true);
  }
  return quotes;
}

interface Attribution {
  verb: string;
  /** Reported speech around a quoted part ("said the talks were "constructive""), not the quote's own frame. */
  embedded?: boolean;
  /** Token run [from, to) naming the speaker. */
  from: number;
  to: number;
}

// Words between a speaker and the verb that are not part of who spoke ("also said", "has said").
const ADVERBS =
  /^(?:also|again|later|then|previously|further|earlier|once|had|has|have|would|will|did|does|do|could|can|may|might|must|should|quickly|simply|repeatedly|recently|still|just|even|finally|never|often|\p{L}+ly)$/u;
// Prepositions of place and time: they open an adverbial, never a speaker's name.
const PLACE_AND_TIME = ['on', 'in', 'at', 'during', 'after', 'before', 'from', 'to', 'with'];
// Words that end the noun phrase after an inverted verb ('," said Jane Doe in a statement').
const CLAUSE_STOPS = new Set([
  ...PLACE_AND_TIME,
  ...WEEKDAYS,
  'while',
  'as',
  'who',
  'which',
  'that',
  'when',
  'last',
  'this',
  'earlier',
  'today',
  'yesterday',
  'tonight',
  'told',
  'adding',
  'and',
  'but',
  'because',
  'about',
  'via',
  'through',
]);
// Words that open a clause or an adverbial before its subject: "Though she said", "but he said".
const CLAUSE_OPENERS = new Set([
  'and',
  'but',
  'or',
  'then',
  'so',
  'yet',
  'while',
  'though',
  'although',
  'when',
  'as',
  'because',
  'if',
  'after',
  'before',
  'since',
  'where',
  'whereas',
  'once',
  'until',
  'now',
  'instead',
  'still',
  'also',
  // "... contended that she": a complementiser opens the clause, not the subject.
  'that',
]);
// Prepositions that open an adverbial ("On Monday, …", "In a statement, …"), never a speaker.
const PREPOSITIONS = new Set([
  ...PLACE_AND_TIME,
  'without',
  'for',
  'by',
  'of',
  'about',
  'over',
  'under',
  'since',
  'until',
  'despite',
  'amid',
  'through',
  'into',
  'like',
  'unlike',
  'against',
  'among',
  'within',
  'outside',
  'inside',
  'near',
  'later',
  'earlier',
  'last',
  'asked',
  'speaking',
  'writing',
  'responding',
  'referring',
]);
// Determiners, which alone are no speaker's label ("the" of "the embattled minister" cut short).
const BARE_DETERMINERS = new Set([
  'a',
  'an',
  'the',
  'this',
  'that',
  'these',
  'those',
  'his',
  'her',
  'their',
  'its',
  'our',
]);
// What may open a speaker's noun phrase in lower case: "a spokeswoman", "the ministry", "his aide".
const NOUN_PHRASE_OPENERS = new Set([
  ...BARE_DETERMINERS,
  'one',
  'two',
  'three',
  'four',
  'five',
  'several',
  'some',
  'many',
  'another',
  'other',
  'both',
  'each',
  'most',
  'former',
  'state',
  'federal',
  'local',
]);
const OBJECTS = new Set([
  'that',
  'reporters',
  'journalists',
  'me',
  'us',
  'him',
  'her',
  'them',
  'the',
  'press',
  'media',
  'audience',
  'crowd',
  'supporters',
  'voters',
  'viewers',
  'listeners',
  'everyone',
]);
// "(D-Mo.)", "R-Wis.": a US politician's party and state, set off after the name.
const PARTY_STATE = /^[DRI]-[\p{Lu}][\p{L}.]*$/u;

export interface QuoteContext {
  body: string;
  tokens: Token[];
  sentences: Sentence[];
  persons: ExtractedPerson[];
  /** Organisations found before quotes: "the ministry said" is an organisation speaking. */
  organizations?: ExtractedOrganization[];
}

function tokenAtOrAfter(tokens: Token[], offset: number): number {
  let lo = 0;
  let hi = tokens.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((tokens[mid] as Token).start < offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function sentenceAt(sentences: Sentence[], offset: number): number {
  let lo = 0;
  let hi = sentences.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((sentences[mid] as Sentence).start <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

// Verbs of saying beyond the lexicon's SPEECH_VERBS, which the tagger's features and the person
// rules read (so that list stays as the committed weights were trained on): the manner of
// speaking that features and sports copy put after a quote ('," beamed Sophie Grant').
const MORE_SPEECH_VERBS = new Set([
  'beamed',
  'laughed',
  'smiled',
  'sighed',
  'gushed',
  'fumed',
  'yelled',
  'screamed',
  'echoed',
  'interjected',
  'muttered',
  'opined',
  'reasoned',
  'reflected',
  'reckoned',
  'snapped',
  'speculated',
  'thundered',
  'chided',
  'elaborated',
  'ventured',
  'enthused',
  'marvelled',
  'marveled',
  'groaned',
  'grumbled',
  'asserted',
  'asserts',
  'revealed',
  'hinted',
  'begged',
  'implored',
  'laughs',
  'smiles',
  'sighs',
  'jokes',
  'muses',
  'recalls',
]);

/** A verb of saying, as the lexicon flags it or one of the further ones above. */
function isSpeechVerb(token: Token): boolean {
  return (token.flags & SPEECH_VERB) !== 0 || MORE_SPEECH_VERBS.has(token.lower);
}

/** What lies between token k-1 and token k: white space, or punctuation with it. */
function gapBefore(body: string, tokens: Token[], k: number): string {
  const prev = tokens[k - 1];
  const token = tokens[k];
  if (!prev || !token) return '.';
  return body.slice(prev.after, token.start);
}

/** Punctuation (or a quote mark) stands between token k-1 and token k. */
function breakBefore(body: string, tokens: Token[], k: number): boolean {
  const prev = tokens[k - 1];
  const token = tokens[k];
  if (!prev || !token) return true;
  for (let i = prev.after; i < token.start; i++) {
    const ch = body.charCodeAt(i);
    if (ch !== 32 && ch !== 9 && ch !== 10 && ch !== 0xa0) return true;
  }
  return false;
}

/** A stretch of a clause between two punctuation marks, [from, to) in tokens. */
interface Segment {
  from: number;
  to: number;
}

const ENDS_CLAUSE = /[.!?;"“”]/;

/** An abbreviation's dot before a closing parenthesis or a comma ("(D-Mo.)", "R-Wis.,") ends no clause. */
function closingParensAsIs(gap: string): string {
  return gap.replace(/[.!?]+\)/g, ')').replace(/^\.(?=\s*,)/, '');
}

/**
 * The clause before token `end`, back to `floor`, cut at punctuation into segments (text order).
 * What stands in parentheses, and a party-and-state label ("R-Wis."), is left out: it never names
 * who spoke. A sentence stop or a quote mark ends the look-back.
 */
function segmentsBefore(ctx: QuoteContext, end: number, floor: number): Segment[] {
  const { body, tokens } = ctx;
  const segments: Segment[] = [];
  // A quote or a sentence stop right before: nothing of this clause stands there.
  if (end > floor && ENDS_CLAUSE.test(closingParensAsIs(gapBefore(body, tokens, end)))) return segments;
  let to = end;
  let depth = 0;
  for (let k = end - 1; k >= floor && end - k <= 40; k--) {
    const gap = k > floor ? gapBefore(body, tokens, k) : '';
    const closes = (gapBefore(body, tokens, k + 1).match(/\)/g) ?? []).length;
    if (k + 1 <= end && closes) depth += closes;
    const opens = (gap.match(/\(/g) ?? []).length;
    // "the 24-year-old": a hyphen inside a word breaks no clause.
    const brokenHere = k === floor || (/[^\s]/.test(gap) && gap !== '-');
    if (brokenHere) {
      if (depth === 0 && to > k && !(to - k === 1 && PARTY_STATE.test((tokens[k] as Token).text)))
        segments.unshift({ from: k, to });
      const inside = depth > 0;
      if (opens) depth = Math.max(0, depth - opens);
      to = k;
      // Dots inside a parenthesis ("(D-S.C.)") are abbreviations, not the end of the clause.
      if ((!inside && ENDS_CLAUSE.test(closingParensAsIs(gap))) || k === floor) break;
    }
  }
  return segments;
}

/**
 * A capitalised word in -ing that opens an adverbial ("Following a meeting, …", "Speaking to
 * reporters, …"), not a name spelled so ("Beijing said", "Downing Street said"): a participle
 * has words of its clause after it, and they are not a name nor the speech verb.
 */
function participleAt(tokens: Token[], k: number): boolean {
  const token = tokens[k] as Token;
  if (!/^\p{Lu}\p{Ll}+ing$/u.test(token.text)) return false;
  const next = tokens[k + 1];
  if (!next?.joinedToPrevious || isSpeechVerb(next)) return false;
  return !next.capitalised || (next.flags & CALENDAR_WORD) !== 0;
}

// Groups that speak as a body, written in lower case without a determiner ("police said").
const GROUP_SPEAKERS = new Set([
  'police',
  'officials',
  'authorities',
  'prosecutors',
  'investigators',
  'witnesses',
  'residents',
  'analysts',
  'economists',
  'experts',
  'critics',
  'officers',
  'sources',
  'doctors',
  'lawyers',
  'organisers',
  'organizers',
  'rescuers',
  'firefighters',
  'medics',
  'scientists',
  'researchers',
  'diplomats',
  'protesters',
  'activists',
  'aides',
  'supporters',
  'opponents',
  'campaigners',
  'lawmakers',
  'legislators',
  'traders',
  'dealers',
  'regulators',
  'villagers',
  'survivors',
  'relatives',
  'parents',
  'teachers',
  'students',
  'fans',
  'players',
  'voters',
  'workers',
  'employees',
  'unions',
  'rebels',
  'troops',
  'soldiers',
  'militants',
  'insurgents',
  'observers',
  'monitors',
  'people',
]);

function startsNounPhrase(tokens: Token[], k: number): boolean {
  const token = tokens[k] as Token;
  const opener = NOUN_PHRASE_OPENERS.has(token.lower) || PERSONAL_PRONOUNS.has(token.lower);
  if (token.capitalised && !opener && (token.flags & FUNCTION_WORD || participleAt(tokens, k))) return false;
  return token.capitalised || opener || GROUP_SPEAKERS.has(token.lower) || /^\p{N}/u.test(token.text);
}

const AUXILIARIES = new Set([
  'has',
  'had',
  'have',
  'is',
  'was',
  'are',
  'were',
  'will',
  'would',
  'can',
  'could',
  'may',
  'might',
  'did',
  'does',
  'do',
  'who',
  'which',
  'that',
]);

// Common verbs whose past tense does not end in -ed: after a description, its verb.
const IRREGULAR_PAST = new Set([
  'made',
  'took',
  'gave',
  'sent',
  'put',
  'got',
  'came',
  'went',
  'left',
  'brought',
  'held',
  'found',
  'won',
  'lost',
  'began',
  'became',
  'ran',
  'saw',
  'met',
  'kept',
  'led',
  'paid',
  'sold',
  'spent',
  'struck',
  'stood',
  'thought',
  'knew',
  'chose',
  'drew',
  'threw',
  'fell',
  'felt',
  'heard',
  'meant',
  'sought',
  'taught',
  'caught',
  'bought',
  'fought',
]);

/**
 * The noun phrase a segment opens with, when the segment is a clause ("Rival Hillary Clinton had
 * mocked the complaint, saying"): a capitalised name with its title, or a description up to the
 * first auxiliary or speech verb.
 */
function leadingNounPhrase(tokens: Token[], segment: Segment): Segment {
  const first = tokens[segment.from] as Token;
  let to = segment.from + 1;
  // "The statement", "A spokeswoman": a capitalised determiner opens a description.
  if (first.capitalised && !NOUN_PHRASE_OPENERS.has(first.lower)) {
    while (to < segment.to) {
      const t = tokens[to] as Token;
      if (!t.joinedToPrevious) break;
      const linksNames = (t.lower === 'of' || t.lower === 'de' || t.lower === 'van') && tokens[to + 1]?.capitalised;
      if (!t.capitalised && !linksNames) break;
      to++;
    }
    return { from: segment.from, to };
  }
  if (PERSONAL_PRONOUNS.has(first.lower)) return { from: segment.from, to };
  while (to < segment.to && to - segment.from < 10) {
    const t = tokens[to] as Token;
    // ("a WHO spokeswoman": an acronym is no relative pronoun.)
    if ((AUXILIARIES.has(t.lower) && !t.capitalised) || isSpeechVerb(t)) break;
    // "the Security Council issued a statement": a past tense after a description is its verb;
    // after a determiner or an adverb it is an adjective ("the embattled minister", "the newly
    // elected mayor").
    const before = tokens[to - 1] as Token;
    const adjective = NOUN_PHRASE_OPENERS.has(before.lower) || /ly$/.test(before.lower);
    if (!t.capitalised && !adjective && (/[^e]ed$/.test(t.lower) || IRREGULAR_PAST.has(t.lower))) break;
    // "The Security Council on Friday made ...": a time ends the description.
    if (t.flags & CALENDAR_WORD || (PREPOSITIONS.has(t.lower) && (tokens[to + 1]?.flags ?? 0) & CALENDAR_WORD)) break;
    to++;
  }
  return { from: segment.from, to };
}

/** The segment without the conjunctions and adverbs that open its clause ("Though she", "but he"). */
function trimOpeners(tokens: Token[], segment: Segment): Segment {
  let from = segment.from;
  while (from < segment.to && CLAUSE_OPENERS.has((tokens[from] as Token).lower)) from++;
  return { from, to: segment.to };
}

/** A person's mention outside quotation marks, in text order. */
interface NarratedMention {
  start: number;
  end: number;
  person: ExtractedPerson;
}

/** Index of the last mention that ends at or before `offset`, or -1. */
function mentionBefore(narrated: NarratedMention[], offset: number): number {
  let lo = 0;
  let hi = narrated.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if ((narrated[mid] as NarratedMention).end <= offset) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/** The mentions that lie within [start, end), in text order. */
function mentionsWithin(narrated: NarratedMention[], start: number, end: number): NarratedMention[] {
  const found: NarratedMention[] = [];
  for (let j = mentionBefore(narrated, end); j >= 0; j--) {
    const m = narrated[j] as NarratedMention;
    if (m.start < start) break;
    found.unshift(m);
  }
  return found;
}

interface Finder {
  ctx: QuoteContext;
  narrated: NarratedMention[];
  /** The offset lies inside quotation marks: a verb there is the quoted speaker's, not the narrator's. */
  quoted: (offset: number) => boolean;
  organizationMentions: OrganizationMention[];
}

function hasPerson(f: Finder, segment: Segment): boolean {
  const first = f.ctx.tokens[segment.from] as Token;
  const last = f.ctx.tokens[segment.to - 1] as Token;
  return mentionsWithin(f.narrated, first.start, last.end).length > 0;
}

/**
 * The segment up to the end of the person it opens with, or null when it names none: past a
 * name that only modifies ("Trump campaign spokesman Jason Miller"), up to the first auxiliary or
 * speech verb ("Rival Hillary Clinton had mocked the complaint").
 */
function upToPerson(f: Finder, segment: Segment): Segment | null {
  const { tokens, body } = f.ctx;
  const first = tokens[segment.from] as Token;
  const last = tokens[segment.to - 1] as Token;
  const mentions = mentionsWithin(f.narrated, first.start, last.end);
  let chosen: NarratedMention | null = null;
  let k = segment.from;
  for (const m of mentions) {
    let stopped = false;
    for (; k < segment.to && (tokens[k] as Token).start < m.start; k++) {
      const t = tokens[k] as Token;
      // "Trump attacked Clinton for …, saying": a past tense between two names is the first one's verb.
      if (AUXILIARIES.has(t.lower) || isSpeechVerb(t) || (!t.capitalised && /[^e]ed$/.test(t.lower))) stopped = true;
    }
    if (stopped && chosen) break;
    // "Clinton's aide": a possessive names someone else's.
    if (!/^['’]s\b/.test(body.slice(m.end, m.end + 2))) chosen = m;
    while (k < segment.to && (tokens[k] as Token).start < m.end) k++;
  }
  if (!chosen) return null;
  let to = segment.from;
  while (to < segment.to && (tokens[to] as Token).start < chosen.end) to++;
  return { from: segment.from, to };
}

/** The person named right before ", who". */
function personBeforeWho(f: Finder, who: Token): ExtractedPerson | null {
  const before = f.narrated[mentionBefore(f.narrated, who.start)];
  return before && /^\s*,\s*$/.test(f.ctx.body.slice(before.end, who.start)) ? before.person : null;
}

/**
 * The subject of the speech verb at `verb`, back to `floor`: "Jane Doe said", "Jane Doe, the coach,
 * said", "Sen. Claire McCaskill (D-Mo.) said", "a spokeswoman for the campaign, Jane Doe, said",
 * "Though she called", and, past a verb joined by "and" ("Scott beamed and asked"), the clause's
 * first noun phrase.
 */
function speakerBefore(f: Finder, verb: number, floor: number): Segment | null {
  const { body, tokens } = f.ctx;
  let to = verb;
  while (to > floor && ADVERBS.test((tokens[to - 1] as Token).lower) && !breakBefore(body, tokens, to)) to--;
  if (to <= floor) return null;
  const segments = segmentsBefore(f.ctx, to, floor);
  if (!segments.length) return null;
  const last = segments[segments.length - 1] as Segment;
  const adjoining = last.to === to && !/[^\s()]/.test(gapBefore(body, tokens, to).replace(/\)/g, ''));
  const nounPhrases = segments
    .map((s) => trimOpeners(tokens, s))
    .filter((s) => s.to > s.from && !PREPOSITIONS.has((tokens[s.from] as Token).lower));
  if (adjoining && !/\)/.test(gapBefore(body, tokens, to))) {
    const phrase = trimOpeners(tokens, last);
    const words = tokens.slice(phrase.from, phrase.to);
    // "Scott beamed and asked", "bemoaned the unrest and said": the verb shares its subject with
    // the verb before "and"; the subject opens the clause.
    const andAt = words.findIndex((w) => w.lower === 'and' || w.lower === 'but');
    // "House Speaker Paul Ryan, R-Wis., despite admitting": a preposition before the verb leaves
    // the subject at the clause's start too.
    const onlyLinks = words.length > 0 && words.every((w) => PREPOSITIONS.has(w.lower) || CLAUSE_OPENERS.has(w.lower));
    if (phrase.to === phrase.from || andAt >= 0 || onlyLinks) {
      const named = phrase.to > phrase.from ? upToPerson(f, phrase) : null;
      if (named) return named;
      const first = nounPhrases[0];
      if (first && first.from < phrase.from && startsNounPhrase(tokens, first.from))
        return upToPerson(f, first) ?? leadingNounPhrase(tokens, first);
      const head = andAt > 0 ? leadingNounPhrase(tokens, { from: phrase.from, to: phrase.from + andAt }) : null;
      return head && startsNounPhrase(tokens, head.from) ? head : null;
    }
    // "She said she": the subject of the first verb; "To which she": the pronoun that ends it.
    const verbAt = words.findIndex((w, i) => i > 0 && isSpeechVerb(w));
    if (verbAt > 0) {
      // "Tom Reed said Dana Vick told him:", "Trump said Clinton called him "…"": a person named
      // after the first verb is the subject of the one that frames the quote.
      const rest = { from: phrase.from + verbAt + 1, to: phrase.to };
      const inner = rest.to > rest.from && (tokens[rest.from] as Token).capitalised ? upToPerson(f, rest) : null;
      if (inner && inner.to === rest.to) return inner;
      return leadingNounPhrase(tokens, { from: phrase.from, to: phrase.from + verbAt });
    }
    const lastWord = words[words.length - 1] as Token;
    if (words.length > 1 && PERSONAL_PRONOUNS.has(lastWord.lower)) return { from: phrase.to - 1, to: phrase.to };
    if (phrase.to - phrase.from > 10) return null;
    if (hasPerson(f, phrase)) return phrase;
    // "Tom Reed, who said": the relative pronoun, which resolveSpeaker takes back to the name.
    if (words.length === 1 && (words[0] as Token).lower === 'who' && personBeforeWho(f, words[0] as Token))
      return phrase;
    // '"…," it said': an organisation's pronoun, which resolveSpeaker takes back to it.
    if (words.length === 1 && (words[0] as Token).lower === 'it') return phrase;
    // "going on to say": no noun phrase, no subject here.
    if (!startsNounPhrase(tokens, phrase.from)) return null;
    // A description before a verb of its own ("the Security Council issued a statement calling").
    if (!(tokens[phrase.from] as Token).capitalised) return leadingNounPhrase(tokens, phrase);
    return phrase;
  }
  // A break before the verb: the subject stands before an appositive or a parenthesis. The first
  // noun phrase that names a person is the speaker; a description followed by a name is that name.
  const candidates = nounPhrases.filter((s) => startsNounPhrase(tokens, s.from) || hasPerson(f, s));
  if (!candidates.length) return null;
  for (const s of candidates) {
    const named = upToPerson(f, s);
    if (named) return named;
  }
  const first = leadingNounPhrase(tokens, candidates[0] as Segment);
  return first.to - first.from <= 10 ? first : null;
}

// A preposition an adjective takes, inside the description ("a source close to the talks",
// "people familiar with the matter"), not the adverbial after it.
const BOUND_PREPOSITIONS = new Set(['close to', 'familiar with', 'linked to', 'loyal to', 'opposed to', 'allied with']);
// What a body says through: "a statement from the ministry", "economists at the central bank".
const DOCUMENT_NOUNS = new Set(['statement', 'letter', 'message', 'note', 'email', 'report', 'memo', 'release']);

// (Only before a name, with or without "the": "the minister at a news conference" ends at "at".)
function boundPreposition(tokens: Token[], k: number): boolean {
  const previous = (tokens[k - 1] as Token).lower;
  const word = (tokens[k] as Token).lower;
  if (BOUND_PREPOSITIONS.has(`${previous} ${word}`)) return true;
  if (word !== 'from' && word !== 'at') return false;
  if (!(DOCUMENT_NOUNS.has(previous) || GROUP_SPEAKERS.has(previous) || SPEAKER_NOUNS.has(previous))) return false;
  const next = tokens[k + 1];
  const name = next?.lower === 'the' ? tokens[k + 2] : next;
  return name?.capitalised === true && (name.flags & CALENDAR_WORD) === 0;
}

/**
 * The noun phrase after an inverted verb ('," said Jane Doe, a diplomat', '," said a spokeswoman
 * for the campaign, Jane Doe'), up to a word that ends it ("in", "on", "who").
 */
function speakerAfter(f: Finder, verb: number, ceiling: number): Segment | null {
  const { body, tokens } = f.ctx;
  const from = verb + 1;
  const phraseFrom = (start: number): Segment | null => {
    let to = start;
    while (
      to < ceiling &&
      to - start < 10 &&
      (to === start || !breakBefore(body, tokens, to) || /^[/-]$/.test(gapBefore(body, tokens, to))) &&
      !(
        to > start &&
        CLAUSE_STOPS.has((tokens[to] as Token).lower) &&
        !(tokens[to] as Token).capitalised &&
        !boundPreposition(tokens, to)
      )
    )
      to++;
    return to > start ? { from: start, to } : null;
  };
  const head = phraseFrom(from);
  if (!head) return null;
  if (hasPerson(f, head)) return head;
  // "said a spokeswoman for the campaign, Jane Doe": the name set off after the description.
  if (head.to < ceiling && /^\s*,\s*$/.test(gapBefore(body, tokens, head.to))) {
    const name = phraseFrom(head.to);
    if (name && hasPerson(f, name) && (tokens[name.from] as Token).capitalised) return name;
  }
  return head;
}

const NOUN_DETERMINERS = new Set([
  'the',
  'a',
  'an',
  'these',
  'those',
  'all',
  'some',
  'many',
  'several',
  'other',
  'two',
  'its',
  'their',
  'our',
  'his',
  'her',
]);

/**
 * The narrator's speech verb at token k: not one inside a quotation, and not a noun spelled like
 * a verb ("one of the states suing", "his notes").
 */
function narratorsVerb(f: Finder, k: number): boolean {
  const token = f.ctx.tokens[k] as Token;
  if (!isSpeechVerb(token) || f.quoted(token.start)) return false;
  const before = f.ctx.tokens[k - 1];
  // "state Sen. Marcia Price", "Secretary of State John Kerry": the noun before a title or name.
  const next = f.ctx.tokens[k + 1];
  if (token.lower === 'state' && (token.capitalised || (next?.capitalised && next.joinedToPrevious))) return false;
  return !(before && token.lower.endsWith('s') && NOUN_DETERMINERS.has(before.lower) && token.joinedToPrevious);
}

/** The sentence that holds `offset`, as token indexes [from, to). */
function sentenceTokens(ctx: QuoteContext, offset: number): { from: number; to: number; end: number } {
  const sentence = ctx.sentences[sentenceAt(ctx.sentences, offset)];
  const start = sentence?.start ?? 0;
  const end = sentence?.end ?? ctx.body.length;
  return { from: tokenAtOrAfter(ctx.tokens, start), to: tokenAtOrAfter(ctx.tokens, end), end };
}

const SUBORDINATORS = new Set([
  'when',
  'after',
  'because',
  'while',
  'before',
  'if',
  'since',
  'although',
  'though',
  'until',
  'whereas',
  'where',
  'whenever',
]);

const DASH_ATTRIBUTION = /^\s*(?:[―—–]|--)\s*$/;

/**
 * `"…," the official said`, `"…," said Blinken`, `"…" ― Jane Doe`, `…, a US official said.` after
 * the quote, up to the end of its sentence or the next quote.
 */
function attributionAfter(f: Finder, quote: RawQuote, limit: number): Attribution | null {
  const { ctx } = f;
  const start = tokenAtOrAfter(ctx.tokens, quote.close + 1);
  const sentenceEnd = Math.max(sentenceTokens(ctx, quote.close).end, quote.close + 1);
  const ceiling = tokenAtOrAfter(ctx.tokens, Math.min(sentenceEnd, limit));
  const first = ctx.tokens[start];
  if (first && start < ctx.tokens.length) {
    const gap = ctx.body.slice(quote.close + 1, first.start);
    // A reader's letter or a list of voices: the quote, a dash, the name.
    if (DASH_ATTRIBUTION.test(gap) && first.capitalised) {
      const name = speakerAfter(f, start - 1, tokenAtOrAfter(ctx.tokens, Math.min(limit, first.start + 120)));
      if (name && hasPerson(f, name)) return { verb: '―', ...name };
    }
    // '"…," Malkia Cyril, the executive director of the centre and a voice in the film, told the
    // Post': a person named right after the quote and set off by a comma speaks through the verb
    // that ends the appositive, however long it is.
    const named = f.narrated[mentionBefore(f.narrated, first.start) + 1];
    if (named && named.start === first.start && ctx.body[named.end] === ',') {
      let k = start;
      while (k < ctx.tokens.length && (ctx.tokens[k] as Token).start < named.end) k++;
      const nameEnd = k;
      for (k = nameEnd + 1; k < ctx.tokens.length && k < nameEnd + 40; k++) {
        const token = ctx.tokens[k] as Token;
        if (token.start >= sentenceEnd || token.start >= limit) break;
        if (narratorsVerb(f, k) && /,/.test(gapBefore(ctx.body, ctx.tokens, k)))
          return { verb: token.lower, from: start, to: nameEnd };
      }
    }
  }
  // '"That makes me smart," when Clinton blasted him': a clause that opens with a subordinator
  // after the quote tells when it was said, not who said it; the attribution may follow it ('"…"
  // if there is an invasion, she said').
  let from = start;
  if (first && SUBORDINATORS.has(first.lower) && !/[,;]/.test(ctx.body.slice(quote.close + 1, first.start))) {
    from = start + 1;
    while (from < ctx.tokens.length && from < start + 16 && !/,/.test(gapBefore(ctx.body, ctx.tokens, from))) from++;
    if (from >= start + 16) return null;
  }
  for (let k = from; k < ctx.tokens.length && k < from + 16; k++) {
    const token = ctx.tokens[k] as Token;
    if (token.start >= sentenceEnd || token.start >= limit) break;
    if (token.lower === 'according' && ctx.tokens[k + 1]?.lower === 'to') {
      const who = speakerAfter(f, k + 1, ceiling);
      if (who) return { verb: 'according to', ...who };
    }
    if (!narratorsVerb(f, k)) continue;
    if (k > from) {
      const before = speakerBefore(f, k, from);
      if (before) return { verb: token.lower, ...before };
    }
    // A speaker after the verb only in the inverted order right after the quote ('," said Blinken'):
    // further on, words after a verb are its object ("and said it was").
    if (k !== start) return null;
    const after = speakerAfter(f, k, ceiling);
    if (after) return { verb: token.lower, ...after };
    return null;
  }
  return null;
}

// Verbs that take no person as their object, so a name after them is their subject.
const INVERTING_VERBS = new Set([
  'said',
  'says',
  'added',
  'adds',
  'wrote',
  'writes',
  'explained',
  'noted',
  'continued',
]);

/**
 * 'Investors were nervous, said Jan Olsen, a strategist at Nordbank: "…"': a verb after a comma
 * with a name after it, set off before the quote, is said by that name, not by the clause before.
 */
function invertedBefore(f: Finder, verb: number, end: number, open: number): Segment | null {
  const { body, tokens } = f.ctx;
  const token = tokens[verb] as Token;
  if (!INVERTING_VERBS.has(token.lower) || !/,\s*$/.test(gapBefore(body, tokens, verb))) return null;
  if (verb + 1 >= end || !(tokens[verb + 1] as Token).capitalised) return null;
  const name = speakerAfter(f, verb, end);
  if (!name || !hasPerson(f, name)) return null;
  // Only the name and an appositive stand between the verb and the quote.
  const between = body.slice((tokens[name.to - 1] as Token).end, open);
  return /^(?:,[^,;.:"“”]*)?\s*[,:]\s*$/.test(between) ? name : null;
}

/**
 * `Blinken said: "…"`, `the official told reporters that "…"`, `according to X, "…"`, and reported
 * speech with a quoted part, `Lavrov said the talks had been "constructive"`, before the quote.
 */
function attributionBefore(f: Finder, quote: RawQuote, floorOffset: number): Attribution | null {
  const { ctx } = f;
  const sentence = ctx.sentences[sentenceAt(ctx.sentences, quote.open)];
  const floor = tokenAtOrAfter(ctx.tokens, Math.max(sentence?.start ?? 0, floorOffset));
  const end = tokenAtOrAfter(ctx.tokens, quote.open);
  let k = end - 1;
  // "told reporters", "said in a statement", "wrote on Twitter": a short object or adverbial.
  let skipped = 0;
  while (k >= floor && skipped < 5 && !narratorsVerb(f, k)) {
    const t = ctx.tokens[k] as Token;
    if (!(OBJECTS.has(t.lower) || PREPOSITIONS.has(t.lower) || t.capitalised || NOUN_PHRASE_OPENERS.has(t.lower)))
      break;
    k--;
    skipped++;
  }
  if (k >= floor && narratorsVerb(f, k)) {
    const inverted = invertedBefore(f, k, end, quote.open);
    if (inverted) return { verb: (ctx.tokens[k] as Token).lower, ...inverted };
    const who = speakerBefore(f, k, floor);
    if (who) return { verb: (ctx.tokens[k] as Token).lower, ...who };
  }
  for (let j = floor; j < end - 2; j++) {
    if ((ctx.tokens[j] as Token).lower === 'according' && (ctx.tokens[j + 1] as Token).lower === 'to') {
      const who = speakerAfter(f, j + 1, end);
      if (who) return { verb: 'according to', ...who };
    }
  }
  // Reported speech with a quoted part in it: the nearest speech verb before the quote, or the one
  // before that when the nearest has no subject of its own ("Sanders said, going on to say that").
  let verbs = 0;
  for (let j = end - 1; j >= floor && verbs < 2; j--) {
    if (!narratorsVerb(f, j)) continue;
    const verb = ctx.tokens[j] as Token;
    const inverted = invertedBefore(f, j, end, quote.open);
    if (inverted) return { verb: verb.lower, ...inverted };
    const who = j > floor ? speakerBefore(f, j, floor) : null;
    if (who) return { verb: verb.lower, embedded: true, ...who };
    // "After saying her foot was "so swollen I could barely walk," she was taken…": a participle
    // clause that opens the sentence has the subject of the clause after it, past the quote.
    const opener = ctx.tokens[j - 1];
    if (verb.lower.endsWith('ing') && (j === floor || (j - 1 === floor && opener && SUBORDINATORS.has(opener.lower)))) {
      const next = ctx.tokens[tokenAtOrAfter(ctx.tokens, quote.close + 1)];
      const k = tokenAtOrAfter(ctx.tokens, quote.close + 1);
      const gap = ctx.body.slice(quote.close + 1, next?.start ?? quote.close + 1);
      const commaBefore = /,\s*$/.test(ctx.body.slice(quote.open + 1, quote.close)) || /^\s*,\s*$/.test(gap);
      if (next && commaBefore && /^\s*,?\s*$/.test(gap) && (PERSONAL_PRONOUNS.has(next.lower) || next.capitalised)) {
        const subject = next.capitalised
          ? leadingNounPhrase(ctx.tokens, { from: k, to: Math.min(k + 6, ctx.tokens.length) })
          : { from: k, to: k + 1 };
        return { verb: verb.lower, embedded: true, ...subject };
      }
    }
    verbs++;
  }
  return null;
}

/**
 * `As Heald told the Post, ozone has dropped. "…"`: a quote that opens its sentence takes the
 * speaker of the sentence just before it in the same paragraph, or of a paragraph that ends by
 * introducing it ("Obama tweeted:").
 */
function attributionPrevious(f: Finder, quote: RawQuote): Attribution | null {
  const { ctx } = f;
  const index = sentenceAt(ctx.sentences, quote.open);
  const sentence = ctx.sentences[index];
  const previous = ctx.sentences[index - 1];
  if (!sentence || !previous) return null;
  const introduces = /[:,]\s*$/.test(ctx.body.slice(previous.start, previous.end));
  if (previous.paragraphIndex !== sentence.paragraphIndex && !introduces) return null;
  if (ctx.body.slice(sentence.start, quote.open).trim().length > 0) return null;
  const floor = tokenAtOrAfter(ctx.tokens, previous.start);
  const end = tokenAtOrAfter(ctx.tokens, previous.end);
  for (let j = end - 1; j > floor; j--) {
    const token = ctx.tokens[j] as Token;
    if (!narratorsVerb(f, j)) continue;
    // '"…," said Charlie King, a Democrat. "…"': the sentence before attributes its own quote.
    const who = /["“”]/.test(gapBefore(ctx.body, ctx.tokens, j)) ? speakerAfter(f, j, end) : speakerBefore(f, j, floor);
    if (who) return { verb: token.lower, ...who };
  }
  return null;
}

/** `"…" Blinken said later.` as the next sentence of the same paragraph. */
function attributionNext(f: Finder, quote: RawQuote): Attribution | null {
  const { ctx } = f;
  const index = sentenceAt(ctx.sentences, quote.close);
  const sentence = ctx.sentences[index];
  const next = ctx.sentences[index + 1];
  if (!sentence || !next || next.paragraphIndex !== sentence.paragraphIndex) return null;
  if (ctx.body.slice(quote.close + 1, sentence.end).trim().length > 2) return null;
  const start = tokenAtOrAfter(ctx.tokens, next.start);
  for (let k = start; k < start + 16 && k < ctx.tokens.length; k++) {
    const token = ctx.tokens[k] as Token;
    if (token.start >= next.end) break;
    // Past eight words only a verb that closes an appositive ("The niece, state Sen. Marcia
    // Price (D-Newport News), shouted") still attributes the quote before.
    if (k >= start + 8 && !/[,)]/.test(gapBefore(ctx.body, ctx.tokens, k))) continue;
    if (k > start && narratorsVerb(f, k)) {
      const who = speakerBefore(f, k, start);
      if (who) return { verb: token.lower, ...who };
    }
  }
  return null;
}

const POSSESSIVE = /^['’](?:s\b|\s)/;
// Openers of an adverbial that sets the scene ("In an interview with X, Ham said"), unlike "For
// Kevin Allton, Warhol was a legend", whose opening names the one the sentence is about.
const SETTING_OPENERS = new Set(['in', 'on', 'at', 'during', 'after', 'before', 'from', 'with', 'amid', 'despite']);

/**
 * The person a sentence is about, up to `before`: the first person it names, past an opening
 * adverbial ("In an interview with Rusty Humphries, Ham made it clear") and past names that only
 * modify the one after them ("Trump campaign spokesman Jason Miller", "Clinton's aide Huma
 * Abedin"). Null when the sentence names no one there, or only as an owner ("Trump's policy").
 */
function topicOf(f: Finder, sentence: Sentence, before: number): NarratedMention | null {
  const { ctx, narrated } = f;
  const inside = (m: NarratedMention | undefined): m is NarratedMention =>
    m !== undefined && m.start >= sentence.start && m.end <= before;
  let j = mentionBefore(narrated, sentence.start) + 1;
  if (!inside(narrated[j])) return null;
  const opener = ctx.tokens[tokenAtOrAfter(ctx.tokens, sentence.start)];
  if (opener && (SETTING_OPENERS.has(opener.lower) || SUBORDINATORS.has(opener.lower))) {
    const comma = ctx.body.indexOf(',', sentence.start);
    const past = comma >= 0 && comma < before ? mentionBefore(narrated, comma) + 1 : -1;
    if (past >= 0 && inside(narrated[past])) j = past;
  }
  for (;;) {
    const m = narrated[j] as NarratedMention;
    const next = narrated[j + 1];
    const k = tokenAtOrAfter(ctx.tokens, next?.start ?? ctx.body.length);
    const role = ctx.tokens[k - 1];
    // A role word right before the next name, with nothing but words between: one noun phrase.
    const modifies =
      inside(next) &&
      next.start - m.end < 40 &&
      role !== undefined &&
      role.end > m.end &&
      (TITLE_HEADS.has(role.lower) || OCCUPATIONS.has(role.lower)) &&
      !/[^\p{L}\p{N}\s'’-]/u.test(ctx.body.slice(m.end, next.start)) &&
      onlyModifiers(ctx.tokens, tokenAtOrAfter(ctx.tokens, m.end), k);
    if (modifies) {
      j++;
      continue;
    }
    return POSSESSIVE.test(ctx.body.slice(m.end, m.end + 2)) ? null : m;
  }
}

/**
 * The words between a name and the next are a few nouns of one phrase ("campaign spokesman"),
 * not a clause ("said praise from Russian President").
 */
function onlyModifiers(tokens: Token[], from: number, to: number): boolean {
  if (to - from > 4) return false;
  for (let k = from; k < to; k++) {
    const t = tokens[k] as Token;
    if (t.flags & FUNCTION_WORD || isSpeechVerb(t) || PREPOSITIONS.has(t.lower) || AUXILIARIES.has(t.lower))
      return false;
    // "Paul Reiner criticised President Dan Cole": a verb between the names, not a modifier.
    if (!t.capitalised && (/[^e]ed$/.test(t.lower) || IRREGULAR_PAST.has(t.lower))) return false;
  }
  return true;
}

// Nouns for what someone said, which a colon then quotes ("Her reply:", "Reed's response was swift:").
const SAYING_NOUNS = new Set([
  'reply',
  'response',
  'answer',
  'message',
  'retort',
  'reaction',
  'verdict',
  'words',
  'comment',
  'comments',
  'statement',
  'warning',
  'advice',
  'explanation',
  'plea',
  'promise',
  'view',
]);

/**
 * 'Reed's response was swift: "…"', 'The message from Ann Ruiz was clear: "…"', 'Her reply: "…"':
 * a quote after a colon that closes a clause about someone's words, with no verb of saying, is
 * the words of their owner: the person named with "'s" or "from" beside the noun, or the person a
 * possessive pronoun stands for (null when nobody fits it). Undefined: no such introduction.
 */
function introducedByNoun(
  f: Finder,
  d: Discourse,
  quote: RawQuote,
  since: number,
  previous: Speaker | null,
): Speaker | null | undefined {
  const { ctx, narrated } = f;
  const sentence = ctx.sentences[sentenceAt(ctx.sentences, quote.open)];
  if (!sentence || !/:\s*$/.test(ctx.body.slice(Math.max(sentence.start, quote.open - 3), quote.open)))
    return undefined;
  const from = tokenAtOrAfter(ctx.tokens, sentence.start);
  const end = tokenAtOrAfter(ctx.tokens, quote.open);
  if (end - from > 12) return undefined;
  for (let k = from; k < end; k++) {
    const t = ctx.tokens[k] as Token;
    if (isSpeechVerb(t)) return undefined;
    if (!SAYING_NOUNS.has(t.lower)) continue;
    const owner = ctx.tokens[k - 1];
    if (owner?.possessive) {
      const m = narrated[mentionBefore(narrated, owner.after)];
      if (m && m.end === owner.end) return { person: m.person, label: m.person.name, head: null };
    }
    if (owner && (owner.lower === 'his' || owner.lower === 'her')) {
      const pronoun = { ...owner, lower: owner.lower === 'his' ? 'he' : 'she' };
      return resolvePronoun(f, d, pronoun, since, previous);
    }
    if (ctx.tokens[k + 1]?.lower === 'from') {
      const m = narrated[mentionBefore(narrated, (ctx.tokens[k + 1] as Token).end) + 1];
      const next = ctx.tokens[k + 2];
      if (m && next && m.start === next.start) return { person: m.person, label: m.person.name, head: null };
    }
    return undefined;
  }
  return undefined;
}

/**
 * "In July, Gingrich dismissed Estonia as being in the "suburbs of St. Petersburg"": a quote inside
 * a sentence that no speech verb frames is the words of the person the sentence is about.
 */
function subjectOfSentence(f: Finder, quote: RawQuote): NarratedMention | null {
  const { ctx } = f;
  const sentence = ctx.sentences[sentenceAt(ctx.sentences, quote.open)];
  if (!sentence || !/[\p{L}\p{N}]/u.test(ctx.body.slice(sentence.start, quote.open))) return null;
  const m = topicOf(f, sentence, quote.open);
  if (!m) return null;
  // The subject: at the sentence's start, or after its opening adverbial and the comma.
  const from = tokenAtOrAfter(ctx.tokens, sentence.start);
  const at = tokenAtOrAfter(ctx.tokens, m.start);
  const opener = ctx.tokens[from] as Token;
  if (at === from) return m;
  const opensWithAdverbial = PREPOSITIONS.has(opener.lower) || SUBORDINATORS.has(opener.lower);
  return opensWithAdverbial && /,\s*$/.test(gapBefore(ctx.body, ctx.tokens, at)) ? m : null;
}

/** A third-person pronoun for a person ("she", "him") stands in the sentence. */
function speaksOfSomeone(ctx: QuoteContext, sentence: Sentence): boolean {
  for (let k = tokenAtOrAfter(ctx.tokens, sentence.start); k < ctx.tokens.length; k++) {
    const t = ctx.tokens[k] as Token;
    if (t.start >= sentence.end) break;
    if (pronounGender(t.lower) !== null) return true;
  }
  return false;
}

const TITLE_ABBREVIATIONS = /^(?:Sen|Rep|Gov|Del|Gen|Dr|Mr|Mrs|Ms|Lt|Col|Capt|Adm)\.$/;

/** A capitalised title word or its abbreviation ("Sen.", "Minister"). */
function isTitleToken(t: Token): boolean {
  return t.capitalised && ((t.flags & TITLE_WORD) !== 0 || TITLE_ABBREVIATIONS.test(t.text));
}

/** The subject of the sentence just before a quote that opens its own sentence, in one paragraph. */
function subjectBefore(f: Finder, quote: RawQuote): NarratedMention | null {
  const { ctx } = f;
  const index = sentenceAt(ctx.sentences, quote.open);
  const sentence = ctx.sentences[index];
  let previous = ctx.sentences[index - 1];
  if (!sentence || !previous || previous.paragraphIndex !== sentence.paragraphIndex) return null;
  if (/[\p{L}\p{N}]/u.test(ctx.body.slice(sentence.start, quote.open))) return null;
  let m = topicOf(f, previous, previous.end);
  // "Kiara Perkins, a USI art major, admitted she was willing to skip class. Why did she so badly
  // want to attend? "It's Warhol."": a sentence that names no one but speaks of her goes on
  // about the one named in the sentence before.
  const earlier = ctx.sentences[index - 2];
  if (!m && earlier?.paragraphIndex === sentence.paragraphIndex && speaksOfSomeone(ctx, previous)) {
    previous = earlier;
    m = topicOf(f, previous, previous.end);
  }
  return m && subjectPosition(f, previous, m) ? m : null;
}

/**
 * The mention is the sentence's subject, with its title ("Sen. Bernie Sanders"): at the start
 * or after an opening adverbial and its comma.
 */
function subjectPosition(f: Finder, sentence: Sentence, m: NarratedMention): boolean {
  const { ctx } = f;
  const from = tokenAtOrAfter(ctx.tokens, sentence.start);
  let at = tokenAtOrAfter(ctx.tokens, m.start);
  while (at > from && isTitleToken(ctx.tokens[at - 1] as Token) && at - tokenAtOrAfter(ctx.tokens, m.start) < 4) at--;
  if (at === from) return true;
  const opener = ctx.tokens[from] as Token;
  const opensWithAdverbial = PREPOSITIONS.has(opener.lower) || SUBORDINATORS.has(opener.lower);
  return opensWithAdverbial && /,["”’]?\s*$/.test(gapBefore(ctx.body, ctx.tokens, at));
}

/**
 * The person a sentence is about, up to `before`, when it is named as the sentence's subject,
 * also after a few words that describe them ("German international striker Juergen Klinsmann").
 */
function subjectOf(f: Finder, sentence: Sentence, before: number): NarratedMention | null {
  const m = topicOf(f, sentence, before);
  if (!m) return null;
  if (subjectPosition(f, sentence, m)) return m;
  const { tokens } = f.ctx;
  const from = tokenAtOrAfter(tokens, sentence.start);
  const at = tokenAtOrAfter(tokens, m.start);
  const first = tokens[from] as Token;
  const past = first.lower === 'the' || first.lower === 'a' || first.lower === 'an' ? from + 1 : from;
  for (let k = past; k < at; k++) if (k > from && !(tokens[k] as Token).joinedToPrevious) return null;
  return at > past && onlyModifiers(tokens, past, at) ? m : null;
}

interface Speaker {
  person: ExtractedPerson | null;
  organization?: ExtractedOrganization | null;
  label: string;
  /** The head noun of a description ("official"), to resolve "the official" later. */
  head: string | null;
}

/** What the pipeline knows of who has spoken so far, in text order. */
interface Discourse {
  history: Speaker[];
  genders: Map<ExtractedPerson, Gender | null>;
}

function genderOf(f: Finder, d: Discourse, person: ExtractedPerson): Gender | null {
  if (!d.genders.has(person)) d.genders.set(person, personGender(person, f.ctx.body));
  return d.genders.get(person) ?? null;
}

/** The same pronoun stands in the sentence before `before`, as the subject it opens with. */
function pronounOpens(ctx: QuoteContext, sentence: Sentence, before: number, pronoun: string): boolean {
  for (let k = tokenAtOrAfter(ctx.tokens, sentence.start); k < ctx.tokens.length; k++) {
    const t = ctx.tokens[k] as Token;
    if (t.start >= before || k - tokenAtOrAfter(ctx.tokens, sentence.start) > 6) return false;
    if (t.lower === pronoun) return true;
  }
  return false;
}

/**
 * "He said", "she added": the current speaker of the passage unless someone else of that gender
 * has been brought in since the last quote as the first person of a sentence (its subject or
 * topic), looking back a few sentences; a person of the other gender is never meant.
 */
function resolvePronoun(
  f: Finder,
  d: Discourse,
  pronoun: Token,
  since: number,
  previous: Speaker | null,
): Speaker | null {
  const { ctx, narrated } = f;
  const wanted = pronounGender(pronoun.lower);
  const fits = (person: ExtractedPerson) => {
    if (!wanted) return true;
    const g = genderOf(f, d, person);
    return g === null || g === wanted;
  };
  if (!wanted) return previous;
  // The first person named in each sentence since the last quote, newest sentence first.
  const here = sentenceAt(ctx.sentences, pronoun.start);
  let k = mentionBefore(narrated, pronoun.start);
  let introduced: ExtractedPerson | null = null;
  // Past the nearest sentence of narration before the pronoun (sentences inside the quote skipped).
  let nearestPassed = false;
  for (let s = here; s >= Math.max(0, here - 3) && k >= 0; s--) {
    const sentence = ctx.sentences[s] as Sentence;
    const narration =
      s < here && !f.quoted(sentence.start) && !/^\s*["“]/.test(ctx.body.slice(sentence.start, sentence.start + 2));
    const nearest = narration && !nearestPassed;
    if (narration) nearestPassed = true;
    const named = k >= 0 && (narrated[k] as NarratedMention).start >= sentence.start;
    while (k >= 0 && (narrated[k] as NarratedMention).start >= sentence.start) k--;
    const first = named ? topicOf(f, sentence, s === here ? pronoun.start : sentence.end) : null;
    if (!first || first.end <= since || (s !== here && !fits(first.person))) {
      // "…, which is something that concerns Henry Crespo, president of the caucus. / "…," he
      // said": a person brought in by full name and a role, as the sentence's object.
      const brought = named && nearest ? introducedIn(f, sentence, since) : null;
      if (brought && fits(brought) && brought !== previous?.person)
        return { person: brought, label: brought.name, head: null };
      if (!first || first.end <= since) {
        if (sentence.end <= since) break;
        continue;
      }
    }
    // '"…," said John Park. Critics have accused Tom Reed of covering for him. / "…," he said': a
    // name that a verb takes as its object brings in no new speaker while the last one fits.
    if (s !== here && previous?.person && fits(previous.person) && objectOfVerb(f, first)) continue;
    // "However, he could not explain why Ivanka Trump …": a sentence that speaks of the same
    // "he" before naming anyone goes on about the one already meant; its names are not new topics.
    if (s !== here && pronounOpens(ctx, sentence, first.start, pronoun.lower)) continue;
    if (fits(first.person)) {
      introduced = first.person;
      break;
    }
  }
  if (introduced && introduced !== previous?.person) return { person: introduced, label: introduced.name, head: null };
  if (previous && (previous.person ? fits(previous.person) : aPerson(previous))) return previous;
  // No earlier speaker that fits: the nearest person of that gender named before, or the subject
  // of that sentence when it fits too ("Mayor Ann Ruiz met council member Rita Moss" … "she said"
  // is the mayor).
  for (let j = mentionBefore(narrated, pronoun.start); j >= 0; j--) {
    const m = narrated[j] as NarratedMention;
    if (pronoun.start - m.end > 2000) break;
    if (!fits(m.person)) continue;
    const sentence = ctx.sentences[sentenceAt(ctx.sentences, m.start)] as Sentence;
    const subject = subjectOf(f, sentence, m.start);
    const person = subject && fits(subject.person) ? subject.person : m.person;
    return { person, label: person.name, head: null };
  }
  // Nobody of that gender: never the speaker before when they are of the other one.
  return previous?.person && !fits(previous.person) ? null : previous;
}

/** The mention stands right after a past tense, past its title ("hired Tom Reed", "criticised President Dan Cole"). */
function objectOfVerb(f: Finder, m: NarratedMention): boolean {
  const { body, tokens } = f.ctx;
  let k = tokenAtOrAfter(tokens, m.start) - 1;
  for (let titles = 0; k >= 0 && titles < 3 && isTitleToken(tokens[k] as Token); titles++) k--;
  const t = tokens[k];
  if (!t || t.capitalised || breakBefore(body, tokens, k + 1)) return false;
  return /[^e]ed$/.test(t.lower) || IRREGULAR_PAST.has(t.lower);
}

/**
 * The person a sentence first names in the article, by a full name set off by a comma and a
 * role ("Henry Crespo, president of the Miami-based caucus"), after `since`.
 */
function introducedIn(f: Finder, sentence: Sentence, since: number): ExtractedPerson | null {
  const { ctx, narrated } = f;
  for (let j = mentionBefore(narrated, sentence.start) + 1; j < narrated.length; j++) {
    const m = narrated[j] as NarratedMention;
    if (m.end > sentence.end) break;
    if (m.start <= since || m.person.mentions[0]?.start !== m.start) continue;
    if (!/\s/.test(ctx.body.slice(m.start, m.end))) continue;
    const next = ctx.tokens[tokenAtOrAfter(ctx.tokens, m.end)];
    if (!next || !/^\s*,\s*$/.test(ctx.body.slice(m.end, next.start))) continue;
    if (
      next.lower === 'the' ||
      next.lower === 'a' ||
      next.lower === 'an' ||
      TITLE_HEADS.has(next.lower) ||
      OCCUPATIONS.has(next.lower)
    )
      return m.person;
  }
  return null;
}

// Heads of descriptions that "he" or "she" can stand for, beside occupations and titles.
const PERSON_HEADS = new Set([...SPEAKER_NOUNS].filter((w) => !w.endsWith('s') || w.endsWith('ss')));

/** A speaker without a name whom a personal pronoun can stand for ("a US official", "the 34-year-old"). */
function aPerson(speaker: Speaker): boolean {
  if (speaker.organization) return false;
  if (speaker.head === null) return true;
  // The head before a prepositional phrase: "a spokeswoman of the Dutch investigation service".
  const core = speaker.label.split(/\s+(?:of|for|at|with|from|in|on|to)\s+/)[0] ?? speaker.label;
  const head = foldName(core.slice(core.lastIndexOf(' ') + 1));
  return PERSON_HEADS.has(head) || OCCUPATIONS.has(head) || TITLE_HEADS.has(head) || /-old$/.test(head);
}

/** The head of a description before its prepositional phrase ("mother" of "the 34-year-old mother of three"). */
function descriptionHead(label: string): string {
  const core = label.split(/\s+(?:of|for|at|with|from|in|on|to)\s+/)[0] ?? label;
  const word = core.slice(core.lastIndexOf(' ') + 1);
  // (Folding would make "24-year-old" three words.)
  return /-old$/.test(word) ? word.toLowerCase() : foldName(word);
}

// Heads of descriptions for one person that neither the occupations nor the titles list: courts,
// sports, campaigns and families.
const MORE_PERSON_HEADS = new Set([
  'defendant',
  'suspect',
  'plaintiff',
  'accused',
  'driver',
  'winner',
  'forward',
  'winger',
  'quarterback',
  'pitcher',
  'batsman',
  'bowler',
  'rider',
  'skier',
  'swimmer',
  'boxer',
  'golfer',
  'runner',
  'sprinter',
  'jockey',
  'trainer',
  'mogul',
  'investor',
  'monarch',
  'incumbent',
  'challenger',
  'front-runner',
  'frontrunner',
  'hopeful',
  'contender',
  'republican',
  'democrat',
  'grandmother',
  'grandfather',
  'widow',
  'widower',
  'son',
  'daughter',
  'husband',
  'wife',
]);

function personHead(head: string): boolean {
  return (
    PERSON_HEADS.has(head) ||
    OCCUPATIONS.has(head) ||
    TITLE_HEADS.has(head) ||
    MORE_PERSON_HEADS.has(head) ||
    /-old$/.test(head)
  );
}

// "the Brazilian said", "the Dane told reporters": sports copy names a player by nationality,
// after giving it ("Danish midfielder Lars Holm"); the adjective it was given by, where it differs.
const NATIONALITY_NOUNS: Record<string, string> = {
  frenchman: 'french',
  frenchwoman: 'french',
  englishman: 'english',
  englishwoman: 'english',
  irishman: 'irish',
  irishwoman: 'irish',
  scotsman: 'scottish',
  scot: 'scottish',
  welshman: 'welsh',
  dutchman: 'dutch',
  spaniard: 'spanish',
  briton: 'british',
  dane: 'danish',
  swede: 'swedish',
  finn: 'finnish',
  pole: 'polish',
  serb: 'serbian',
  croat: 'croatian',
  swiss: 'swiss',
  german: 'german',
  italian: 'italian',
  american: 'american',
  brazilian: 'brazilian',
  argentine: 'argentine',
  argentinian: 'argentinian',
  australian: 'australian',
  canadian: 'canadian',
  russian: 'russian',
  belgian: 'belgian',
  norwegian: 'norwegian',
  austrian: 'austrian',
  portuguese: 'portuguese',
  kenyan: 'kenyan',
  ethiopian: 'ethiopian',
  nigerian: 'nigerian',
  ghanaian: 'ghanaian',
  jamaican: 'jamaican',
  colombian: 'colombian',
  mexican: 'mexican',
  uruguayan: 'uruguayan',
  chilean: 'chilean',
  japanese: 'japanese',
  korean: 'korean',
  indian: 'indian',
  egyptian: 'egyptian',
  moroccan: 'moroccan',
};

// Heads that news gives to people it leaves unnamed ("the official said", "the man said"): with
// nobody introduced in that role, such a description is someone new, not the passage's person.
const ANONYMOUS_HEADS = new Set([
  'official',
  'spokesman',
  'spokeswoman',
  'spokesperson',
  'source',
  'aide',
  'adviser',
  'advisor',
  'diplomat',
  'officer',
  'analyst',
  'expert',
  'witness',
  'resident',
  'negotiator',
  'deputy',
  'inspector',
  'detective',
  'man',
  'woman',
  'person',
  'representative',
  'member',
]);

// Title abbreviations written before a name, as the role words they stand for.
const TITLE_ROLES: Record<string, string> = {
  sen: 'senator',
  rep: 'representative',
  gov: 'governor',
  gen: 'general',
  dr: 'doctor',
  prof: 'professor',
  pres: 'president',
  capt: 'captain',
  col: 'colonel',
  lt: 'lieutenant',
  adm: 'admiral',
  supt: 'superintendent',
};

/**
 * A mention of a person given the role `head` (or the age): a title or role word among the four
 * words before it ("Striker Leo Varga", "Sen. Ann Wiley"), or the appositive after it ("Lena
 * Strauss, the bank's chief executive,", "Ruth Okoro, 67,").
 */
function mentionHasRole(f: Finder, m: NarratedMention, head: string, age: string | null): boolean {
  const { body, tokens } = f.ctx;
  const at = tokenAtOrAfter(tokens, m.start);
  for (let k = at - 1; k >= 0 && k >= at - 4; k--) {
    const t = tokens[k] as Token;
    if (breakBefore(body, tokens, k + 1) && gapBefore(body, tokens, k + 1) !== '-') break;
    const role = TITLE_ROLES[t.lower] ?? t.lower;
    if (role === head || (age !== null && t.text === age)) return true;
  }
  const appositive = /^,\s*([^,.;:()"“”]{1,80})/.exec(body.slice(m.end, m.end + 90));
  if (!appositive) return false;
  const words = (appositive[1] as string).toLowerCase().split(/[\s’']+/);
  if (age !== null) return words.includes(age) || words.includes(`${age}-year-old`);
  return words.map(foldName).includes(head);
}

/**
 * "the 34-year-old mother of three replied", '," the striker told Sky Sports': a definite
 * description of a person is the one the passage brought in with that role, the nearest first;
 * with no one in that role, a role news gives to named people (not "the official") stands for the
 * person the last sentences are about, as a pronoun would.
 */
function describedPerson(f: Finder, attribution: Attribution, label: string): ExtractedPerson | null {
  const { ctx, narrated } = f;
  let head = descriptionHead(label);
  // A nationality only by the adjective given before a name, never by the fallback below.
  const nationality = NATIONALITY_NOUNS[head];
  if (nationality) head = nationality;
  else if (!personHead(head)) return null;
  const start = (ctx.tokens[attribution.from] as Token).start;
  const age = /\b(\d+)-year-old\b/.exec(label)?.[1] ?? null;
  const roleHead = /-old$/.test(head) ? '' : head;
  // The mentions of the last few paragraphs only: a huge article costs no more per quote.
  for (let j = mentionBefore(narrated, start); j >= 0; j--) {
    const m = narrated[j] as NarratedMention;
    if (start - m.end > 3000) break;
    if (roleHead !== '' && mentionHasRole(f, m, roleHead, null)) return m.person;
    if (age !== null && mentionHasRole(f, m, roleHead, age)) return m.person;
  }
  if (nationality || ANONYMOUS_HEADS.has(head)) return null;
  // The person named as the subject of the attribution's sentence or of one of the two before
  // it ("Mike Pence says … / The Republican nominee was speaking hours after Trump … / The Indiana
  // governor said": Trump is no subject).
  const here = sentenceAt(ctx.sentences, start);
  for (let s = here; s >= Math.max(0, here - 2); s--) {
    const sentence = ctx.sentences[s] as Sentence;
    if (s < here && /^\s*["“]/.test(ctx.body.slice(sentence.start, sentence.start + 2))) continue;
    const subject = subjectOf(f, sentence, Math.min(sentence.end, start));
    if (subject) return subject.person;
  }
  return null;
}

// Nouns a story uses again for an organisation it has named, by the kind they fit. (A general
// noun, "the agency", "the group", "the government", fits only a name it ends or opens.)
const ORGANIZATION_NOUNS: Record<string, OrganizationKind> = {
  company: 'company',
  firm: 'company',
  carmaker: 'company',
  automaker: 'company',
  airline: 'company',
  retailer: 'company',
  insurer: 'company',
  lender: 'company',
  corporation: 'company',
  club: 'sports_club',
  team: 'sports_club',
  side: 'sports_club',
  party: 'political_party',
  newspaper: 'media',
  paper: 'media',
  broadcaster: 'media',
  network: 'media',
  charity: 'ngo',
  university: 'education',
};

/**
 * '"…," the ministry said' after "Russia's Foreign Ministry", "the company said" after "Norland
 * Steel": the organisation named last before whose name ends or opens with the description's
 * head ("Damascus Radio", "Ministry of Defence") or whose kind the head names (the mentions of the
 * last few paragraphs only).
 */
function describedOrganization(f: Finder, attribution: Attribution, label: string): ExtractedOrganization | null {
  const head = descriptionHead(label);
  const kind = ORGANIZATION_NOUNS[head];
  const start = (f.ctx.tokens[attribution.from] as Token).start;
  const list = f.organizationMentions;
  for (let j = firstMentionFrom(list, start) - 1; j >= 0; j--) {
    const m = list[j] as OrganizationMention;
    if (start - m.end > 3000) break;
    const { name } = m.organization;
    const last = foldName(name.slice(name.lastIndexOf(' ') + 1));
    const first = foldName(name.split(' ')[0] ?? '');
    if (last === head || first === head || m.organization.kind === kind) return m.organization;
  }
  return null;
}

/** An organisation's mention, in text order. */
interface OrganizationMention {
  start: number;
  end: number;
  organization: ExtractedOrganization;
}

/** The index of the first mention that starts at `start` or after (a binary search: articles can be huge). */
function firstMentionFrom(list: readonly OrganizationMention[], start: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((list[mid] as OrganizationMention).start < start) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The organisation first named inside [start, end). */
function organizationWithin(f: Finder, start: number, end: number): ExtractedOrganization | null {
  const list = f.organizationMentions;
  const m = list[firstMentionFrom(list, start)];
  return m && m.end <= end ? m.organization : null;
}

/**
 * '"…," it said': the speaker before when that was no person (an organisation, "the statement"),
 * else the organisation named in the sentence before or in the attribution's own.
 */
function resolveIt(f: Finder, it: Token, previous: Speaker | null): Speaker | null {
  if (previous && !previous.person && !aPerson(previous)) return previous;
  const { ctx } = f;
  const here = sentenceAt(ctx.sentences, it.start);
  const from = (ctx.sentences[Math.max(0, here - 1)] as Sentence).start;
  const organization = organizationWithin(f, from, it.start);
  return organization ? { person: null, organization, label: organization.name, head: null } : null;
}

/** Who a speaker's phrase names: a person in it, the one a pronoun or "the official" points back to, or a description. */
function resolveSpeaker(
  f: Finder,
  d: Discourse,
  attribution: Attribution,
  since: number,
  previous: Speaker | null,
): Speaker | null {
  const { ctx, narrated } = f;
  const first = ctx.tokens[attribution.from] as Token;
  const last = ctx.tokens[attribution.to - 1] as Token;
  const phrase = ctx.body.slice(first.start, last.end);
  const words = ctx.tokens.slice(attribution.from, attribution.to);
  if (words.length === 1 && PERSONAL_PRONOUNS.has(first.lower)) return resolvePronoun(f, d, first, since, previous);
  // "backed by Tom Reed, who said it was "…"": the relative pronoun's person is the name before it.
  const antecedent = words.length === 1 && first.lower === 'who' ? personBeforeWho(f, first) : null;
  if (antecedent) return { person: antecedent, label: antecedent.name, head: null };
  if (words.length === 1 && first.lower === 'it') return resolveIt(f, first, previous);
  // The person the phrase names: one whose mention ends it ("Trump campaign spokesman Jason
  // Miller"), else the first one named that is not a possessive ("Clinton's aide" is the aide).
  const inside = mentionsWithin(narrated, first.start, last.end);
  let ending = inside.find((m) => m.end === last.end);
  // "Dana Vick and Tom Reed wrote": two who spoke as one; the first named heads the pair.
  const pair = ending ? inside[inside.indexOf(ending) - 1] : undefined;
  if (pair && /^\s+and\s+$/.test(ctx.body.slice(pair.end, (ending as NarratedMention).start))) ending = pair;
  const named = ending ?? inside.find((m) => !/^['’]s\b/.test(ctx.body.slice(m.end, m.end + 2)));
  if (named) return { person: named.person, label: named.person.name, head: null };
  // "the ministry said", "WHO officials said": an organisation named in the phrase spoke.
  const organization = organizationWithin(f, first.start, last.end);
  if (organization) return { person: null, organization, label: phrase, head: foldName(last.text) };
  const head = foldName(last.text);
  if (first.lower === 'the' || first.lower === 'this') {
    // "the official" points back a few turns, never through the whole of a huge article.
    for (let i = d.history.length - 1; i >= Math.max(0, d.history.length - 50); i--) {
      const earlier = d.history[i] as Speaker;
      if (earlier.head === head) return earlier;
    }
    const described = describedPerson(f, attribution, phrase);
    if (described) return { person: described, label: described.name, head: null };
    const body = describedOrganization(f, attribution, phrase);
    if (body) return { person: null, organization: body, label: phrase, head };
  }
  // A label is a noun phrase as written: never a clause fragment ("any investigation and").
  const lastWord = last.lower;
  if (CLAUSE_OPENERS.has(lastWord) || PREPOSITIONS.has(lastWord) || !startsNounPhrase(ctx.tokens, attribution.from))
    return null;
  // "the" alone, "his": a determiner without its noun names no one ("one", "both" stand for theirs).
  if (words.every((w) => BARE_DETERMINERS.has(w.lower))) return null;
  return { person: null, label: phrase, head };
}

const TITLE_SMALL_WORDS = new Set([
  'of',
  'the',
  'a',
  'an',
  'and',
  'or',
  'vs',
  'vs.',
  'in',
  'on',
  'for',
  'to',
  'at',
  'by',
  'with',
  'part',
]);

/** Title case, as in a name or a title: every word capitalised but the small ones, no sentence end. */
function isTitleCase(text: string): boolean {
  // Most quotes are sentences: a lower-case start or more than ten words settles them unsplit.
  if (!/^\s*[\p{Lu}\p{N}]/u.test(text) || /[.!?]$/.test(text)) return false;
  const count = wordCount(text, 11);
  if (count < 2 || count > 10) return false;
  const words = text.split(/\s+/).filter(Boolean);
  return words.every((w) => /^[\p{Lu}\p{N}]/u.test(w) || TITLE_SMALL_WORDS.has(w.replace(/,$/, '').toLowerCase()));
}

/**
 * One word in marks inside a sentence ("Polaroids of "unknowns"", "the "History" section") is a
 * scare quote or a term, unless a speech verb earlier in the clause reports it ("said the talks on
 * energy security were "constructive""). A word said alone opens its sentence or follows a colon
 * ("Yes," she said). The look back is bounded, so a sentence without end stays linear.
 */
function isScareQuote(ctx: QuoteContext, open: number): boolean {
  if (!/[\p{L}\p{N}]\s*$/u.test(ctx.body.slice(Math.max(0, open - 3), open))) return false;
  const next = tokenAtOrAfter(ctx.tokens, open);
  const sentence = ctx.tokens[next]?.sentenceIndex;
  for (let k = next - 1; k >= Math.max(0, next - 25); k--) {
    const token = ctx.tokens[k] as Token;
    if (sentence !== undefined && token.sentenceIndex !== sentence) break;
    if (isSpeechVerb(token)) return false;
  }
  return true;
}

/** The text without the commas and white space that end it ("…," she said). */
function withoutClosingComma(text: string): string {
  let end = text.length;
  while (end > 0 && (text.charCodeAt(end - 1) === 44 || isWhiteSpace(text.charCodeAt(end - 1)))) end--;
  return end === text.length ? text : text.slice(0, end);
}

/** The number of words, counted up to `limit` and no further: long quotes are not split. */
function wordCount(text: string, limit = Number.POSITIVE_INFINITY): number {
  let count = 0;
  let inWord = false;
  for (let i = 0; i < text.length && count < limit; i++) {
    const code = text.charCodeAt(i);
    const space = isWhiteSpace(code);
    if (space) inWord = false;
    else if (!inWord) {
      inWord = true;
      count++;
    }
  }
  return count;
}

/**
 * Direct quotes with their speakers. The speaker comes from the quote's own sentence, then the
 * next sentence, then, for a quote that stands alone, the speaker of the quote just before it in
 * the same or the previous paragraph. Pronouns and descriptions ("she", "the official") resolve
 * to the speaker they refer back to. Short quotes with no speaker in their sentence are scare
 * quotes or titles and are left out.
 */
export function findQuotes(ctx: QuoteContext, paragraphs: Paragraph[]): ExtractedQuote[] {
  const raw = findQuoteSpans(ctx.body, paragraphs);
  const quotes: ExtractedQuote[] = [];
  const groupOf: number[] = [];
  // Pieces come in text order: a binary search keeps a pronoun's look-back cheap on huge articles.
  const pieces = raw.flatMap((r) => r.pieces);
  const quoted = (offset: number) => {
    let lo = 0;
    let hi = pieces.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const p = pieces[mid] as Span;
      if (offset < p.start) hi = mid - 1;
      else if (offset >= p.end) lo = mid + 1;
      else return true;
    }
    return false;
  };
  // Mentions of people do not overlap, so ordered by end they are ordered by start too.
  const narrated: NarratedMention[] = ctx.persons
    .flatMap((person) => person.mentions.map((m) => ({ start: m.start, end: m.end, person })))
    .filter((m) => !quoted(m.start))
    .sort((a, b) => a.end - b.end);
  const organizationMentions: OrganizationMention[] = (ctx.organizations ?? [])
    .flatMap((organization) => organization.mentions.map((m) => ({ start: m.start, end: m.end, organization })))
    .sort((a, b) => a.start - b.start);
  const finder: Finder = { ctx, narrated, quoted, organizationMentions };
  const discourse: Discourse = { history: [], genders: new Map() };
  let lastQuoted: { paragraphIndex: number; speaker: Speaker | null; verb: string | null } | null = null;
  // Where the last quote someone was found to speak ends: a pronoun looks back to there for people
  // brought in since (a scare quote or a title in marks is no turn of speech).
  let spokenClose = -1;
  for (let q = 0; q < raw.length; q++) {
    const quote = raw[q] as RawQuote;
    const nextOpen = raw[q + 1]?.open ?? ctx.body.length;
    const previousClose = raw[q - 1]?.close ?? -1;
    const saidAfter = attributionAfter(finder, quote, nextOpen);
    const attribution =
      saidAfter ??
      attributionBefore(finder, quote, previousClose + 1) ??
      attributionNext(finder, quote) ??
      attributionPrevious(finder, quote);
    const text = withoutClosingComma(quote.pieces.map((p) => p.text.trim()).join(' '));
    let speaker: Speaker | null = null;
    let verb: string | null = null;
    // A title or a name in quotes ("The Internet Explorer 6 Countdown") is not speech.
    if (isTitleCase(text)) continue;
    if (wordCount(text, 2) === 1 && isScareQuote(ctx, quote.open)) continue;
    if (!attribution && quote.unclosed) continue;
    const previousSpeaker = discourse.history[discourse.history.length - 1] ?? null;
    if (attribution) {
      speaker = resolveSpeaker(finder, discourse, attribution, spokenClose, previousSpeaker);
      verb = attribution.verb;
    } else {
      if (wordCount(text, 4) < 4) continue;
      const byNoun = introducedByNoun(finder, discourse, quote, spokenClose, previousSpeaker);
      const introduced = byNoun !== undefined;
      if (byNoun !== undefined) speaker = byNoun;
      const subject = introduced ? null : subjectOfSentence(finder, quote);
      const firstParagraph =
        ctx.sentences[sentenceAt(ctx.sentences, quote.open)]?.paragraphIndex ?? quote.paragraphIndex;
      const before = subject || introduced ? null : subjectBefore(finder, quote);
      if (subject) speaker = { person: subject.person, label: subject.person.name, head: null };
      // 'Sen. Bernie Sanders, who lost …, identified young voters as … "The younger people …"':
      // a quote after a sentence about someone in its own paragraph, with the last quote's
      // speaker in an earlier one, is that someone's.
      else if (before && (!lastQuoted || lastQuoted.paragraphIndex < firstParagraph))
        speaker = { person: before.person, label: before.person.name, head: null };
      else if (!introduced && lastQuoted && firstParagraph - lastQuoted.paragraphIndex <= 1) {
        speaker = lastQuoted.speaker;
        verb = lastQuoted.verb;
      }
    }
    if (speaker && discourse.history[discourse.history.length - 1] !== speaker) discourse.history.push(speaker);
    if (speaker) spokenClose = quote.close;
    const paragraphAfter =
      ctx.sentences[sentenceAt(ctx.sentences, quote.close)]?.paragraphIndex ?? quote.paragraphIndex;
    // A phrase of three words or fewer inside reported speech ("said he believes it has a "strong
    // rationale"") is the writer's quoting of a term, not a quotation; said on its own ("Yes," she
    // said) or with the sentence's own attribution (…, a US official said.) it is. Its speaker is
    // still the passage's.
    // The same for a short phrase in lower case set inside the clause ("called her "disgusting"",
    // "said it was "a mistake"") that a verb before frames: a term, not a sentence said. (With the
    // sentence's own attribution after it, "… a "diplomatic off-ramp", a US official said", it is.)
    const termInClause =
      !saidAfter &&
      wordCount(text, 4) < 4 &&
      /^\p{Ll}/u.test(text) &&
      /\p{L}\s*$/u.test(ctx.body.slice(Math.max(0, quote.open - 2), quote.open));
    if ((attribution?.embedded || termInClause) && wordCount(text, 4) < 4) {
      if (speaker) lastQuoted = { paragraphIndex: paragraphAfter, speaker, verb };
      continue;
    }
    const firstPiece = quote.pieces[0] as Span;
    const lastPiece = quote.pieces[quote.pieces.length - 1] as Span;
    // The span is the words quoted, as the text is: no space inside the marks, no closing comma.
    const start = firstPiece.start + (firstPiece.text.length - firstPiece.text.trimStart().length);
    const end = Math.max(start, lastPiece.start + withoutClosingComma(lastPiece.text).length);
    quotes.push({
      text,
      start,
      end,
      paragraphIndex: quote.paragraphIndex,
      speaker: speaker?.person?.name ?? null,
      speakerLabel: speaker?.label ?? null,
      speakerOrganization: speaker?.person ? null : (speaker?.organization?.key ?? null),
      verb,
    });
    groupOf.push(quote.group);
    lastQuoted = { paragraphIndex: paragraphAfter, speaker, verb };
  }
  // The pieces of a quote that runs over paragraphs share the speaker one of them names.
  const spokenInGroup = new Map<number, ExtractedQuote>();
  quotes.forEach((q, i) => {
    const group = groupOf[i] as number;
    if (q.speakerLabel !== null && !spokenInGroup.has(group)) spokenInGroup.set(group, q);
  });
  quotes.forEach((q, i) => {
    const source = q.speakerLabel === null ? spokenInGroup.get(groupOf[i] as number) : undefined;
    if (source)
      Object.assign(q, {
        speaker: source.speaker,
        speakerLabel: source.speakerLabel,
        speakerOrganization: source.speakerOrganization,
        verb: source.verb,
      });
  });
  // A paragraph reopened with a quote mark is a piece of its own, as the marks set it out. Copy
  // that breaks a paragraph inside a quotation without reopening it has one quotation over both:
  // their words, a blank line between, from the first piece's start to the last one's end.
  const merged: ExtractedQuote[] = [];
  quotes.forEach((q, i) => {
    const previous = merged[merged.length - 1];
    const reopened = /["“]/.test(ctx.body[q.start - 1] ?? '');
    if (previous && i > 0 && groupOf[i] === groupOf[i - 1] && !reopened) {
      previous.text = `${previous.text}\n\n${q.text}`;
      previous.end = q.end;
    } else merged.push(q);
  });
  return merged;
}
