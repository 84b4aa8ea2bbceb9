// Health, readiness, reset and snapshots of the control plane.
import assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';
import { sandboxClient, type Client } from '../helpers/http.js';
import { TEST_STORE } from '../helpers/test-store.js';

describe('control plane: health, readiness, reset and snapshot', () => {
  let api: Client;
  beforeEach(async () => {
    api = await sandboxClient();
  });

  it('health answers ok and readiness reports the loaded store', async () => {
    assert.deepEqual((await api.get('/__sandbox/health')).body, { status: 'ok' });
    const ready = await api.get('/__sandbox/ready');
    assert.equal(ready.status, 200);
    assert.deepEqual(ready.body, { status: 'ready', executionThreads: 12, threads: 34, inMemory: TEST_STORE === 'file' });
  });

  it('readiness is a 503 once the store is closed', async () => {
    await api.services.store.close();
    const ready = await api.get('/__sandbox/ready');
    assert.equal(ready.status, 503);
    assert.equal(ready.body.name, 'ServiceUnavailableError');
  });

  it('a reset without a body goes back to the fixtures and clears the journal and the faults', async () => {
    await api.delete('/__sandbox/execution-threads/1');
    await api.post('/__sandbox/threads', { thread_id: 'thr-extra' });
    await api.post('/__sandbox/faults', { kind: 'delay', delayMs: 1, operationId: 'getThread' });
    await api.get('/v1/threads');
    const reset = await api.post('/__sandbox/reset');
    assert.equal(reset.status, 200);
    assert.deepEqual(reset.body, { executionThreads: 12, threads: 34 });
    assert.equal((await api.get('/__sandbox/execution-threads/1')).status, 200);
    assert.equal((await api.get('/__sandbox/threads/thr-extra')).status, 404);
    assert.deepEqual((await api.get('/__sandbox/requests')).body, { requests: [] });
    assert.deepEqual((await api.get('/__sandbox/faults')).body, { faults: [] });
  });

  it('a reset with a seed generates that dataset, the same one every time', async () => {
    const first = await api.post('/__sandbox/reset', { seed: 7, executionThreads: 25, threads: 9 });
    assert.deepEqual(first.body, { executionThreads: 25, threads: 9 });
    const a = (await api.get('/__sandbox/snapshot')).body;
    await api.post('/__sandbox/reset', { seed: 7, executionThreads: 25, threads: 9 });
    const b = (await api.get('/__sandbox/snapshot')).body;
    assert.deepEqual({ ...a, generation: 0 }, { ...b, generation: 0 });
    const other = await api.post('/__sandbox/reset', { seed: 8, executionThreads: 25, threads: 9 });
    assert.equal(other.status, 200);
    assert.notDeepEqual((await api.get('/__sandbox/snapshot')).body.threads, a.threads);
  });

  it('reset counts without a seed, or a negative seed, are a 400', async () => {
    for (const body of [{ threads: 5 }, { seed: -1 }, { seed: 1, colour: 'red' }]) {
      const res = await api.post('/__sandbox/reset', body);
      assert.equal(res.status, 400);
      assert.equal(res.body.name, 'ValidationError');
    }
  });

  it('an exported snapshot imports back to the same data', async () => {
    const exported = (await api.get('/__sandbox/snapshot')).body;
    assert.equal(exported.schemaVersion, 1);
    assert.equal(exported.executionThreads.length, 12);
    await api.post('/__sandbox/reset', { seed: 1, executionThreads: 3, threads: 3 });
    const imported = await api.put('/__sandbox/snapshot', exported);
    assert.deepEqual(imported.body, { executionThreads: 12, threads: 34 });
    const again = (await api.get('/__sandbox/snapshot')).body;
    assert.deepEqual(again.executionThreads, exported.executionThreads);
    assert.deepEqual(again.threads, exported.threads);
  });

  it('an invalid snapshot is a 400 and changes nothing', async () => {
    const before = (await api.get('/__sandbox/snapshot')).body;
    const duplicate = { ...before, executionThreads: [before.executionThreads[0], before.executionThreads[0]] };
    const future = { ...before, schemaVersion: 99 };
    const noMessages = { ...before, threads: [{ thread_id: 't', inbox_id: 'i', messages: [] }] };
    for (const bad of [duplicate, future, noMessages, { schemaVersion: 1 }]) {
      const res = await api.put('/__sandbox/snapshot', bad);
      assert.equal(res.status, 400, JSON.stringify(res.body));
      assert.equal(res.body.name, 'ValidationError');
    }
    assert.deepEqual((await api.get('/__sandbox/snapshot')).body, before);
  });
});
