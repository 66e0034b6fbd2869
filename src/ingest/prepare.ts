import { createHash } from 'node:crypto';
import { basename } from 'node:path';
import { DEFAULT_TIME_ZONE, parseDateLine } from '../extract/date-line.js';
import { type ExtractedArticle, extractArticle, normaliseText } from '../extract/index.js';

export interface PreparedArticle {
  file: string;
  /**
   * The name a changed file is recognised by: its path relative to the folder or glob root it was
   * found under (`listArticleFiles`), or its name alone when it was named by itself.
   */
  sourceKey: string;
  contentHash: string;
  article: ExtractedArticle & { headline: string; dateLine: string; publishedAt: string };
  /** Where the story is published, when its source says (a JSON Lines field or a mutation's input). */
  url?: string | null;
  /** Something about the file worth telling, though it loaded ("decoded as Latin-1"). */
  note?: string;
}

export type Prepared = { ok: true; value: PreparedArticle } | { ok: false; file: string; reason: string };

const utf8 = new TextDecoder('utf-8', { fatal: true });
// The WHATWG "latin1" label is windows-1252, which agrees with ISO 8859-1 on 0xA0-0xFF.
const latin1 = new TextDecoder('latin1');

type Decoded = { text: string; note?: string } | { reason: string };

/** How to read what a text does not say itself. */
export interface PrepareOptions {
  /** IANA zone of a date line that names none (default Europe/Stockholm, as Omni stamps its wrapper). */
  timeZone?: string;
  /** The agency of a text without an agency line ("Reuters"). */
  source?: string | null;
}

const EARLIEST_PUBLISHED = Date.UTC(1900, 0, 1);
const FUTURE_MARGIN_MS = 86_400_000;

/**
 * UTF-8, with or without a byte-order mark. A file that is not UTF-8 is read as Latin-1 only when
 * that is unambiguous: every byte above ASCII is a Latin-1 letter or sign (0xA0-0xFF), none of the
 * 0x80-0x9F range that would make it Windows-1252 or something else again.
 */
export function decodeArticleBytes(bytes: Uint8Array): Decoded {
  if (bytes.length === 0) return { reason: 'empty file' };
  if (bytes.includes(0)) return { reason: 'binary file (contains NUL bytes), not text' };
  try {
    return { text: utf8.decode(bytes) };
  } catch {
    let high = 0;
    for (const b of bytes) {
      if (b >= 0x80 && b < 0xa0) return { reason: 'not valid UTF-8 text, and not plainly Latin-1 either' };
      if (b >= 0xa0) high++;
    }
    return { text: latin1.decode(bytes), note: `not UTF-8: decoded as Latin-1 (${high} non-ASCII bytes)` };
  }
}

/**
 * Decodes, checks and extracts one file. What makes a file not an article is decided here, not in
 * the extractor: no text, binary content, no headline, no date line, a date that does not exist.
 */
export function prepareArticle(
  file: string,
  bytes: Uint8Array,
  options: PrepareOptions = {},
  sourceKey = basename(file),
): Prepared {
  const decoded = decodeArticleBytes(bytes);
  if ('reason' in decoded) return { ok: false, file, reason: decoded.reason };
  return prepareText(file, sourceKey, decoded.text, options, decoded.note);
}

/** Why a publication instant is not one a wire story can carry, or null when it is. */
function outOfRange(publishedAt: string, label: string): string | null {
  const published = Date.parse(publishedAt);
  // A wire story's date: not before 1900 (a year written "0022" is no typo for 2022 one can
  // guess), and not more than a day ahead of this clock (a "9999" would be the newest story for ever).
  if (published < EARLIEST_PUBLISHED) return `${label} is before 1900`;
  if (published > Date.now() + FUTURE_MARGIN_MS) return `${label} is more than a day in the future`;
  return null;
}

/** Checks and extracts one article's text, as a file holds it, under `sourceKey`. */
export function prepareText(
  file: string,
  sourceKey: string,
  text: string,
  options: PrepareOptions = {},
  note?: string,
): Prepared {
  const fail = (reason: string): Prepared => ({ ok: false, file, reason });
  const normalised = normaliseText(text);
  if (!normalised.trim()) return fail('no text (only white space)');
  const article = extractArticle(normalised);
  if (!article.headline) return fail('no headline');
  if (!article.dateLine) return fail('no date line (expected e.g. "18 January 2022, 17.19" after the headline)');
  // The extractor reads a date line in Stockholm time; a loader told another zone reads it again.
  const publishedAt =
    options.timeZone && options.timeZone !== DEFAULT_TIME_ZONE
      ? parseDateLine(article.dateLine, { timeZone: options.timeZone })
      : article.publishedAt;
  if (!publishedAt) return fail(`date line "${article.dateLine}" is not a real date`);
  const range = outOfRange(publishedAt, `date line "${article.dateLine}"`);
  if (range) return fail(range);
  if (!article.body.trim()) return fail('no story text after the date line');
  const source = article.source ?? options.source ?? null;
  // What the loader was told is part of what was stored: the same text read in another zone, or
  // given another agency, is a changed article, not an unchanged one.
  const hash = createHash('sha256').update(normalised);
  if (publishedAt !== article.publishedAt) hash.update(`\0timeZone=${options.timeZone}`);
  if (source !== article.source) hash.update(`\0source=${source}`);
  return {
    ok: true,
    value: {
      file,
      sourceKey,
      contentHash: hash.digest('hex'),
      article: {
        ...article,
        source,
        headline: article.headline,
        dateLine: article.dateLine,
        publishedAt,
      },
      ...(note ? { note } : {}),
    },
  };
}
