// node:test: assert what the client sent, with the sandbox in the test process. Runs in `npm test`
// as it is; in your project, import from 'thread-sandbox'.
import assert from 'node:assert/strict';
import { after, before, beforeEach, test } from 'node:test';
import { startSandbox, type Sandbox } from '../../src/index.js';

let sandbox: Sandbox;
before(async () => {
  sandbox = await startSandbox();
});
after(() => sandbox.stop());
beforeEach(() => sandbox.reset());

// The client under test would make these calls; fetch stands in for it here.
const listWorkspace = (workspaceId: number) => fetch(`${sandbox.url}/v1/threads?workspaceId=${workspaceId}`, { headers: { 'Api-Token': 'my-token' } });

test('the client asks for one workspace, with its token', async () => {
  await listWorkspace(2);
  await sandbox.verify({ operationId: 'listExecutionThreads', query: { workspaceId: '2' }, headers: { 'api-token': 'my-token' } }, { times: 1 });
  await sandbox.assertNoViolations();
});

test('waitForRequest resolves with the request the client sends later', async () => {
  const seen = sandbox.waitForRequest({ pathTemplate: '/human/v0/threads/{thread_id}' }, { timeout: 2000 });
  void fetch(`${sandbox.url}/human/v0/threads/thr-0001`, { headers: { Authorization: 'Bearer my-token' } });
  assert.equal((await seen).path, '/human/v0/threads/thr-0001');
});

test('a wrong request fails with the near misses in the message', async () => {
  await listWorkspace(3);
  await assert.rejects(sandbox.verify({ query: { workspaceId: '2' } }), /query\.workspaceId: expected "2", got "3"/);
});
