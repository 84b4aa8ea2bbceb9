// Durable file replacement: write a temporary file, fsync it, rename it over the target, fsync the
// folder. A crash at any point leaves either the old file or the new one, never a torn mix.
import { readFileSync } from 'node:fs';
import { open, readdir, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { nodeFileLayer, writeAll, type FileLayer } from './file-layer.js';

export async function fsyncFolder(folder: string): Promise<void> {
  const handle = await open(folder, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

const tempPrefix = (file: string) => `.${basename(file)}.`;

/**
 * True when a process with this id runs (on this machine). A killed process that its parent has
 * not reaped yet (a zombie: init may take a second or two to reap an orphan) still answers
 * kill(pid, 0), but runs no more: /proc says so where there is one.
 */
export function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  return !isZombie(pid);
}

/** True when /proc/<pid>/stat gives the state Z (zombie) or X (dead); false where it cannot be read. */
function isZombie(pid: number): boolean {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return false;
  }
  // "pid (command) state ...": the command may hold spaces and parentheses, the state follows the last ')'.
  const state = stat.slice(stat.lastIndexOf(')') + 1).trim()[0];
  return state === 'Z' || state === 'X';
}

/**
 * Removes temporary files that a crash mid-write left next to the file (they were never renamed).
 * A temporary file names the process that writes it; those of a live process are left alone.
 */
export async function removeStaleTempFiles(file: string): Promise<void> {
  const folder = dirname(file);
  const prefix = tempPrefix(file);
  for (const name of await readdir(folder)) {
    if (!name.startsWith(prefix) || !name.endsWith('.tmp')) continue;
    const pid = Number(name.slice(prefix.length).split('.')[0]);
    if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && processIsAlive(pid)) continue;
    await rm(join(folder, name), { force: true });
  }
}

/** Replaces the file durably, or throws and leaves it as it was (and no temporary file behind). */
export async function writeFileAtomic(file: string, text: string, files: FileLayer = nodeFileLayer): Promise<void> {
  await writeFileAtomicFrom(file, [text], files);
}

/** Bytes gathered before a write: few system calls, and never the whole document in one buffer. */
const WRITE_BYTES = 1024 * 1024;

/**
 * writeFileAtomic for a document made in pieces (database-json.ts): each batch of pieces is written
 * as it comes, so neither the text nor its bytes are ever held whole. Fails as writeFileAtomic does.
 */
export async function writeFileAtomicFrom(file: string, pieces: Iterable<string> | AsyncIterable<string>, files: FileLayer = nodeFileLayer): Promise<void> {
  const folder = dirname(file);
  const temp = join(folder, `${tempPrefix(file)}${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  // The new file keeps the mode of the one it replaces (a file kept private stays private).
  const mode = await stat(file).then((s) => s.mode & 0o777, () => 0o644);
  const handle = await files.create(temp, mode);
  try {
    try {
      let position = 0;
      let batch: string[] = [];
      let batchLength = 0;
      const flush = async () => {
        const bytes = Buffer.from(batch.join(''), 'utf8');
        batch = [];
        batchLength = 0;
        await writeAll(handle, bytes, position);
        position += bytes.length;
      };
      for await (const piece of pieces) {
        batch.push(piece);
        batchLength += piece.length;
        if (batchLength >= WRITE_BYTES) await flush();
      }
      if (batchLength > 0 || position === 0) await flush();
      await handle.sync();
    } finally {
      await handle.close();
    }
    await files.rename(temp, file);
  } catch (error) {
    await files.remove(temp).catch(() => undefined);
    throw error;
  }
  await fsyncFolder(folder);
}
