import { describe, expect, it } from 'vitest';
import { looksLikeDateLine, parseDateLine } from '../src/extract/date-line.js';

describe('parseDateLine reads Stockholm wall-clock time', () => {
  it.each([
    ['18 January 2022, 17.19', '2022-01-18T16:19:00Z'], // CET, UTC+1
    ['12 september 2015, 12.00', '2015-09-12T10:00:00Z'], // CEST, UTC+2
    ['21 juli 2017, 12.00', '2017-07-21T10:00:00Z'],
    ['1 maj 2020, 00.30', '2020-04-30T22:30:00Z'],
    ['31 December 2021, 23.59', '2021-12-31T22:59:00Z'],
    ['27 mars 2022, 03.30', '2022-03-27T01:30:00Z'], // just after the spring change
    ['30 oktober 2022, 01.30', '2022-10-29T23:30:00Z'], // the autumn hour that happens twice: first one
    ['5 Feb 2019 14:05', '2019-02-05T13:05:00Z'],
    ['3 augusti 2018', '2018-08-02T22:00:00Z'],
    ['12 september 2015, kl. 12.00', '2015-09-12T10:00:00Z'],
  ])('%s -> %s', (line, iso) => {
    expect(parseDateLine(line)).toBe(iso);
  });

  it.each([
    ['31 februari 2022, 12.00'],
    ['18 Jonuary 2022, 17.19'],
    ['18 January 2022, 25.00'],
    ['2022-13-01'],
    ['2022-02-30T10:00Z'],
    ['March 22, 2023 13:05 pm'],
    ['22 March 2023 14:05 XYZ'],
    ['22 March 2023 by our reporter'],
    [''],
  ])('rejects %j', (line) => {
    expect(parseDateLine(line)).toBeNull();
  });
});

describe('English and ISO 8601 date lines', () => {
  it.each([
    // No zone in the line: the loader's zone (Stockholm by default), CET in March before the switch.
    ['March 22, 2023', '2023-03-21T23:00:00Z'],
    ['Mar. 22, 2023, 2:05 PM', '2023-03-22T13:05:00Z'],
    ['Wednesday, March 22, 2023 2:05 p.m.', '2023-03-22T13:05:00Z'],
    ['22nd March 2023 14:05', '2023-03-22T13:05:00Z'],
    ['2023-03-22', '2023-03-21T23:00:00Z'],
    ['2023-03-22 14:05', '2023-03-22T13:05:00Z'],
    // A zone in the line wins.
    ['22 March 2023 14:05 GMT', '2023-03-22T14:05:00Z'],
    ['March 22, 2023 at 10:05 EDT', '2023-03-22T14:05:00Z'],
    ['22 March 2023 14:05 (CET)', '2023-03-22T13:05:00Z'],
    ['22 March 2023 14:05 GMT+2', '2023-03-22T12:05:00Z'],
    ['22 March 2023 14:05 +0530', '2023-03-22T08:35:00Z'],
    ['2023-03-22T14:05:00Z', '2023-03-22T14:05:00Z'],
    ['2023-03-22T14:05:30.250+01:00', '2023-03-22T13:05:30Z'],
    ['2023-03-22T14:05-05:00', '2023-03-22T19:05:00Z'],
    ['12:00 am', null],
    ['March 22, 2023 12:30 am UTC', '2023-03-22T00:30:00Z'],
    ['March 22, 2023 12:30 pm UTC', '2023-03-22T12:30:00Z'],
  ])('%s -> %s', (line, iso) => {
    expect(parseDateLine(line)).toBe(iso);
  });

  it('reads a line without a zone in the zone it is given, keeping a bare date on its calendar day there', () => {
    expect(parseDateLine('March 22, 2023', { timeZone: 'America/New_York' })).toBe('2023-03-22T04:00:00Z');
    expect(parseDateLine('March 22, 2023 14:05', { timeZone: 'UTC' })).toBe('2023-03-22T14:05:00Z');
    expect(parseDateLine('22 March 2023 14:05 GMT', { timeZone: 'Asia/Tokyo' })).toBe('2023-03-22T14:05:00Z');
    for (const timeZone of ['Pacific/Auckland', 'America/Los_Angeles', 'Asia/Kolkata', 'Europe/Stockholm']) {
      const iso = parseDateLine('2023-07-09', { timeZone }) as string;
      const day = new Intl.DateTimeFormat('en-CA', { timeZone, dateStyle: 'short' }).format(new Date(iso));
      expect(day, timeZone).toBe('2023-07-09');
    }
  });

  it('tells date lines from headlines', () => {
    expect(looksLikeDateLine('March 22, 2023')).toBe(true);
    expect(looksLikeDateLine('31 februari 2022, 12.00')).toBe(true); // looks like one; no such day
    expect(looksLikeDateLine('March 22 talks end in Geneva')).toBe(false);
    expect(looksLikeDateLine('May 2023 be better')).toBe(false);
    expect(looksLikeDateLine('2023 in review')).toBe(false);
  });
});
