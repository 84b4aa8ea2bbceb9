// A consumer that breaks the contract: the proxy forwards only GETs of documented operations,
// answers the rest itself in the API's own error shape, and counts each mistake in the
// Sandbox-Contract header. Credentials reach the provider but never the proxy's records.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { startProxy, TargetError, type Proxy } from '../../src/proxy/proxy-server.js';
import { startSandbox, type Sandbox } from '../../src/sandbox.js';
import { CREDENTIALS, fetchChecked, fetchRaw } from './fetch-checked.js';

const CASES: { does: string; method?: string; url: string; headers?: Record<string, string>; status: number; rule: string; says: RegExp; forwarded: boolean }[] = [
  { does: 'POSTs to a list', method: 'POST', url: '/v1/threads', status: 405, rule: 'method', says: /listExecutionThreads is GET only; POST/, forwarded: false },
  { does: 'DELETEs a thread', method: 'DELETE', url: '/human/v0/threads/thr-0001', status: 405, rule: 'method', says: /getThread is GET only; DELETE/, forwarded: false },
  { does: 'asks for a v1 path no operation has', url: '/v1/thread', status: 404, rule: 'unknown-path', says: /no operation of the v1 spec has the path \/v1\/thread/, forwarded: false },
  { does: 'asks for a v0 path no operation has', url: '/human/v0/threads/thr-0001/messages', status: 404, rule: 'unknown-path', says: /v0 spec/, forwarded: false },
  { does: 'asks for a thread id of dots, which would reach another path', url: '/human/v0/threads/%2E%2e', status: 404, rule: 'unknown-path', says: /no operation of the v0 spec has the path \/human\/v0\/threads\/%2E%2e/, forwarded: false },
  { does: 'sends a total that is not a number', url: '/v1/threads?total=abc', status: 400, rule: 'parameter', says: /query parameter 'total' must be an integer/, forwarded: true },
  { does: 'sends a type the spec does not list', url: '/v1/threads?type=Robot', status: 400, rule: 'parameter', says: /'type' must be one of: Manual, BrowserInstance/, forwarded: true },
  { does: 'sorts by a key the grammar does not have', url: '/v1/threads?sorting=Name', status: 400, rule: 'parameter', says: /'sorting' is 'Name'/, forwarded: true },
  { does: 'sorts with an empty key', url: '/v1/threads?sorting=CreatedAt,', status: 400, rule: 'parameter', says: /'sorting' is 'CreatedAt,'/, forwarded: true },
  { does: 'asks for more than 100 threads', url: '/human/v0/threads?limit=101', status: 400, rule: 'parameter', says: /'limit' must be <= 100/, forwarded: true },
  { does: 'sends no Api-Token', url: '/v1/threads', headers: { Authorization: CREDENTIALS.Authorization }, status: 401, rule: 'credentials', says: /Api-Token header is missing/, forwarded: true },
  { does: 'sends Basic instead of Bearer', url: '/human/v0/threads', headers: { Authorization: 'Basic cHJveHk=' }, status: 401, rule: 'credentials', says: /not "Bearer <token>"/, forwarded: true },
];

describe('a consumer that breaks the contract, through the proxy', () => {
  let provider: Sandbox;
  let proxy: Proxy;
  before(async () => {
    provider = await startSandbox();
    proxy = await startProxy({ target: provider.url });
  });
  after(async () => {
    await proxy.stop();
    await provider.stop();
  });

  for (const c of CASES) {
    it(`${c.does}: ${c.status}, Sandbox-Contract: 1, the rule named`, async () => {
      const before = (await provider.services.journal.list()).length;
      const answer = await fetchChecked(proxy.url, c.url, { method: c.method ?? 'GET', headers: c.headers ?? CREDENTIALS });
      assert.equal(answer.status, c.status);
      assert.equal(answer.contract, '1');
      const exchange = proxy.exchanges().at(-1)!;
      assert.equal(exchange.url, c.url);
      assert.equal(exchange.forwarded, c.forwarded);
      assert.deepEqual(exchange.violations.map((v) => [v.side, v.rule]), [['consumer', c.rule]]);
      assert.match(exchange.violations[0]!.message, c.says);
      assert.equal((await provider.services.journal.list()).length - before, c.forwarded ? 1 : 0, 'forwarded only when it is a GET of a documented operation');
    });
  }

  it('counts both mistakes of a request without credentials and with a bad parameter, and blames no provider for either answer', async () => {
    const answer = await fetchChecked(proxy.url, '/human/v0/threads?limit=0', { headers: {} });
    assert.equal(answer.status, 401, 'the sandbox authenticates before it validates; the other order is allowed too');
    assert.equal(answer.contract, '2');
    assert.deepEqual(proxy.exchanges().at(-1)!.violations.map((v) => [v.side, v.rule]), [['consumer', 'credentials'], ['consumer', 'parameter']]);
  });

  it('never keeps or prints a credential', () => {
    const kept = JSON.stringify(proxy.exchanges()) + proxy.summary('recorded.json');
    assert.doesNotMatch(kept, /proxy-test-token|cHJveHk=/);
    assert.match(proxy.summary(), /13 requests to http:\/\/127\.0\.0\.1:\d+, 13 broke the contract \(violations: 14 by the consumer, 0 by the provider\)/);
  });
});

describe('a provider that does not answer', () => {
  let proxy: Proxy;
  before(async () => {
    // A port that was just free and is closed again: connecting to it is refused.
    const gone = createServer();
    await new Promise<void>((resolve) => gone.listen(0, '127.0.0.1', resolve));
    const { port } = gone.address() as AddressInfo;
    await new Promise((resolve) => gone.close(resolve));
    proxy = await startProxy({ target: `http://127.0.0.1:${port}` });
  });
  after(() => proxy.stop());

  it('answers 502 in the API\'s error shape and reports it', async () => {
    const v0 = await fetchChecked(proxy.url, '/human/v0/threads');
    assert.equal(v0.status, 502);
    assert.equal(v0.body.name, 'BadGatewayError');
    assert.match(v0.body.message, /the provider did not answer: GET \/human\/v0\/threads: ECONNREFUSED/);
    assert.equal(v0.contract, '1');
    const v1 = await fetchChecked(proxy.url, '/v1/threads');
    assert.deepEqual(Object.keys(v1.body), ['message']);
    assert.equal((await fetchChecked(proxy.url, '/human/v0/threads/thr-1')).status, 502);
    assert.deepEqual(proxy.exchanges().map((e) => e.violations.map((v) => v.rule)), [['no-answer'], ['no-answer'], ['no-answer']]);
  });

  it('refuses a target that is not an http(s) URL', async () => {
    await assert.rejects(startProxy({ target: 'localhost:8160' }), TargetError);
  });
});
