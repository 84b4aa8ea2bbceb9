// The built CLI is one bundled file (scripts/bundle-cli.mjs) that leaves the PostgreSQL driver out
// and loads it from node_modules on first use: the sources' tests never run that file, so this one
// serves from PostgreSQL through it.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { clusterForTests, freshSchemaUrl, postgresSkip } from '../helpers/postgres.js';
import { assertMatchesSpec } from '../helpers/spec-check.js';

const BUILT_CLI = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));
const { NODE_TEST_CONTEXT: _ctx, NODE_OPTIONS: _opts, ...env } = process.env;

describe('the built CLI on PostgreSQL', { skip: postgresSkip(), timeout: 120_000 }, () => {
  let db: Awaited<ReturnType<typeof clusterForTests>>;
  before(async () => (db = await clusterForTests()));
  after(async () => db?.release());

  it('serves the fixtures from a PostgreSQL store and stops cleanly', async () => {
    const store = await freshSchemaUrl(db.url);
    const child = spawn(process.execPath, [BUILT_CLI, 'serve', '--port', '0', '--store', store], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    try {
      let out = '';
      const url = await new Promise<string>((resolve, reject) => {
        const onData = (d: Buffer) => {
          out += d.toString();
          const m = /listening on (http:\/\/[^\s"]+)/.exec(out);
          if (m?.[1]) resolve(m[1]);
        };
        child.stdout.on('data', onData);
        child.stderr.on('data', onData);
        void exited.then((code) => reject(new Error(`exited with ${code}:\n${out}`)));
      });
      const res = await fetch(`${url}/v1/threads?workspaceId=1`, { headers: { 'Api-Token': 'bundled' } });
      const body = (await res.json()) as { totalCount: number };
      await assertMatchesSpec('get', '/v1/threads?workspaceId=1', { status: res.status, body, headers: Object.fromEntries(res.headers) });
      assert.equal(res.status, 200);
      assert.equal(body.totalCount, 1);
    } finally {
      child.kill('SIGTERM');
    }
    assert.equal(await exited, 0, 'stops cleanly on SIGTERM');
  });
});
