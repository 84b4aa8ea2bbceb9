// The read model keeps each record's JSON as the slice of the file's text it was parsed from: every
// slice must parse to exactly the record JSON.parse gave for that position, whatever the spacing,
// escapes, key order and nesting of the file, or the count must differ (then the records are
// serialized instead).
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import fc from 'fast-check';
import { topLevelArrayElements } from '../../src/store/record-spans.js';

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
