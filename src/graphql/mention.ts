import type { MentionSpan } from '../db/schema.js';
import { builder } from './builder.js';

export const Mention = builder.objectRef<MentionSpan>('Mention').implement({
  description: "Where a name stands in the article's body: offsets in UTF-16 code units, end exclusive.",
  fields: (t) => ({
    start: t.exposeInt('start'),
    end: t.exposeInt('end'),
    text: t.exposeString('text'),
  }),
});
