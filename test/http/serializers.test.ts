// The compiled serializer is a speed-up only: the bytes on the wire must be JSON.stringify's.
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { executionThreadsApi } from '../../src/apis/execution-threads/index.js';
import { agentryThreadsApi } from '../../src/apis/agentry-threads/index.js';
import { mountApi } from '../../src/http/mount-api.js';
import { createSerializers } from '../../src/http/serializers.js';
import { sandboxClient } from '../helpers/http.js';

test('v1 list pages are sent as exactly the bytes JSON.stringify gives, null tokens and every sorting included', async () => {
  const client = await sandboxClient({ seed: 3, executionThreads: 300, threads: 5 });
  const v1 = await mountApi(executionThreadsApi);
  const operation = v1.backend.router.getOperations().find((o) => o.operationId === 'listExecutionThreads');
  assert.ok(operation);
  const serialize = createSerializers()(operation, 200);
  assert.notEqual(serialize, JSON.stringify, 'the v1 list has a compiled serializer');
  for (const url of ['/v1/threads', '/v1/threads?total=0', '/v1/threads?sorting=ThreadToken&total=300', '/v1/threads?type=BrowserInstance&sorting=-CreatedAt', '/v1/threads?workspaceId=424242']) {
    const res = await client.get(url);
    assert.equal(res.status, 200);
    assert.equal(res.text, JSON.stringify(res.body), url);
    assert.equal(serialize(res.body), JSON.stringify(res.body), url);
  }
  assert.equal(serialize({ totalCount: 1, items: [{ workspaceId: 1, threadToken: 'a"\\\u2028b', type: 'Manual', createdAt: '2025-07-25T09:34:29.768Z' }] }), JSON.stringify({ totalCount: 1, items: [{ workspaceId: 1, threadToken: 'a"\\\u2028b', type: 'Manual', createdAt: '2025-07-25T09:34:29.768Z' }] }));
});

test('responses without a compiled serializer (v0, errors) use JSON.stringify', async () => {
  const v0 = await mountApi(agentryThreadsApi);
  const serializerFor = createSerializers();
  for (const operation of v0.backend.router.getOperations()) assert.equal(serializerFor(operation, 200), JSON.stringify);
  const v1 = await mountApi(executionThreadsApi);
  for (const operation of v1.backend.router.getOperations()) assert.equal(serializerFor(operation, 400), JSON.stringify);
});
