import { createHash } from 'node:crypto';
import { basename, extname } from 'node:path';
import { parseDateLine } from '../extract/date-line.js';
import { normaliseText } from '../extract/index.js';
import { decodeArticleBytes, type Prepared, type PrepareOptions, prepareArticle, prepareText } from './prepare.js';

/** One article as structured data: a JSON Lines object, or the fields of an `ingestArticles` input. */
export interface ArticleFields {
  /** The publisher's own id: the same id again is the same article, updated in place if changed. */
  id?: string | null;
  headline: string;
  /** The story text, paragraphs apart by a blank line; or give `paragraphs`. */
  body?: string | null;
  paragraphs?: string[] | null;
  /** ISO 8601 ("2023-03-22T14:05:00Z"; without a zone, in the loader's zone), or a date line's English forms. */
  publishedAt: string;
  source?: string | null;
  url?: string | null;
  /** ISO 639-1 code ("en"); detected from the text when absent. */
  language?: string | null;
}

/** Longest values of the short fields: anything longer is not what the field is for. */
export const FIELD_LIMITS = { id: 200, headline: 1_000, source: 200, url: 2_048, publishedAt: 100 } as const;

const LANGUAGE = /^[a-z]{2,3}(?:-[a-z0-9]{2,4})?$/;

/** The article extensions read as JSON Lines, one article a line. */
export const JSON_LINES_EXTENSIONS = ['.jsonl', '.ndjson'];

export function isJsonLinesFile(file: string): boolean {
  return JSON_LINES_EXTENSIONS.includes(extname(file).toLowerCase());
}

type Read = { ok: true; fields: ArticleFields } | { ok: false; reason: string };

const KNOWN = new Set(['id', 'headline', 'body', 'paragraphs', 'publishedAt', 'source', 'url', 'language']);

/** Checks a parsed JSON value as an article's fields; says which field is wrong and why. */
export function readFields(value: unknown): Read {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, reason: 'not a JSON object' };
  }
  const v = value as Record<string, unknown>;
  const optionalString = (name: keyof typeof FIELD_LIMITS | 'language'): string | null | Error => {
    const raw = v[name];
    if (raw === undefined || raw === null) return null;
    if (name === 'id' && typeof raw === 'number' && Number.isSafeInteger(raw)) return String(raw);
    if (typeof raw !== 'string') return new Error(`"${name}" must be a string`);
    const limit = name === 'language' ? 8 : FIELD_LIMITS[name];
    if (raw.length > limit) return new Error(`"${name}" is longer than ${limit} characters`);
    return raw.trim() || null;
  };
  const id = optionalString('id');
  const headline = optionalString('headline');
  const publishedAt = optionalString('publishedAt');
  const source = optionalString('source');
  const url = optionalString('url');
  const language = optionalString('language');
  for (const f of [id, headline, publishedAt, source, url, language])
    if (f instanceof Error) return { ok: false, reason: f.message };
  if (!headline) return { ok: false, reason: 'no "headline"' };
  if (!publishedAt) return { ok: false, reason: 'no "publishedAt"' };
  let body: string | null = null;
  let paragraphs: string[] | null = null;
  if (v.body !== undefined && v.body !== null) {
    if (typeof v.body !== 'string') return { ok: false, reason: '"body" must be a string' };
    body = v.body;
  }
  if (v.paragraphs !== undefined && v.paragraphs !== null) {
    if (!Array.isArray(v.paragraphs) || v.paragraphs.some((p) => typeof p !== 'string')) {
      return { ok: false, reason: '"paragraphs" must be an array of strings' };
    }
    paragraphs = v.paragraphs as string[];
  }
  if (body !== null && paragraphs !== null) return { ok: false, reason: 'give "body" or "paragraphs", not both' };
  const unknown = Object.keys(v).filter((k) => !KNOWN.has(k));
  // A misspelt field ("published_at") would otherwise be dropped without a word.
  if (unknown.length) return { ok: false, reason: `unknown field "${unknown[0]}"` };
  return {
    ok: true,
    fields: {
      id: id as string | null,
      headline: headline as string,
      body,
      paragraphs,
      publishedAt: publishedAt as string,
      source: source as string | null,
      url: url as string | null,
      language: language as string | null,
    },
  };
}

/**
 * Extracts an article given as fields. The extractor reads a text, so the fields are laid out as
 * one (headline, the instant as an ISO date line, the paragraphs) and what the fields say is kept
 * over what the extractor would guess: the source, the language, the date as given.
 */
export function prepareFields(
  file: string,
  sourceKey: string,
  fields: ArticleFields,
  options: PrepareOptions = {},
): Prepared {
  const fail = (reason: string): Prepared => ({ ok: false, file, reason });
  const headline = normaliseText(fields.headline).replace(/\s+/g, ' ').trim();
  if (!headline) return fail('no headline');
  const publishedAt = parseDateLine(fields.publishedAt, options.timeZone ? { timeZone: options.timeZone } : {});
  if (!publishedAt) return fail(`publishedAt "${fields.publishedAt}" is not a date (ISO 8601: "2023-03-22T14:05:00Z")`);
  const published = Date.parse(publishedAt);
  if (published < Date.UTC(1900, 0, 1)) return fail(`publishedAt "${fields.publishedAt}" is before 1900`);
  if (published > Date.now() + 86_400_000) {
    return fail(`publishedAt "${fields.publishedAt}" is more than a day in the future`);
  }
  const body = normaliseText(
    fields.paragraphs ? fields.paragraphs.map((p) => p.trim()).join('\n\n') : (fields.body ?? ''),
  ).trim();
  if (!body) return fail('no story text ("body" or "paragraphs")');
  const language = fields.language?.toLowerCase() ?? null;
  if (language !== null && !LANGUAGE.test(language))
    return fail(`language "${fields.language}" is not an ISO 639-1 code`);
  if (fields.url && !/^https?:\/\/\S+$/i.test(fields.url))
    return fail(`url "${fields.url.slice(0, 80)}" is not an http(s) URL`);
  const prepared = prepareText(file, sourceKey, `${headline}\n\n${publishedAt}\n\n${body}\n`, options);
  if (!prepared.ok) return prepared;
  const { article } = prepared.value;
  // A headline that reads as a wrapper line ("Telegram from AFP") would have moved the story.
  if (article.headline !== headline || article.body !== body)
    return fail('the headline reads as a wrapper or date line');
  const source = fields.source ?? options.source ?? null;
  return {
    ok: true,
    value: {
      ...prepared.value,
      contentHash: createHash('sha256')
        .update(JSON.stringify(['fields', headline, publishedAt, source, fields.url ?? null, language, body]))
        .digest('hex'),
      article: {
        ...article,
        source,
        distributor: null,
        dateLine: fields.publishedAt,
        publishedAt,
        language: language ?? article.language,
      },
      url: fields.url ?? null,
    },
  };
}

/**
 * A JSON Lines file: one article an object a line. Each line is an article of its own, named
 * `file.jsonl#ID` by its `id`, or `file.jsonl#line-N` without one; a line that is not an article
 * fails alone, reported with its number, and the others load. Blank lines are skipped.
 */
export function prepareJsonLines(
  file: string,
  bytes: Uint8Array,
  options: PrepareOptions = {},
  key = basename(file),
): Prepared[] {
  const decoded = decodeArticleBytes(bytes);
  if ('reason' in decoded) return [{ ok: false, file, reason: decoded.reason }];
  const out: Prepared[] = [];
  const lines = normaliseText(decoded.text).split('\n');
  const seen = new Map<string, number>();
  for (const [index, line] of lines.entries()) {
    if (!line.trim()) continue;
    const number = index + 1;
    const at = `${file}:${number}`;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      out.push({ ok: false, file: at, reason: `line ${number}: not JSON (${(error as Error).message})` });
      continue;
    }
    const read = readFields(value);
    if (!read.ok) {
      out.push({ ok: false, file: at, reason: `line ${number}: ${read.reason}` });
      continue;
    }
    const name = read.fields.id ? `${key}#${read.fields.id}` : `${key}#line-${number}`;
    const earlier = seen.get(name);
    if (earlier !== undefined) {
      out.push({ ok: false, file: at, reason: `line ${number}: id "${read.fields.id}" is on line ${earlier} too` });
      continue;
    }
    seen.set(name, number);
    const path = read.fields.id ? `${file}#${read.fields.id}` : `${file}#line-${number}`;
    const prepared = prepareFields(path, name, read.fields, options);
    out.push(prepared.ok ? prepared : { ok: false, file: at, reason: `line ${number}: ${prepared.reason}` });
  }
  if (!out.length) out.push({ ok: false, file, reason: 'no article (every line is blank)' });
  return out;
}

/** Every article in a file: one for a text file, one a line for JSON Lines. */
export function prepareFile(
  file: string,
  bytes: Uint8Array,
  options: PrepareOptions = {},
  key = basename(file),
): Prepared[] {
  return isJsonLinesFile(file)
    ? prepareJsonLines(file, bytes, options, key)
    : [prepareArticle(file, bytes, options, key)];
}
