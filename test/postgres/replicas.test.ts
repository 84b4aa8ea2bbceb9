// Two sandboxes on one database behave as one: what one acknowledges the other serves at its
// next request, page tokens travel, faults count across both, reset and import switch both.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createSandboxApp } from '../../src/sandbox.js';
import { clientFor, type Client } from '../helpers/http.js';
import { clusterForTests, freshSchemaUrl, postgresSkip } from '../helpers/postgres.js';

const skip = postgresSkip();

async function replicas(url: string, options = {}): Promise<[Client, Client]> {
  // Each configured with its own page-token secret: the one stored in the database wins on both.
  const start = async (secret: string) => {
    const { app, services } = await createSandboxApp({ store: url, logLevel: 'silent', validateResponses: true, cursorSecret: secret, ...options });
    return clientFor(app, services);
  };
  // Started together: migrations and seeding take turns.
  return Promise.all([start('secret-a'), start('secret-b')]);
}

describe('two replicas on one PostgreSQL database', { skip }, () => {
  let cluster: Awaited<ReturnType<typeof clusterForTests>>;
  let a: Client;
  let b: Client;

  before(async () => {
    cluster = await clusterForTests();
    [a, b] = await replicas(await freshSchemaUrl(cluster.url));
  });
  after(async () => {
    await Promise.all([a?.services.store.close(), b?.services.store.close()]);
    await cluster?.release();
  });

  it('a write acknowledged by one replica is read through the other at its next request', async () => {
    const created = await a.post('/__sandbox/execution-threads', { workspaceId: 77, threadToken: 'tok-across', type: 'BrowserInstance' });
    assert.equal(created.status, 201);
    const seen = await b.get('/v1/threads?workspaceId=77');
    assert.deepEqual(seen.body.items.map((i: { threadToken: string }) => i.threadToken), ['tok-across']);

    const thread = await b.post('/__sandbox/threads', { thread_id: 'thr-across', inbox_id: 'inbox-x', messages: [{ subject: 'Hello', received_at: '2030-01-01T00:00:00Z' }] });
    assert.equal(thread.status, 201);
    const fromA = await a.get('/human/v0/threads/thr-across');
    assert.equal(fromA.status, 200);
    assert.equal(fromA.body.subject, 'Hello');
  });

  it('ids and uids are assigned from the shared state, and an id in use on the other replica is a 409', async () => {
    const [one, two] = await Promise.all([a.post('/__sandbox/execution-threads', {}), b.post('/__sandbox/execution-threads', {})]);
    assert.equal(one.status, 201);
    assert.equal(two.status, 201);
    assert.notEqual(one.body.id, two.body.id);
    const again = await b.post('/__sandbox/execution-threads', { id: one.body.id });
    assert.equal(again.status, 409);

    const m1 = await a.post('/__sandbox/threads/thr-across/messages', {});
    const m2 = await b.post('/__sandbox/threads/thr-across/messages', {});
    assert.equal(m2.body.uid, m1.body.uid + 1);
    const dup = await a.post('/__sandbox/threads', { thread_id: 'thr-across' });
    assert.equal(dup.status, 409);
  });

  it('a page_token issued by one replica is accepted by the other, and the walk sees every thread once', async () => {
    const ids: string[] = [];
    let token: string | undefined;
    let turn = 0;
    do {
      const client = turn++ % 2 === 0 ? a : b;
      const page = await client.get(`/human/v0/threads?limit=7${token ? `&page_token=${encodeURIComponent(token)}` : ''}`);
      assert.equal(page.status, 200, JSON.stringify(page.body));
      ids.push(...page.body.threads.map((t: { thread_id: string }) => t.thread_id));
      token = page.body.next_page_token;
    } while (token);
    const all = (await a.get('/__sandbox/threads?limit=1000')).body.threads.map((t: { thread_id: string }) => t.thread_id);
    assert.equal(new Set(ids).size, ids.length);
    assert.deepEqual([...ids].sort(), [...all].sort());
  });

  it('the cursor walk holds when pages go to different replicas while another client writes', async () => {
    const before = new Set<string>((await a.get('/__sandbox/threads?limit=1000')).body.threads.map((t: { thread_id: string }) => t.thread_id));
    const removed = new Set<string>();
    const seen: { id: string; at: string }[] = [];
    let token: string | undefined;
    let turn = 0;
    do {
      const client = turn % 2 === 0 ? a : b;
      const writer = turn % 2 === 0 ? b : a;
      const page = await client.get(`/human/v0/threads?limit=5${token ? `&page_token=${encodeURIComponent(token)}` : ''}`);
      assert.equal(page.status, 200, JSON.stringify(page.body));
      seen.push(...page.body.threads.map((t: { thread_id: string; latest_message_received_at: string }) => ({ id: t.thread_id, at: t.latest_message_received_at })));
      token = page.body.next_page_token;
      // Between pages, through the other replica: a new thread on top, one not yet seen removed.
      await writer.post('/__sandbox/threads', { thread_id: `thr-walk-${turn}`, messages: [{ received_at: '2040-01-01T00:00:00Z' }] });
      const victim = [...before].find((id) => !removed.has(id) && !seen.some((s) => s.id === id));
      if (victim && turn % 3 === 0) {
        assert.equal((await writer.delete(`/__sandbox/threads/${victim}`)).status, 204);
        removed.add(victim);
      }
      turn++;
    } while (token);
    const ids = seen.map((s) => s.id);
    assert.equal(new Set(ids).size, ids.length, 'no thread twice');
    for (const id of before) if (!removed.has(id)) assert.ok(ids.includes(id), `${id} was present for the whole walk and must come once`);
    for (let i = 1; i < seen.length; i++) assert.ok((seen[i - 1] as { at: string }).at >= (seen[i] as { at: string }).at, 'newest first');
  });

  it('a fault with times: N fires N times in total across both replicas', async () => {
    const fault = await a.post('/__sandbox/faults', { operationId: 'listExecutionThreads', kind: 'status', status: 500, times: 3 });
    assert.equal(fault.status, 201);
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) statuses.push((await (i % 2 === 0 ? b : a).get('/v1/threads')).status);
    assert.equal(statuses.filter((s) => s === 500).length, 3, String(statuses));
    assert.deepEqual(statuses.slice(3), [200, 200, 200, 200, 200]);
    assert.deepEqual((await b.get('/__sandbox/faults')).body.faults, []);
  });

  it('the journal of both replicas is visible, in order, from either', async () => {
    await a.delete('/__sandbox/requests');
    await a.get('/human/v0/threads/thr-across');
    await b.get('/v1/threads?workspaceId=77');
    await a.get('/human/v0/threads?limit=1');
    const fromB = (await b.get('/__sandbox/requests')).body.requests.map((e: { operationId: string }) => e.operationId);
    const fromA = (await a.get('/__sandbox/requests')).body.requests.map((e: { operationId: string }) => e.operationId);
    assert.deepEqual(fromB, ['getThread', 'listExecutionThreads', 'listThreads']);
    assert.deepEqual(fromA, fromB);
  });

  it('a reset on one replica is what the other serves next, whole', async () => {
    const reset = await a.post('/__sandbox/reset', { seed: 5, executionThreads: 12, threads: 9 });
    assert.equal(reset.status, 200);
    const ready = await b.get('/__sandbox/ready');
    assert.equal(ready.body.executionThreads, 12);
    assert.equal(ready.body.threads, 9);
    assert.equal((await b.get('/human/v0/threads/thr-across')).status, 404);
    assert.equal((await a.get('/__sandbox/snapshot')).text, (await b.get('/__sandbox/snapshot')).text);
  });

  it('while one replica resets back and forth, the other serves the old data or the new, never a mix', async () => {
    const datasets = [
      { seed: 21, executionThreads: 7, threads: 3 },
      { seed: 22, executionThreads: 16, threads: 11 },
    ];
    const resets = (async () => {
      for (let i = 0; i < 6; i++) assert.equal((await a.post('/__sandbox/reset', datasets[i % 2])).status, 200);
    })();
    const seen = new Set<string>();
    let done = false;
    void resets.finally(() => (done = true));
    while (!done) {
      const ready = await b.get('/__sandbox/ready');
      seen.add(`${ready.body.executionThreads}/${ready.body.threads}`);
    }
    await resets;
    for (const pair of seen) assert.ok(['12/9', '7/3', '16/11'].includes(pair), `a mix of two datasets: ${pair}`);
  });

  it('an imported snapshot replaces the data on both replicas', async () => {
    const snapshot = (await a.get('/__sandbox/snapshot')).body;
    snapshot.executionThreads = snapshot.executionThreads.slice(0, 2);
    assert.equal((await b.put('/__sandbox/snapshot', snapshot)).status, 200);
    assert.equal((await a.get('/__sandbox/execution-threads')).body.total, 2);
  });
});

describe('the same seed on both engines', { skip }, () => {
  it('gives the same snapshot bytes', async () => {
    const cluster = await clusterForTests();
    try {
      const options = { seed: 11, executionThreads: 40, threads: 25, logLevel: 'silent' as const };
      const file = await createSandboxApp({ ...options, inMemory: true });
      const pg = await createSandboxApp({ ...options, store: await freshSchemaUrl(cluster.url) });
      const bytes = (c: Client) => c.get('/__sandbox/snapshot').then((r) => r.text);
      const [fromFile, fromPg] = await Promise.all([bytes(clientFor(file.app, file.services)), bytes(clientFor(pg.app, pg.services))]);
      assert.ok(fromFile.length > 1000);
      assert.equal(fromPg, fromFile);
      await pg.services.store.close();
    } finally {
      await cluster.release();
    }
  });
});
