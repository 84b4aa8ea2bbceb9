// PostgreSQL goes away and comes back: requests that need it get a 503 in their API's own error
// shape (never a hang, never a 500), readiness names the database, liveness stays 200, and the
// replica recovers by itself. Crashed under writes from several replica processes, every replica
// stays up and every acknowledged create is still there.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { createSandboxApp } from '../../src/sandbox.js';
import { call } from '../helpers/checked-fetch.js';
import { startCli, type RunningCli } from '../helpers/cli.js';
import { clientFor, type Client } from '../helpers/http.js';
import { clusterForTests, postgresSkip } from '../helpers/postgres.js';

const skip = postgresSkip();

describe('when PostgreSQL goes away', { skip }, () => {
  let cluster: Awaited<ReturnType<typeof clusterForTests>>;
  let client: Client;

  before(async () => {
    // Its own cluster: this test stops it.
    cluster = await clusterForTests(true);
    const { app, services } = await createSandboxApp({ store: cluster.url, logLevel: 'silent', databaseTimeoutMs: 2000 });
    client = clientFor(app, services);
    assert.equal((await client.get('/v1/threads')).status, 200);
    await cluster.cluster?.pause();
  });
  after(async () => {
    await client?.services.store.close();
    await cluster?.release();
  });

  it('the public APIs answer 503 in their own error shapes', async () => {
    const v1 = await client.get('/v1/threads');
    assert.equal(v1.status, 503);
    assert.match(v1.body.message, /database \(PostgreSQL at 127\.0\.0\.1:\d+\/postgres\) is unavailable/);
    const v0 = await client.get('/human/v0/threads');
    assert.equal(v0.status, 503);
    assert.equal(v0.body.name, 'ServiceUnavailableError');
  });

  it('control-plane writes answer 503, and nothing is half done', async () => {
    const created = await client.post('/__sandbox/execution-threads', { threadToken: 'during-outage' });
    assert.equal(created.status, 503);
    assert.equal(created.body.name, 'ServiceUnavailableError');
    assert.equal(client.services.store.executionThreads.all().some((r) => r.threadToken === 'during-outage'), false);
  });

  it('readiness answers 503 naming the database; liveness stays 200', async () => {
    const ready = await client.get('/__sandbox/ready');
    assert.equal(ready.status, 503);
    assert.match(ready.body.message, /PostgreSQL at 127\.0\.0\.1/);
    assert.equal((await client.get('/__sandbox/health')).status, 200);
  });

  it('recovers by itself once the database is back', async () => {
    await cluster.cluster?.resume();
    assert.equal((await client.get('/__sandbox/ready')).status, 200);
    assert.equal((await client.get('/v1/threads')).status, 200);
    const created = await client.post('/__sandbox/execution-threads', { threadToken: 'after-outage' });
    assert.equal(created.status, 201);
  });
});

describe('when PostgreSQL hangs (processes stopped, connections open)', { skip }, () => {
  it('requests answer 503 after the database timeout instead of hanging, and recover after', async () => {
    const cluster = await clusterForTests(true);
    const { app, services } = await createSandboxApp({ store: cluster.url, logLevel: 'silent', databaseTimeoutMs: 500 });
    const client = clientFor(app, services);
    try {
      assert.equal((await client.get('/v1/threads')).status, 200);
      cluster.cluster?.freeze();
      const v1 = await client.get('/v1/threads');
      assert.equal(v1.status, 503);
      const write = await client.post('/__sandbox/threads', {});
      assert.equal(write.status, 503);
      assert.equal((await client.get('/__sandbox/health')).status, 200);
      cluster.cluster?.thaw();
      assert.equal((await client.get('/v1/threads')).status, 200);
    } finally {
      cluster.cluster?.thaw();
      await services.store.close();
      await cluster.release();
    }
  });
});

describe('when PostgreSQL crashes under writes from several replica processes', { skip }, () => {
  it('every replica stays up, answers 503 while the database is away, recovers by itself, and keeps every acknowledged create', { timeout: 180_000 }, async () => {
    const cluster = await clusterForTests(true);
    const replicas: RunningCli[] = [];
    let writing = true;
    let writers: Promise<void>[] = [];
    try {
      const started = await Promise.all([1, 2, 3].map(() => startCli(['--store', cluster.url, '--log-level', 'info', '--database-timeout', '1000'])));
      replicas.push(...started);
      const alive = () => replicas.filter((r) => r.child.exitCode === null && r.child.signalCode === null).length;
      const acknowledged = new Set<number>();
      const statuses = new Map<number, number>();
      const problems: string[] = [];
      // A writer stops at the first problem (an answer other than 201 or 503, a refused connection)
      // and says what it was: the assertions below name them.
      const writer = async (r: RunningCli, w: number) => {
        for (let i = 0; writing; i++) {
          try {
            const res = await call(r.url, 'POST', '/__sandbox/execution-threads', { threadToken: `crash-${w}-${i}` });
            statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
            if (res.status === 201) acknowledged.add(res.body.id);
            else if (res.status === 503) await sleep(50);
            else throw new Error(`a write answered ${res.status}: ${JSON.stringify(res.body)}`);
          } catch (error) {
            problems.push(`${r.url}: ${(error as Error).message}`);
            return;
          }
        }
      };
      writers = replicas.flatMap((r, n) => [writer(r, 2 * n), writer(r, 2 * n + 1)]);
      await sleep(1500);
      const before = acknowledged.size;
      assert.ok(before > 0, 'the replicas took creates before the crash');

      await cluster.cluster?.pause(); // pg_ctl stop -m immediate: a crash, mid-transaction
      await sleep(1500);
      for (const r of replicas) {
        assert.equal(r.child.exitCode, null, `the replica at ${r.url} is still running:\n${r.output().slice(-1500)}`);
        assert.deepEqual(problems, []);
        const v1 = await call(r.url, 'GET', '/v1/threads');
        assert.equal(v1.status, 503);
        assert.match(v1.body.message, /database \(PostgreSQL at 127\.0\.0\.1:\d+\/postgres\) is unavailable/);
        const v0 = await call(r.url, 'GET', '/human/v0/threads');
        assert.equal(v0.status, 503);
        assert.equal(v0.body.name, 'ServiceUnavailableError');
        assert.equal((await call(r.url, 'GET', '/__sandbox/ready')).status, 503);
        assert.equal((await call(r.url, 'GET', '/__sandbox/health')).status, 200);
      }

      await cluster.cluster?.resume();
      for (const r of replicas) {
        const deadline = Date.now() + 30_000;
        while ((await call(r.url, 'GET', '/__sandbox/ready')).status !== 200) {
          assert.ok(Date.now() < deadline, `the replica at ${r.url} is ready again within 30 s`);
          await sleep(200);
        }
      }
      const afterRestart = acknowledged.size;
      await sleep(1000);
      writing = false;
      await Promise.all(writers);
      assert.deepEqual(problems, []);
      assert.ok(acknowledged.size > afterRestart, `writes are acknowledged again after the restart (${JSON.stringify(Object.fromEntries(statuses))})`);
      assert.equal(alive(), replicas.length, 'no replica process exited');

      for (const r of replicas) {
        const list = await call(r.url, 'GET', '/__sandbox/execution-threads?limit=10000');
        assert.equal(list.status, 200);
        const held = new Set((list.body.executionThreads as { id: number }[]).map((e) => e.id));
        const lost = [...acknowledged].filter((id) => !held.has(id));
        assert.deepEqual(lost, [], `the replica at ${r.url} holds every one of the ${acknowledged.size} acknowledged creates`);
      }
    } finally {
      writing = false;
      await Promise.all(writers);
      for (const r of replicas) r.child.kill('SIGTERM');
      await Promise.all(replicas.map((r) => r.exited));
      await cluster.release();
    }
  });
});
