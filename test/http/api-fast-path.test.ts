// The public APIs' requests are answered without express (src/http/fast-path.ts: express's
// per-request setup kept about 9 KB per request alive into the old generation); every other
// request still goes through the express app, and with CORS configured so do the APIs'.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Express } from 'express';
import { createSandboxApp } from '../../src/sandbox.js';
import request from 'supertest';
import { AUTH, clientFor } from '../helpers/http.js';

/** Counts the requests the express app itself handles (its `handle`: the app's own, or behind the fast path's prototype). */
function countExpress(app: Express): { count: number } {
  const seen = { count: 0 };
  const express = (Object.hasOwn(app, 'handle') ? app : Object.getPrototypeOf(app)) as Express & { handle: (...args: unknown[]) => unknown };
  const handle = express.handle.bind(express);
  express.handle = (...args: unknown[]) => {
    seen.count++;
    return handle(...args);
  };
  return seen;
}

describe('API fast path', () => {
  it('answers both APIs (200, 400, 404 of a known path, 405, HEAD) without express; the rest through it', async () => {
    const { app, services } = await createSandboxApp({ inMemory: true, logLevel: 'silent', validateResponses: true, seed: 3, threads: 5, executionThreads: 5 });
    const seen = countExpress(app);
    const client = clientFor(app, services);
    assert.equal((await client.get('/v1/threads?start=0&total=2')).status, 200);
    assert.equal((await client.get('/v1/threads?start=abc')).status, 400);
    assert.equal((await client.get('/human/v0/threads?limit=2')).status, 200);
    assert.equal((await client.get('/human/v0/threads/no-such-thread')).status, 404);
    assert.equal((await client.post('/v1/threads', {})).status, 405);
    assert.equal((await request(app).head('/v1/threads').set(AUTH)).status, 200);
    assert.equal(seen.count, 0, 'no API request went through express');
    // Paths no API owns, the control plane and absolute-form targets go through express.
    assert.equal((await client.get('/v2/nothing')).status, 404);
    assert.equal((await client.get('/__sandbox/health')).status, 200);
    assert.equal(seen.count, 2);
    const journal = await services.journal.list({});
    assert.deepEqual(journal.slice(0, 2).map((e) => e.query), [{ start: '0', total: '2' }, { start: 'abc' }]);
    await services.store.close();
  });

  it('leaves the APIs to express when CORS is configured (its middleware adds the headers)', async () => {
    const { app, services } = await createSandboxApp({ inMemory: true, logLevel: 'silent', seed: 3, threads: 2, executionThreads: 2, corsOrigins: ['http://app.example'] });
    const seen = countExpress(app);
    const res = await clientFor(app, services).get('/v1/threads', { Origin: 'http://app.example' } as never);
    assert.equal(res.status, 200);
    assert.equal(res.headers['access-control-allow-origin'], 'http://app.example');
    assert.equal(seen.count, 1);
    await services.store.close();
  });
});
