// A consumer's contract test: start a sandbox in-process, arrange data through the control plane
// (with a client generated from specs/sandbox-admin.yaml), call the client under test, then check
// both its result and what it sent (the request journal). Forced failures show that the client
// retries a 500 and gives up on a server that never answers.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import createClient, { type Middleware } from 'openapi-fetch';
import { startSandbox, type Sandbox } from 'thread-sandbox';
import type { SandboxAdmin } from 'thread-sandbox/types';
import { assertMatchesSpec } from '../../test/helpers/spec-check.js';
import { createThreadsClient, ThreadsTimeoutError, type ThreadsClient } from './threads-client.js';

// This repository checks every response its tests see against the specs; your tests need not.
const checkedAgainstSpec: Middleware = {
  async onResponse({ request, response }) {
    const url = new URL(request.url);
    const text = await response.clone().text();
    await assertMatchesSpec(request.method, url.pathname + url.search, { status: response.status, body: text ? JSON.parse(text) : undefined, headers: Object.fromEntries(response.headers) });
  },
};

describe('a consumer of the threads APIs, tested against thread-sandbox', () => {
  let sandbox: Sandbox;
  let admin: ReturnType<typeof createClient<SandboxAdmin.paths>>;
  let client: ThreadsClient;

  before(async () => {
    sandbox = await startSandbox({ port: 0 });
    admin = createClient<SandboxAdmin.paths>({ baseUrl: sandbox.url });
    admin.use(checkedAgainstSpec);
    client = createThreadsClient({ baseUrl: sandbox.url, token: 'consumer-token', middleware: [checkedAgainstSpec] });
  });
  after(() => sandbox.stop());
  beforeEach(async () => {
    // Fixtures back, journal and faults cleared.
    await admin.POST('/__sandbox/reset', { body: {} });
  });

  it('lists the execution threads of a workspace, sorted, and sends its token and query', async () => {
    for (const [threadToken, createdAt] of [['tok-a', '2026-03-01T10:00:00.000Z'], ['tok-b', '2026-03-02T10:00:00.000Z'], ['tok-c', '2026-03-03T10:00:00.000Z']] as const) {
      const { response } = await admin.POST('/__sandbox/execution-threads', { body: { workspaceId: 77, threadToken, type: 'BrowserInstance', createdAt } });
      assert.equal(response.status, 201);
    }

    const items = await client.listExecutionThreads({ workspaceId: 77, sorting: 'CreatedAt desc' }, 2);

    assert.deepEqual(items.map((t) => t.threadToken), ['tok-c', 'tok-b', 'tok-a']);
    const { data } = await admin.GET('/__sandbox/requests', { params: { query: { operationId: 'listExecutionThreads' } } });
    const calls = data?.requests ?? [];
    assert.equal(calls.length, 2, 'two pages of two');
    assert.deepEqual(calls[0]?.query, { workspaceId: '77', sorting: 'CreatedAt desc', start: '0', total: '2' });
    assert.equal(calls[1]?.query.start, '2');
    assert.equal(calls[0]?.headers['api-token'], '[REDACTED]', 'the client sent its Api-Token (its value is never journaled)');
  });

  it('walks every page of an inbox and reads a thread with its messages', async () => {
    for (const n of [1, 2, 3]) {
      await admin.POST('/__sandbox/threads', {
        body: { thread_id: `thr-c${n}`, inbox_id: 'inbox-contract', messages: [{ subject: `Case ${n}`, received_at: `2026-04-0${n}T09:00:00Z` }] },
      });
    }
    await admin.POST('/__sandbox/threads/{thread_id}/messages', { params: { path: { thread_id: 'thr-c1' } }, body: { snippet: 'Any news?', received_at: '2026-04-09T09:00:00Z' } });

    const threads = await client.listAllThreads('inbox-contract', 2);
    assert.deepEqual(threads.map((t) => t.thread_id), ['thr-c1', 'thr-c3', 'thr-c2']);
    const thread = await client.getThread('thr-c1');
    assert.equal(thread.message_count, 2);
    assert.equal(thread.snippet, 'Any news?');

    const journal = await sandbox.journal({ operationId: 'listThreads' });
    assert.equal(journal.length, 2);
    assert.ok(typeof journal[1]?.query.page_token === 'string', 'the second page was asked for with the token of the first');
    assert.equal(journal[0]?.headers.authorization, '[REDACTED]');
  });

  it('retries once after a forced 500 and gets the data', async () => {
    const { data: fault } = await admin.POST('/__sandbox/faults', { body: { operationId: 'getThread', kind: 'status', status: 500, times: 1 } });
    assert.equal(fault?.remaining, 1);

    const thread = await client.getThread('thr-0001');

    assert.equal(thread.thread_id, 'thr-0001');
    assert.deepEqual((await sandbox.journal({ operationId: 'getThread' })).map((e) => e.status), [500, 200]);
  });

  it('copes with a slow answer inside its time budget', async () => {
    await admin.POST('/__sandbox/faults', { body: { operationId: 'getThread', kind: 'delay', delayMs: 100, times: 1 } });
    const thread = await client.getThread('thr-0002');
    assert.equal(thread.thread_id, 'thr-0002');
    assert.match((await sandbox.journal({ operationId: 'getThread' }))[0]?.fault ?? '', /^fault-/);
  });

  it('gives up with a timeout error when the server never answers', async () => {
    const impatient = createThreadsClient({ baseUrl: sandbox.url, token: 'consumer-token', timeoutMs: 300 });
    await admin.POST('/__sandbox/faults', { body: { operationId: 'listThreads', kind: 'timeout', times: 1 } });
    await assert.rejects(impatient.listAllThreads(), ThreadsTimeoutError);
    assert.equal((await sandbox.journal({ operationId: 'listThreads' }))[0]?.status, 0, 'journaled as unanswered');
  });
});
