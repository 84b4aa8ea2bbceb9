// startSandbox() in a test suite: the handle's control methods, and sandboxes side by side.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ControlError, startSandbox, type Sandbox } from '../../src/index.js';
import { assertMatchesSpec } from '../helpers/spec-check.js';

async function get(sandbox: Sandbox, path: string): Promise<{ status: number; body: any }> {
  const res = await fetch(`${sandbox.url}${path}`, { headers: { 'Api-Token': 'secret-token', Authorization: 'Bearer secret-token' } });
  const checked = { status: res.status, body: await res.json(), headers: Object.fromEntries(res.headers) };
  return assertMatchesSpec('GET', path, checked);
}

describe('the in-process handle', () => {
  let a: Sandbox;
  let b: Sandbox;
  before(async () => {
    [a, b] = await Promise.all([startSandbox({ port: 0, seed: 1, threads: 20, executionThreads: 30 }), startSandbox({ port: 0 })]);
  });
  after(() => Promise.all([a.stop(), b.stop()]));

  it('starts in memory from the seed and counts it was given', async () => {
    const data = await a.snapshot();
    assert.equal(data.threads.length, 20);
    assert.equal(data.executionThreads.length, 30);
    assert.notEqual(a.port, b.port);
  });

  it('seed() adds objects with the admin API defaults and returns them in full', async () => {
    const seeded = await b.seed({ executionThreads: [{ workspaceId: 500, threadToken: 'tok-500' }], threads: [{ thread_id: 'thr-seeded', inbox_id: 'inbox-q' }] });
    assert.equal(seeded.executionThreads[0]?.workspaceId, 500);
    assert.equal(seeded.executionThreads[0]?.type, 'Manual');
    assert.equal(seeded.threads[0]?.message_count, 1);
    const listed = await get(b, '/v1/threads?workspaceId=500');
    assert.equal(listed.body.items[0].threadToken, 'tok-500');
    assert.equal((await get(b, '/human/v0/threads/thr-seeded')).status, 200);
    await assert.rejects(b.seed({ threads: [{ thread_id: 'thr-seeded' }] }), (e: ControlError) => e instanceof ControlError && e.status === 409);
  });

  it('two sandboxes in one process do not see each other\'s data, journal or faults', async () => {
    await a.seed({ threads: [{ thread_id: 'thr-only-in-a' }] });
    await a.addFault({ operationId: 'listExecutionThreads', kind: 'status', status: 500 });
    assert.equal((await get(b, '/human/v0/threads/thr-only-in-a')).status, 404);
    assert.equal((await get(a, '/human/v0/threads/thr-only-in-a')).status, 200);
    assert.equal((await get(b, '/v1/threads')).status, 200);
    assert.equal((await get(a, '/v1/threads')).status, 500);
    assert.ok((await b.journal({ path: '/human/v0/threads/thr-only-in-a' })).every((e) => e.status === 404));
    assert.ok((await a.journal({ path: '/human/v0/threads/thr-only-in-a' })).every((e) => e.status === 200));
    await a.clearFaults();
    assert.equal((await get(a, '/v1/threads')).status, 200);
  });

  it('journal() filters like the admin API and shows the token redacted', async () => {
    await get(a, '/v1/threads?workspaceId=2&sorting=CreatedAt%20desc');
    const [entry] = (await a.journal({ operationId: 'listExecutionThreads', method: 'get' })).slice(-1);
    assert.deepEqual(entry?.query, { workspaceId: '2', sorting: 'CreatedAt desc' });
    assert.equal(entry?.headers['api-token'], '[REDACTED]');
    assert.doesNotMatch(JSON.stringify(await a.journal()), /secret-token/);
  });

  it('addFault() refuses what the admin API refuses', async () => {
    await assert.rejects(a.addFault({ kind: 'status' }), (e: ControlError) => e.status === 400 && /needs 'status'/.test(e.message));
    // @ts-expect-error an operationId no spec has is a compile error, and a ControlError at run time
    await assert.rejects(a.addFault({ operationId: 'nope', kind: 'reset' }), ControlError);
  });

  it('reset() goes back to the starting data, or to a generated dataset, and clears journal and faults', async () => {
    await a.seed({ executionThreads: [{}] });
    await a.addFault({ kind: 'delay', delayMs: 1 });
    assert.deepEqual(await a.reset(), { executionThreads: 30, threads: 20 });
    assert.equal((await a.journal()).length, 0);
    assert.equal((await get(a, '/v1/threads')).status, 200, 'the delay fault is gone');
    assert.equal((await a.journal())[0]?.fault, null);
    assert.deepEqual(await a.reset({ seed: 9, executionThreads: 4, threads: 2 }), { executionThreads: 4, threads: 2 });
    assert.equal((await get(a, '/human/v0/threads')).body.count, 2);
  });
});
