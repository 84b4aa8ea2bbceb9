// The memoized router is a speed-up only: it must route and parse exactly like openapi-backend's.
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { OpenAPIRouter, type Request } from 'openapi-backend';
import { createBackend } from '../../src/openapi/backend.js';
import { parseQuery } from '../../src/openapi/query.js';
import { loadSpec, type SpecName } from '../../src/openapi/specs.js';

const REQUESTS: Partial<Record<SpecName, string[]>> = {
  v1: ['/v1/threads?workspaceId=&start=0&total=1000&thread_token=&type=&sorting=', '/v1/threads?total=5&total=6', '/v1/threads/', '/v1/nothing', '/v1/threads?sorting=-CreatedAt,Type%20asc', '/v1/threads?__proto__=x&constructor=y'],
  v0: ['/human/v0/threads?limit=20', '/human/v0/threads/thr_1', '/human/v0/threads/a%20b', '/human/v0/threads/x/y', '/human/v0/nothing'],
};

function request(method: string, url: string, headers: Record<string, string> = { 'api-token': 't', authorization: 'Bearer t' }): Request {
  const q = url.indexOf('?');
  return { method, path: q < 0 ? url : url.slice(0, q), headers, query: parseQuery(q < 0 ? '' : url.slice(q + 1)) };
}

for (const name of Object.keys(REQUESTS) as SpecName[]) {
  test(`the memoized router of ${name} matches and parses every request like openapi-backend's own`, async () => {
    const backend = await createBackend({ definition: loadSpec(name), handlers: {}, securityHandlers: {} });
    const original = new OpenAPIRouter({ definition: backend.definition });
    assert.deepEqual(backend.router.getOperations(), original.getOperations());
    for (const url of REQUESTS[name] ?? []) {
      for (const method of ['get', 'POST', 'delete']) {
        for (const headers of [undefined, { Cookie: 'a=1', 'X-Mixed': 'v' }, { 'API-Token': 't', __proto__: 'p' } as Record<string, string>]) {
          const req = request(method, url, headers);
          const expected = original.matchOperation(req);
          // Twice: the second answer comes from the cache.
          for (let i = 0; i < 2; i++) assert.deepEqual(backend.router.matchOperation(req), expected, `${method} ${url}`);
          assert.throws(() => backend.router.matchOperation(request('patch', url), true));
          if (expected) {
            const got = backend.router.parseRequest(req, backend.router.matchOperation(req));
            const want = original.parseRequest(req, expected);
            assert.deepEqual({ ...got, cookies: { ...got.cookies } }, { ...want, cookies: { ...want.cookies } }, `${method} ${url}`);
          }
        }
      }
    }
  });
}
