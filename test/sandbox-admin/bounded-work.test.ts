// One request cannot hold the server: a reset or seed asks for at most --max-records records of
// each kind (200,000 by default), and the data of a reset is generated while the server keeps
// answering other requests.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startSandbox, type Sandbox } from '../../src/sandbox.js';
import { sandboxClient, type Client } from '../helpers/http.js';
import { assertMatchesSpec } from '../helpers/spec-check.js';

describe('bounded work', () => {
  let api: Client;
  before(async () => {
    api = await sandboxClient();
  });

  it('a reset asking for more than 200,000 records of a kind is a 400 naming the limit', async () => {
    for (const body of [{ seed: 1, executionThreads: 200_001 }, { seed: 1, threads: 1_000_000 }]) {
      const res = await api.post('/__sandbox/reset', body);
      assert.equal(res.status, 400, JSON.stringify(body));
      assert.match(res.body.message, /limit of 200000 records of each kind \(--max-records\)/);
    }
  });

  it('--max-records lowers the limit for resets, snapshots and the in-process seed', async () => {
    const small = await sandboxClient({ maxRecords: 3 });
    const refused = await small.post('/__sandbox/reset', { seed: 1, executionThreads: 4 });
    assert.equal(refused.status, 400);
    assert.match(refused.body.message, /limit of 3 records/);
    assert.equal((await small.post('/__sandbox/reset', { seed: 1, executionThreads: 3, threads: 3 })).status, 200);
    const snapshot = (await api.get('/__sandbox/snapshot')).body;
    const imported = await small.put('/__sandbox/snapshot', snapshot);
    assert.equal(imported.status, 400);
    assert.match(imported.body.message, /limit of 3 records/);
  });
});

describe('a large reset does not stop the server', () => {
  let sandbox: Sandbox;
  before(async () => {
    sandbox = await startSandbox({ seed: 1, executionThreads: 10, threads: 10 });
  });
  after(() => sandbox.stop());

  it('health answers while a reset generates its data', { timeout: 120_000 }, async () => {
    let resetDone = false;
    const reset = fetch(`${sandbox.url}/__sandbox/reset`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ seed: 5, executionThreads: 15_000, threads: 15_000 }) }).then(async (res) => {
      resetDone = true;
      return { status: res.status, body: await res.json(), headers: Object.fromEntries(res.headers) };
    });
    // Let the reset start before asking.
    await new Promise((resolve) => setTimeout(resolve, 50));
    const health = await fetch(`${sandbox.url}/__sandbox/health`);
    const healthBody = await health.json();
    assert.equal(resetDone, false, 'health answered only after the reset had finished');
    await assertMatchesSpec('GET', '/__sandbox/health', { status: health.status, body: healthBody, headers: Object.fromEntries(health.headers) });
    assert.equal(health.status, 200);
    const res = await reset;
    await assertMatchesSpec('POST', '/__sandbox/reset', res);
    assert.deepEqual([res.status, res.body], [200, { executionThreads: 15_000, threads: 15_000 }]);
  });

  it('the generated data does not depend on yielding: a reset gives what --seed gives at start', async () => {
    const started = await startSandbox({ seed: 8, executionThreads: 700, threads: 300 });
    try {
      await sandbox.reset({ seed: 8, executionThreads: 700, threads: 300 });
      assert.deepEqual(sandbox.store.snapshot().threads, started.store.snapshot().threads);
      assert.deepEqual(sandbox.store.snapshot().executionThreads, started.store.snapshot().executionThreads);
    } finally {
      await started.stop();
    }
  });

  it('the in-process seed() refuses more than --max-records objects before creating any', async () => {
    const small = await startSandbox({ maxRecords: 2 });
    try {
      const size = small.store.executionThreads.size;
      await assert.rejects(small.seed({ executionThreads: [{}, {}, {}] }), /limit of 2 records/);
      assert.equal(small.store.executionThreads.size, size);
    } finally {
      await small.stop();
    }
  });
});
