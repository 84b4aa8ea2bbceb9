// Full disk without root: the server runs on a file layer that fails writes like a full disk
// (ENOSPC after a short write) while a switch file exists. See full-disk-tmpfs.test.ts for a real disk.
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { startSandbox } from '../../src/sandbox.js';
import { call, startScript } from '../helpers/checked-fetch.js';
import { FaultyFiles } from '../helpers/faulty-files.js';
import { assertFailedResetChangesNothing, assertRestartServes, writeThroughAFullDisk, type Disk } from './full-disk-scenario.js';

async function setUp() {
  const folder = await mkdtemp(join(tmpdir(), 'sandbox-full-disk-'));
  const file = join(folder, 'db.json');
  const switchFile = join(folder, 'disk-is-full');
  const disk: Disk = { fill: () => writeFile(switchFile, ''), free: () => rm(switchFile) };
  const server = await startScript('./serve-on-faulty-disk.ts', [file, switchFile]);
  return { file, disk, server };
}

test('on a full disk a create is a 507 naming the cause, ready is a 503, nothing of it is kept, and a restart serves exactly the creates answered 201', { timeout: 120_000 }, async () => {
  const { file, disk, server } = await setUp();
  try {
    const acknowledged = await writeThroughAFullDisk(server, file, disk);
    await assertRestartServes(server, file, acknowledged);
  } finally {
    server.child.kill('SIGKILL');
  }
});

test('a reset that cannot be saved is a 507 and leaves the data file, the log and the data served as they were', { timeout: 120_000 }, async () => {
  const { file, disk, server } = await setUp();
  try {
    await assertFailedResetChangesNothing(server, file, disk);
  } finally {
    server.child.kill('SIGKILL');
  }
});

test('an I/O error on the log fsync is a 507 naming it, and the log is cut back to what it held', { timeout: 60_000 }, async () => {
  const file = join(await mkdtemp(join(tmpdir(), 'sandbox-eio-')), 'db.json');
  const files = new FaultyFiles();
  const sandbox = await startSandbox({ inMemory: false, data: file, files });
  try {
    assert.equal((await call(sandbox.url, 'POST', '/__sandbox/threads', { thread_id: 'kept' })).status, 201);
    const log = await readFile(`${file}.wal`);
    files.eio = true;
    const refused = await call(sandbox.url, 'POST', '/__sandbox/threads', { thread_id: 'lost' });
    assert.equal(refused.status, 507);
    assert.match(refused.body.message, /an I\/O error/);
    assert.deepEqual(await readFile(`${file}.wal`), log, 'the log holds what it held before');
    assert.equal((await call(sandbox.url, 'GET', '/__sandbox/threads/lost')).status, 404, 'nothing of the refused write is served');
    files.eio = false;
    assert.equal((await call(sandbox.url, 'POST', '/__sandbox/threads', { thread_id: 'later' })).status, 201);
    assert.equal((await call(sandbox.url, 'GET', '/__sandbox/ready')).status, 200);
  } finally {
    await sandbox.stop();
  }
});
