// HTTP as clients expect it: a 405 says which methods the path has, HEAD is answered wherever GET
// is (the same headers, no body), and a request target in absolute form is routed by its path.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { startSandbox, type Sandbox } from '../../src/sandbox.js';
import { sandboxClient, type Client } from '../helpers/http.js';
import { rawClient } from '../helpers/raw-http.js';
import { assertMatchesSpec } from '../helpers/spec-check.js';

describe('HTTP semantics', () => {
  let api: Client;
  let threadId: string;
  before(async () => {
    api = await sandboxClient();
    threadId = api.services.store.threads.all()[0]?.thread_id as string;
  });

  const allows: [string, 'post' | 'delete' | 'put', string][] = [
    ['/v1/threads', 'post', 'GET, HEAD'],
    ['/human/v0/threads', 'delete', 'GET, HEAD'],
    ['/__sandbox/faults', 'put', 'GET, POST, DELETE, HEAD'],
  ];
  for (const [url, method, allow] of allows) {
    it(`${method.toUpperCase()} ${url} is a 405 with Allow: ${allow}`, async () => {
      const res = await api.send(method, url, undefined);
      assert.equal(res.status, 405);
      assert.equal(res.headers.allow, allow);
    });
  }

  it('a 405 on a path with a parameter names that path\'s methods', async () => {
    const res = await api.send('post', `/human/v0/threads/${threadId}`, undefined);
    assert.equal(res.status, 405);
    assert.equal(res.headers.allow, 'GET, HEAD');
  });

  for (const url of ['/v1/threads?total=3', '/human/v0/threads?limit=2', 'THREAD', '/__sandbox/health', '/__sandbox/execution-threads/1']) {
    it(`HEAD ${url} answers GET's status and headers without a body`, async () => {
      const target = url === 'THREAD' ? `/human/v0/threads/${threadId}` : url;
      const get = await api.get(target);
      assert.equal(get.status, 200);
      const head = await request(api.app).head(target).set({ 'Api-Token': 't', Authorization: 'Bearer t' });
      assert.equal(head.status, 200);
      assert.equal(head.headers['content-type'], get.headers['content-type']);
      assert.equal(head.headers['content-length'], get.headers['content-length']);
      assert.equal(head.text, undefined);
    });
  }

  it('HEAD on an unknown path is a 404, and it is journaled as HEAD', async () => {
    const head = await request(api.app).head('/v1/nothing').set({ 'Api-Token': 't' });
    assert.equal(head.status, 404);
    await request(api.app).head('/v1/threads').set({ 'Api-Token': 't' });
    const journal = await api.get('/__sandbox/requests?method=HEAD');
    assert.deepEqual(
      journal.body.requests.slice(-2).map((r: { path: string; status: number; operationId: string | null }) => [r.path, r.status, r.operationId]),
      [
        ['/v1/nothing', 404, null],
        ['/v1/threads', 200, 'listExecutionThreads'],
      ],
    );
  });
});

describe('absolute-form request targets', () => {
  let sandbox: Sandbox;
  let raw: ReturnType<typeof rawClient>;
  before(async () => {
    sandbox = await startSandbox();
    raw = rawClient(sandbox.url);
  });
  after(async () => {
    raw.close();
    await sandbox.stop();
  });

  for (const path of ['/v1/threads?total=2', '/human/v0/threads?limit=2', '/__sandbox/health']) {
    it(`GET http://host${path} is routed by its path`, async () => {
      const plain = await raw.send({ method: 'GET', path, headers: { 'api-token': 't', authorization: 'Bearer t' } });
      const absolute = await raw.send({ method: 'GET', path: `${sandbox.url}${path}`, headers: { 'api-token': 't', authorization: 'Bearer t' } });
      await assertMatchesSpec('GET', path, absolute);
      assert.equal(absolute.status, 200);
      assert.deepEqual(absolute.body, plain.body);
    });
  }
});
