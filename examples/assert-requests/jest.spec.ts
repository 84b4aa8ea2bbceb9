// jest: assert what the client sent. jest on Node 20 cannot load the server inside its module
// system (openapi-backend require()s an ES module), so jest.global-setup.mjs starts the sandbox in
// jest's own process and the tests assert over HTTP with connectSandbox(). In your project:
// import { connectSandbox } from 'thread-sandbox/remote' (it loads no server code), and point it at
// a sandbox started in globalSetup or at a service container.
import { beforeEach, expect, test } from '@jest/globals';
import { connectSandbox } from '../../src/control/remote-sandbox.js';

const url = process.env.THREAD_SANDBOX_URL as string;
const sandbox = connectSandbox(url);

beforeEach(() => sandbox.reset());

test('the client asks for one workspace, with its token', async () => {
  await fetch(`${url}/v1/threads?workspaceId=2`, { headers: { 'Api-Token': 'my-token' } });
  await sandbox.verify({ operationId: 'listExecutionThreads', query: { workspaceId: '2' }, headers: { 'api-token': 'my-token' } }, { times: 1 });
  await sandbox.assertNoViolations();
});

test('waitForRequest resolves with the request the client sends later', async () => {
  const seen = sandbox.waitForRequest({ pathTemplate: '/human/v0/threads/{thread_id}' }, { timeout: 2000 });
  void fetch(`${url}/human/v0/threads/thr-0001`, { headers: { Authorization: 'Bearer my-token' } });
  expect((await seen).path).toBe('/human/v0/threads/thr-0001');
});

test('a wrong request fails with the near misses in the message', async () => {
  await fetch(`${url}/v1/threads?workspaceId=3`, { headers: { 'Api-Token': 'my-token' } });
  await expect(sandbox.verify({ query: { workspaceId: '2' } })).rejects.toThrow(/query\.workspaceId: expected "2", got "3"/);
});

test('a request that breaks the contract is reported with its rule', async () => {
  await fetch(`${url}/v1/threads?type=Robot`, { headers: { 'Api-Token': 'my-token' } });
  await expect(sandbox.assertNoViolations()).rejects.toThrow(/allowed: Manual, BrowserInstance/);
});
