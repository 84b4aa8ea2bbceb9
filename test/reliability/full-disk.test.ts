// Full disk without root: the server runs on a file layer that fails writes like a full disk
// (ENOSPC after a short write) while a switch file exists. See full-disk-tmpfs.test.ts for a real disk.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { startScript } from '../helpers/checked-fetch.js';
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
