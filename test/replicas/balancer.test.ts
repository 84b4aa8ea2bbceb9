// The test balancer itself (test/helpers/haproxy.ts), on three in-memory sandboxes: it spreads
// requests round robin, and takes a stopped server out of rotation without failing a request.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startSandbox, type Sandbox } from '../../src/sandbox.js';
import { checkedFetch } from '../helpers/replica-fetch.js';
import { haproxySkip, startHaproxy, type Balancer } from '../helpers/haproxy.js';

describe('HAProxy in front of three sandboxes', { skip: haproxySkip() }, () => {
  let servers: Sandbox[] = [];
  let balancer: Balancer;
  before(async () => {
    servers = await Promise.all([0, 1, 2].map(() => startSandbox({ inMemory: true, port: 0, logLevel: 'silent' })));
    balancer = await startHaproxy(servers.map((s, i) => ({ name: `r${i}`, url: s.url })));
    await balancer.waitForStates({ r0: 'UP', r1: 'UP', r2: 'UP' });
  });
  after(async () => {
    await balancer?.stop();
    await Promise.all(servers.map((s) => s.stop().catch(() => undefined)));
  });

  it('answers round robin: six requests, two per server', async () => {
    const counts: Record<string, number> = {};
    for (let i = 0; i < 6; i++) {
      const res = await checkedFetch(balancer.url, 'GET', '/human/v0/threads?limit=1');
      assert.equal(res.status, 200);
      const by = res.headers[balancer.servedByHeader] as string;
      counts[by] = (counts[by] ?? 0) + 1;
    }
    assert.deepEqual(counts, { r0: 2, r1: 2, r2: 2 });
  });

  it('a stopped server leaves the rotation and no request fails meanwhile', async () => {
    await (servers[1] as Sandbox).stop();
    // Before the checks notice, a refused connection is redispatched to another server.
    for (let i = 0; i < 6; i++) {
      const res = await checkedFetch(balancer.url, 'GET', '/v1/threads?total=1');
      assert.equal(res.status, 200);
      assert.notEqual(res.headers[balancer.servedByHeader], 'r1');
    }
    await balancer.waitForStates({ r0: 'UP', r1: 'DOWN', r2: 'UP' });
  });
});
