// The handle's assertions: verify() counts and explains, waitForRequest() waits and explains,
// assertNoViolations() lists what broke the contract. All reject with node:assert AssertionErrors.
import assert, { AssertionError } from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { ControlError, startSandbox, type Sandbox } from '../../src/index.js';
import { assertMatchesSpec } from '../helpers/spec-check.js';

describe('in-process assertions', () => {
  let sandbox: Sandbox;
  before(async () => {
    sandbox = await startSandbox({ seed: 5, threads: 10, executionThreads: 10 });
  });
  after(() => sandbox.stop());
  beforeEach(() => sandbox.reset());

  async function get(path: string, headers: Record<string, string> = { 'Api-Token': 'tok', Authorization: 'Bearer tok' }) {
    const res = await fetch(`${sandbox.url}${path}`, { headers });
    return assertMatchesSpec('GET', path, { status: res.status, body: await res.json(), headers: Object.fromEntries(res.headers) });
  }

  it('verify passes on the expected count and throws an AssertionError listing near misses otherwise', async () => {
    await get('/v1/threads?workspaceId=2');
    await sandbox.verify({ operationId: 'listExecutionThreads', query: { workspaceId: '2' } });
    await sandbox.verify({ operationId: 'listExecutionThreads' }, { times: 1 });
    await sandbox.verify({ operationId: 'listThreads' }, { atMost: 0 });
    await assert.rejects(
      sandbox.verify({ operationId: 'listExecutionThreads', query: { workspaceId: '3' } }),
      (e: Error) => {
        assert.ok(e instanceof AssertionError);
        assert.match(e.message, /Expected at least 1 request matching .*workspaceId.*found 0/);
        assert.match(e.message, /GET \/v1\/threads\?workspaceId=2 -> 200/);
        assert.match(e.message, /query\.workspaceId: expected "3", got "2"/);
        return true;
      },
    );
  });

  it('verify with the wrong count lists the requests that matched', async () => {
    await get('/v1/threads?start=1');
    await get('/v1/threads?start=2');
    await assert.rejects(sandbox.verify({ path: '/v1/threads' }, { times: 1 }), (e: Error) => e instanceof AssertionError && /exactly 1 .* found 2/.test(e.message) && /start=2/.test(e.message));
    await assert.rejects(sandbox.verify({ path: '/v1/threads' }, { atLeast: 3 }), AssertionError);
    await sandbox.verify({ path: '/v1/threads' }, { atLeast: 1, atMost: 2 });
  });

  it('a credential is matched by value and never shown in the message', async () => {
    await get('/v1/threads', { 'Api-Token': 'real-secret' });
    await sandbox.verify({ headers: { 'api-token': 'real-secret' } }, { times: 1 });
    await assert.rejects(sandbox.verify({ headers: { 'api-token': 'other-secret' } }), (e: Error) => !/real-secret|other-secret/.test(e.message) && /\[REDACTED\]/.test(e.message));
  });

  it('waitForRequest resolves with a request that comes later, or one already journaled', async () => {
    const waiting = sandbox.waitForRequest({ pathTemplate: '/human/v0/threads/{thread_id}' }, { timeout: 10_000 });
    const thread = ((await get('/human/v0/threads?limit=1')).body as { threads: { thread_id: string }[] }).threads[0]?.thread_id as string;
    await get(`/human/v0/threads/${thread}`);
    const entry = await waiting;
    assert.equal(entry.path, `/human/v0/threads/${thread}`);
    assert.equal(entry.status, 200);
    assert.equal((await sandbox.waitForRequest({ operationId: 'listThreads' })).operationId, 'listThreads');
  });

  it('waitForRequest rejects after its timeout, naming the near misses', async () => {
    await get('/v1/threads?type=Manual');
    await assert.rejects(sandbox.waitForRequest({ operationId: 'listExecutionThreads', query: { type: 'BrowserInstance' } }, { timeout: 50 }), (e: Error) => {
      assert.ok(e instanceof AssertionError);
      assert.match(e.message, /within 50 ms/);
      assert.match(e.message, /query\.type: expected "BrowserInstance", got "Manual"/);
      return true;
    });
  });

  it('an invalid regular expression is a ControlError (400)', async () => {
    await assert.rejects(sandbox.verify({ path: '/x', query: { a: { matches: '(' } } }), (e: Error) => e instanceof ControlError && e.status === 400);
  });

  it('assertNoViolations lists each request that broke the contract with its rule', async () => {
    await sandbox.assertNoViolations();
    await get('/v1/threads?type=Robot');
    await get('/v1/threads', {});
    assert.equal((await sandbox.violations()).length, 2);
    await assert.rejects(sandbox.assertNoViolations(), (e: Error) => {
      assert.ok(e instanceof AssertionError);
      assert.match(e.message, /^2 requests broke the API contract/);
      assert.match(e.message, /GET \/v1\/threads -> 400: .*type.*\(allowed: Manual, BrowserInstance\) \[query 'type', enum\]/);
      assert.match(e.message, /GET \/v1\/threads -> 401: Missing Api-Token header/);
      return true;
    });
    await sandbox.reset();
    await sandbox.assertNoViolations();
  });
});
