// POST /__sandbox/requests/find and /count: the journal queried with a matcher, near misses when
// nothing matches, credentials never echoed, a bad matcher a 400.
import assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';
import { sandboxClient, type Client } from '../helpers/http.js';

describe('control plane: find and count requests', () => {
  let api: Client;
  beforeEach(async () => {
    api = await sandboxClient({}, {});
    await api.get('/v1/threads?workspaceId=2&type=Manual', { 'Api-Token': 'secret-v1' });
    await api.get('/human/v0/threads/thr-0001', { Authorization: 'Bearer secret-v0' });
    await api.get('/human/v0/threads?inbox_id=inbox-support&limit=5', { Authorization: 'Bearer secret-v0' });
  });

  it('find returns the matching requests in order; count counts them', async () => {
    const found = await api.post('/__sandbox/requests/find', { method: 'get', pathTemplate: '/human/v0/threads/{thread_id}' });
    assert.equal(found.status, 200);
    assert.deepEqual(found.body.requests.map((r: { path: string }) => r.path), ['/human/v0/threads/thr-0001']);
    assert.equal(found.body.nearMisses, undefined);
    const all = await api.post('/__sandbox/requests/find', {});
    assert.deepEqual(all.body.requests.map((r: { operationId: string }) => r.operationId), ['listExecutionThreads', 'getThread', 'listThreads']);
    assert.deepEqual((await api.post('/__sandbox/requests/count', { headers: { authorization: { matches: '^Bearer ' } } })).body, { count: 2 });
    assert.deepEqual((await api.post('/__sandbox/requests/count', { query: { limit: '5', page_token: { absent: true } } })).body, { count: 1 });
    assert.deepEqual((await api.post('/__sandbox/requests/count', { status: 500 })).body, { count: 0 });
  });

  it('without a match, find names the closest requests and the fields that differed', async () => {
    const res = await api.post('/__sandbox/requests/find', { operationId: 'listExecutionThreads', query: { workspaceId: '3', type: 'Manual' } });
    assert.deepEqual(res.body.requests, []);
    const [closest] = res.body.nearMisses;
    assert.equal(closest.request.operationId, 'listExecutionThreads');
    assert.deepEqual(closest.differences, [{ field: 'query.workspaceId', expected: '3', actual: '2' }]);
    assert.ok(res.body.nearMisses.length <= 3);
  });

  it('credential headers are matched by value, never echoed', async () => {
    assert.deepEqual((await api.post('/__sandbox/requests/count', { headers: { 'api-token': 'secret-v1' } })).body, { count: 1 });
    const miss = await api.post('/__sandbox/requests/find', { operationId: 'listExecutionThreads', headers: { 'Api-Token': 'secret-wrong' } });
    assert.deepEqual(miss.body.nearMisses[0].differences, [{ field: 'headers.api-token', expected: '[REDACTED]', actual: '[REDACTED]' }]);
    assert.doesNotMatch(miss.text, /secret-v1|secret-wrong|secret-v0/);
  });

  it('a bad matcher is a 400 in the admin error shape: invalid regex, unknown field, bad time', async () => {
    const regex = await api.post('/__sandbox/requests/find', { query: { q: { matches: '([' } } });
    assert.equal(regex.status, 400);
    assert.equal(regex.body.name, 'ValidationError');
    assert.match(regex.body.message, /query\.q.*not a valid regular expression/);
    assert.equal((await api.post('/__sandbox/requests/count', { headers: { a: { matches: '*' } } })).status, 400);
    assert.equal((await api.post('/__sandbox/requests/count', { verb: 'GET' })).status, 400);
    assert.equal((await api.post('/__sandbox/requests/count', { since: 'yesterday' })).status, 400);
    assert.equal((await api.post('/__sandbox/requests/find', { query: { q: 1 } })).status, 400);
  });

  it('since and until bound the search', async () => {
    assert.equal((await api.post('/__sandbox/requests/count', { since: '2999-01-01T00:00:00Z' })).body.count, 0);
    assert.equal((await api.post('/__sandbox/requests/count', { until: '2999-01-01T00:00:00Z' })).body.count, 3);
    const none = await api.post('/__sandbox/requests/find', { until: '2000-01-01T00:00:00Z' });
    assert.deepEqual(none.body, { requests: [], nearMisses: [] });
  });
});
