// A matcher's `matches` runs in time linear in the value: one tenant's pattern cannot hold the event
// loop that every other tenant and the health check share. Patterns RE2 cannot run (backreferences,
// lookarounds) are a 400 that names the feature; a pattern over the limit says it is too long.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sandboxClient } from '../helpers/http.js';

// A backtracking RegExp takes about 2^n steps for `^(a+)+$` on n a's and a '!': 25 is about 2 s
// with a backtracking engine, and a bounded test still fails there.
const EVIL_VALUE = `${'a'.repeat(25)}!`;

describe('matchers run in linear time', () => {
  it('a catastrophic pattern against a journaled value answers at once, and health with it', async () => {
    const api = await sandboxClient({}, {});
    await api.get(`/v1/threads?q=${EVIL_VALUE}`, { 'Api-Token': 't' });
    const started = performance.now();
    const [count, health] = await Promise.all([
      api.post('/__sandbox/requests/count', { query: { q: { matches: '^(a+)+$' } } }),
      api.get('/__sandbox/health'),
    ]);
    const elapsed = performance.now() - started;
    assert.deepEqual(count.body, { count: 0 });
    assert.equal(health.status, 200);
    assert.ok(elapsed < 500, `count and health took ${Math.round(elapsed)} ms`);
    assert.deepEqual((await api.post('/__sandbox/requests/count', { query: { q: { matches: '^(a+)+!$' } } })).body, { count: 1 }, 'the same pattern still matches what it should');
  });

  it('JavaScript syntax keeps working: named groups, \\d, \\u escapes, classes', async () => {
    const api = await sandboxClient({}, {});
    await api.get('/v1/threads?workspaceId=2', { 'Api-Token': 'tok-A1' });
    for (const matches of ['^(?<n>\\d)$', '^\\u0032$', '^[0-9]+$', 'tok-[A-Z]\\d']) {
      const where = matches.startsWith('tok') ? { headers: { 'api-token': { matches } } } : { query: { workspaceId: { matches } } };
      assert.deepEqual((await api.post('/__sandbox/requests/count', where)).body, { count: 1 }, matches);
    }
  });

  for (const [pattern, feature] of [
    ['(a)\\1', /backreference \(\\1\)/],
    ['(?<x>a)\\k<x>', /named backreference/],
    ['foo(?=bar)', /lookahead/],
    ['foo(?!bar)', /negative lookahead/],
    ['(?<=foo)bar', /lookbehind/],
    ['(?<!foo)bar', /negative lookbehind/],
  ] as const) {
    it(`'${pattern}' is refused with the feature named`, async () => {
      const api = await sandboxClient({}, {});
      for (const path of ['/__sandbox/requests/count', '/__sandbox/requests/find']) {
        const res = await api.post(path, { query: { q: { matches: pattern } } });
        assert.equal(res.status, 400, path);
        assert.equal(res.body.name, 'ValidationError');
        assert.match(res.body.message, feature);
        assert.match(res.body.message, /query\.q.*RE2/);
      }
    });
  }

  it('an escaped backslash, or a lookalike inside a class, is not a backreference', async () => {
    const api = await sandboxClient({}, {});
    await api.get('/v1/threads?q=%5C1', { 'Api-Token': 't' });
    assert.deepEqual((await api.post('/__sandbox/requests/count', { query: { q: { matches: '^\\\\1$' } } })).body, { count: 1 });
    assert.deepEqual((await api.post('/__sandbox/requests/count', { query: { q: { matches: '^[\\\\1(?=]+$' } } })).body, { count: 1 });
  });

  it('a `matches` over the limit says it is too long, not that it must be a string', async () => {
    const api = await sandboxClient({}, {});
    const res = await api.post('/__sandbox/requests/count', { headers: { a: { matches: 'a'.repeat(1025) } } });
    assert.equal(res.status, 400);
    assert.equal(res.body.name, 'ValidationError');
    assert.match(res.body.message, /'headers\/a\/matches' is too long: at most 1024 characters/);
    const wrongType = await api.post('/__sandbox/requests/count', { headers: { a: { matches: 1 } } });
    assert.match(wrongType.body.message, /'headers\/a\/matches' must be of type string/);
  });
});
