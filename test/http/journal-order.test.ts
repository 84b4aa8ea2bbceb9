// The journal entry of a call is recorded before its reply is written: a client that reads the
// journal as soon as it has its answer finds the call there.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Request, Response } from 'express';
import { executionThreadsApi } from '../../src/apis/execution-threads/index.js';
import { apiEndpoint } from '../../src/http/api-endpoint.js';
import { mountApi } from '../../src/http/mount-api.js';
import { createSandboxApp } from '../../src/sandbox.js';

test('the journal holds the call when the reply starts being written', async () => {
  const { services } = await createSandboxApp({ inMemory: true, logLevel: 'silent' });
  const endpoint = apiEndpoint(await mountApi(executionThreadsApi), services);
  const seen: number[][] = [];
  const res = {
    headersSent: false,
    destroyed: false,
    writeHead: (status: number) => seen.push([status, ...(services.journal.list() as { status: number }[]).map((e) => e.status)]),
    end() {},
  };
  for (const url of ['/v1/threads?total=1', '/v1/threads?total=x', '/v1/nothing']) {
    services.journal.clear();
    await endpoint({ method: 'GET', originalUrl: url, url, headers: { 'api-token': 't' }, socket: {} } as unknown as Request, res as unknown as Response);
  }
  assert.deepEqual(seen, [
    [200, 200],
    [400, 400],
    [404, 404],
  ]);
});
