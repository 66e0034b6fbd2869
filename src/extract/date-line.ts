// Month names as date lines write them: English for wire feeds, Swedish for Omni's own wrapper.
const MONTHS: Record<string, number> = {
  january: 1,
  januari: 1,
  jan: 1,
  february: 2,
  februari: 2,
  feb: 2,
  march: 3,
  mars: 3,
  mar: 3,
  april: 4,
  apr: 4,
  may: 5,
  maj: 5,
  june: 6,
  juni: 6,
  jun: 6,
  july: 7,
  juli: 7,
  jul: 7,
  august: 8,
  augusti: 8,
  aug: 8,
  september: 9,
  sep: 9,
  sept: 9,
  october: 10,
  oktober: 10,
  oct: 10,
  okt: 10,
  november: 11,
  nov: 11,
  december: 12,
  dec: 12,
};

/** The zone a date line without one of its own is read in: Omni stamps its wrapper in Swedish time. */
export const DEFAULT_TIME_ZONE = 'Europe/Stockholm';

// Zone abbreviations the English-language wires print after a time, as fixed offsets in minutes.
// Ambiguous ones (IST: India or Ireland; CST: US Central or China) are left out: a line that
// carries one is read in the loader's zone rather than guessed at.
const ZONES: Record<string, number> = {
  z: 0,
  utc: 0,
  gmt: 0,
  wet: 0,
  bst: 60,
  west: 60,
  cet: 60,
  cest: 120,
  eet: 120,
  eest: 180,
  msk: 180,
  est: -300,
  edt: -240,
  cdt: -300,
  mst: -420,
  mdt: -360,
  pst: -480,
  pdt: -420,
  hkt: 480,
  sgt: 480,
  jst: 540,
  kst: 540,
  aest: 600,
  aedt: 660,
};

const WEEKDAY =
  /^(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun|monday|tuesday|wednesday|thursday|friday|saturday|sunday|måndag|tisdag|onsdag|torsdag|fredag|lördag|söndag)\.?,?\s+/i;
const DAY_MONTH_YEAR = /^(\d{1,2})(?:st|nd|rd|th)?\.?\s+([A-Za-zÅÄÖåäö]+)\.?,?\s+(\d{4})(?![\d-])(.*)$/;
const MONTH_DAY_YEAR = /^([A-Za-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})(?![\d-])(.*)$/;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:[T\s]+(\d{2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?)?\s*(.*)$/;
// What may follow the date: a time (24-hour with "." or ":", or 12-hour with am/pm), then a zone.
const TIME =
  /^(?:,|\bat\b|\bkl\b\.?|[-–—/|])?\s*(?:kl\.?\s*)?(\d{1,2})[.:](\d{2})(?:[.:](\d{2}))?\s*([ap]\.?m\.?)?(?![\w])\s*(.*)$/i;
const ZONE = /^\(?\s*(?:([A-Za-z]{1,5})\s*)?(?:([+-])(\d{1,2})(?::?(\d{2}))?)?\s*\)?$/;

interface Parts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  /** Minutes east of UTC the line gives, or null when it names no zone. */
  offset: number | null;
  /** True when the line gives a time of day, not only a date. */
  timed: boolean;
}

/** The zone after a time or a date: null for nothing, undefined for something no zone reads as. */
function readZone(text: string): number | null | undefined {
  const rest = text.trim();
  if (!rest) return null;
  const m = ZONE.exec(rest);
  if (!m || (m[1] === undefined && m[2] === undefined)) return undefined;
  let offset = 0;
  if (m[1] !== undefined) {
    const named = ZONES[m[1].toLowerCase()];
    if (named === undefined) return undefined;
    offset = named;
  }
  if (m[2] !== undefined) {
    const hours = Number(m[3]);
    const minutes = m[4] === undefined ? 0 : Number(m[4]);
    // "+0100" arrives as hours "01", minutes "00"; a bare "+1" after GMT is an hour.
    if (hours > 14 || minutes > 59) return undefined;
    offset += (m[2] === '-' ? -1 : 1) * (hours * 60 + minutes);
  }
  return offset;
}

/** The time and zone after the date, or null when what follows is neither. */
function readTimeAndZone(rest: string): Pick<Parts, 'hour' | 'minute' | 'second' | 'offset' | 'timed'> | null {
  const text = rest.trim();
  const untimed = readZone(text);
  if (untimed !== undefined) return { hour: 0, minute: 0, second: 0, offset: untimed, timed: false };
  const m = TIME.exec(text);
  if (!m) return null;
  let hour = Number(m[1]);
  const minute = Number(m[2]);
  const second = m[3] === undefined ? 0 : Number(m[3]);
  const meridiem = m[4]?.toLowerCase().replaceAll('.', '');
  if (meridiem) {
    if (hour < 1 || hour > 12)
      hour = 99; // not a real time: refused below
    else hour = (hour % 12) + (meridiem === 'pm' ? 12 : 0);
  }
  const offset = readZone(m[5] ?? '');
  if (offset === undefined) return null;
  return { hour, minute, second, offset, timed: true };
}

function readParts(line: string): Parts | null {
  const text = line.trim().replace(WEEKDAY, '');
  const iso = ISO_DATE.exec(text);
  if (iso) {
    const offset = readZone(iso[7] ?? '');
    if (offset === undefined) return null;
    return {
      year: Number(iso[1]),
      month: Number(iso[2]),
      day: Number(iso[3]),
      hour: iso[4] === undefined ? 0 : Number(iso[4]),
      minute: iso[5] === undefined ? 0 : Number(iso[5]),
      second: iso[6] === undefined ? 0 : Number(iso[6]),
      offset,
      timed: iso[4] !== undefined,
    };
  }
  const dmy = DAY_MONTH_YEAR.exec(text);
  const mdy = dmy ? null : MONTH_DAY_YEAR.exec(text);
  const month = dmy ? MONTHS[dmy[2]?.toLowerCase() ?? ''] : mdy ? MONTHS[mdy[1]?.toLowerCase() ?? ''] : undefined;
  const m = dmy ?? mdy;
  if (!m || month === undefined) return null;
  const time = readTimeAndZone(m[4] ?? '');
  if (!time) return null;
  return { year: Number(m[3]), month, day: Number(dmy ? m[1] : m[2]), ...time };
}

/** True when the line looks like a date line, whether or not the date in it exists. */
export function looksLikeDateLine(line: string): boolean {
  return readParts(line) !== null;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** True when `timeZone` is an IANA zone name this runtime knows ("Europe/Stockholm", "UTC"). */
export function isTimeZone(timeZone: string): boolean {
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

// Offsets change on whole UTC hours in every zone a newsroom is likely in (the EU switches at
// 01:00 UTC): one look-up an hour and zone. (A zone on a half-hour switch is rare enough to cost
// a wrong half-hour near it.)
const offsetByHour = new Map<string, number>();

function zoneOffsetMinutes(timeZone: string, utcMillis: number): number {
  const hour = Math.floor(utcMillis / 3_600_000);
  const key = `${timeZone} ${hour}`;
  let offset = offsetByHour.get(key);
  if (offset === undefined) {
    if (offsetByHour.size >= 100_000) offsetByHour.clear();
    offset = intlOffsetMinutes(timeZone, hour * 3_600_000);
    offsetByHour.set(key, offset);
  }
  return offset;
}

/** Date.UTC, except that a year below 100 is that year: Date.UTC reads 0-99 as 1900-1999. */
function wallMillis(year: number, monthIndex: number, day: number, hour: number, minute: number, second = 0): number {
  const at = new Date(Date.UTC(2000, 0, 1, hour, minute, second));
  at.setUTCFullYear(year, monthIndex, day);
  return at.getTime();
}

function intlOffsetMinutes(timeZone: string, utcMillis: number): number {
  const parts = Object.fromEntries(
    formatterFor(timeZone)
      .formatToParts(new Date(utcMillis))
      .map((p) => [p.type, p.value]),
  );
  const asUtc = wallMillis(
    Number(parts.year),
    Number(parts.month) - 1,
    Number(parts.day),
    Number(parts.hour),
    Number(parts.minute),
  );
  return Math.round((asUtc - utcMillis) / 60_000);
}

export interface DateLineOptions {
  /** IANA zone for a line that names none (default Europe/Stockholm). */
  timeZone?: string;
}

/**
 * Reads a date line and returns the UTC instant as ISO 8601, or null when the line is not a real
 * date. The forms: Omni's "18 January 2022, 17.19" (Swedish or English month names), the English
 * "March 22, 2023", "22 March 2023 14:05 GMT", "Wednesday, March 22, 2023 2:05 PM EDT", and ISO
 * 8601 ("2023-03-22", "2023-03-22T14:05:00+01:00"). A zone the line gives (an offset, "GMT",
 * "CET", "EDT", ...) is used; otherwise the time is wall-clock time in `timeZone`, whose offset
 * depends on the date itself (CET or CEST). A date with no time is midnight in that zone, so it
 * keeps its calendar day there.
 */
export function parseDateLine(line: string, options: DateLineOptions = {}): string | null {
  const parts = readParts(line);
  if (!parts) return null;
  const { year, month, day, hour, minute, second, offset } = parts;
  if (month < 1 || month > 12 || hour > 23 || minute > 59 || second > 59) return null;
  const wall = wallMillis(year, month - 1, day, hour, minute, second);
  const check = new Date(wall);
  if (check.getUTCDate() !== day || check.getUTCMonth() !== month - 1) return null;
  let utc: number;
  if (offset !== null) utc = wall - offset * 60_000;
  else {
    const zone = options.timeZone ?? DEFAULT_TIME_ZONE;
    // The offset at the wall-clock time read as UTC is right except within hours of a DST switch;
    // a second pass with the corrected instant settles it.
    utc = wall - zoneOffsetMinutes(zone, wall) * 60_000;
    utc = wall - zoneOffsetMinutes(zone, utc) * 60_000;
  }
  return new Date(utc).toISOString().replace('.000Z', 'Z');
}
