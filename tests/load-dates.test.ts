import { describe, expect, it } from 'vitest';
import { parseDateLine } from '../src/extract/index.js';
import { prepareArticle } from '../src/ingest/prepare.js';

// Issue 16 item 11: a date line outside what a wire story can carry is refused, with the reason.

const story = (dateLine: string) =>
  new TextEncoder().encode(
    `Detta är en artikel från AFP.\n\nTalks in Geneva\n\nTelegram från AFP / Omni\n${dateLine}\n\nMinister Jane Holloway spoke in Geneva.\n`,
  );

describe('date lines', () => {
  it('reads a year written with leading zeros as that year, not as one of the 1900s', () => {
    expect(parseDateLine('18 January 0022, 17.19')).toMatch(/^0022-01-18T/);
  });

  it.each([
    ['18 January 0022, 17.19', /before 1900/],
    ['31 December 1899, 23.00', /before 1900/],
    ['18 January 9999, 17.19', /in the future/],
  ])('refuses %s', (line, reason) => {
    const prepared = prepareArticle('story.txt', story(line));
    expect(prepared.ok).toBe(false);
    expect(prepared.ok ? '' : prepared.reason).toMatch(reason);
  });

  it('loads the first day of 1900, and today', () => {
    const today = new Date();
    const months = [
      'January',
      'February',
      'March',
      'April',
      'May',
      'June',
      'July',
      'August',
      'September',
      'October',
      'November',
      'December',
    ];
    for (const line of [
      '1 January 1900, 12.00',
      `${today.getUTCDate()} ${months[today.getUTCMonth()]} ${today.getUTCFullYear()}, 00.00`,
    ]) {
      const prepared = prepareArticle('story.txt', story(line));
      expect(prepared.ok ? 'ok' : prepared.reason, line).toBe('ok');
    }
  });
});
