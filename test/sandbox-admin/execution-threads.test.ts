// Arranging execution threads through the control plane, and what GET /v1/threads then shows.
import assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';
import { sandboxClient, type Client } from '../helpers/http.js';

const BASE = '/__sandbox/execution-threads';

describe('control plane: execution threads', () => {
  let api: Client;
  beforeEach(async () => {
    api = await sandboxClient();
  });

  it('a created execution thread is answered 201 with its id and shows up in GET /v1/threads', async () => {
    const created = await api.post(BASE, { workspaceId: 42, threadToken: 'tok-new', type: 'BrowserInstance', createdAt: '2026-02-03T04:05:06.789Z' });
    assert.equal(created.status, 201);
    assert.deepEqual(created.body, { id: 13, workspaceId: 42, threadToken: 'tok-new', type: 'BrowserInstance', createdAt: '2026-02-03T04:05:06.789Z' });
    const listed = await api.get('/v1/threads?workspaceId=42');
    assert.deepEqual(listed.body, { totalCount: 1, items: [{ workspaceId: 42, threadToken: 'tok-new', type: 'BrowserInstance', createdAt: '2026-02-03T04:05:06.789Z' }] });
  });

  it('omitted fields get realistic defaults: next id, default workspace, Manual, a generated token, now', async () => {
    const before = Date.now();
    const created = await api.post(BASE, {});
    assert.equal(created.status, 201);
    assert.equal(created.body.id, 13);
    assert.equal(created.body.workspaceId, 1);
    assert.equal(created.body.type, 'Manual');
    assert.match(created.body.threadToken, /^mt_[a-z0-9]{16}$/);
    assert.ok(Date.parse(created.body.createdAt) >= before - 1000);
  });

  it('threadToken null is kept as null, and createdAt is stored in UTC with milliseconds', async () => {
    const created = await api.post(BASE, { threadToken: null, createdAt: '2026-02-03T06:05:06+02:00' });
    assert.equal(created.body.threadToken, null);
    assert.equal(created.body.createdAt, '2026-02-03T04:05:06.000Z');
  });

  it('posting an id that exists is a 409 and changes nothing', async () => {
    const res = await api.post(BASE, { id: 1, workspaceId: 9 });
    assert.equal(res.status, 409);
    assert.equal(res.body.name, 'ConflictError');
    assert.equal((await api.get(`${BASE}/1`)).body.workspaceId, 1);
  });

  const invalid: [string, unknown, RegExp][] = [
    ['an unknown field', { colour: 'red' }, /unknown property 'colour'/],
    ['a type outside the enum', { type: 'Robot' }, /'type' must be one of: Manual, BrowserInstance/],
    ['a negative workspaceId', { workspaceId: -5 }, /workspaceId/],
    ['a createdAt that is not a date-time', { createdAt: 'yesterday' }, /createdAt/],
    ['an id of 0', { id: 0 }, /'id'/],
    ['a body that is an array', [], /request body/],
  ];
  for (const [what, body, message] of invalid) {
    it(`a create with ${what} is a 400 naming the field`, async () => {
      const res = await api.post(BASE, body);
      assert.equal(res.status, 400);
      assert.equal(res.body.name, 'ValidationError');
      assert.match(res.body.message, message);
    });
  }

  it('get, update and delete act on one execution thread by id', async () => {
    assert.equal((await api.get(`${BASE}/2`)).body.threadToken, 'tok-alpha');
    const updated = await api.patch(`${BASE}/2`, { threadToken: null, type: 'BrowserInstance' });
    assert.equal(updated.status, 200);
    assert.deepEqual(updated.body, { id: 2, workspaceId: 2, threadToken: null, type: 'BrowserInstance', createdAt: '2025-07-20T08:00:00.000Z' });
    assert.equal((await api.delete(`${BASE}/2`)).status, 204);
    assert.equal((await api.get(`${BASE}/2`)).status, 404);
    const v1 = await api.get('/v1/threads?workspaceId=2&thread_token=tok-alpha');
    assert.equal(v1.body.totalCount, 0);
  });

  it('an unknown id is a 404 for get, update and delete; a non-numeric id is a 400', async () => {
    for (const res of [await api.get(`${BASE}/999`), await api.patch(`${BASE}/999`, { type: 'Manual' }), await api.delete(`${BASE}/999`)]) {
      assert.equal(res.status, 404);
      assert.equal(res.body.name, 'NotFoundError');
    }
    assert.equal((await api.get(`${BASE}/abc`)).status, 400);
  });

  it('the list is in id order, filtered by workspace and windowed by offset and limit', async () => {
    const all = await api.get(BASE);
    assert.equal(all.body.total, 12);
    assert.deepEqual(all.body.executionThreads.map((t: { id: number }) => t.id), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    const page = await api.get(`${BASE}?workspaceId=2&offset=1&limit=2`);
    assert.equal(page.body.executionThreads.length, 2);
    assert.ok(page.body.executionThreads.every((t: { workspaceId: number }) => t.workspaceId === 2));
    assert.equal(page.body.total, (await api.get(`${BASE}?workspaceId=2`)).body.executionThreads.length);
  });
});
