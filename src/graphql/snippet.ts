import { builder } from './builder.js';

export interface TextRange {
  start: number;
  end: number;
}

export interface Snippet {
  text: string;
  highlights: TextRange[];
}

// ts_headline wraps matches in these; C0 controls never survive the loader's normalisation.
export const MARK_START = '\u0002';
export const MARK_END = '\u0003';

/** Turns ts_headline's marked text into plain text with the marked ranges beside it. */
export function parseHeadline(marked: string): Snippet {
  let text = '';
  const highlights: TextRange[] = [];
  let open = -1;
  for (const ch of marked) {
    if (ch === MARK_START) open = text.length;
    else if (ch === MARK_END) {
      if (open >= 0 && text.length > open) highlights.push({ start: open, end: text.length });
      open = -1;
    } else text += ch;
  }
  return { text, highlights };
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export const TextRangeRef = builder.objectRef<TextRange>('TextRange').implement({
  description: 'A stretch of a text: UTF-16 offsets, end exclusive.',
  fields: (t) => ({ start: t.exposeInt('start'), end: t.exposeInt('end') }),
});

export const SnippetRef = builder.objectRef<Snippet>('Snippet').implement({
  description: 'A short extract of an article with the words that matched a search marked.',
  fields: (t) => ({
    text: t.exposeString('text', { description: 'Plain text, not escaped.' }),
    highlights: t.field({
      type: [TextRangeRef],
      resolve: (s) => s.highlights,
      description: 'The matched words in `text`.',
    }),
    html: t.string({
      description: 'The same text, HTML-escaped, with each match in <mark>…</mark>: safe to insert as HTML.',
      resolve: (s) => {
        let html = '';
        let at = 0;
        for (const h of s.highlights) {
          html += `${escapeHtml(s.text.slice(at, h.start))}<mark>${escapeHtml(s.text.slice(h.start, h.end))}</mark>`;
          at = h.end;
        }
        return html + escapeHtml(s.text.slice(at));
      },
    }),
  }),
});
