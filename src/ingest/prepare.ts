import { createHash } from 'node:crypto';
import { basename } from 'node:path';
import { type ExtractedArticle, extractArticle, normaliseText } from '../extract/index.js';

export interface PreparedArticle {
  file: string;
  sourceKey: string;
  contentHash: string;
  article: ExtractedArticle & { headline: string; dateLine: string; publishedAt: string };
}

export type Prepared = { ok: true; value: PreparedArticle } | { ok: false; file: string; reason: string };

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Decodes, checks and extracts one file. What makes a file not an article is decided here, not in
 * the extractor: no text, binary content, no headline, no date line, a date that does not exist.
 */
export function prepareArticle(file: string, bytes: Uint8Array): Prepared {
  const fail = (reason: string): Prepared => ({ ok: false, file, reason });
  if (bytes.length === 0) return fail('empty file');
  if (bytes.includes(0)) return fail('binary file (contains NUL bytes), not text');
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    return fail('not valid UTF-8 text');
  }
  const normalised = normaliseText(text);
  if (!normalised.trim()) return fail('no text (only white space)');
  const article = extractArticle(normalised);
  if (!article.headline) return fail('no headline');
  if (!article.dateLine) return fail('no date line (expected e.g. "18 January 2022, 17.19" after the headline)');
  if (!article.publishedAt) return fail(`date line "${article.dateLine}" is not a real date`);
  if (!article.body.trim()) return fail('no story text after the date line');
  return {
    ok: true,
    value: {
      file,
      sourceKey: basename(file),
      contentHash: createHash('sha256').update(normalised).digest('hex'),
      article: { ...article, headline: article.headline, dateLine: article.dateLine, publishedAt: article.publishedAt },
    },
  };
}
