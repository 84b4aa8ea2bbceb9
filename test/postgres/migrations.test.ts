// The schema is created by numbered migrations at start: replicas starting together take turns,
// a second start changes nothing, and a schema newer than the code is refused with a clear message.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { DEFAULT_FIXTURES, loadFixtures } from '../../src/fixtures.js';
import { LATEST_VERSION } from '../../src/store/postgres/migrations.js';
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

  it('a database whose schema is newer than the code is refused, naming both versions', async () => {
    const url = await freshSchemaUrl(cluster.url);
    await (await open(url)).close();
    await query(url, `INSERT INTO sandbox_migrations (version, name) VALUES (${LATEST_VERSION + 1}, 'from the future')`);
    await assert.rejects(open(url), (e: Error) => e.message.includes(`version ${LATEST_VERSION + 1}, newer than this thread-sandbox understands (up to ${LATEST_VERSION})`));
  });
});
