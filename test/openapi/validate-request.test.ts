// handleRequest validates the request it has already parsed instead of letting openapi-backend parse
// it again: a speed-up only. For every kind of request the three specs meet, valid or not, the
// errors, the coerced values and the request the handler then sees must be openapi-backend's own.
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import type { OpenAPIBackend, Request } from 'openapi-backend';
import { createBackend } from '../../src/openapi/backend.js';
import { parseQuery } from '../../src/openapi/query.js';
import { loadSpec, type SpecName } from '../../src/openapi/specs.js';
import { coercedRequest, validateParsedRequest } from '../../src/openapi/validate-request.js';

interface Case {
  method: string;
  url: string;
  body?: unknown;
  headers?: Record<string, string>;
}

const CASES: Record<SpecName, Case[]> = {
  v1: [
    { method: 'GET', url: '/v1/threads?workspaceId=&start=0&total=1000&thread_token=&type=&sorting=' },
    { method: 'GET', url: '/v1/threads' },
    { method: 'GET', url: '/v1/threads?start=-1&total=0' },
    { method: 'GET', url: '/v1/threads?start=abc' },
    { method: 'GET', url: '/v1/threads?total=5&total=6' },
    { method: 'GET', url: '/v1/threads?workspaceId=9223372036854775808' },
    { method: 'GET', url: '/v1/threads?type=Manual&sorting=-CreatedAt,Type%20asc&thread_token=x' },
    { method: 'GET', url: '/v1/threads?type=manual' },
    { method: 'GET', url: '/v1/threads?__proto__=x&constructor=y&start=1' },
  ],
  v0: [
    { method: 'GET', url: '/human/v0/threads?limit=20' },
    { method: 'GET', url: '/human/v0/threads?limit=0' },
    { method: 'GET', url: '/human/v0/threads?limit=101&inbox_id=a' },
    { method: 'GET', url: '/human/v0/threads?limit=1.5' },
    { method: 'GET', url: '/human/v0/threads?page_token=abc&limit=20&limit=3' },
    { method: 'GET', url: '/human/v0/threads/thr_1' },
    { method: 'GET', url: '/human/v0/threads/a%20b' },
  ],
  admin: [
    { method: 'POST', url: '/__sandbox/reset', body: { seed: 3, executionThreads: 10, threads: 2 } },
    { method: 'POST', url: '/__sandbox/reset', body: { seed: 'x' } },
    { method: 'POST', url: '/__sandbox/execution-threads', body: { workspaceId: 2, type: 'Manual' }, headers: { 'content-type': 'application/json' } },
    { method: 'POST', url: '/__sandbox/execution-threads', body: [1, 2], headers: { 'content-type': 'application/json; charset=utf-8' } },
    { method: 'POST', url: '/__sandbox/execution-threads', body: null, headers: { 'content-type': 'application/json' } },
    { method: 'POST', url: '/__sandbox/execution-threads', headers: { 'content-type': 'application/json' } },
    { method: 'POST', url: '/__sandbox/execution-threads', body: 'not json' },
    { method: 'PATCH', url: '/__sandbox/execution-threads/7', body: { type: 'Nope' } },
    { method: 'GET', url: '/__sandbox/execution-threads/x' },
    { method: 'GET', url: '/__sandbox/requests?operationId=listThreads&since=2026-01-01T00:00:00Z&method=get' },
    { method: 'GET', url: '/__sandbox/requests?since=yesterday' },
    { method: 'POST', url: '/__sandbox/faults', body: { operationId: 'listThreads', kind: 'status', status: 503, times: 2 } },
    { method: 'DELETE', url: '/__sandbox/faults/f1' },
    { method: 'POST', url: '/__sandbox/threads/thr_1/messages', body: { from: 'a@b.c', subject: 's' } },
  ],
};

function toRequest(c: Case): Request {
  const q = c.url.indexOf('?');
  const headers = { 'api-token': 't', authorization: 'Bearer t', ...c.headers };
  return { method: c.method, path: q < 0 ? c.url : c.url.slice(0, q), headers, query: parseQuery(q < 0 ? '' : c.url.slice(q + 1)), body: c.body };
}

async function backendFor(name: SpecName): Promise<OpenAPIBackend> {
  return createBackend({ definition: loadSpec(name), handlers: {}, securityHandlers: {} });
}

for (const name of Object.keys(CASES) as SpecName[]) {
  test(`${name}: validating the parsed request gives openapi-backend's errors, coercion and handler request`, async () => {
    const api = await backendFor(name);
    let invalid = 0;
    for (const c of CASES[name]) {
      const operation = api.router.matchOperation(toRequest(c));
      assert.ok(operation, `${c.method} ${c.url} is routed`);
      const want = api.validator.validateRequest(toRequest(c), operation);
      const req = toRequest(c);
      const parsed = api.router.parseRequest(req, operation);
      const got = validateParsedRequest(api.validator, req, parsed, operation);
      const label = `${c.method} ${c.url} ${JSON.stringify(c.body)}`;
      assert.deepEqual(got.errors, want.errors, label);
      assert.equal(got.valid, want.valid, label);
      if (!want.valid) {
        invalid++;
        continue;
      }
      assert.ok(got.coerced && want.coerced, label);
      assert.deepEqual({ ...(got.coerced.query as object) }, { ...(want.coerced.query as object) }, label);
      assert.deepEqual(parsed, api.router.parseRequest(toRequest(c), operation), `${label}: validation left the parse as sent`);
      assert.deepEqual(coercedRequest(api, parsed, got.coerced, operation), api.router.parseRequest(want.coerced, operation), label);
    }
    assert.ok(invalid > 0 && invalid < CASES[name].length, 'the cases hold valid and invalid requests');
  });
}
