// Timestamps are read digit by digit in the forms the sandbox writes; every answer must be the one
// the regular expression and Date.parse give, for valid and invalid strings alike.
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import fc from 'fast-check';
import { epochMs, isValidTimestamp } from '../../src/time.js';

const REFERENCE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;
const referenceValid = (s: string) => REFERENCE.test(s) && !Number.isNaN(Date.parse(s));

const pad = (n: number, width: number) => String(n).padStart(width, '0');
// Fields across and just outside their ranges, so that invalid months, days and hours are drawn too.
const timestamp = fc
  .record({
    year: fc.integer({ min: 0, max: 9999 }),
    month: fc.integer({ min: 0, max: 13 }),
    day: fc.integer({ min: 0, max: 32 }),
    hour: fc.integer({ min: 0, max: 25 }),
    minute: fc.integer({ min: 0, max: 60 }),
    second: fc.integer({ min: 0, max: 61 }),
    fraction: fc.oneof(fc.constant(''), fc.integer({ min: 0, max: 999 }).map((n) => `.${pad(n, 3)}`), fc.constantFrom('.5', '.123456', '.0000')),
    zone: fc.constantFrom('Z', 'Z', '+00:00', '-05:30', 'z', ''),
  })
  .map((t) => `${pad(t.year, 4)}-${pad(t.month, 2)}-${pad(t.day, 2)}T${pad(t.hour, 2)}:${pad(t.minute, 2)}:${pad(t.second, 2)}${t.fraction}${t.zone}`);
// A valid-looking string with one character replaced by anything.
const damaged = fc.tuple(timestamp, fc.nat(), fc.string({ minLength: 1, maxLength: 1 })).map(([s, at, c]) => s.slice(0, at % s.length) + c + s.slice((at % s.length) + 1));

test('the sandbox agrees with the regular expression and Date.parse on every timestamp', () => {
  fc.assert(
    fc.property(fc.oneof(timestamp, damaged, fc.string()), (s) => {
      assert.equal(isValidTimestamp(s), referenceValid(s), s);
      assert.ok(Object.is(epochMs(s), Date.parse(s)), `${s}: ${epochMs(s)} against ${Date.parse(s)}`);
    }),
    { numRuns: 20_000 },
  );
});

test('days past the end of a month and leap days count as Date.parse counts them', () => {
  for (const s of ['2025-02-29T00:00:00Z', '2024-02-29T23:59:59.999Z', '2025-02-31T12:00:00Z', '2025-04-31T00:00:00.000Z', '1000-03-01T00:00:00Z', '2100-02-29T00:00:00Z', '2000-02-29T00:00:00Z', '9999-12-31T23:59:59.999Z']) {
    assert.equal(epochMs(s), Date.parse(s), s);
    assert.equal(isValidTimestamp(s), true, s);
  }
  for (const s of ['2025-13-01T00:00:00Z', '2025-00-10T00:00:00Z', '2025-01-32T00:00:00Z', '2025-01-01T24:00:01Z', '2025-01-01T23:60:00Z']) assert.equal(isValidTimestamp(s), false, s);
});
