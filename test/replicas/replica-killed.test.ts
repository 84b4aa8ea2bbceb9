// SIGKILL of one replica in the middle of a stream of creates through the balancer: no create that
// was acknowledged (201) is lost, and walks through the balancer complete on the other replicas.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { BalancerError, checkedFetch } from '../helpers/replica-fetch.js';
import { replicaClusterSkip, startReplicaCluster, type ReplicaCluster } from '../helpers/replica-cluster.js';

const WORKSPACE = 909;
const WRITERS = 8;
const KILL_AFTER = 120;
const AFTER_KILL = 120;

describe('one of three replicas killed during a write stream', { skip: replicaClusterSkip() }, () => {
  let cluster: ReplicaCluster;
  const lb = (method: string, path: string, body?: unknown) => checkedFetch(cluster.balancer.url, method, path, body, {}, { behindBalancer: true });
  before(async () => {
    cluster = await startReplicaCluster(3, ['--seed', '4', '--execution-threads', '50', '--threads', '60']);
  });
  after(() => cluster?.stop());

  it('loses no acknowledged create, and the walks complete through the others', async () => {
    const victim = cluster.replica('r2');
    const acknowledged: string[] = [];
    const servedBy = new Map<string, number>();
    let balancerErrors = 0;
    let killedAt = -1;
    let n = 0;
    const writer = async (w: number) => {
      while (acknowledged.length < KILL_AFTER + AFTER_KILL) {
        const token = `kill-w${w}-${n++}`;
        try {
          const res = await lb('POST', '/__sandbox/execution-threads', { workspaceId: WORKSPACE, threadToken: token, type: 'Manual' });
          assert.equal(res.status, 201, JSON.stringify(res.body));
          acknowledged.push(token);
          const by = res.headers[cluster.balancer.servedByHeader] as string;
          servedBy.set(by, (servedBy.get(by) ?? 0) + 1);
        } catch (error) {
          // A create in flight on the killed replica gets no answer from a sandbox (HAProxy answers
          // 502 or closes the connection): it was not acknowledged.
          if (!(error instanceof BalancerError)) throw error;
          balancerErrors++;
        }
        if (acknowledged.length >= KILL_AFTER && killedAt < 0) {
          killedAt = acknowledged.length;
          victim.process.child.kill('SIGKILL');
        }
      }
    };
    await Promise.all(Array.from({ length: WRITERS }, (_, w) => writer(w)));
    const exit = await victim.process.exited;
    assert.equal(exit.signal, 'SIGKILL');
    assert.ok((servedBy.get('r2') ?? 0) > 0, 'the killed replica had acknowledged creates before the kill');
    // Each writer had one create in flight at the kill, and each connection HAProxy kept open to
    // the killed replica can fail one more request before HAProxy drops it.
    assert.ok(balancerErrors <= 2 * WRITERS, `only creates in flight at the kill may fail: ${balancerErrors}`);
    await cluster.balancer.waitForStates({ r1: 'UP', r2: 'DOWN', r3: 'UP' });

    // The v1 walk: windows of 25 through the balancer until the total is covered.
    const tokens: string[] = [];
    let total = Infinity;
    for (let start = 0; start < total; start += 25) {
      const res = await lb('GET', `/v1/threads?workspaceId=${WORKSPACE}&start=${start}&total=25`);
      assert.equal(res.status, 200);
      assert.notEqual(res.headers[cluster.balancer.servedByHeader], 'r2');
      total = res.body.totalCount;
      tokens.push(...res.body.items.map((t: { threadToken: string }) => t.threadToken));
    }
    const present = new Set(tokens);
    assert.equal(present.size, tokens.length, 'no create stored twice');
    assert.deepEqual(acknowledged.filter((t) => !present.has(t)), [], 'acknowledged creates lost');
    // Creates that got no answer may or may not have committed; nothing else is there.
    assert.ok(tokens.length <= acknowledged.length + balancerErrors);

    // The v0 cursor walk completes on the two replicas left.
    let pages = 0;
    let threads = 0;
    for (let token: string | undefined, first = true; first || token; first = false) {
      const res = await lb('GET', `/human/v0/threads?limit=9${token ? `&page_token=${encodeURIComponent(token)}` : ''}`);
      assert.equal(res.status, 200);
      threads += res.body.threads.length;
      token = res.body.next_page_token;
      pages++;
    }
    assert.equal(threads, 60);
    assert.ok(pages >= 7);
    process.stderr.write(`replica killed after ${killedAt} acknowledged creates: ${acknowledged.length} acknowledged, ${balancerErrors} unanswered, none lost\n`);
  });
});
