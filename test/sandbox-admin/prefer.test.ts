// Per-request control without the admin API, as in Prism: Prefer: code=... and Prefer: delay=...
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { sandboxClient, type Client } from '../helpers/http.js';

const OPERATIONS = [
  { operationId: 'listExecutionThreads', url: '/v1/threads', documented: [400, 401, 500], error: (b: any) => 'message' in b },
  { operationId: 'listThreads', url: '/human/v0/threads', documented: [400, 401, 500], error: (b: any) => typeof b.name === 'string' },
  { operationId: 'getThread', url: '/human/v0/threads/thr-0001', documented: [400, 401, 404, 500], error: (b: any) => typeof b.name === 'string' },
];

describe('Prefer header on every public operation', () => {
  let api: Client;
  before(async () => {
    api = await sandboxClient();
  });

  for (const op of OPERATIONS) {
    for (const code of op.documented) {
      it(`${op.operationId} with Prefer: code=${code} answers its documented ${code}`, async () => {
        const res = await api.get(op.url, { Prefer: `code=${code}` });
        assert.equal(res.status, code);
        assert.ok(op.error(res.body), JSON.stringify(res.body));
      });
    }

    it(`${op.operationId} with Prefer: code=418, not documented, is a 400 listing the documented codes`, async () => {
      const res = await api.get(op.url, { Prefer: 'code=418' });
      assert.equal(res.status, 400);
      assert.match(JSON.stringify(res.body), new RegExp(`not a documented status of ${op.operationId}`));
    });

    it(`${op.operationId} with Prefer: delay=20 answers normally and is journaled as delayed`, async () => {
      const res = await api.get(op.url, { Prefer: 'delay=20' });
      assert.equal(res.status, 200);
      const entries = (await api.get(`/__sandbox/requests?operationId=${op.operationId}`)).body.requests;
      assert.equal(entries[entries.length - 1].fault, 'prefer delay=20');
    });
  }

  it('the documented v1 500 through Prefer is {"message": null}', async () => {
    assert.deepEqual((await api.get('/v1/threads', { Prefer: 'code=500' })).body, { message: null });
  });

  it('Prefer: code=200 is the normal answer, and a malformed Prefer is a 400', async () => {
    assert.equal((await api.get('/v1/threads', { Prefer: 'code=200' })).status, 200);
    assert.equal((await api.get('/v1/threads', { Prefer: 'code=abc' })).status, 400);
    assert.equal((await api.get('/v1/threads', { Prefer: 'delay=-5' })).status, 400);
  });

  it('the control plane ignores Prefer', async () => {
    assert.equal((await api.get('/__sandbox/faults', { Prefer: 'code=500' })).status, 200);
  });
});
