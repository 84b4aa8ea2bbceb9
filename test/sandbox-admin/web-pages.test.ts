// The control plane is not reachable from a web page: a body must be JSON (a page can send
// text/plain without asking), a foreign Origin is refused, and on loopback without an admin token
// a foreign Host (DNS rebinding) is refused too. Health and readiness stay open for probes.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { sandboxClient, type Client } from '../helpers/http.js';

describe('the control plane and web pages', () => {
  let api: Client;
  let before0: number;
  before(async () => {
    api = await sandboxClient({ seed: 3, executionThreads: 20, threads: 5 });
    before0 = api.services.store.executionThreads.size;
  });

  it('a cross-site text/plain POST /reset is a 415 and wipes nothing', async () => {
    await api.get('/v1/threads');
    await api.post('/__sandbox/faults', { kind: 'delay', delayMs: 1, operationId: 'getThread' });
    const res = await api.send('post', '/__sandbox/reset', '{}', { 'content-type': 'text/plain' });
    assert.equal(res.status, 415);
    assert.equal(res.body.name, 'UnsupportedMediaTypeError');
    assert.equal(api.services.store.executionThreads.size, before0);
    assert.equal((await api.get('/__sandbox/faults')).body.faults.length, 1);
    assert.ok((await api.get('/__sandbox/requests')).body.requests.length > 0);
  });

  for (const type of ['application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'text/plain;charset=UTF-8']) {
    it(`a body of type ${type} is a 415 on a create`, async () => {
      const res = await api.send('post', '/__sandbox/execution-threads', 'workspaceId=1', { 'content-type': type });
      assert.equal(res.status, 415);
    });
  }

  it('application/json with a charset is a body like any other', async () => {
    const res = await api.send('post', '/__sandbox/execution-threads', '{"workspaceId":7}', { 'content-type': 'application/json; charset=utf-8' });
    assert.equal(res.status, 201);
  });

  it('a request from a foreign Origin is a 403, even without a body', async () => {
    for (const [method, url] of [['post', '/__sandbox/reset'], ['get', '/__sandbox/threads'], ['delete', '/__sandbox/requests']] as const) {
      const res = await api.send(method, url, undefined, { Origin: 'https://evil.example' });
      assert.equal(res.status, 403, `${method} ${url}`);
      assert.equal(res.body.name, 'ForbiddenError');
    }
    assert.equal(api.services.store.executionThreads.size, before0 + 1, 'nothing was reset');
  });

  it('the sandbox\'s own pages (Swagger UI at /docs) may call it: same origin', async () => {
    const host = 'localhost:8160';
    const res = await api.get('/__sandbox/faults', { Origin: `http://${host}`, Host: host });
    assert.equal(res.status, 200);
  });

  it('an Origin among the --control-plane-cors origins may call it; the --cors origins (the APIs\') may not', async () => {
    const cors = await sandboxClient({ corsOrigins: ['http://app.example'], controlPlaneCorsOrigins: ['http://admin.example'] });
    assert.equal((await cors.get('/__sandbox/faults', { Origin: 'http://admin.example' })).status, 200);
    assert.equal((await cors.get('/__sandbox/faults', { Origin: 'http://app.example' })).status, 403);
    assert.equal((await cors.get('/__sandbox/faults', { Origin: 'http://other.example' })).status, 403);
  });

  for (const host of ['evil.example', 'evil.example:8160', '127.0.0.1.nip.io', 'localhost.evil.example', '10.0.0.1:8160']) {
    it(`Host: ${host} is a 403 on loopback without an admin token`, async () => {
      const res = await api.post('/__sandbox/reset', {}, { Host: host });
      assert.equal(res.status, 403);
      assert.match(res.body.message, /Host/);
    });
  }

  for (const host of ['localhost', 'localhost:8160', 'app.localhost:3000', '127.0.0.1:1', '[::1]:8160', 'LOCALHOST']) {
    it(`Host: ${host} reaches it`, async () => {
      assert.equal((await api.get('/__sandbox/faults', { Host: host })).status, 200);
    });
  }

  it('health and readiness answer whatever the Host and Origin', async () => {
    for (const url of ['/__sandbox/health', '/__sandbox/ready']) {
      assert.equal((await api.get(url, { Host: 'evil.example', Origin: 'https://evil.example' })).status, 200, url);
    }
  });

  it('with an admin token a foreign Host is allowed (the token is the guard), a foreign Origin is not', async () => {
    const guarded = await sandboxClient({ adminToken: 'secret' }, { Authorization: 'Bearer secret' });
    assert.equal((await guarded.get('/__sandbox/faults', { Host: 'sandbox.internal:8160' })).status, 200);
    assert.equal((await guarded.get('/__sandbox/faults', { Origin: 'https://evil.example' })).status, 403);
  });
});
