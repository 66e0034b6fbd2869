import type { MentionSpan } from '../db/schema.js';
import { builder, type Context } from './builder.js';

export const Mention = builder.objectRef<MentionSpan>('Mention').implement({
  description: "Where a name stands in the article's body: offsets in UTF-16 code units, end exclusive.",
  fields: (t) => ({
    start: t.exposeInt('start'),
    end: t.exposeInt('end'),
    text: t.exposeString('text'),
  }),
});

/**
 * Whether the operation may select a field named `mentions`: its text holds the name, or its text
 * is not known (a persisted document handed over parsed). A link's `mentions` column is the
 * largest part of its row; a page of 20 articles with 20 people and 20 places each parsed 800
 * of them for no field. A name cannot be written without its letters, so a text without them
 * selects no such field, in any fragment. Selects pass it `as true`: the row's type keeps the
 * column, which is absent only where no field reads it.
 */
export function mentionsAsked(ctx: Context): boolean {
  const text = ctx.params?.query;
  return typeof text !== 'string' || text.startsWith('__PERSISTED_OPERATION_') || text.includes('mentions');
}
