// Every failure path answers in the API's own error shape: a table of requests and what they get.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { sandboxClient, type Client } from '../helpers/http.js';

const NONE = { 'Api-Token': '', Authorization: '' };

const rows: { name: string; method?: 'get' | 'post' | 'delete'; url: string; headers?: Record<string, string>; status: number; body: unknown }[] = [
  { name: 'v1 without Api-Token', url: '/v1/threads', headers: NONE, status: 401, body: { message: 'Missing Api-Token header' } },
  { name: 'v1 with a blank Api-Token', url: '/v1/threads', headers: { 'Api-Token': '   ' }, status: 401, body: { message: 'Missing Api-Token header' } },
  { name: 'v1 with a bearer token instead of Api-Token', url: '/v1/threads', headers: { 'Api-Token': '', Authorization: 'Bearer x' }, status: 401, body: { message: 'Missing Api-Token header' } },
  { name: 'v0 without Authorization', url: '/human/v0/threads', headers: NONE, status: 401, body: { name: 'UnauthorizedError', message: 'Missing Authorization header (expected "Bearer <token>")' } },
  { name: 'v0 with Basic auth', url: '/human/v0/threads', headers: { Authorization: 'Basic dTpw' }, status: 401, body: { name: 'UnauthorizedError', message: 'Malformed Authorization header (expected "Bearer <token>")' } },
  { name: 'v0 with an empty bearer', url: '/human/v0/threads', headers: { Authorization: 'Bearer ' }, status: 401, body: { name: 'UnauthorizedError', message: 'Malformed Authorization header (expected "Bearer <token>")' } },
  { name: 'v0 get without Authorization', url: '/human/v0/threads/thr-0001', headers: NONE, status: 401, body: { name: 'UnauthorizedError', message: 'Missing Authorization header (expected "Bearer <token>")' } },
  { name: 'an unknown v1 path', url: '/v1/thread', status: 404, body: { message: 'Not found: GET /v1/thread' } },
  { name: 'a v1 path behind an empty segment', url: '//v1/threads?workspaceId=1', status: 404, body: { message: 'Not found: GET //v1/threads' } },
  { name: 'the root', url: '/', status: 404, body: { message: 'Not found: GET /' } },
  { name: 'an unknown v0 path', url: '/human/v0/inboxes', status: 404, body: { name: 'NotFoundError', message: 'Not found: GET /human/v0/inboxes' } },
  { name: 'a v0 path under another version', url: '/human/v1/threads', status: 404, body: { name: 'NotFoundError', message: 'Not found: GET /human/v1/threads' } },
  { name: 'POST on the v1 list', method: 'post', url: '/v1/threads', status: 405, body: { message: 'Method not allowed: POST /v1/threads' } },
  { name: 'DELETE on a v0 thread', method: 'delete', url: '/human/v0/threads/thr-0001', status: 405, body: { name: 'MethodNotAllowedError', message: 'Method not allowed: DELETE /human/v0/threads/thr-0001' } },
];

describe('errors in each API shape', () => {
  let api: Client;
  before(async () => {
    api = await sandboxClient();
  });

  for (const row of rows) {
    it(`${row.name}: ${row.status}`, async () => {
      const res = await api.send(row.method ?? 'get', row.url, undefined, row.headers);
      assert.equal(res.status, row.status);
      assert.deepEqual(res.body, row.body);
      assert.doesNotMatch(res.text, /at .*\.(ts|js):\d+/, 'no stack trace');
    });
  }

  it('a forced 500 is the documented {"message": null} for v1 and an InternalServerError for v0', async () => {
    const v1 = await api.get('/v1/threads', { Prefer: 'code=500' });
    assert.deepEqual([v1.status, v1.body], [500, { message: null }]);
    const v0 = await api.get('/human/v0/threads', { Prefer: 'code=500' });
    assert.equal(v0.status, 500);
    assert.equal(v0.body.name, 'InternalServerError');
  });
});
