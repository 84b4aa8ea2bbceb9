// parseQuery splits simple query strings by hand for speed: whatever it is given, it must read it
// the way URLSearchParams does (empty names and values dropped, repeated names kept in order).
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import fc from 'fast-check';
import { parseQuery, type Query } from '../../src/openapi/query.js';

function reference(raw: string): Query {
  const query: Query = Object.create(null) as Query;
  for (const [name, value] of new URLSearchParams(raw)) {
    if (name === '' || value === '') continue;
    const seen = query[name];
    query[name] = seen === undefined ? value : [...(Array.isArray(seen) ? seen : [seen]), value];
  }
  return query;
}

const piece = fc.constantFrom('a', 'b', 'start', 'total', '=', '&', '%', '+', '%20', '%zz', '?', ' ', 'é', '__proto__', '0', '');
const raw = fc.array(piece, { maxLength: 24 }).map((parts) => parts.join(''));

test('parseQuery reads every query string as URLSearchParams does', () => {
  fc.assert(fc.property(raw, (text) => assert.deepEqual(parseQuery(text), reference(text))), { numRuns: 3000 });
});

test('names sent with an empty value are handed back in blank, in order, empty names never', () => {
  const expected = (text: string) => [...new URLSearchParams(text)].filter(([name, value]) => name !== '' && value === '').map(([name]) => name);
  fc.assert(
    fc.property(raw, (text) => {
      const blank: string[] = [];
      parseQuery(text, blank);
      assert.deepEqual(blank, expected(text));
    }),
    { numRuns: 3000 },
  );
  const blank: string[] = [];
  parseQuery('workspaceId=&start=0&=&inboxId=&flag', blank);
  assert.deepEqual(blank, ['workspaceId', 'inboxId', 'flag']);
});

test('the documented curl: empty values are absent, repeated names are kept', () => {
  assert.deepEqual({ ...parseQuery('workspaceId=&start=0&total=1000&thread_token=&type=&sorting=') }, { start: '0', total: '1000' });
  assert.deepEqual({ ...parseQuery('total=5&=x&total=6&flag') }, { total: ['5', '6'] });
});
