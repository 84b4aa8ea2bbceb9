// vitest: assert what the client sent, with the sandbox in the test process.
// Run with `npx vitest run --config examples/assert-requests/vitest.config.ts`; in your project,
// import from 'thread-sandbox'.
import { afterAll, beforeAll, beforeEach, expect, test } from 'vitest';
import { startSandbox, type Sandbox } from '../../src/index.js';

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox();
});
afterAll(() => sandbox.stop());
beforeEach(async () => {
  await sandbox.reset();
});

test('the client asks for one workspace, with its token', async () => {
  await fetch(`${sandbox.url}/v1/threads?workspaceId=2`, { headers: { 'Api-Token': 'my-token' } });
  await sandbox.verify({ operationId: 'listExecutionThreads', query: { workspaceId: '2' }, headers: { 'api-token': 'my-token' } }, { times: 1 });
  await sandbox.assertNoViolations();
});

test('waitForRequest resolves with the request the client sends later', async () => {
  const seen = sandbox.waitForRequest({ pathTemplate: '/human/v0/threads/{thread_id}' }, { timeout: 2000 });
  void fetch(`${sandbox.url}/human/v0/threads/thr-0001`, { headers: { Authorization: 'Bearer my-token' } });
  expect((await seen).path).toBe('/human/v0/threads/thr-0001');
});

test('a wrong request fails with the near misses in the message', async () => {
  await fetch(`${sandbox.url}/v1/threads?workspaceId=3`, { headers: { 'Api-Token': 'my-token' } });
  await expect(sandbox.verify({ query: { workspaceId: '2' } })).rejects.toThrow(/query\.workspaceId: expected "2", got "3"/);
});
