// Who may use the control plane: the admin token, the non-loopback rule, a configurable prefix.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import request from 'supertest';
import { sandboxClient } from '../helpers/http.js';
import { assertMatchesSpec } from '../helpers/spec-check.js';
import { startSandbox } from '../../src/sandbox.js';

describe('control plane: admin token and exposure', () => {
  it('with an admin token, calls without it or with another token are 401; with it they pass', async () => {
    const api = await sandboxClient({ adminToken: 'admin-secret' }, {});
    const missing = await api.get('/__sandbox/faults');
    assert.equal(missing.status, 401);
    assert.equal(missing.body.name, 'UnauthorizedError');
    assert.equal((await api.get('/__sandbox/faults', { Authorization: 'Bearer wrong' })).status, 401);
    assert.equal((await api.get('/__sandbox/faults', { Authorization: 'Basic YTpi' })).status, 401);
    assert.equal((await api.post('/__sandbox/execution-threads', { type: 'Nope' })).status, 401, 'authentication comes before validation');
    assert.equal((await api.get('/__sandbox/faults', { Authorization: 'Bearer admin-secret' })).status, 200);
    assert.doesNotMatch(missing.text, /admin-secret/);
  });

  it('health and readiness never need the admin token', async () => {
    const api = await sandboxClient({ adminToken: 'admin-secret' }, {});
    assert.equal((await api.get('/__sandbox/health')).status, 200);
    assert.equal((await api.get('/__sandbox/ready')).status, 200);
  });

  it('beyond loopback without an admin token, everything but health and readiness is a 403', async () => {
    const api = await sandboxClient({ host: '0.0.0.0' });
    const res = await api.get('/__sandbox/snapshot');
    assert.equal(res.status, 403);
    assert.equal(res.body.name, 'ForbiddenError');
    assert.match(res.body.message, /--admin-token/);
    assert.equal((await api.post('/__sandbox/reset')).status, 403);
    assert.equal((await api.get('/__sandbox/health')).status, 200);
    assert.equal((await api.get('/__sandbox/ready')).status, 200);
    assert.equal((await api.get('/v1/threads')).status, 200, 'the public APIs are not affected');
  });

  it('beyond loopback with an admin token, the control plane works with the token', async () => {
    const api = await sandboxClient({ host: '0.0.0.0', adminToken: 'tok' }, {});
    assert.equal((await api.get('/__sandbox/faults', { Authorization: 'Bearer tok' })).status, 200);
  });

  it('the disabled control plane is announced by a warning at start', async () => {
    const lines: string[] = [];
    const { default: pino } = await import('pino');
    const logger = pino({ level: 'warn' }, { write: (line: string) => void lines.push(line) });
    const sandbox = await startSandbox({ host: '0.0.0.0', port: 0, logger });
    try {
      assert.ok(lines.some((l) => /control plane disabled/.test(l)), lines.join('\n'));
      const res = await fetch(`${sandbox.url}/__sandbox/health`);
      await assertMatchesSpec('GET', '/__sandbox/health', { status: res.status, body: await res.json(), headers: Object.fromEntries(res.headers) });
    } finally {
      await sandbox.stop();
    }
  });

  it('a configured prefix serves the control plane there, and the default prefix is then an ordinary unknown path', async () => {
    const api = await sandboxClient({ adminPrefix: '/admin' });
    // Checked against the spec at the spec's own /__sandbox paths.
    const health = await request(api.app).get('/admin/health');
    await assertMatchesSpec('GET', '/__sandbox/health', health);
    assert.equal(health.status, 200);
    const created = await request(api.app).post('/admin/execution-threads').send({ workspaceId: 77 });
    await assertMatchesSpec('POST', '/__sandbox/execution-threads', created);
    assert.equal(created.status, 201);
    assert.equal((await api.get('/v1/threads?workspaceId=77')).body.totalCount, 1);
    const old = await request(api.app).get('/__sandbox/health').set('Api-Token', 't');
    await assertMatchesSpec('GET', '/v1/__sandbox-health', old, 'v1');
    assert.equal(old.status, 404);
  });
});
