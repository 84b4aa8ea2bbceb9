// The schema is created by numbered migrations at start: replicas starting together take turns,
// a second start changes nothing, and a schema newer than the code is refused with a clear message.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { DEFAULT_FIXTURES, loadFixtures } from '../../src/fixtures.js';
import { LATEST_VERSION, MIGRATIONS } from '../../src/store/postgres/migrations.js';
import { PostgresStore } from '../../src/store/postgres/postgres-store.js';
import { clusterForTests, freshSchemaUrl, postgresSkip } from '../helpers/postgres.js';

const skip = postgresSkip();

async function query<R extends pg.QueryResultRow>(url: string, text: string): Promise<R[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<R>(text)).rows;
  } finally {
    await client.end();
  }
}

describe('migrations', { skip }, () => {
  let cluster: Awaited<ReturnType<typeof clusterForTests>>;
  before(async () => {
    cluster = await clusterForTests();
  });
  after(() => cluster?.release());

  const fixtures = () => loadFixtures(DEFAULT_FIXTURES);
  const open = (url: string, secret = 'secret') => PostgresStore.open({ url, initial: fixtures, cursorSecret: secret });

  it('replicas starting at once migrate and seed once, and agree on the page-token secret', async () => {
    const url = await freshSchemaUrl(cluster.url);
    const stores = await Promise.all(['s1', 's2', 's3', 's4'].map((s) => open(url, s)));
    try {
      const versions = await query<{ version: number }>(url, 'SELECT version FROM sandbox_migrations ORDER BY version');
      assert.deepEqual(versions.map((v) => v.version), Array.from({ length: LATEST_VERSION }, (_, i) => i + 1));
      const secrets = new Set(stores.map((s) => s.cursorSecret));
      assert.equal(secrets.size, 1);
      const expected = (await fixtures()).threads.length;
      const sizes = stores.map((s) => s.threads.size);
      assert.ok(sizes.every((n) => n === expected), String(sizes));
      const [{ count }] = (await query<{ count: string }>(url, 'SELECT count(*) FROM threads')) as [{ count: string }];
      assert.equal(Number(count), expected, 'seeded once, not once per replica');
    } finally {
      await Promise.all(stores.map((s) => s.close()));
    }
  });

  it('a database from before the counters counts on from its rows and the puts still in its change log', async () => {
    const url = await freshSchemaUrl(cluster.url);
    const exec = (id: number) => ({ id, workspaceId: 1, threadToken: null, type: 'Manual', createdAt: '2026-01-01T00:00:00.000Z' });
    const message = (uid: number) => ({ message_id: `m${uid}`, message_id_header: `<m${uid}@x>`, from: 'a@x', subject: 's', snippet: '', received_at: '2026-01-01T00:00:00.000Z', folder: 'INBOX', uid });
    const thread = (id: string, inbox: string, uid: number) => ({ thread_id: id, inbox_id: inbox, messages: [message(uid)] });
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      // Version 2, as a thread-sandbox of then left it: execution thread 40 and a thread holding
      // uid 90 were created and deleted, and only the change log still says so.
      await client.query('CREATE TABLE sandbox_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())');
      for (const m of MIGRATIONS.filter((x) => x.version <= 2)) {
        await client.query(m.sql);
        await client.query('INSERT INTO sandbox_migrations (version, name) VALUES ($1, $2)', [m.version, m.name]);
      }
      await client.query(`UPDATE sandbox_state SET seeded = true, seq = 4, next_position = 2, cursor_secret = 's'`);
      await client.query('INSERT INTO execution_threads (id, workspace_id, record) VALUES (5, 1, $1)', [JSON.stringify(exec(5))]);
      await client.query(`INSERT INTO threads (thread_id, inbox_id, position, record) VALUES ('t1', 'in-1', 1, $1)`, [JSON.stringify(thread('t1', 'in-1', 7))]);
      const changes = [
        { op: 'putExecutionThread', record: exec(40) },
        { op: 'deleteExecutionThread', id: 40 },
        { op: 'putThread', thread: thread('t2', 'in-2', 90) },
        { op: 'deleteThread', id: 't2' },
      ];
      for (const [i, change] of changes.entries()) await client.query('INSERT INTO sandbox_changes (seq, generation, change) VALUES ($1, 0, $2)', [i + 1, JSON.stringify(change)]);
    } finally {
      await client.end();
    }
    const store = await open(url);
    try {
      const next = await store.write((s) => ({ changes: [], result: [s.nextExecutionThreadId(), s.nextUid('in-1'), s.nextUid('in-2')] }));
      assert.deepEqual(next, [41, 8, 91]);
    } finally {
      await store.close();
    }
  });

  it('a database whose schema is newer than the code is refused, naming both versions', async () => {
    const url = await freshSchemaUrl(cluster.url);
    await (await open(url)).close();
    await query(url, `INSERT INTO sandbox_migrations (version, name) VALUES (${LATEST_VERSION + 1}, 'from the future')`);
    await assert.rejects(open(url), (e: Error) => e.message.includes(`version ${LATEST_VERSION + 1}, newer than this thread-sandbox understands (up to ${LATEST_VERSION})`));
  });
});
