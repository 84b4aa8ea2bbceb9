// The route cache remembers up to 4,096 paths per API, and paths with an id are as many as the ids
// clients ask for, so what an entry holds is what a busy server keeps: the path's own parameters
// and the operation it goes to, one description of which serves every path (a copy per path made
// the full cache twice as large; bench/soak found it as the server's growth after warm-up).
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { agentryThreadsApi } from '../../src/apis/agentry-threads/index.js';
import { sandboxAdminApi } from '../../src/apis/sandbox-admin/index.js';
import { mountApi } from '../../src/http/mount-api.js';
import type { Route } from '../../src/openapi/pipeline.js';

type OperationRoute = Extract<Route, { kind: 'operation' }>;

test('every path of one operation is routed to one description of it, with its own parameters', async () => {
  const v0 = await mountApi(agentryThreadsApi);
  const first = v0.pipeline.route('GET', '/human/v0/threads/thr_1') as OperationRoute;
  const second = v0.pipeline.route('GET', '/human/v0/threads/thr_2') as OperationRoute;
  assert.equal(first.kind, 'operation');
  assert.equal(second.kind, 'operation');
  assert.equal(second.operation, first.operation);
  assert.equal(first.operation.operationId, 'getThread');
  assert.deepEqual([first.params, second.params], [{ thread_id: 'thr_1' }, { thread_id: 'thr_2' }]);
});

test('different operations of one path keep their own descriptions', async () => {
  const admin = await mountApi(sandboxAdminApi);
  const get = admin.pipeline.route('GET', '/__sandbox/execution-threads/1') as OperationRoute;
  const del = admin.pipeline.route('DELETE', '/__sandbox/execution-threads/2') as OperationRoute;
  const getAgain = admin.pipeline.route('GET', '/__sandbox/execution-threads/3') as OperationRoute;
  assert.notEqual(get.operation.operationId, del.operation.operationId);
  assert.equal(getAgain.operation, get.operation);
  assert.deepEqual(del.params, { id: '2' });
});
