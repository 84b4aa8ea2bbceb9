// One process owns a data file. proper-lockfile takes the lock (an atomic mkdir of `<file>.lock`,
// kept fresh while we run); next to it `<file>.owner` names the holder, so that a second start can
// say who holds the file, and so that a lock left by a killed process is taken over at once
// instead of after proper-lockfile's staleness timeout.
import { readFile, rename, rm, rmdir, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import lockfile from 'proper-lockfile';
import { processIsAlive } from './atomic-file.js';
import { DataFileError } from './durable-json-file.js';

interface Owner {
  pid: number;
  host: string;
}

/** Releases the lock (and removes the owner note). */
export type ReleaseLock = () => Promise<void>;

const lockPath = (file: string) => `${file}.lock`;
const ownerPath = (file: string) => `${file}.owner`;

async function readOwner(file: string): Promise<Owner | undefined> {
  try {
    const owner = JSON.parse(await readFile(ownerPath(file), 'utf8')) as Partial<Owner>;
    return typeof owner.pid === 'number' && typeof owner.host === 'string' ? { pid: owner.pid, host: owner.host } : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Takes the lock on a data file before it is read, or throws a DataFileError naming the process
 * that holds it. `onLost` is called if the lock is taken away while we run (someone removed it).
 */
export async function lockDataFile(file: string, onLost: (error: Error) => void): Promise<ReleaseLock> {
  for (let attempt = 0; ; attempt++) {
    try {
      const release = await lockfile.lock(file, { realpath: false, lockfilePath: lockPath(file), stale: 10_000, update: 2_000, onCompromised: onLost });
      const temp = `${ownerPath(file)}.${process.pid}`;
      await writeFile(temp, JSON.stringify({ pid: process.pid, host: hostname() } satisfies Owner));
      await rename(temp, ownerPath(file));
      return async () => {
        await rm(ownerPath(file), { force: true });
        await release().catch(() => undefined);
      };
    } catch (error) {
      const e = error as NodeJS.ErrnoException;
      if (e.code !== 'ELOCKED') throw new DataFileError(file, `cannot be locked for this process (${e.message})`);
      const owner = await readOwner(file);
      const here = owner?.host === hostname();
      if (owner && owner.pid === process.pid && here) throw new DataFileError(file, 'is already open in this process (close the other store first)');
      if (!owner || !here || processIsAlive(owner.pid) || attempt > 0) {
        const who = owner ? `process ${owner.pid}${here ? '' : ` on ${owner.host}`}` : `another process (see ${lockPath(file)})`;
        throw new DataFileError(file, `is in use by ${who}: one thread-sandbox serves a data file at a time. Stop that one, or give this one another --data file`);
      }
      // The holder was killed without releasing: take the lock over (proper-lockfile would only
      // after its staleness timeout). A lock whose owner we cannot name is left to that timeout.
      await rm(ownerPath(file), { force: true });
      await rmdir(lockPath(file)).catch(() => undefined);
    }
  }
}
