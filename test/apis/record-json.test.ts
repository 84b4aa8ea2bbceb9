// List pages are joined from each record's cached JSON: a speed-up only. The bytes on the wire must
// be JSON.stringify's of the body, and a change to a record must show in the next answer.
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import fc from 'fast-check';
import { jsonWithList } from '../../src/apis/record-json.js';
import { sandboxClient } from '../helpers/http.js';
import { putExecutionThread, putThread } from '../../src/store/contract.js';

test('v1 and v0 list pages are exactly the bytes JSON.stringify gives for their body', async () => {
  const client = await sandboxClient({ seed: 3, executionThreads: 300, threads: 60 });
  const urls = [
    '/v1/threads',
    '/v1/threads?total=0',
    '/v1/threads?sorting=ThreadToken&total=300',
    '/v1/threads?type=BrowserInstance&sorting=-CreatedAt',
    '/v1/threads?workspaceId=424242',
    '/human/v0/threads?limit=7',
    '/human/v0/threads?limit=100',
  ];
  for (const url of urls) {
    const res = await client.get(url);
    assert.equal(res.status, 200, url);
    assert.equal(res.text, JSON.stringify(res.body), url);
  }
  const first = await client.get('/human/v0/threads?limit=7');
  assert.ok(first.body.next_page_token, 'a page with a next_page_token is among them');
  const second = await client.get(`/human/v0/threads?limit=7&page_token=${encodeURIComponent(first.body.next_page_token)}`);
  assert.equal(second.text, JSON.stringify(second.body));
});

test('a record changed through the control plane is listed with its new values at once', async () => {
  const client = await sandboxClient({ seed: 4, executionThreads: 20, threads: 3 });
  const created = await client.post('/__sandbox/execution-threads', { workspaceId: 77, threadToken: 'cache-probe', type: 'Manual' });
  assert.equal(created.status, 201);
  const listed = await client.get('/v1/threads?workspaceId=77');
  assert.deepEqual(listed.body.items.map((i: { threadToken: string }) => i.threadToken), ['cache-probe'], 'listed (and cached) before the change');
  assert.equal((await client.patch(`/__sandbox/execution-threads/${created.body.id}`, { threadToken: 'changed-after-caching' })).status, 200);
  const after = await client.get('/v1/threads?workspaceId=77');
  assert.equal(after.text, '{"totalCount":1,"items":[{"workspaceId":77,"threadToken":"changed-after-caching","type":"Manual","createdAt":' + JSON.stringify(created.body.createdAt) + '}]}');

  const threads = (await client.get('/human/v0/threads?limit=100')).body.threads;
  const thread = threads[0];
  await client.post(`/__sandbox/threads/${thread.thread_id}/messages`, { subject: 'Newest after caching', snippet: 'fresh', received_at: '2099-01-01T00:00:00Z' });
  const relisted = (await client.get('/human/v0/threads?limit=100')).body.threads.find((t: { thread_id: string }) => t.thread_id === thread.thread_id);
  assert.equal(relisted.subject, 'Newest after caching');
  assert.equal(relisted.message_count, thread.message_count + 1);
});

test('jsonWithList gives JSON.stringify({ ...head, [key]: items })', () => {
  const value = fc.oneof(fc.string(), fc.integer(), fc.constant(null), fc.boolean(), fc.double({ noNaN: true }));
  const head = fc.dictionary(fc.string().filter((k) => k !== 'list' && k !== '__proto__'), value, { minKeys: 1 });
  const items = fc.array(fc.dictionary(fc.string(), value), { maxLength: 5 });
  fc.assert(
    fc.property(head, items, (h, list) => {
      assert.equal(jsonWithList(h, 'list', list.map((i) => JSON.stringify(i))), JSON.stringify({ ...h, list }));
    }),
    { numRuns: 500 },
  );
});

test('a record changed in place by an in-process caller and put back is listed with its new values', async () => {
  const { createSandboxApp } = await import('../../src/sandbox.js');
  const { clientFor } = await import('../helpers/http.js');
  const { app, services } = await createSandboxApp({ inMemory: true, logLevel: 'silent', validateResponses: true, seed: 5, executionThreads: 10, threads: 3 });
  const client = clientFor(app, services);
  const first = (await client.get('/v1/threads?workspaceId=1&total=1000')).body.items[0];
  assert.ok(first, 'workspace 1 lists something');
  const stored = services.store.executionThreads.query({ workspaceId: 1 })[0]!;
  stored.threadToken = 'edited-in-place';
  await putExecutionThread(services.store, stored);
  const relisted = await client.get('/v1/threads?workspaceId=1&total=1000');
  assert.equal(relisted.body.items[0].threadToken, 'edited-in-place');
  assert.equal(relisted.text, JSON.stringify(relisted.body));

  const [thread] = services.store.threads.page(null, undefined, 1).threads;
  assert.ok(thread);
  const cached = (await client.get('/human/v0/threads?limit=1')).body.threads[0];
  assert.equal(cached.thread_id, thread.thread_id, 'the thread was listed (and its summary cached) before the change');
  assert.notEqual(cached.subject, 'Subject edited in place');
  thread.messages[thread.messages.length - 1]!.subject = 'Subject edited in place';
  await putThread(services.store, thread);
  assert.equal((await client.get('/human/v0/threads?limit=1')).body.threads[0].subject, 'Subject edited in place');
});
