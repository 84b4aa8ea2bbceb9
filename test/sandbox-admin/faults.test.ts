// Faults forced on the public APIs through the control plane: each kind and each scope.
import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import { after, before, beforeEach, describe, it } from 'node:test';
import { sandboxClient, type Client } from '../helpers/http.js';
import { assertMatchesSpec } from '../helpers/spec-check.js';
import { startSandbox, type Sandbox } from '../../src/sandbox.js';

const V1 = '/v1/threads';

describe('control plane: faults', () => {
  let api: Client;
  beforeEach(async () => {
    api = await sandboxClient();
  });

  it('a status fault for one time answers the documented body once, then the normal answer', async () => {
    const fault = await api.post('/__sandbox/faults', { operationId: 'listExecutionThreads', kind: 'status', status: 500, times: 1 });
    assert.equal(fault.status, 201);
    assert.match(fault.body.id, /^fault-\d+$/);
    assert.equal(fault.body.remaining, 1);
    const forced = await api.get(V1);
    assert.equal(forced.status, 500);
    assert.deepEqual(forced.body, { message: null });
    assert.equal((await api.get(V1)).status, 200);
    assert.deepEqual((await api.get('/__sandbox/faults')).body, { faults: [] });
  });

  it('a v0 status fault answers the v0 error shape, only for the operation named', async () => {
    await api.post('/__sandbox/faults', { operationId: 'getThread', kind: 'status', status: 404 });
    const forced = await api.get('/human/v0/threads/thr-0001');
    assert.equal(forced.status, 404);
    assert.equal(forced.body.name, 'NotFoundError');
    assert.equal((await api.get('/human/v0/threads')).status, 200);
    assert.equal((await api.get('/human/v0/threads/thr-0002')).status, 404, 'without times it lasts until deleted');
  });

  it('a fault without times lasts until deleted by id, and counts its hits', async () => {
    const { body } = await api.post('/__sandbox/faults', { method: 'GET', path: '/human/v0/threads', kind: 'status', status: 500 });
    await api.get('/human/v0/threads');
    await api.get('/human/v0/threads');
    const listed = await api.get('/__sandbox/faults');
    assert.equal(listed.body.faults[0].hits, 2);
    assert.equal((await api.delete(`/__sandbox/faults/${body.id}`)).status, 204);
    assert.equal((await api.get('/human/v0/threads')).status, 200);
    assert.equal((await api.delete(`/__sandbox/faults/${body.id}`)).status, 404);
  });

  it('a path template names every path of the operation', async () => {
    await api.post('/__sandbox/faults', { path: '/human/v0/threads/{thread_id}', kind: 'status', status: 500, times: 2 });
    assert.equal((await api.get('/human/v0/threads/thr-0001')).status, 500);
    assert.equal((await api.get('/human/v0/threads/thr-0005')).status, 500);
    assert.equal((await api.get('/human/v0/threads/thr-0005')).status, 200);
  });

  it('a delay fault answers normally after the delay, and the journal names the fault', async () => {
    const fault = await api.post('/__sandbox/faults', { operationId: 'listExecutionThreads', kind: 'delay', delayMs: 60, times: 1 });
    const res = await api.get(V1);
    assert.equal(res.status, 200);
    const [entry] = (await api.get('/__sandbox/requests')).body.requests;
    assert.equal(entry.fault, fault.body.id);
    // A lower bound only: load can make it slower, never faster.
    assert.ok(entry.durationMs >= 50, `took ${entry.durationMs} ms`);
  });

  it('a share-based fault hits the same calls again with the same seed', async () => {
    const pattern = async () => {
      await api.delete('/__sandbox/faults');
      await api.post('/__sandbox/faults', { operationId: 'listThreads', kind: 'status', status: 500, probability: 0.5, seed: 42 });
      const statuses: number[] = [];
      for (let i = 0; i < 24; i++) statuses.push((await api.get('/human/v0/threads?limit=1')).status);
      return statuses;
    };
    const first = await pattern();
    assert.deepEqual(await pattern(), first);
    assert.ok(first.includes(500) && first.includes(200), `a share, not all or nothing: ${first.join(',')}`);
  });

  it('DELETE /faults removes every fault', async () => {
    await api.post('/__sandbox/faults', { kind: 'status', status: 500 });
    await api.post('/__sandbox/faults', { kind: 'delay', delayMs: 5 });
    assert.equal((await api.delete('/__sandbox/faults')).status, 204);
    assert.equal((await api.get(V1)).status, 200);
  });

  it('faults never act on the control plane itself', async () => {
    await api.post('/__sandbox/faults', { kind: 'status', status: 500 });
    assert.equal((await api.get('/__sandbox/faults')).status, 200);
    assert.equal((await api.delete('/__sandbox/faults')).status, 204);
  });

  const invalid: [string, unknown, RegExp][] = [
    ['a status fault without status', { kind: 'status' }, /needs 'status'/],
    ['a delay fault without delayMs', { kind: 'delay' }, /needs 'delayMs'/],
    ['an unknown operationId', { operationId: 'listThings', kind: 'reset' }, /not an operation/],
    ['a status the operation does not document', { operationId: 'listExecutionThreads', kind: 'status', status: 404 }, /not documented/],
    ['an unknown kind', { kind: 'explode' }, /kind/],
    ['a probability above 1', { kind: 'reset', probability: 2 }, /probability/],
    ['zero times', { kind: 'reset', times: 0 }, /times/],
    ['a seed without probability', { kind: 'reset', seed: 3 }, /seed/],
  ];
  for (const [what, body, message] of invalid) {
    it(`${what} is a 400`, async () => {
      const res = await api.post('/__sandbox/faults', body);
      assert.equal(res.status, 400);
      assert.equal(res.body.name, 'ValidationError');
      assert.match(res.body.message, message);
    });
  }
});

describe('faults that drop the connection', () => {
  let sandbox: Sandbox;
  before(async () => {
    sandbox = await startSandbox({ port: 0 });
  });
  after(() => sandbox.stop());

  /** One raw GET: resolves with the status, or rejects with the socket error / the client's timeout. */
  function rawGet(path: string, timeoutMs: number): Promise<number> {
    return new Promise((resolve, reject) => {
      const req = httpRequest(`${sandbox.url}${path}`, { headers: { 'Api-Token': 't', Authorization: 'Bearer t', connection: 'close' } }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      });
      req.setTimeout(timeoutMs, () => req.destroy(new Error('client timeout')));
      req.on('error', reject);
      req.end();
    });
  }

  it('a reset fault destroys the socket without an answer', async () => {
    await sandbox.addFault({ operationId: 'listExecutionThreads', kind: 'reset', times: 1 });
    await assert.rejects(rawGet(V1, 30_000), (error: NodeJS.ErrnoException) => error.code === 'ECONNRESET' || /socket hang up/.test(error.message));
    assert.equal(await rawGet(V1, 30_000), 200);
    const [entry] = await sandbox.journal({ operationId: 'listExecutionThreads' });
    assert.equal(entry?.status, 0);
  });

  it('a timeout fault never answers: the client gives up first', async () => {
    await sandbox.addFault({ operationId: 'listThreads', kind: 'timeout', times: 1 });
    await assert.rejects(rawGet('/human/v0/threads', 500), /client timeout/);
    const res = await fetch(`${sandbox.url}/human/v0/threads`, { headers: { Authorization: 'Bearer t' } });
    await assertMatchesSpec('GET', '/human/v0/threads', { status: res.status, body: await res.json(), headers: Object.fromEntries(res.headers) });
    assert.equal(res.status, 200);
  });
});
