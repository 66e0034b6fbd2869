// Month names as Omni writes them: English for some feeds, Swedish for its own wrapper.
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

const DATE_LINE = /^(\d{1,2})\.?\s+([A-Za-zÅÄÖåäö]+)\.?\s+(\d{4})(?:\s*,?\s*(?:kl\.?\s*)?(\d{1,2})[.:](\d{2}))?\s*$/;

/** True when the line looks like a date line, whether or not the date in it exists. */
export function looksLikeDateLine(line: string): boolean {
  const m = DATE_LINE.exec(line.trim());
  return m !== null && MONTHS[m[2]?.toLowerCase() ?? ''] !== undefined;
}

const stockholm = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/Stockholm',
  hourCycle: 'h23',
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  hour: 'numeric',
  minute: 'numeric',
});

// Offsets change only on whole UTC hours (the EU switches at 01:00 UTC): one look-up an hour.
const offsetByHour = new Map<number, number>();

function stockholmOffsetMinutes(utcMillis: number): number {
  const hour = Math.floor(utcMillis / 3_600_000);
  let offset = offsetByHour.get(hour);
  if (offset === undefined) {
    if (offsetByHour.size >= 100_000) offsetByHour.clear();
    offset = intlOffsetMinutes(hour * 3_600_000);
    offsetByHour.set(hour, offset);
  }
  return offset;
}

/** Date.UTC, except that a year below 100 is that year: Date.UTC reads 0-99 as 1900-1999. */
function wallMillis(year: number, monthIndex: number, day: number, hour: number, minute: number): number {
  const at = new Date(Date.UTC(2000, 0, 1, hour, minute));
  at.setUTCFullYear(year, monthIndex, day);
  return at.getTime();
}

function intlOffsetMinutes(utcMillis: number): number {
  const parts = Object.fromEntries(stockholm.formatToParts(new Date(utcMillis)).map((p) => [p.type, p.value]));
  const asUtc = wallMillis(
    Number(parts.year),
    Number(parts.month) - 1,
    Number(parts.day),
    Number(parts.hour),
    Number(parts.minute),
  );
  return Math.round((asUtc - utcMillis) / 60_000);
}

/**
 * Reads "18 January 2022, 17.19" or "12 september 2015, 12.00" as Europe/Stockholm wall-clock
 * time and returns the UTC instant as ISO 8601, or null when the line is not a real date.
 * Omni stamps the date line in Swedish local time, not UTC, so the offset (CET or CEST) depends
 * on the date itself.
 */
export function parseDateLine(line: string): string | null {
  const m = DATE_LINE.exec(line.trim());
  if (!m) return null;
  const day = Number(m[1]);
  const month = MONTHS[m[2]?.toLowerCase() ?? ''];
  const year = Number(m[3]);
  const hour = m[4] === undefined ? 0 : Number(m[4]);
  const minute = m[5] === undefined ? 0 : Number(m[5]);
  if (month === undefined || hour > 23 || minute > 59) return null;
  const wall = wallMillis(year, month - 1, day, hour, minute);
  const check = new Date(wall);
  if (check.getUTCDate() !== day || check.getUTCMonth() !== month - 1) return null;
  // The offset at the wall-clock time read as UTC is right except within hours of a DST switch;
  // a second pass with the corrected instant settles it.
  let utc = wall - stockholmOffsetMinutes(wall) * 60_000;
  utc = wall - stockholmOffsetMinutes(utc) * 60_000;
  return new Date(utc).toISOString().replace('.000Z', 'Z');
}
