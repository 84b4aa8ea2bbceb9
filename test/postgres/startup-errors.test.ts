// A start on PostgreSQL that fails says where (host, port, database, user; never the password),
// at which step, and what to do: a wrong password, a missing role or database, a role without
// privileges (and the GRANT it names is the one that makes the start work). Tables changed by hand
// at the version they claim are refused at start, before /ready could pass.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { generateDatabase } from '../../src/fake.js';
import { PostgresStore } from '../../src/store/postgres/postgres-store.js';
import { runCli } from '../helpers/cli.js';
import { clusterForTests, freshSchemaUrl, postgresSkip, startPostgres } from '../helpers/postgres.js';

const skip = postgresSkip();
const initial = () => generateDatabase(3, { executionThreads: 5, threads: 5 });
const open = (url: string) => PostgresStore.open({ url, initial, cursorSecret: 'startup-errors', timeoutMs: 3000 });
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/** The message a start on `url` fails with. */
async function startError(url: string): Promise<string> {
  const store = await open(url).catch((error: Error) => error);
  if (!(store instanceof Error)) {
    await store.close();
    assert.fail(`the start on ${url} succeeded`);
  }
  return store.message;
}

function withUser(base: string, user: string, password = '', database?: string): string {
  const u = new URL(base);
  u.username = user;
  u.password = password;
  if (database) u.pathname = `/${database}`;
  return u.toString();
}

async function sql(url: string, ...statements: string[]): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    for (const s of statements) await client.query(s);
  } finally {
    await client.end();
  }
}

describe('starting on PostgreSQL', { skip }, () => {
  let cluster: Awaited<ReturnType<typeof clusterForTests>>;
  let where: string;
  const suffix = `${process.pid}_${Date.now().toString(36)}`;
  const role = `sbx_nopriv_${suffix}`;
  const database = `sbx_db_${suffix}`;

  before(async () => {
    cluster = await clusterForTests();
    const u = new URL(cluster.url);
    where = `PostgreSQL at ${u.hostname}:${u.port}`;
    // A role that may log in and nothing more, and a database it does not own: on PostgreSQL 15
    // and later nobody but the owner creates in its schema public (revoked here for older ones).
    await sql(cluster.url, `CREATE ROLE ${role} LOGIN`, `CREATE DATABASE ${database}`);
    await sql(withUser(cluster.url, 'sandbox', '', database), 'REVOKE CREATE ON SCHEMA public FROM PUBLIC');
  });
  after(async () => {
    await sql(cluster.url, `DROP DATABASE IF EXISTS ${database} WITH (FORCE)`, `DROP ROLE IF EXISTS ${role}`).catch(() => undefined);
    await cluster?.release();
  });

  it('a missing role names the server, the database, the user and the step, and says how to create it', async () => {
    const message = await startError(withUser(cluster.url, `ghost_${suffix}`));
    assert.match(message, new RegExp(`^${escape(where)}/postgres as user "ghost_${suffix}": connecting failed: role "ghost_${suffix}" does not exist\\. Create the role: CREATE ROLE`));
  });

  it('a missing database says how to create it', async () => {
    const message = await startError(withUser(cluster.url, 'sandbox', '', `nodb_${suffix}`));
    assert.match(message, new RegExp(`^${escape(where)}/nodb_${suffix} as user "sandbox": connecting failed: database "nodb_${suffix}" does not exist\\. Create the database: CREATE DATABASE "nodb_${suffix}" OWNER "sandbox"`));
  });

  it('a role without privileges fails creating the tables, and the GRANT the message names makes the start work', async () => {
    const url = withUser(cluster.url, role, '', database);
    const message = await startError(url);
    assert.match(message, new RegExp(`^${escape(where)}/${database} as user "${role}": creating the tables failed: permission denied for schema public\\. Grant it`));
    const grant = /GRANT USAGE, CREATE ON SCHEMA public TO "[^"]+";/.exec(message)?.[0];
    assert.ok(grant, message);
    await sql(withUser(cluster.url, 'sandbox', '', database), grant);
    const store = await open(url);
    assert.equal(store.health().ready, true);
    await store.close();
  });

  it('tables changed by hand at the same migration version are refused at start, naming the change', async () => {
    const changes: [string, RegExp][] = [
      ['ALTER TABLE threads ALTER COLUMN position TYPE text', /threads: column position bigint not null is missing or different; threads: unexpected column position text not null/],
      ['ALTER TABLE execution_threads DROP CONSTRAINT execution_threads_pkey', /execution_threads: constraint PRIMARY KEY \(id\) is missing or different/],
      ['ALTER TABLE sandbox_journal DROP COLUMN headers', /sandbox_journal: column headers json is missing or different/],
      ['ALTER TABLE sandbox_state ALTER COLUMN seq DROP NOT NULL', /sandbox_state: column seq bigint not null default 0 is missing or different/],
      ['DROP INDEX threads_by_position', /threads: index USING btree \("position"\) is missing or different/],
    ];
    for (const [change, expected] of changes) {
      const url = await freshSchemaUrl(cluster.url);
      await (await open(url)).close();
      await sql(url, change);
      const message = await startError(url);
      assert.match(message, /checking the tables failed: the tables in schema "sbx_[^"]+" differ from what the migrations make/, change);
      assert.match(message, expected, `${change}: ${message}`);
    }
  });

  it('the CLI exits 2 (could not run) with that message on one line, and never listens', async () => {
    const url = await freshSchemaUrl(cluster.url);
    await (await open(url)).close();
    await sql(url, 'ALTER TABLE threads DROP COLUMN inbox_id');
    const result = await runCli(['serve', '--port', '0', '--store', url, '--log-level', 'info']);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /^thread-sandbox: PostgreSQL at .* checking the tables failed: .*threads: column inbox_id text not null is missing/m);
    assert.doesNotMatch(result.stderr, /\n\s+at /, 'no stack trace');
    assert.doesNotMatch(result.stdout + result.stderr, /listening on/);
  });
});

describe('starting on PostgreSQL that checks passwords', { skip }, () => {
  it('a wrong password names the server and the user, never the password', async () => {
    const cluster = await startPostgres({ passwords: true });
    try {
      const wrong = 'Wr0ng-Sekret';
      const message = await startError(withUser(cluster.url, 'sandbox', wrong));
      assert.match(message, new RegExp(`^PostgreSQL at 127\\.0\\.0\\.1:${cluster.port}/postgres as user "sandbox": connecting failed: password authentication failed for user "sandbox"\\. The password in the URL is wrong`));
      assert.ok(!message.includes(wrong), message);
      const right = await open(cluster.url);
      await right.close();
    } finally {
      await cluster.stop();
    }
  });
});
