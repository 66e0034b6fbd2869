import { createHash } from 'node:crypto';
import type { Db } from '../db/client.js';
import { type PreparedArticle, type PrepareOptions, prepareText } from './prepare.js';
import { type SavedArticle, type SaveOutcome, saveArticles } from './save.js';
import { type ArticleFields, FIELD_LIMITS, prepareFields, readFields } from './structured.js';

/** Most articles one `ingestArticles` call takes: a page, as a query returns at most. */
export const MAX_INGEST_ARTICLES = 100;

/** One article as the API takes it: a wire text as a file holds it, or its fields. */
export type IngestInput = { [K in keyof ArticleFields]?: ArticleFields[K] | null } & { text?: string | null };

export interface IngestResult {
  /** Its place in the input list. */
  index: number;
  /** The id the input gave, if any. */
  id: string | null;
  outcome: SaveOutcome | 'failed';
  reason: string | null;
  /** The stored article that holds it, unless it failed. */
  articleId: number | null;
}

const RETRYABLE = new Set(['40P01', '40001']); // deadlock detected, serialization failure

function errorCode(error: unknown): string | undefined {
  const e = error as { code?: string; cause?: { code?: string } };
  return e?.cause?.code ?? e?.code;
}

/** Where an article from the API is known: by its id, or else by its text. */
function apiKey(id: string | null | undefined, text: string): string {
  return id ? `api:${id}` : `api:sha256:${createHash('sha256').update(text).digest('hex').slice(0, 32)}`;
}

function prepareInput(
  input: IngestInput,
  options: PrepareOptions,
): { ok: true; value: PreparedArticle } | { ok: false; reason: string } {
  const id = input.id?.trim() || null;
  if (id && id.length > FIELD_LIMITS.id)
    return { ok: false, reason: `"id" is longer than ${FIELD_LIMITS.id} characters` };
  if (input.text != null) {
    const structured = ['headline', 'body', 'paragraphs', 'publishedAt', 'url', 'language'] as const;
    const given = structured.filter((f) => input[f] != null);
    if (given.length) return { ok: false, reason: `give "text" or the article's fields, not both ("${given[0]}")` };
    const key = apiKey(id, input.text);
    const prepared = prepareText(key, key, input.text, {
      ...options,
      ...(input.source ? { source: input.source } : {}),
    });
    return prepared.ok ? prepared : { ok: false, reason: prepared.reason };
  }
  const { text: _text, ...fields } = input;
  const read = readFields(Object.fromEntries(Object.entries(fields).filter(([, v]) => v != null)));
  if (!read.ok) return { ok: false, reason: read.reason.replace('no "headline"', 'no "text" and no "headline"') };
  const key = apiKey(id, JSON.stringify(read.fields));
  const prepared = prepareFields(key, key, read.fields, options);
  return prepared.ok ? prepared : { ok: false, reason: prepared.reason };
}

/**
 * Extracts and stores articles sent to the API. Each input is judged on its own (a bad one fails
 * with its reason, the others go on); those that pass are written in one transaction, so either
 * all of them are stored whole or, should the database fail, none is. The same id again is the
 * same article: unchanged, or updated in place when its text changed.
 */
export async function ingestArticles(
  db: Db,
  inputs: IngestInput[],
  options: PrepareOptions = {},
): Promise<IngestResult[]> {
  if (inputs.length > MAX_INGEST_ARTICLES) {
    throw new RangeError(`at most ${MAX_INGEST_ARTICLES} articles a call, not ${inputs.length}`);
  }
  const results: IngestResult[] = [];
  const items: PreparedArticle[] = [];
  const itemResults: IngestResult[] = [];
  const keys = new Map<string, number>();
  for (const [index, input] of inputs.entries()) {
    const result: IngestResult = {
      index,
      id: input.id?.trim() || null,
      outcome: 'failed',
      reason: null,
      articleId: null,
    };
    results.push(result);
    const prepared = prepareInput(input, options);
    if (!prepared.ok) {
      result.reason = prepared.reason;
      continue;
    }
    const earlier = keys.get(prepared.value.sourceKey);
    if (earlier !== undefined) {
      result.reason = result.id
        ? `id "${result.id}" is given twice (also at ${earlier})`
        : `the same article as at ${earlier}`;
      continue;
    }
    keys.set(prepared.value.sourceKey, index);
    items.push(prepared.value);
    itemResults.push(result);
  }
  let saved: SavedArticle[] = [];
  for (let attempt = 1; ; attempt++) {
    try {
      saved = await saveArticles(db, items);
      break;
    } catch (error) {
      // A loader beside this one locked the same people in another order: the transaction was
      // rolled back whole, so it is simply run again.
      if (!RETRYABLE.has(errorCode(error) ?? '') || attempt >= 5) throw error;
      await new Promise((r) => setTimeout(r, 20 * attempt * Math.random()));
    }
  }
  for (const [i, result] of itemResults.entries()) {
    const s = saved[i] as SavedArticle;
    result.outcome = s.outcome;
    result.articleId = s.articleId;
  }
  return results;
}
