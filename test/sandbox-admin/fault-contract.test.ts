// A status fault keeps the APIs inside their contract: it is created only for a status one of the
// operations it targets documents, and acts only on the operations that document it.
import assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';
import { sandboxControl } from '../../src/control/sandbox-control.js';
import { sandboxClient, type Client } from '../helpers/http.js';

describe('status faults stay inside the contract', () => {
  let api: Client;
  let threadId: string;
  beforeEach(async () => {
    api = await sandboxClient();
    threadId = api.services.store.threads.all()[0]?.thread_id as string;
  });

  for (const status of [418, 599, 504]) {
    it(`a status ${status} fault without operationId is a 400 naming the documented statuses`, async () => {
      const res = await api.post('/__sandbox/faults', { kind: 'status', status });
      assert.equal(res.status, 400);
      assert.match(res.body.message, new RegExp(`status ${status} is not documented .*\\(documented: 400, 401, 404, 500, 502, 503\\)`));
      assert.deepEqual((await api.get('/__sandbox/faults')).body.faults, []);
    });
  }

  it('a status fault for a path whose operation does not document it is a 400', async () => {
    const res = await api.post('/__sandbox/faults', { kind: 'status', status: 404, path: '/v1/threads' });
    assert.equal(res.status, 400);
    assert.match(res.body.message, /documented: 400, 401, 500, 502, 503\)/);
  });

  it('a 404 fault without operationId acts only on getThread, the one operation documenting 404', async () => {
    const created = await api.post('/__sandbox/faults', { kind: 'status', status: 404 });
    assert.equal(created.status, 201);
    assert.equal((await api.get('/v1/threads')).status, 200);
    assert.equal((await api.get('/human/v0/threads')).status, 200);
    const res = await api.get(`/human/v0/threads/${threadId}`);
    assert.equal(res.status, 404);
    assert.equal(res.body.name, 'NotFoundError');
    assert.equal((await api.get('/__sandbox/faults')).body.faults[0].hits, 1);
  });

  it('a fault naming an operation and a status it documents still works', async () => {
    assert.equal((await api.post('/__sandbox/faults', { operationId: 'listExecutionThreads', kind: 'status', status: 500, times: 1 })).status, 201);
    const res = await api.get('/v1/threads');
    assert.deepEqual([res.status, res.body], [500, { message: null }]);
  });

  it('the in-process handle refuses an undocumented status the same way', async () => {
    await assert.rejects(sandboxControl(api.services).addFault({ kind: 'status', status: 418 }), /status 418 is not documented/);
  });
});
