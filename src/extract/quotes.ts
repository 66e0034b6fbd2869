import { foldName } from './fold.js';
import { PERSONAL_PRONOUNS, SPEECH_VERB } from './lexicon.js';
import { isWhiteSpace, offsetsOf, type Token } from './tokens.js';
import type { ExtractedPerson, ExtractedQuote, Paragraph, Sentence, Span } from './types.js';

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

/**
 * Quotation spans in straight or curly double marks, one per paragraph. A paragraph that opens a
 * quote without closing it continues into the next one when that paragraph opens with a quote
 * mark, as news style writes it, or when its first mark closes one: the pieces form one group. A quote left open at the end of its
 * paragraph otherwise ends there, so an unbalanced mark can never swallow the rest of the article.
 */
export function findQuoteSpans(body: string, paragraphs: Paragraph[]): RawQuote[] {
  const quotes: RawQuote[] = [];
  let carried: RawQuote | null = null;
  let groups = 0;
  const marks = offsetsOf(body, QUOTE_MARK);
  let q = 0;
  for (const paragraph of paragraphs) {
    let open: number | null = null;
    let group = -1;
    let from = paragraph.start;
    if (carried) {
      const first = body[paragraph.start];
      if (first === '"' || first === '“') {
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
    const push = (start: number, end: number, close: number, unclosed: boolean) => {
      if (end <= start) return null;
      const quote: RawQuote = {
        pieces: [{ start, end, text: body.slice(start, end) }],
        open: start - 1,
        close,
        paragraphIndex: paragraph.index,
        group: group >= 0 ? group : groups++,
        unclosed,
      };
      quotes.push(quote);
      return quote;
    };
    while (q < marks.length && (marks[q] as number) < from) q++;
    for (; q < marks.length && (marks[q] as number) < paragraph.end; q++) {
      const i = marks[q] as number;
      const ch = body[i];
      if (open === null) {
        const prev = i === paragraph.start ? ' ' : (body[i - 1] ?? ' ');
        if (ch === '“' || (ch === '"' && OPENING_CONTEXT.test(prev))) open = i;
      } else if (ch === '"' || ch === '”') {
        push(open + 1, i, i, false);
        open = null;
        group = -1;
      }
    }
    if (open !== null) carried = push(open + 1, paragraph.end, paragraph.end, true);
  }
  return quotes;
}

interface Attribution {
  verb: string;
  /** Token run [from, to) naming the speaker. */
  from: number;
  to: number;
}

// Words between a speaker and the verb, or after a verb, that are not part of who spoke.
const ADVERBS =
  /^(?:also|again|later|then|previously|further|earlier|once|had|has|have|would|will|later|quickly|simply|repeatedly|\p{L}+ly)$/u;
const CLAUSE_STOPS = new Set([
  'on',
  'in',
  'at',
  'during',
  'after',
  'before',
  'from',
  'to',
  'with',
  'while',
  'as',
  'who',
  'which',
  'that',
  'when',
  'in',
  'of',
  'last',
  'this',
  'earlier',
  'today',
  'yesterday',
]);
const CONJUNCTIONS = new Set(['and', 'but', 'or', 'then', 'so', 'yet', 'while']);
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
]);

export interface QuoteContext {
  body: string;
  tokens: Token[];
  sentences: Sentence[];
  persons: ExtractedPerson[];
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

function speakerBefore(ctx: QuoteContext, verb: number, floor: number): { from: number; to: number } | null {
  let to = verb;
  while (to > floor && ADVERBS.test((ctx.tokens[to - 1] as Token).lower) && !breakBefore(ctx.body, ctx.tokens, to))
    to--;
  if (to <= floor && breakBefore(ctx.body, ctx.tokens, floor)) return null;
  if (to === verb && breakBefore(ctx.body, ctx.tokens, verb)) {
    // "Cynthia Thompson, curator of the gallery, said": past a comma-closed appositive, the
    // speaker is the clause's subject, from its start to its first comma.
    const gap = ctx.body.slice((ctx.tokens[verb - 1] as Token).after, (ctx.tokens[verb] as Token).start);
    if (gap.trim() !== ',') return null;
    // First the name just before the appositive ("…, Jane Doe, the coach, said").
    let appositive = verb - 1;
    while (appositive > floor && !breakBefore(ctx.body, ctx.tokens, appositive)) appositive--;
    let subject = appositive - 1;
    while (subject > floor && !breakBefore(ctx.body, ctx.tokens, subject)) subject--;
    const near = ctx.tokens.slice(subject, appositive);
    if (appositive > floor && near.length >= 1 && near.length <= 8 && near.some((t) => t.capitalised)) {
      return { from: subject, to: appositive };
    }
    // Then the clause's start, when the appositive itself has commas in it.
    let end = floor + 1;
    while (end < verb && !breakBefore(ctx.body, ctx.tokens, end)) end++;
    return end < verb && end - floor <= 8 ? { from: floor, to: end } : null;
  }
  if (to <= floor) return null;
  let from = to - 1;
  while (from > floor && to - from < 8 && !breakBefore(ctx.body, ctx.tokens, from)) from--;
  // "…, and said …": a conjunction is no speaker; the subject is further back.
  if (ctx.tokens.slice(from, to).every((t) => CONJUNCTIONS.has(t.lower))) return null;
  return { from, to };
}

function speakerAfter(ctx: QuoteContext, verb: number, ceiling: number): { from: number; to: number } | null {
  const from = verb + 1;
  let to = from;
  while (
    to < ceiling &&
    to - from < 8 &&
    !breakBefore(ctx.body, ctx.tokens, to) &&
    !(to > from && CLAUSE_STOPS.has((ctx.tokens[to] as Token).lower))
  )
    to++;
  return to > from ? { from, to } : null;
}

/** `"…," the official said`, `"…," said Blinken`, `…, a US official said.` after the quote. */
function attributionAfter(ctx: QuoteContext, quote: RawQuote, limit: number): Attribution | null {
  const start = tokenAtOrAfter(ctx.tokens, quote.close + 1);
  const sentenceEnd = ctx.sentences[sentenceAt(ctx.sentences, quote.close)]?.end ?? quote.close;
  for (let k = start; k < ctx.tokens.length && k < start + 14; k++) {
    const token = ctx.tokens[k] as Token;
    if (token.start >= sentenceEnd || token.start >= limit) break;
    if (!(token.flags & SPEECH_VERB)) continue;
    const before = speakerBefore(ctx, k, start);
    if (before) return { verb: token.lower, ...before };
    // A speaker after the verb only in the inverted order right after the quote ('," said Blinken'):
    // further on, words after a verb are its object ("and said it was").
    if (k !== start) return null;
    const ceiling = tokenAtOrAfter(ctx.tokens, Math.min(sentenceEnd, limit));
    const after = speakerAfter(ctx, k, ceiling);
    if (after) return { verb: token.lower, ...after };
    return null;
  }
  return null;
}

/** `Blinken said: "…"`, `the official told reporters that "…"`, `according to X, "…"` before the quote. */
function attributionBefore(ctx: QuoteContext, quote: RawQuote, floorOffset: number): Attribution | null {
  const sentence = ctx.sentences[sentenceAt(ctx.sentences, quote.open)];
  const floor = tokenAtOrAfter(ctx.tokens, Math.max(sentence?.start ?? 0, floorOffset));
  const end = tokenAtOrAfter(ctx.tokens, quote.open);
  let k = end - 1;
  while (k >= floor && end - k <= 3 && OBJECTS.has((ctx.tokens[k] as Token).lower)) k--;
  if (k >= floor && (ctx.tokens[k] as Token).flags & SPEECH_VERB) {
    const who = speakerBefore(ctx, k, floor);
    if (who) return { verb: (ctx.tokens[k] as Token).lower, ...who };
  }
  for (let j = floor; j < end - 2; j++) {
    if ((ctx.tokens[j] as Token).lower === 'according' && (ctx.tokens[j + 1] as Token).lower === 'to') {
      const who = speakerAfter(ctx, j + 1, end);
      if (who) return { verb: 'according to', ...who };
    }
  }
  // Reported speech with a quoted fragment in it: `Lavrov said the talks had been "constructive"`.
  for (let j = end - 1; j > floor; j--) {
    if (!((ctx.tokens[j] as Token).flags & SPEECH_VERB)) continue;
    const who = speakerBefore(ctx, j, floor);
    if (who) return { verb: (ctx.tokens[j] as Token).lower, ...who };
    break;
  }
  return null;
}

/**
 * `As Heald told the Post, ozone has dropped. "…"`: a quote that opens its sentence takes the
 * speaker of the sentence just before it in the same paragraph.
 */
function attributionPrevious(ctx: QuoteContext, quote: RawQuote): Attribution | null {
  const index = sentenceAt(ctx.sentences, quote.open);
  const sentence = ctx.sentences[index];
  const previous = ctx.sentences[index - 1];
  if (!sentence || !previous) return null;
  // "Rathbun stated," or "Obama tweeted:" closing the paragraph before introduces the quote
  // that opens the next one.
  const introduces = /[:,]\s*$/.test(ctx.body.slice(previous.start, previous.end));
  if (previous.paragraphIndex !== sentence.paragraphIndex && !introduces) return null;
  if (ctx.body.slice(sentence.start, quote.open).trim().length > 0) return null;
  const floor = tokenAtOrAfter(ctx.tokens, previous.start);
  const end = tokenAtOrAfter(ctx.tokens, previous.end);
  for (let j = end - 1; j > floor; j--) {
    const token = ctx.tokens[j] as Token;
    if (!(token.flags & SPEECH_VERB)) continue;
    const who = speakerBefore(ctx, j, floor);
    if (who) return { verb: token.lower, ...who };
  }
  return null;
}

/** `"…" Blinken said later.` as the next sentence of the same paragraph. */
function attributionNext(ctx: QuoteContext, quote: RawQuote): Attribution | null {
  const index = sentenceAt(ctx.sentences, quote.close);
  const sentence = ctx.sentences[index];
  const next = ctx.sentences[index + 1];
  if (!sentence || !next || next.paragraphIndex !== sentence.paragraphIndex) return null;
  if (ctx.body.slice(quote.close + 1, sentence.end).trim().length > 2) return null;
  const start = tokenAtOrAfter(ctx.tokens, next.start);
  for (let k = start; k < start + 5 && k < ctx.tokens.length; k++) {
    const token = ctx.tokens[k] as Token;
    if (token.start >= next.end) break;
    if (token.flags & SPEECH_VERB && k > start) {
      const who = speakerBefore(ctx, k, start);
      if (who) return { verb: token.lower, ...who };
    }
  }
  return null;
}

interface Speaker {
  person: ExtractedPerson | null;
  label: string;
  /** The head noun of a description ("official"), to resolve "the official" later. */
  head: string | null;
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

function resolveSpeaker(
  ctx: QuoteContext,
  attribution: Attribution,
  history: Speaker[],
  quoteStart: number,
  since: number,
  narrated: NarratedMention[],
): Speaker | null {
  const first = ctx.tokens[attribution.from] as Token;
  const last = ctx.tokens[attribution.to - 1] as Token;
  const phrase = ctx.body.slice(first.start, last.end);
  const words = ctx.tokens.slice(attribution.from, attribution.to);
  const previous = history[history.length - 1] ?? null;
  if (words.length === 1 && PERSONAL_PRONOUNS.has(first.lower)) {
    // "Harry Kane won the award. He said, …": a person named since the last quote, outside
    // quotes, is who the pronoun points back to before any earlier speaker; within that
    // sentence, the first person named, its subject or topic ("For Kevin Allton, …, Warhol was a
    // legend. He said" is Allton speaking).
    let named: ExtractedPerson | null = null;
    let k = mentionBefore(narrated, first.start);
    const latest = narrated[k];
    if (latest && latest.end > since) {
      const sentence = ctx.sentences[sentenceAt(ctx.sentences, latest.end - 1)];
      named = latest.person;
      for (k -= 1; k >= 0; k--) {
        const m = narrated[k] as NarratedMention;
        if (!sentence || m.start < sentence.start || m.start <= since) break;
        named = m.person;
      }
    }
    if (named && named.name !== previous?.person?.name) return { person: named, label: named.name, head: null };
    if (previous) return previous;
    // No earlier speaker: the nearest person named before the quote.
    let nearest: ExtractedPerson | null = null;
    let nearestEnd = -1;
    for (const person of ctx.persons) {
      for (const m of person.mentions) {
        if (m.end <= quoteStart && m.end > nearestEnd) {
          nearest = person;
          nearestEnd = m.end;
        }
      }
    }
    return nearest ? { person: nearest, label: nearest.name, head: null } : null;
  }
  // The first person named within the attribution (a binary search: articles can be huge).
  let inside: NarratedMention | null = null;
  for (let j = mentionBefore(narrated, last.end); j >= 0; j--) {
    const m = narrated[j] as NarratedMention;
    if (m.start < first.start) break;
    inside = m;
  }
  if (inside) return { person: inside.person, label: inside.person.name, head: null };
  const head = foldName(last.text);
  if (first.lower === 'the' || first.lower === 'this') {
    for (let i = history.length - 1; i >= 0; i--) {
      const earlier = history[i] as Speaker;
      if (earlier.head === head) return earlier;
    }
  }
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
    if (token.flags & SPEECH_VERB) return false;
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
  const history: Speaker[] = [];
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
  let lastQuoted: { paragraphIndex: number; speaker: Speaker | null; verb: string | null } | null = null;
  for (let q = 0; q < raw.length; q++) {
    const quote = raw[q] as RawQuote;
    const nextOpen = raw[q + 1]?.open ?? ctx.body.length;
    const previousClose = raw[q - 1]?.close ?? -1;
    const attribution =
      attributionAfter(ctx, quote, nextOpen) ??
      attributionBefore(ctx, quote, previousClose + 1) ??
      attributionNext(ctx, quote) ??
      attributionPrevious(ctx, quote);
    const text = withoutClosingComma(quote.pieces.map((p) => p.text.trim()).join(' '));
    let speaker: Speaker | null = null;
    let verb: string | null = null;
    // A title or a name in quotes ("The Internet Explorer 6 Countdown") is not speech.
    if (isTitleCase(text)) continue;
    if (wordCount(text, 2) === 1 && isScareQuote(ctx, quote.open)) continue;
    if (!attribution && quote.unclosed) continue;
    if (attribution) {
      speaker = resolveSpeaker(ctx, attribution, history, quote.open, previousClose, narrated);
      verb = attribution.verb;
    } else {
      if (wordCount(text, 4) < 4) continue;
      const firstParagraph =
        ctx.sentences[sentenceAt(ctx.sentences, quote.open)]?.paragraphIndex ?? quote.paragraphIndex;
      if (lastQuoted && firstParagraph - lastQuoted.paragraphIndex <= 1) {
        speaker = lastQuoted.speaker;
        verb = lastQuoted.verb;
      }
    }
    if (speaker && history[history.length - 1] !== speaker) history.push(speaker);
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
      verb,
    });
    groupOf.push(quote.group);
    lastQuoted = {
      paragraphIndex: ctx.sentences[sentenceAt(ctx.sentences, quote.close)]?.paragraphIndex ?? quote.paragraphIndex,
      speaker,
      verb,
    };
  }
  // The pieces of a quote that runs over paragraphs share the speaker one of them names.
  const spokenInGroup = new Map<number, ExtractedQuote>();
  quotes.forEach((q, i) => {
    const group = groupOf[i] as number;
    if (q.speakerLabel !== null && !spokenInGroup.has(group)) spokenInGroup.set(group, q);
  });
  quotes.forEach((q, i) => {
    const source = q.speakerLabel === null ? spokenInGroup.get(groupOf[i] as number) : undefined;
    if (source) Object.assign(q, { speaker: source.speaker, speakerLabel: source.speakerLabel, verb: source.verb });
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
