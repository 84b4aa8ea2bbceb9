// Limits: a slow client is cut off, an enormous `total` is honoured without trouble, CORS is off
// unless origins are configured.
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { test } from 'node:test';
import request from 'supertest';
import { startSandbox } from '../../src/sandbox.js';
import { sandboxClient } from '../helpers/http.js';

test('a client that does not finish sending its request within the request timeout is answered 408 and disconnected', { timeout: 60_000 }, async () => {
  const sandbox = await startSandbox({ requestTimeoutMs: 300 });
  try {
    const socket = connect(sandbox.port, '127.0.0.1');
    let received = '';
    socket.on('data', (d: Buffer) => (received += d.toString()));
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    socket.write('GET /v1/threads HTTP/1.1\r\nHost: sandbox\r\nApi-Token: t\r\n'); // headers never end
    await new Promise<void>((resolve) => socket.once('close', () => resolve()));
    assert.match(received, /^HTTP\/1\.1 408 /);
    const after = await fetch(`${sandbox.url}/v1/threads`, { headers: { 'Api-Token': 't' } });
    assert.equal(after.status, 200, 'the server keeps serving');
    await after.arrayBuffer();
  } finally {
    await sandbox.stop();
  }
});

test('the largest total (2^31-1) and start are honoured: the page is what exists, nothing more', async () => {
  const client = await sandboxClient({ seed: 5, executionThreads: 3000, threads: 1 });
  const max = 2 ** 31 - 1;
  for (const filters of ['', '&type=Manual', '&sorting=-CreatedAt,ThreadToken', '&type=BrowserInstance&sorting=Type desc']) {
    const all = await client.get(`/v1/threads?workspaceId=1&start=0&total=${max}${filters}`);
    assert.equal(all.status, 200);
    assert.ok(all.body.totalCount > 0);
    assert.equal(all.body.items.length, all.body.totalCount);
    const beyond = await client.get(`/v1/threads?workspaceId=1&start=${max}&total=${max}${filters}`);
    assert.deepEqual(beyond.body, { totalCount: all.body.totalCount, items: [] });
  }
});

test('CORS is off by default: no Access-Control headers, preflights are not answered', async () => {
  const client = await sandboxClient();
  const res = await client.get('/v1/threads', { Origin: 'http://app.example' });
  assert.equal(res.status, 200);
  assert.equal(res.headers['access-control-allow-origin'], undefined);
  // A preflight is not an API call, so it is checked by hand rather than against the spec.
  const preflight = await request(client.app).options('/v1/threads').set({ Origin: 'http://app.example', 'Access-Control-Request-Method': 'GET' });
  assert.equal(preflight.headers['access-control-allow-origin'], undefined);
  assert.notEqual(preflight.status, 204);
});

test('with configured origins, those origins (and only those) are allowed, preflights included', async () => {
  const client = await sandboxClient({ corsOrigins: ['http://app.example'] });
  const allowed = await client.get('/v1/threads', { Origin: 'http://app.example' });
  assert.equal(allowed.headers['access-control-allow-origin'], 'http://app.example');
  assert.match(String(allowed.headers.vary), /Origin/);
  const other = await client.get('/human/v0/threads', { Origin: 'http://evil.example' });
  assert.equal(other.status, 200);
  assert.equal(other.headers['access-control-allow-origin'], undefined);
  const preflight = await request(client.app)
    .options('/human/v0/threads')
    .set({ Origin: 'http://app.example', 'Access-Control-Request-Method': 'GET', 'Access-Control-Request-Headers': 'authorization' });
  assert.equal(preflight.status, 204);
  assert.equal(preflight.headers['access-control-allow-origin'], 'http://app.example');
  assert.match(preflight.headers['access-control-allow-headers'] ?? '', /Authorization/);
  assert.match(preflight.headers['access-control-allow-headers'] ?? '', /Api-Token/);
});

test('the origin "*" allows any origin', async () => {
  const client = await sandboxClient({ corsOrigins: ['*'] });
  const res = await client.get('/v1/threads', { Origin: 'http://anything.example' });
  assert.equal(res.headers['access-control-allow-origin'], '*');
});

test('a request line or headers past 16 KiB are refused with 431 and the server stays healthy', async () => {
  const sandbox = await startSandbox();
  try {
    const res = await fetch(`${sandbox.url}/v1/threads?thread_token=${'x'.repeat(20_000)}`, { headers: { 'Api-Token': 't' } });
    assert.equal(res.status, 431);
    await res.arrayBuffer();
    const after = await fetch(`${sandbox.url}/v1/threads`, { headers: { 'Api-Token': 't' } });
    assert.equal(after.status, 200);
    await after.arrayBuffer();
  } finally {
    await sandbox.stop();
  }
});
