// The read model keeps each record's JSON as the slice of the file's text it was parsed from: every
// slice must parse to exactly the record JSON.parse gave for that position, whatever the spacing,
// escapes, key order and nesting of the file, or the count must differ (then the records are
// serialized instead).
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import fc from 'fast-check';
import { compactElement, topLevelArrayElements, topLevelArraySpans } from '../../src/store/record-spans.js';

const KEYS = ['executionThreads', 'threads'];
// Strings with quotes, backslashes (also before a closing quote), brackets and commas, the
// characters a scanner could lose its place on.
const tricky = fc.string({ unit: fc.constantFrom('"', '\\', '{', '}', '[', ']', ',', ':', 'a', 'é', '\n', ' ') });
const value = fc.letrec((tie) => ({
  v: fc.oneof({ depthSize: 'small' }, tricky, fc.integer(), fc.boolean(), fc.constant(null), fc.array(tie('v'), { maxLength: 3 }), fc.dictionary(tricky, tie('v'), { maxKeys: 3 })),
})).v;
const record = fc.dictionary(tricky, value, { maxKeys: 4 });
const database = fc.record({
  before: fc.dictionary(tricky, value, { maxKeys: 2 }),
  executionThreads: fc.array(record, { maxLength: 5 }),
  threads: fc.array(record, { maxLength: 5 }),
  after: fc.dictionary(tricky, value, { maxKeys: 2 }),
});

test('each element found parses to the element JSON.parse gives, compact or indented', () => {
  fc.assert(
    fc.property(database, fc.constantFrom(undefined, 2, '\t'), ({ before, executionThreads, threads, after }, space) => {
      const text = JSON.stringify({ ...before, executionThreads, threads, ...after }, null, space);
      const parsed = JSON.parse(text) as Record<string, unknown>;
      const found = topLevelArrayElements(text, KEYS);
      for (const key of KEYS) {
        const elements = found.get(key) ?? [];
        const expected = parsed[key] as unknown[];
        assert.equal(elements.length, expected.length);
        elements.forEach((json, i) => assert.deepEqual(JSON.parse(json), expected[i]));
        if (space === undefined) assert.deepEqual(elements, expected.map((r) => JSON.stringify(r)));
      }
    }),
    { numRuns: 400 },
  );
});

test('the last of two keys of the same name wins, as with JSON.parse', () => {
  const text = '{"threads":[{"a":1}],"x":"threads","threads":[{"b":2},{"c":"]}"}]}';
  assert.deepEqual(topLevelArrayElements(text, KEYS).get('threads'), ['{"b":2}', '{"c":"]}"}']);
});

test('an element that is not an object is not found, so the counts differ', () => {
  const text = '{"threads":[{"a":1},2,[3]]}';
  assert.equal(topLevelArrayElements(text, KEYS).get('threads')?.length, 1);
});

/** JSON of `v` spelled as a person might: `pick()` chooses spaces, escapes, number spellings, a key given twice. */
function spelled(v: unknown, pick: () => number): string {
  const space = () => (pick() % 5 === 0 ? [' ', '\n', '\t', '\r\n  '][pick() % 4] : '');
  if (typeof v === 'string') {
    let out = '"';
    for (const ch of v) {
      const plain = JSON.stringify(ch).slice(1, -1);
      const choice = pick() % 8;
      if (choice === 0) out += `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`;
      else if (choice === 1 && ch === '/') out += '\\/';
      else out += plain;
    }
    return `${out}"`;
  }
  if (typeof v === 'number') return [String(v), `${v}.0`, `${v}e0`, `${v}E0`, String(v)][pick() % 5] as string;
  if (Array.isArray(v)) return `[${space()}${v.map((x) => spelled(x, pick)).join(`${space()},${space()}`)}${space()}]`;
  if (v !== null && typeof v === 'object') {
    const entries = Object.entries(v).map(([k, x]) => `${spelled(k, pick)}${space()}:${space()}${spelled(x, pick)}`);
    // A key given twice, the first time with another value: JSON.parse keeps the last.
    const [first] = Object.keys(v);
    if (first !== undefined && pick() % 6 === 0) entries.unshift(`${JSON.stringify(first)}:0`);
    return `{${space()}${entries.join(`,${space()}`)}${space()}}`;
  }
  return JSON.stringify(v);
}

// Records as the database holds them: keys that are not array indexes, integers at least 0.
const recordLike = fc.dictionary(
  fc.string({ unit: fc.constantFrom('a', 'b', '/', 'é') }).filter((k) => k.length > 0),
  fc.oneof(fc.string({ unit: fc.constantFrom('"', '\\', '/', 'a', ' ', '\n', 'é', '\u0001') }), fc.nat(), fc.constant(null), fc.array(fc.dictionary(fc.constantFrom('x', 'y'), fc.nat()), { maxLength: 2 })),
  { maxKeys: 5 },
);

test('an element vouched for as compact is exactly JSON.stringify of what it parses to, and JSON.stringify output always is', () => {
  fc.assert(
    fc.property(fc.array(recordLike, { maxLength: 4 }), fc.infiniteStream(fc.nat(1000)), (records, choices) => {
      const next = choices[Symbol.iterator]();
      const pick = () => next.next().value as number;
      for (const text of [JSON.stringify({ threads: records }), `{"threads":[${records.map((r) => spelled(r, pick)).join(',')}]}`]) {
        const span = topLevelArraySpans(Buffer.from(text), KEYS).get('threads');
        assert.ok(span);
        const parsed = (JSON.parse(text) as { threads: unknown[] }).threads;
        assert.equal(span.elements.length, parsed.length);
        parsed.forEach((value, i) => {
          const kept = compactElement(span, i, value);
          if (kept !== undefined) assert.equal(kept, JSON.stringify(value));
          if (text === JSON.stringify({ threads: records }) && !/\\u/.test(span.elements[i] as string)) assert.equal(kept, JSON.stringify(value));
        });
      }
    }),
    { numRuns: 400 },
  );
});
