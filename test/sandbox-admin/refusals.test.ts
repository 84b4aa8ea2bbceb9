// Every control-plane operation that takes input refuses what its spec does not allow, with a 400
// in the admin error shape (the success and 404/409 paths are in the other files of this folder).
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { sandboxClient, type Client } from '../helpers/http.js';

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

const CASES: [string, Method, string, unknown][] = [
  ['listExecutionThreadsAdmin', 'get', '/__sandbox/execution-threads?limit=0', undefined],
  ['listExecutionThreadsAdmin', 'get', '/__sandbox/execution-threads?workspaceId=abc', undefined],
  ['updateExecutionThread', 'patch', '/__sandbox/execution-threads/1', { id: 5 }],
  ['updateExecutionThread', 'patch', '/__sandbox/execution-threads/1', { threadToken: 7 }],
  ['listThreadsAdmin', 'get', '/__sandbox/threads?offset=-1', undefined],
  ['createThread', 'post', '/__sandbox/threads', { messages: 'none' }],
  ['updateThread', 'patch', '/__sandbox/threads/thr-0001', { thread_id: 'other' }],
  ['updateThread', 'patch', '/__sandbox/threads/thr-0001', { inbox_id: '' }],
  ['updateMessage', 'patch', '/__sandbox/threads/thr-0001/messages/m', { message_id: 'other' }],
  ['updateMessage', 'patch', '/__sandbox/threads/thr-0001/messages/m', { received_at: 'noon' }],
  ['importSnapshot', 'put', '/__sandbox/snapshot', { executionThreads: [], threads: [] }],
  ['resetSandbox', 'post', '/__sandbox/reset', { seed: 'one' }],
  ['createFault', 'post', '/__sandbox/faults', { kind: 'status', status: 200 }],
  ['createFault', 'post', '/__sandbox/faults', { kind: 'delay', delayMs: 10, method: 'FETCH' }],
];

describe('control plane: refusals of invalid input', () => {
  let api: Client;
  before(async () => {
    api = await sandboxClient();
  });

  for (const [operationId, method, url, body] of CASES) {
    it(`${operationId}: ${method.toUpperCase()} ${url}${body === undefined ? '' : ` ${JSON.stringify(body)}`} is a 400 ValidationError`, async () => {
      const res = await api.send(method, url, body);
      assert.equal(res.status, 400, JSON.stringify(res.body));
      assert.equal(res.body.name, 'ValidationError');
      assert.ok(res.body.message.length > 0);
    });
  }

  it('none of the refused calls changed the data', async () => {
    assert.equal((await api.get('/__sandbox/execution-threads/1')).body.threadToken, null);
    assert.equal((await api.get('/__sandbox/threads/thr-0001')).body.inbox_id, 'inbox-support');
    assert.deepEqual((await api.get('/__sandbox/faults')).body, { faults: [] });
  });
});
