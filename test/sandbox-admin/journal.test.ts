// The request journal: what clients of the public APIs sent and were answered, credentials redacted.
import assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';
import { sandboxClient, type Client } from '../helpers/http.js';

type Entry = { operationId: string | null; path: string; method: string; status: number; query: Record<string, unknown>; headers: Record<string, string>; validationErrors: string[]; time: string };

describe('control plane: request journal', () => {
  let api: Client;
  beforeEach(async () => {
    api = await sandboxClient({}, {});
  });

  it('records each public call, newest last, with query, operation, status and duration', async () => {
    await api.get('/v1/threads?workspaceId=2&total=5&thread_token=', { 'Api-Token': 'secret-v1' });
    await api.get('/human/v0/threads/thr-0001', { Authorization: 'Bearer secret-v0' });
    const { requests } = (await api.get('/__sandbox/requests')).body as { requests: (Entry & { durationMs: number })[] };
    assert.equal(requests.length, 2);
    const [first, second] = requests as [Entry & { durationMs: number }, Entry];
    assert.equal(first.operationId, 'listExecutionThreads');
    assert.equal(first.method, 'GET');
    assert.equal(first.path, '/v1/threads');
    assert.deepEqual(first.query, { workspaceId: '2', total: '5' });
    assert.equal(first.status, 200);
    assert.ok(first.durationMs >= 0);
    assert.equal(second.operationId, 'getThread');
    assert.equal(second.path, '/human/v0/threads/thr-0001');
  });

  it('Api-Token and Authorization values are redacted and appear nowhere in the journal', async () => {
    await api.get('/v1/threads', { 'Api-Token': 'very-secret-token-1' });
    await api.get('/human/v0/threads', { Authorization: 'Bearer very-secret-token-2' });
    const res = await api.get('/__sandbox/requests');
    assert.equal(res.body.requests[0].headers['api-token'], '[REDACTED]');
    assert.equal(res.body.requests[1].headers.authorization, '[REDACTED]');
    assert.doesNotMatch(res.text, /very-secret-token/);
  });

  it('invalid calls are journaled with their status and validation error', async () => {
    await api.get('/v1/threads?type=Robot', { 'Api-Token': 't' });
    await api.get('/v1/threads');
    const { requests } = (await api.get('/__sandbox/requests')).body as { requests: Entry[] };
    assert.equal(requests[0]?.status, 400);
    assert.match(requests[0]?.validationErrors[0] ?? '', /type/);
    assert.equal(requests[1]?.status, 401);
  });

  it('filters by operationId, path, method and since', async () => {
    await api.get('/v1/threads', { 'Api-Token': 't' });
    await api.get('/human/v0/threads', { Authorization: 'Bearer t' });
    await api.get('/human/v0/threads/thr-0002', { Authorization: 'Bearer t' });
    const byOperation = await api.get('/__sandbox/requests?operationId=listThreads');
    assert.deepEqual(byOperation.body.requests.map((e: Entry) => e.path), ['/human/v0/threads']);
    const byPath = await api.get('/__sandbox/requests?path=/human/v0/threads/thr-0002');
    assert.deepEqual(byPath.body.requests.map((e: Entry) => e.operationId), ['getThread']);
    assert.equal((await api.get('/__sandbox/requests?method=get')).body.requests.length, 3);
    assert.equal((await api.get('/__sandbox/requests?method=POST')).body.requests.length, 0);
    const all = (await api.get('/__sandbox/requests')).body.requests as Entry[];
    const since = await api.get(`/__sandbox/requests?since=${encodeURIComponent(all[2]?.time ?? '')}`);
    assert.ok(since.body.requests.length >= 1 && since.body.requests.length <= 3);
    assert.equal((await api.get('/__sandbox/requests?since=2999-01-01T00:00:00Z')).body.requests.length, 0);
    assert.equal((await api.get('/__sandbox/requests?since=yesterday')).status, 400);
  });

  it('control-plane calls are not journaled, and DELETE clears the journal', async () => {
    await api.get('/v1/threads', { 'Api-Token': 't' });
    await api.get('/__sandbox/faults');
    assert.equal((await api.get('/__sandbox/requests')).body.requests.length, 1);
    assert.equal((await api.delete('/__sandbox/requests')).status, 204);
    assert.deepEqual((await api.get('/__sandbox/requests')).body, { requests: [] });
  });

  it('is a bounded ring buffer: only the newest journalSize calls are kept', async () => {
    const small = await sandboxClient({ journalSize: 3 }, {});
    for (const start of [0, 1, 2, 3, 4]) await small.get(`/v1/threads?start=${start}`, { 'Api-Token': 't' });
    const { requests } = (await small.get('/__sandbox/requests')).body as { requests: Entry[] };
    assert.deepEqual(requests.map((e) => e.query.start), ['2', '3', '4']);
  });
});
