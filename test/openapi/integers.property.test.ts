// Query and path integers are an optional sign and decimal digits, nothing else, within the range
// the spec gives (int64 exactly). Over arbitrary strings, the pipeline accepts a value exactly
// when that grammar and range say so.
import { strict as assert } from 'node:assert';
import { before, test } from 'node:test';
import fc from 'fast-check';
import { agentryThreadsApi } from '../../src/apis/agentry-threads/index.js';
import { executionThreadsApi } from '../../src/apis/execution-threads/index.js';
import { sandboxAdminApi } from '../../src/apis/sandbox-admin/index.js';
import { mountApi, type MountedApi } from '../../src/http/mount-api.js';
import type { Route } from '../../src/openapi/pipeline.js';
import { createSandboxApp } from '../../src/sandbox.js';
import type { Services } from '../../src/services.js';

const DIGITS = /^[+-]?[0-9]+$/;
const INT64_MAX = 2n ** 63n - 1n;

let v1: MountedApi;
let v0: MountedApi;
let admin: MountedApi;
let services: Services;

before(async () => {
  [v1, v0, admin] = await Promise.all([mountApi(executionThreadsApi), mountApi(agentryThreadsApi), mountApi(sandboxAdminApi)]);
  ({ services } = await createSandboxApp({ inMemory: true, logLevel: 'silent' }));
});

/** Whether validation lets `value` through as query parameter `name` (or as the path itself). */
function accepts(api: MountedApi, method: string, path: string, query: Record<string, string>): boolean {
  const route = api.pipeline.route(method, path) as Extract<Route, { kind: 'operation' }>;
  assert.equal(route.kind, 'operation', `${method} ${path} is routed`);
  const request = { method, path, headers: {}, query: api.declaredQuery(route.operation, Object.assign(Object.create(null), query)) };
  const context = api.pipeline.context(route, request);
  api.pipeline.validate(context, request, { services, query: request.query, req: { headers: {} } });
  return context.validation.valid;
}

const text = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n }).map(String),
  fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n }).map((n) => `+${n}`),
  fc.tuple(fc.constantFrom('', '+', '-', ' ', '0x', '0b', '0o'), fc.stringMatching(/^[0-9a-fA-F.e_ ]{1,12}$/)).map(([a, b]) => a + b),
  fc.constantFrom('9223372036854775807', '9223372036854775808', '-1', '-2', '0x10', '1e3', '1.0', '١', 'Infinity', '00000000000000000000001', '+0', '-0'),
);

function inRange(value: string, min: bigint, max: bigint): boolean {
  return DIGITS.test(value) && BigInt(value) >= min && BigInt(value) <= max;
}

test('workspaceId (int64, minimum -1) is accepted exactly when it is digits within -1..2^63-1', () => {
  fc.assert(
    fc.property(text, (value) => {
      assert.equal(accepts(v1, 'GET', '/v1/threads', { workspaceId: value }), inRange(value, -1n, INT64_MAX), JSON.stringify(value));
    }),
    { numRuns: 3000 },
  );
});

test('start (int32, 0..2147483647) and v0 limit (int32, 1..100) follow the same grammar with their own bounds', () => {
  fc.assert(
    fc.property(text, (value) => {
      assert.equal(accepts(v1, 'GET', '/v1/threads', { start: value }), inRange(value, 0n, 2147483647n), `start ${JSON.stringify(value)}`);
      assert.equal(accepts(v0, 'GET', '/human/v0/threads', { limit: value }), inRange(value, 1n, 100n), `limit ${JSON.stringify(value)}`);
    }),
    { numRuns: 3000 },
  );
});

test('a control-plane path id (int64, minimum 1) follows the grammar too', () => {
  // The router trims the path, so a segment with outer spaces would name another path.
  const segment = text.filter((v) => v.trim() !== '' && v.trim() === v && !/[/?#%]/.test(v));
  fc.assert(
    fc.property(segment, (value) => {
      assert.equal(accepts(admin, 'GET', `/__sandbox/execution-threads/${value}`, {}), inRange(value, 1n, INT64_MAX), JSON.stringify(value));
    }),
    { numRuns: 2000 },
  );
});
