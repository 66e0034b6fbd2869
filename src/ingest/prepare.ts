import { createHash } from 'node:crypto';
import { basename } from 'node:path';
import { type ExtractedArticle, extractArticle, normaliseText } from '../extract/index.js';

export interface PreparedArticle {
  file: string;
  /** The file's name without its folder: the name a changed file is recognised by. */
  sourceKey: string;
  contentHash: string;
  article: ExtractedArticle & { headline: string; dateLine: string; publishedAt: string };
  /** Something about the file worth telling, though it loaded ("decoded as Latin-1"). */
  note?: string;
}

export type Prepared = { ok: true; value: PreparedArticle } | { ok: false; file: string; reason: string };

const utf8 = new TextDecoder('utf-8', { fatal: true });
// The WHATWG "latin1" label is windows-1252, which agrees with ISO 8859-1 on 0xA0-0xFF.
const latin1 = new TextDecoder('latin1');

type Decoded = { text: string; note?: string } | { reason: string };

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
export function prepareArticle(file: string, bytes: Uint8Array): Prepared {
  const fail = (reason: string): Prepared => ({ ok: false, file, reason });
  const decoded = decodeArticleBytes(bytes);
  if ('reason' in decoded) return fail(decoded.reason);
  const normalised = normaliseText(decoded.text);
  if (!normalised.trim()) return fail('no text (only white space)');
  const article = extractArticle(normalised);
  if (!article.headline) return fail('no headline');
  if (!article.dateLine) return fail('no date line (expected e.g. "18 January 2022, 17.19" after the headline)');
  if (!article.publishedAt) return fail(`date line "${article.dateLine}" is not a real date`);
  const published = Date.parse(article.publishedAt);
  // A wire story's date: not before 1900 (a year written "0022" is no typo for 2022 one can
  // guess), and not more than a day ahead of this clock (a "9999" would be the newest story for ever).
  if (published < EARLIEST_PUBLISHED) return fail(`date line "${article.dateLine}" is before 1900`);
  if (published > Date.now() + FUTURE_MARGIN_MS) {
    return fail(`date line "${article.dateLine}" is more than a day in the future`);
  }
  if (!article.body.trim()) return fail('no story text after the date line');
  return {
    ok: true,
    value: {
      file,
      sourceKey: basename(file),
      contentHash: createHash('sha256').update(normalised).digest('hex'),
      article: { ...article, headline: article.headline, dateLine: article.dateLine, publishedAt: article.publishedAt },
      ...(decoded.note ? { note: decoded.note } : {}),
    },
  };
}
