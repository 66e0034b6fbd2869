import { describe, expect, it } from 'vitest';
import { parseDateLine } from '../src/extract/index.js';

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
  ])('%s -> %s', (line, iso) => {
    expect(parseDateLine(line)).toBe(iso);
  });

  it.each([['31 februari 2022, 12.00'], ['18 Jonuary 2022, 17.19'], ['2022-01-18'], ['18 January 2022, 25.00'], ['']])(
    'rejects %j',
    (line) => {
      expect(parseDateLine(line)).toBeNull();
    },
  );
});
