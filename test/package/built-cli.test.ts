// The built CLI is one bundle with chunks (scripts/bundle-cli.mjs): a command's modules load on
// first use, and pg and faker come from node_modules. The sources' tests never run that build, so
// these run each command that loads a chunk of its own through it: serve on a data file and on
// PostgreSQL, seed, verify and proxy.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { BUILT, runCli, startCli, type RunningCli } from '../helpers/cli.js';
import { clusterForTests, freshSchemaUrl, postgresSkip } from '../helpers/postgres.js';
import { assertMatchesSpec } from '../helpers/spec-check.js';

const TIMEOUT = 60_000;

/** totalCount of workspace 1's execution threads, as `url` (the sandbox, or the proxy in front of it) answers. */
async function threadsOf(url: string): Promise<number> {
  const res = await fetch(`${url}/v1/threads?workspaceId=1`, { headers: { 'Api-Token': 'built' } });
  const body = (await res.json()) as { totalCount: number };
  await assertMatchesSpec('get', '/v1/threads?workspaceId=1', { status: res.status, body, headers: Object.fromEntries(res.headers) });
  assert.equal(res.status, 200);
  return body.totalCount;
}

async function stopped(server: RunningCli): Promise<void> {
  server.child.kill('SIGTERM');
  assert.equal((await server.exited).code, 0, 'stops cleanly on SIGTERM');
}

describe('the built CLI', () => {
  let dir: string;
  before(async () => (dir = await mkdtemp(join(tmpdir(), 'built-cli-'))));
  after(async () => rm(dir, { recursive: true, force: true }));

  it('seeds a data file and serves it; verify passes against it and the proxy forwards to it', async () => {
    const data = join(dir, 'seeded.json');
    const seeded = await runCli(['seed', '--seed', '9', '--execution-threads', '30', '--threads', '10', '--out', data], {}, TIMEOUT, BUILT);
    assert.equal(seeded.code, 0, seeded.stderr);
    const written = JSON.parse(await readFile(data, 'utf8')) as { executionThreads: { workspaceId: number }[]; threads: unknown[] };
    assert.equal(written.threads.length, 10);
    const inWorkspace1 = written.executionThreads.filter((t) => t.workspaceId === 1).length;
    const server = await startCli(['--data', data, '--log-level', 'warn'], {}, TIMEOUT, BUILT);
    try {
      assert.equal(await threadsOf(server.url), inWorkspace1);
      const verified = await runCli(['verify', '--target', server.url], {}, TIMEOUT, BUILT);
      assert.equal(verified.code, 0, verified.stdout + verified.stderr);
      assert.match(verified.stdout, /checks: \d+ passed, 0 failed/);
      const proxy = spawn(process.execPath, [...BUILT, 'proxy', '--target', server.url, '--port', '0'], { env: { ...process.env, NODE_OPTIONS: '' }, stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      proxy.stdout.on('data', (d: Buffer) => (out += d.toString()));
      const url = await new Promise<string>((resolve, reject) => {
        proxy.stderr.on('data', (d: Buffer) => {
          out += d.toString();
          const m = /proxy listening on (http:\/\/\S+),/.exec(out);
          if (m?.[1]) resolve(m[1]);
        });
        proxy.on('close', (code) => reject(new Error(`the proxy exited with ${code}:\n${out}`)));
      });
      assert.equal(await threadsOf(url), inWorkspace1);
      proxy.kill('SIGINT');
      const [code] = (await once(proxy, 'close')) as [number | null];
      assert.equal(code, 0, out);
      assert.match(out, /1 request to .*, none broke the contract/);
    } finally {
      await stopped(server);
    }
  });

  it('serves from PostgreSQL (the driver loaded from node_modules on first use)', { skip: postgresSkip() }, async () => {
    const db = await clusterForTests();
    try {
      const server = await startCli(['--store', await freshSchemaUrl(db.url)], {}, TIMEOUT, BUILT);
      try {
        assert.equal(await threadsOf(server.url), 1);
      } finally {
        await stopped(server);
      }
    } finally {
      await db.release();
    }
  });
});
