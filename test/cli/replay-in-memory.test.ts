// Replaying a recording without touching it (issue 25): `serve --in-memory --data FILE` serves FILE
// from memory and writes nothing, neither beside it (.wal, .lock, .owner, .origin.json) nor in it,
// whatever the control plane is asked to change.
import assert from 'node:assert/strict';
import { mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { startSandbox } from '../../src/index.js';
import { call } from '../helpers/checked-fetch.js';
import { runCli, startCli } from '../helpers/cli.js';

const FIXTURES = JSON.parse(await readFile(new URL('../../fixtures/default.json', import.meta.url), 'utf8')) as { executionThreads: { workspaceId: number }[] };

/** A data file unlike the bundled fixtures: one execution thread, in workspace 9. */
async function recording(): Promise<{ dir: string; file: string; bytes: Buffer }> {
  const dir = await mkdtemp(join(tmpdir(), 'replay-'));
  const file = join(dir, 'recording.json');
  const first = { ...FIXTURES.executionThreads[0], workspaceId: 9 };
  await writeFile(file, JSON.stringify({ ...FIXTURES, executionThreads: [first] }, null, 2));
  return { dir, file, bytes: await readFile(file) };
}

async function writeThroughTheControlPlane(url: string): Promise<void> {
  assert.equal((await call(url, 'POST', '/__sandbox/execution-threads', { workspaceId: 9, threadToken: 'replayed', type: 'Manual' })).status, 201);
  assert.equal((await call(url, 'GET', '/v1/threads?workspaceId=9')).body.totalCount, 2);
  assert.equal((await call(url, 'POST', '/__sandbox/reset')).status, 200);
  assert.equal((await call(url, 'GET', '/v1/threads?workspaceId=9')).body.totalCount, 1, 'a reset goes back to the file');
  assert.equal((await call(url, 'DELETE', '/__sandbox/execution-threads/1')).status, 204);
}

describe('replay in memory', { timeout: 120_000 }, () => {
  it('serve --in-memory --data FILE serves FILE and writes nothing anywhere', async () => {
    const { dir, file, bytes } = await recording();
    const listing = await readdir(dir);
    const cli = await startCli(['--in-memory', '--data', file]);
    try {
      const served = await call(cli.url, 'GET', '/v1/threads?workspaceId=9');
      assert.equal(served.body.totalCount, 1, 'the file is served, not the bundled fixtures');
      await writeThroughTheControlPlane(cli.url);
    } finally {
      cli.child.kill('SIGTERM');
    }
    assert.equal((await cli.exited).code, 0);
    assert.deepEqual(await readdir(dir), listing, 'nothing beside the file');
    assert.deepEqual(await readFile(file), bytes, 'the file unchanged');
  });

  it('startSandbox({ data, inMemory: true }) does the same in-process', async () => {
    const { dir, file, bytes } = await recording();
    const listing = await readdir(dir);
    const sandbox = await startSandbox({ data: file, inMemory: true });
    try {
      assert.equal((await call(sandbox.url, 'GET', '/v1/threads?workspaceId=9')).body.totalCount, 1);
      await writeThroughTheControlPlane(sandbox.url);
    } finally {
      await sandbox.stop();
    }
    assert.deepEqual(await readdir(dir), listing);
    assert.deepEqual(await readFile(file), bytes);
  });

  it('--seed beside it names the data instead (the way out a conflicting data file is offered)', async () => {
    const { dir, file, bytes } = await recording();
    const listing = await readdir(dir);
    const cli = await startCli(['--in-memory', '--data', file, '--seed', '3', '--execution-threads', '5', '--threads', '2']);
    try {
      assert.equal((await call(cli.url, 'GET', '/human/v0/threads?limit=10')).body.threads.length, 2, 'seed 3 is served');
    } finally {
      cli.child.kill('SIGTERM');
    }
    assert.equal((await cli.exited).code, 0);
    assert.deepEqual(await readdir(dir), listing);
    assert.deepEqual(await readFile(file), bytes);
  });

  it('refuses a file whose log holds writes not folded into it yet, which the replay would miss', async () => {
    const { file } = await recording();
    await writeFile(`${file}.wal`, '{"not":"folded"}\n');
    const result = await runCli(['--in-memory', '--data', file, '--port', '0']);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /recording\.json\.wal holds writes not yet folded into .*recording\.json/);
  });

  it('refuses a file it cannot load as a usage error', async () => {
    const { dir } = await recording();
    const broken = join(dir, 'broken.json');
    await writeFile(broken, '{"executionThreads": 3}');
    const invalid = await runCli(['--in-memory', '--data', broken, '--port', '0']);
    assert.equal(invalid.code, 2);
    assert.match(invalid.stderr, /broken\.json: .*not a valid thread-sandbox database/);
    assert.deepEqual((await readdir(dir)).sort(), ['broken.json', 'recording.json']);
  });
});
