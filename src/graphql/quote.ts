import { quotes } from '../db/schema.js';
import { builder } from './builder.js';
import { databaseId } from './ids.js';

export const Quote = builder.drizzleNode('quotes', {
  name: 'Quote',
  description: 'Words an article puts in quotation marks as speech, with who said them.',
  id: { column: (quote) => quote.id },
  fields: (t) => ({
    text: t.exposeString('text'),
    start: t.exposeInt('startOffset', { description: "Offset of the quote's first character in the article body." }),
    end: t.exposeInt('endOffset', { description: 'Offset just past its last character.' }),
    paragraphIndex: t.exposeInt('paragraphIndex'),
    speaker: t.relation('speaker', {
      nullable: true,
      description: 'The person who said it, when the article names them.',
    }),
    speakerLabel: t.exposeString('speakerLabel', {
      nullable: true,
      description: 'Who said it as the article first puts it ("a US official"), named or not.',
    }),
    verb: t.exposeString('verb', { nullable: true, description: 'The reporting verb ("said", "told").' }),
    article: t.relation('article'),
  }),
});

builder.queryFields((t) => ({
  quotes: t.drizzleConnection({
    type: 'quotes',
    description: 'Quotes across all articles, most recently loaded first.',
    totalCount: (_parent, _args, ctx) => ctx.db.$count(quotes),
    resolve: (query, _parent, _args, ctx) => ctx.db.query.quotes.findMany(query({ orderBy: { id: 'desc' } })),
  }),
  quote: t.drizzleField({
    type: 'quotes',
    nullable: true,
    description: 'One quote by global id, or null when there is none.',
    args: { id: t.arg.globalID({ required: true, for: Quote }) },
    resolve: (query, _parent, args, ctx) => {
      const id = databaseId(args.id.id);
      return id === null ? null : ctx.db.query.quotes.findFirst(query({ where: { id } }));
    },
  }),
}));
