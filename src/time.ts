// Timestamps are kept in the documents' own forms: v1 createdAt with milliseconds
// (2025-07-25T09:34:29.768Z), v0 received_at to the second unless it has milliseconds
// (2026-01-01T00:00:00Z). Comparisons use epoch milliseconds, never strings.

export function toMillisIso(value: string | number | Date): string {
  return new Date(value).toISOString();
}

export function toSecondsIso(value: string | number | Date): string {
  return new Date(value).toISOString().replace('.000Z', 'Z');
}

const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;

export function isValidTimestamp(value: string): boolean {
  return canonicalMs(value) !== undefined || (TIMESTAMP.test(value) && !Number.isNaN(Date.parse(value)));
}

/** Date.parse, with the two forms the sandbox writes read without the runtime's date parser. */
export function epochMs(value: string): number {
  return canonicalMs(value) ?? Date.parse(value);
}

// A load reads every timestamp of the file several times (validation, message order, thread order);
// the runtime's date parser is the slower part of each. The forms the sandbox writes,
// 2025-07-25T09:34:29.768Z and 2026-01-01T00:00:00Z, are read digit by digit instead. Anything
// else, including out-of-range fields, is left to Date.parse (test/store/timestamps.test.ts
// holds the two to the same answers).
function canonicalMs(s: string): number | undefined {
  const n = s.length;
  if ((n !== 20 && n !== 24) || s.charCodeAt(n - 1) !== 90 /* Z */) return undefined;
  if (s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45 || s.charCodeAt(10) !== 84 || s.charCodeAt(13) !== 58 || s.charCodeAt(16) !== 58) return undefined;
  const year = digits(s, 0, 4);
  const month = digits(s, 5, 2);
  const day = digits(s, 8, 2);
  const hour = digits(s, 11, 2);
  const minute = digits(s, 14, 2);
  const second = digits(s, 17, 2);
  let ms = 0;
  if (n === 24) {
    if (s.charCodeAt(19) !== 46 /* . */) return undefined;
    ms = digits(s, 20, 3);
  }
  // digits() gives -1 for a non-digit. Years below 1000 and hour 24 are rare enough to leave to Date.parse.
  if (year < 1000 || month < 1 || month > 12 || day < 1 || day > 31 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59 || ms < 0) return undefined;
  return ((daysFromCivil(year, month, day) * 24 + hour) * 60 + minute) * 60_000 + second * 1000 + ms;
}

function digits(s: string, from: number, count: number): number {
  let value = 0;
  for (let i = from; i < from + count; i++) {
    const d = s.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    value = value * 10 + d;
  }
  return value;
}

/** Days since 1970-01-01 of a proleptic Gregorian date; a day past the month's end runs into the next, as in Date.UTC. */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  return era * 146_097 + yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear - 719_468;
}
