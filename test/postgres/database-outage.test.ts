// PostgreSQL goes away and comes back: requests that need it get a 503 in their API's own error
// shape (never a hang, never a 500), readiness names the database, liveness stays 200, and the
// replica recovers by itself.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createSandboxApp } from '../../src/sandbox.js';
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
