// Three `serve` processes on one PostgreSQL database behind HAProxy behave as one sandbox: the
// sandbox's own verification passes through the balancer, walks whose pages land on different
// replicas hold while another client writes, a write acknowledged by one replica is read at once
// from another, faults count across replicas and the journal is the same from every replica.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { runCli } from '../helpers/cli.js';
import { checkedFetch, type FetchedResponse } from '../helpers/replica-fetch.js';
import { replicaClusterSkip, startReplicaCluster, type ReplicaCluster } from '../helpers/replica-cluster.js';

const BASE = Date.parse('2026-03-01T00:00:00Z');
const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');

describe('three replicas on one database behind HAProxy', { skip: replicaClusterSkip() }, () => {
  let cluster: ReplicaCluster;
  const lb = (method: string, path: string, body?: unknown) => checkedFetch(cluster.balancer.url, method, path, body);
  const on = (replica: string, method: string, path: string, body?: unknown) => checkedFetch(cluster.replica(replica).url, method, path, body);
  const servedBy = (res: FetchedResponse) => res.headers[cluster.balancer.servedByHeader];

  before(async () => {
    cluster = await startReplicaCluster(3, ['--seed', '3', '--execution-threads', '300', '--threads', '200']);
  });
  after(() => cluster?.stop());

  it('`thread-sandbox verify` passes through the balancer', async () => {
    const run = await runCli(['verify', '--target', cluster.balancer.url, '--seed', '5'], {}, 300_000);
    assert.equal(run.code, 0, run.stdout + run.stderr);
  });

  it('a v0 cursor walk through the balancer returns every thread present all along exactly once, in order, while another client writes', async () => {
    const seen: { id: string; at: number }[] = [];
    const replicasSeen = new Set<string>();
    const atStart = new Set<string>();
    for (let token: string | undefined, first = true; first || token; first = false) {
      const res = await lb('GET', `/human/v0/threads?limit=50${token ? `&page_token=${encodeURIComponent(token)}` : ''}`);
      for (const t of res.body.threads) atStart.add(t.thread_id);
      token = res.body.next_page_token;
    }
    assert.ok(atStart.size >= 100);

    const deleted = new Set<string>();
    const victims = [...atStart].filter((_, i) => i % 9 === 4);
    let token: string | undefined;
    let page = 0;
    do {
      const res = await lb('GET', `/human/v0/threads?limit=7${token ? `&page_token=${encodeURIComponent(token)}` : ''}`);
      assert.equal(res.status, 200);
      replicasSeen.add(servedBy(res) as string);
      for (const t of res.body.threads) seen.push({ id: t.thread_id, at: Date.parse(t.latest_message_received_at) });
      token = res.body.next_page_token;
      // Between two pages another client inserts a thread somewhere in the order and deletes one.
      const created = await lb('POST', '/__sandbox/threads', {
        thread_id: `walk-${page}`,
        inbox_id: 'inbox-walk',
        messages: [{ from: 'W <w@example.com>', subject: `page ${page}`, snippet: 'inserted during the walk', received_at: iso(BASE - ((page * 7919) % 400) * 3_600_000) }],
      });
      assert.equal(created.status, 201);
      const victim = victims[page];
      if (victim) {
        assert.equal((await lb('DELETE', `/__sandbox/threads/${encodeURIComponent(victim)}`)).status, 204);
        deleted.add(victim);
      }
      page++;
    } while (token && page < 500);

    assert.equal(token, undefined, 'the walk ends');
    assert.equal(replicasSeen.size, 3, `pages came from every replica: ${[...replicasSeen].join(', ')}`);
    const ids = seen.map((s) => s.id);
    assert.equal(new Set(ids).size, ids.length, 'no thread twice');
    const missing = [...atStart].filter((id) => !deleted.has(id) && !ids.includes(id));
    assert.deepEqual(missing, [], 'threads present for the whole walk that it missed');
    for (let i = 1; i < seen.length; i++) {
      const a = seen[i - 1] as { id: string; at: number };
      const b = seen[i] as { id: string; at: number };
      assert.ok(a.at > b.at || (a.at === b.at && a.id < b.id), `order: ${a.id} before ${b.id}`);
    }
  });

  it('a v1 window walk through the balancer sees the same list from every replica while another client appends to it', async () => {
    const workspace = 5150;
    for (let i = 0; i < 40; i++) assert.equal((await lb('POST', '/__sandbox/execution-threads', { workspaceId: workspace, threadToken: `before-${i}`, type: i % 2 ? 'Manual' : 'BrowserInstance' })).status, 201);
    const whole = await lb('GET', `/v1/threads?workspaceId=${workspace}&start=0&total=1000`);
    assert.equal(whole.body.totalCount, 40);

    const walked: string[] = [];
    const replicasSeen = new Set<string>();
    let lastTotal = 0;
    for (let start = 0; start < 40; start += 6) {
      const res = await lb('GET', `/v1/threads?workspaceId=${workspace}&start=${start}&total=6`);
      assert.equal(res.status, 200);
      replicasSeen.add(servedBy(res) as string);
      // Every append acknowledged before this window is counted, whichever replica answers.
      assert.equal(res.body.totalCount, 40 + start / 6, `window at ${start} counts every create acknowledged before it`);
      assert.ok(res.body.totalCount >= lastTotal);
      lastTotal = res.body.totalCount;
      walked.push(...res.body.items.map((t: { threadToken: string }) => t.threadToken));
      // New threads come last in creation order: the windows over the first 40 do not move.
      assert.equal((await lb('POST', '/__sandbox/execution-threads', { workspaceId: workspace, threadToken: `during-${start}`, type: 'Manual' })).status, 201);
    }
    assert.equal(replicasSeen.size, 3);
    assert.deepEqual(walked.slice(0, 40), whole.body.items.map((t: { threadToken: string }) => t.threadToken));
  });

  it('a create on one replica is read at once through the others, and so are updates and deletes', async () => {
    const created = await on('r1', 'POST', '/__sandbox/threads', { thread_id: 'ryw-1', inbox_id: 'inbox-ryw', messages: [{ subject: 'hello', received_at: '2026-05-01T10:00:00Z' }] });
    assert.equal(created.status, 201);
    const [fromR2, fromR3] = [await on('r2', 'GET', '/human/v0/threads/ryw-1'), await on('r3', 'GET', '/human/v0/threads/ryw-1')];
    assert.equal(fromR2.status, 200);
    assert.deepEqual(fromR3.body, fromR2.body);
    assert.equal(fromR2.body.thread_id, 'ryw-1');

    assert.equal((await on('r2', 'POST', '/__sandbox/execution-threads', { workspaceId: 6160, threadToken: 'ryw-token', type: 'Manual' })).status, 201);
    const list = await on('r3', 'GET', '/v1/threads?workspaceId=6160&thread_token=ryw-token');
    assert.deepEqual(list.body.items.map((t: { threadToken: string }) => t.threadToken), ['ryw-token']);

    assert.equal((await on('r3', 'PATCH', '/__sandbox/threads/ryw-1', { inbox_id: 'inbox-moved' })).status, 200);
    assert.equal((await on('r1', 'GET', '/human/v0/threads?inbox_id=inbox-moved')).body.threads[0]?.thread_id, 'ryw-1');
    assert.equal((await on('r3', 'DELETE', '/__sandbox/threads/ryw-1')).status, 204);
    assert.equal((await on('r1', 'GET', '/human/v0/threads/ryw-1')).status, 404);
    assert.equal((await on('r2', 'GET', '/human/v0/threads/ryw-1')).status, 404);
  });

  it('a fault with times: 3 fires three times in total across the replicas', async () => {
    const fault = await on('r1', 'POST', '/__sandbox/faults', { operationId: 'listThreads', kind: 'status', status: 500, times: 3 });
    assert.equal(fault.status, 201);
    const answers = [];
    for (let i = 0; i < 9; i++) answers.push(await lb('GET', '/human/v0/threads?limit=1'));
    assert.deepEqual(answers.map((a) => a.status).sort(), [200, 200, 200, 200, 200, 200, 500, 500, 500]);
    assert.equal(new Set(answers.map(servedBy)).size, 3);
    const left = await on('r3', 'GET', '/__sandbox/faults');
    for (const f of left.body.faults) assert.ok(f.id !== fault.body.id || f.remaining === 0, 'the fault is used up on every replica');
    assert.equal((await on('r2', 'GET', '/human/v0/threads?limit=1')).status, 200);
  });

  it('the journal of every replica is visible, in order, from any replica', async () => {
    assert.equal((await on('r2', 'DELETE', '/__sandbox/requests')).status, 204);
    const sent: string[] = [];
    for (let i = 1; i <= 6; i++) {
      const path = `/human/v0/threads?limit=${10 + i}`;
      const res = await lb('GET', path);
      assert.equal(res.status, 200);
      sent.push(`${servedBy(res)} limit=${10 + i}`);
    }
    assert.equal(new Set(sent.map((s) => s.split(' ')[0])).size, 3, 'the requests went to all three replicas');
    for (const r of ['r1', 'r2', 'r3']) {
      const journal = await on(r, 'GET', '/__sandbox/requests?operationId=listThreads');
      const limits = journal.body.requests.map((e: { query: Record<string, unknown> }) => String(e.query.limit));
      assert.deepEqual(limits, ['11', '12', '13', '14', '15', '16'], `the journal as ${r} shows it`);
    }
  });
});
