// `--cors` opens the two APIs to web pages, never the control plane: a page on another origin cannot
// reset the sandbox or read its snapshot, even with `--cors '*'`. Only the sandbox's own pages and
// the origins of `--control-plane-cors` may call it; CLI clients (no Origin, no Sec-Fetch-Site)
// keep working.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import request from 'supertest';
import { OptionsError, resolveOptions } from '../../src/options.js';
import { sandboxClient } from '../helpers/http.js';

const EVIL = 'https://evil.example';

describe('CORS and the control plane', () => {
  it("with --cors '*', a cross-site POST /reset (no body, no Content-Type) is a 403 and resets nothing", async () => {
    const api = await sandboxClient({ corsOrigins: ['*'], seed: 3, executionThreads: 20, threads: 5 });
    await api.post('/__sandbox/execution-threads', {});
    const before = api.services.store.executionThreads.size;
    const res = await api.send('post', '/__sandbox/reset', undefined, { Origin: EVIL });
    assert.equal(res.status, 403);
    assert.equal(res.body.name, 'ForbiddenError');
    assert.match(res.body.message, /--control-plane-cors/);
    assert.equal(res.headers['access-control-allow-origin'], undefined);
    assert.equal(api.services.store.executionThreads.size, before, 'nothing was reset');
  });

  it("with --cors '*', the snapshot is not readable cross-site, nor is any other control-plane read", async () => {
    const api = await sandboxClient({ corsOrigins: ['*'] });
    for (const url of ['/__sandbox/snapshot', '/__sandbox/requests', '/__sandbox/threads']) {
      const res = await api.get(url, { Origin: EVIL });
      assert.equal(res.status, 403, url);
      assert.equal(res.headers['access-control-allow-origin'], undefined, url);
    }
  });

  it("with --cors '*', a preflight to the control plane grants nothing; the APIs keep their CORS", async () => {
    const api = await sandboxClient({ corsOrigins: ['*'] });
    const preflight = await request(api.app).options('/__sandbox/reset').set({ Origin: EVIL, 'Access-Control-Request-Method': 'POST' });
    assert.equal(preflight.headers['access-control-allow-origin'], undefined);
    assert.notEqual(preflight.status, 204);
    const apiCall = await api.get('/v1/threads', { Origin: EVIL });
    assert.equal(apiCall.status, 200);
    assert.equal(apiCall.headers['access-control-allow-origin'], '*');
    const apiPreflight = await request(api.app).options('/v1/threads').set({ Origin: EVIL, 'Access-Control-Request-Method': 'GET' });
    assert.equal(apiPreflight.status, 204);
  });

  for (const site of ['cross-site', 'same-site']) {
    it(`a request without Origin but with Sec-Fetch-Site: ${site} (a no-cors GET from a page) is a 403`, async () => {
      const api = await sandboxClient({});
      const res = await api.get('/__sandbox/snapshot', { 'Sec-Fetch-Site': site });
      assert.equal(res.status, 403);
      assert.equal(res.body.name, 'ForbiddenError');
      assert.match(res.body.message, new RegExp(site));
    });
  }

  it('CLI clients (no Origin), the sandbox\'s own pages and typed addresses keep working', async () => {
    const api = await sandboxClient({ corsOrigins: ['*'] });
    const host = 'localhost:8160';
    for (const headers of [{}, { 'Sec-Fetch-Site': 'same-origin', Origin: `http://${host}`, Host: host }, { 'Sec-Fetch-Site': 'same-origin', Host: host }, { 'Sec-Fetch-Site': 'none' }] as Record<string, string>[]) {
      assert.equal((await api.get('/__sandbox/faults', headers)).status, 200, JSON.stringify(headers));
    }
    assert.equal((await api.post('/__sandbox/reset', undefined, { Origin: `http://${host}`, Host: host, 'Sec-Fetch-Site': 'same-origin' })).status, 200);
    const behindProxy = { Origin: 'https://sandbox.example', Host: 'localhost:8160', 'Sec-Fetch-Site': 'same-origin' };
    assert.equal((await api.get('/__sandbox/faults', behindProxy)).status, 200, 'a proxy changed Host; the browser still says same-origin');
    assert.equal((await api.get('/__sandbox/faults', { ...behindProxy, 'Sec-Fetch-Site': 'cross-site' })).status, 403);
  });

  it('an origin of --control-plane-cors may call it, with CORS headers and preflights; others may not', async () => {
    const app = 'http://app.example:3000';
    const api = await sandboxClient({ controlPlaneCorsOrigins: [app] });
    const res = await api.get('/__sandbox/faults', { Origin: app, 'Sec-Fetch-Site': 'cross-site' });
    assert.equal(res.status, 200);
    assert.equal(res.headers['access-control-allow-origin'], app);
    const preflight = await request(api.app).options('/__sandbox/reset').set({ Origin: app, 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'authorization,content-type' });
    assert.equal(preflight.status, 204);
    assert.equal(preflight.headers['access-control-allow-origin'], app);
    assert.equal((await api.get('/__sandbox/faults', { Origin: EVIL })).status, 403);
    assert.equal((await api.get('/v1/threads', { Origin: app })).headers['access-control-allow-origin'], undefined, '--control-plane-cors is not --cors');
  });

  it("--control-plane-cors takes origins only: '*' or a URL with a path is refused", () => {
    for (const value of ['*', 'http://app.example/', 'app.example']) {
      assert.throws(() => resolveOptions({ flags: { controlPlaneCorsOrigins: value } }), (e: Error) => e instanceof OptionsError && /origin/.test(e.message), value);
    }
    assert.deepEqual(resolveOptions({ env: { SANDBOX_CONTROL_PLANE_CORS_ORIGINS: 'http://a.example, http://b.example:8080' } }).controlPlaneCorsOrigins, ['http://a.example', 'http://b.example:8080']);
  });
});
