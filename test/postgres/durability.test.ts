// Acknowledged means committed: every write a replica answered is in the database, so a replica
// that starts afterwards (or the other one) holds it, whatever the interleaving of concurrent writers.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createExecutionThread } from '../../src/control/arrange-execution-threads.js';
import { createMessage, createThread } from '../../src/control/arrange-threads.js';
import pg from 'pg';
import { DEFAULT_FIXTURES, loadFixtures } from '../../src/fixtures.js';
import { createSandboxApp } from '../../src/sandbox.js';
import { PostgresStore } from '../../src/store/postgres/postgres-store.js';
import type { Services } from '../../src/services.js';
import { clusterForTests, freshSchemaUrl, postgresSkip } from '../helpers/postgres.js';

const skip = postgresSkip();

describe('durable writes on PostgreSQL', { skip }, () => {
  let cluster: Awaited<ReturnType<typeof clusterForTests>>;
  let url: string;
  const opened: Services[] = [];
  const replica = async () => {
    const { services } = await createSandboxApp({ store: url, logLevel: 'silent' });
    opened.push(services);
    return services;
  };

  before(async () => {
    cluster = await clusterForTests();
    url = await freshSchemaUrl(cluster.url);
  });
  after(async () => {
    await Promise.all(opened.map((s) => s.store.close()));
    await cluster?.release();
  });

  it('concurrent writes through two replicas all land, with distinct ids and uids, and a new replica loads them all', async () => {
    const [a, b] = await Promise.all([replica(), replica()]);
    const thread = await createThread(a, { thread_id: 'thr-stream', inbox_id: 'inbox-stream' });
    // What the pipeline does before every request's handler.
    await b.store.sync();
    const writes = Array.from({ length: 60 }, (_, i) => {
      const on = i % 2 === 0 ? a : b;
      return i % 3 === 0 ? createMessage(on, thread.thread_id, {}).then((r) => `uid ${r.message.uid}`) : createExecutionThread(on, { workspaceId: 42 }).then((r) => `id ${r.id}`);
    });
    const acknowledged = await Promise.all(writes);
    assert.equal(new Set(acknowledged).size, acknowledged.length, 'no id or uid was handed out twice');

    const fresh = await replica();
    assert.equal(fresh.store.executionThreads.query({ workspaceId: 42 }).length, 40);
    assert.equal(fresh.store.threads.get('thr-stream')?.messages.length, 1 + 20);
    await a.store.sync();
    await b.store.sync();
    const bytes = JSON.stringify(fresh.store.snapshot());
    assert.equal(JSON.stringify(a.store.snapshot()), bytes);
    assert.equal(JSON.stringify(b.store.snapshot()), bytes);
  });

  it('a replica that never closed its store loses nothing it acknowledged', async () => {
    const a = await replica();
    const record = await createExecutionThread(a, { threadToken: 'acknowledged-then-gone' });
    // No close, no flush: the next replica reads what the database committed.
    const next = await replica();
    assert.deepEqual(next.store.executionThreads.get(record.id), record);
  });

  it('commits are synchronous even where the database defaults to asynchronous commit', async () => {
    const admin = new pg.Client({ connectionString: cluster.url });
    await admin.connect();
    const name = `async_${process.pid}_${Date.now()}`;
    try {
      await admin.query(`CREATE DATABASE ${name}`);
      await admin.query(`ALTER DATABASE ${name} SET synchronous_commit = off`);
    } finally {
      await admin.end();
    }
    const target = new URL(cluster.url);
    target.pathname = `/${name}`;
    const store = await PostgresStore.open({ url: target.toString(), initial: () => loadFixtures(DEFAULT_FIXTURES), cursorSecret: 's' });
    try {
      const { rows } = await store.query<{ synchronous_commit: string }>('SHOW synchronous_commit');
      assert.equal(rows[0]?.synchronous_commit, 'on');
    } finally {
      await store.close();
    }
  });
});
