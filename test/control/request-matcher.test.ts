// The request matcher on its own: which journaled requests a matcher selects, and for the rest what
// differed. Credentials are matched by value and never shown.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ControlError } from '../../src/control/control-error.js';
import { compileMatcher, countRequests, findRequests, templateRegex, type MatchableRequest } from '../../src/control/request-matcher.js';

const at = (s: string) => Date.parse(`2026-01-01T00:00:${s}Z`);
const requests: (MatchableRequest & { n: number })[] = [
  { n: 1, timeMs: at('01'), method: 'GET', path: '/v1/threads', operationId: 'listExecutionThreads', status: 200, query: { workspaceId: '2', type: 'Manual' }, headers: { 'api-token': 'tok-secret' } },
  { n: 2, timeMs: at('02'), method: 'GET', path: '/human/v0/threads/thr-1', operationId: 'getThread', status: 404, query: {}, headers: { authorization: 'Bearer abc' } },
  { n: 3, timeMs: at('03'), method: 'GET', path: '/human/v0/threads', operationId: 'listThreads', status: 200, query: { inbox_id: ['a', 'b'] }, headers: { authorization: 'Bearer abc' } },
  { n: 4, timeMs: at('04'), method: 'POST', path: '/v1/threads', operationId: null, status: 405, query: {}, headers: {} },
];
const ids = (m: Parameters<typeof findRequests>[1]) => findRequests(requests, m, (r) => r.n).requests;

test('each field of a matcher selects the requests it names; together they all must hold', () => {
  assert.deepEqual(ids({}), [1, 2, 3, 4]);
  assert.deepEqual(ids({ method: 'get' }), [1, 2, 3]);
  assert.deepEqual(ids({ operationId: 'getThread' }), [2]);
  assert.deepEqual(ids({ path: '/v1/threads' }), [1, 4]);
  assert.deepEqual(ids({ pathTemplate: '/human/v0/threads/{thread_id}' }), [2]);
  assert.deepEqual(ids({ status: 405 }), [4]);
  assert.deepEqual(ids({ path: '/v1/threads', method: 'GET' }), [1]);
  assert.deepEqual(ids({ since: '2026-01-01T00:00:02Z', until: '2026-01-01T00:00:03Z' }), [2, 3]);
});

test('query and headers match an exact value, a regex, or absence; a repeated name matches on any value', () => {
  assert.deepEqual(ids({ query: { workspaceId: '2' } }), [1]);
  assert.deepEqual(ids({ query: { workspaceId: { matches: '^[0-9]+$' } } }), [1]);
  assert.deepEqual(ids({ query: { workspaceId: { absent: true } } }), [2, 3, 4]);
  assert.deepEqual(ids({ query: { inbox_id: 'b' } }), [3]);
  assert.deepEqual(ids({ headers: { 'Api-Token': 'tok-secret' } }), [1]);
  assert.deepEqual(ids({ headers: { Authorization: { matches: '^Bearer ' } } }), [2, 3]);
  assert.deepEqual(ids({ query: { toString: 'x' } }), [], 'a name is never looked up on a prototype');
});

test('a template segment is one path segment, and the rest of the template is literal', () => {
  assert.ok(templateRegex('/human/v0/threads/{thread_id}').test('/human/v0/threads/x.y'));
  assert.ok(!templateRegex('/human/v0/threads/{thread_id}').test('/human/v0/threads/a/b'));
  assert.ok(!templateRegex('/v1.0/{x}').test('/v100/y'));
});

test('without a match, the closest requests come back with each differing field, expected and actual', () => {
  const found = findRequests(requests, { method: 'GET', path: '/v1/threads', query: { workspaceId: '3' } }, (r) => r.n);
  assert.deepEqual(found.requests, []);
  const [first, ...rest] = found.nearMisses ?? [];
  assert.equal(first?.request, 1);
  assert.deepEqual(first?.differences, [{ field: 'query.workspaceId', expected: '3', actual: '2' }]);
  assert.equal(rest.length, 2);
  assert.ok(rest.every((m) => m.differences.length >= 1));
});

test('near misses come from inside since/until only', () => {
  // @ts-expect-error an operationId no spec has is a compile error; at run time it matches nothing
  const found = findRequests(requests, { operationId: 'nope', since: '2026-01-01T00:00:04Z' }, (r) => r.n);
  assert.deepEqual(found.nearMisses?.map((m) => m.request), [4]);
});

test('a credential header differs without its value being shown, expected or actual', () => {
  const found = findRequests(requests, { operationId: 'listExecutionThreads', headers: { 'api-token': 'tok-wrong' } }, (r) => r.n);
  const diff = found.nearMisses?.[0]?.differences;
  assert.deepEqual(diff, [{ field: 'headers.api-token', expected: '[REDACTED]', actual: '[REDACTED]' }]);
  assert.doesNotMatch(JSON.stringify(found), /tok-secret|tok-wrong/);
  const absent = compileMatcher({ headers: { authorization: 'Bearer x' } }).differences(requests[3] as MatchableRequest);
  assert.deepEqual(absent, [{ field: 'headers.authorization', expected: '[REDACTED]', actual: null }], 'a header not sent is null, not redacted');
});

test('count counts what find finds', () => {
  assert.equal(countRequests(requests, { method: 'GET' }), 3);
  assert.equal(countRequests(requests, { status: 500 }), 0);
});

test('an invalid regular expression or time is a 400 naming the field', () => {
  for (const [matcher, field] of [
    [{ query: { q: { matches: '(' } } }, 'query.q'],
    [{ headers: { 'X-A': { matches: '[a-' } } }, 'headers.x-a'],
    [{ since: 'yesterday' }, 'since'],
    [{ query: { q: { nope: 1 } as never } }, 'query.q'],
  ] as const) {
    assert.throws(() => compileMatcher(matcher), (e: ControlError) => e instanceof ControlError && e.status === 400 && e.message.startsWith(field), field);
  }
});
