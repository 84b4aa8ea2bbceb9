// Full disk for real: the data file on a small tmpfs mounted for the test (root only), filled
// with a filler file and freed again. The same cases as full-disk.test.ts.
import { execFileSync } from 'node:child_process';
import { mkdtemp, open, rm, rmdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { startCli } from '../helpers/cli.js';
import { assertFailedResetChangesNothing, assertRestartServes, writeThroughAFullDisk, type Disk } from './full-disk-scenario.js';

const isRoot = process.getuid?.() === 0;
const skip = isRoot ? false : 'needs root to mount a tmpfs (full-disk.test.ts covers the same cases without root)';

/** Fills the file system with one file, written until it refuses (ENOSPC). */
async function fillWith(filler: string): Promise<void> {
  const handle = await open(filler, 'w');
  try {
    for (const size of [1 << 16, 4096, 1]) {
      const chunk = Buffer.alloc(size, 0x61);
      for (;;) {
        try {
          await handle.write(chunk);
        } catch {
          break;
        }
      }
    }
  } finally {
    await handle.close();
  }
}

/** Runs with a fresh 1 MB tmpfs; false when it cannot be mounted here (root in a container without the right). */
async function withTmpfs(run: (folder: string) => Promise<void>): Promise<boolean> {
  const mountPoint = await mkdtemp(join(tmpdir(), 'sandbox-tmpfs-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', mountPoint], { stdio: 'ignore' });
  } catch {
    await rmdir(mountPoint);
    return false;
  }
  try {
    await run(mountPoint);
  } finally {
    execFileSync('umount', ['-l', mountPoint]);
    await rmdir(mountPoint);
  }
  return true;
}

for (const [name, scenario] of [
  ['creates on a full tmpfs are 507s, ready is a 503, and a restart after SIGKILL serves exactly the creates answered 201', 'writes'],
  ['a reset that cannot be saved on a full tmpfs leaves the data file, the log and the data served as they were', 'reset'],
] as const) {
  test(name, { skip, timeout: 180_000 }, async (t) => {
    const mounted = await withTmpfs(async (folder) => {
      const file = join(folder, 'db.json');
      const filler = join(folder, 'filler');
      const disk: Disk = { fill: () => fillWith(filler), free: () => rm(filler) };
      const server = await startCli(['--data', file]);
      try {
        if (scenario === 'writes') await assertRestartServes(server, file, await writeThroughAFullDisk(server, file, disk));
        else await assertFailedResetChangesNothing(server, file, disk);
      } finally {
        server.child.kill('SIGKILL');
        await server.exited;
      }
    });
    if (!mounted) t.skip('cannot mount a tmpfs here (full-disk.test.ts covers the same cases)');
  });
}
