// What a restart after SIGKILL finds: the data file and its log as they are, in a folder of their
// own (the killed process never released its lock, and a live store in this process holds it).
import { copyFile, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';

/** Copies the data file and its write-ahead log to a new folder; resolves with the copy's path. */
export async function crashCopy(file: string): Promise<string> {
  const copy = join(await mkdtemp(join(tmpdir(), 'sandbox-crash-copy-')), basename(file));
  await copyFile(file, copy);
  await copyFile(`${file}.wal`, `${copy}.wal`).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'ENOENT') throw error;
  });
  return copy;
}
