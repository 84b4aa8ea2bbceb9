// Durable file replacement: write a temporary file, fsync it, rename it over the target, fsync the
// folder. A crash at any point leaves either the old file or the new one, never a torn mix.
import { open, readdir, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';

export async function fsyncFolder(folder: string): Promise<void> {
  const handle = await open(folder, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

const tempPrefix = (file: string) => `.${basename(file)}.`;

/** Removes temporary files that a crash mid-write left next to the file (they were never renamed). */
export async function removeStaleTempFiles(file: string): Promise<void> {
  const folder = dirname(file);
  const prefix = tempPrefix(file);
  for (const name of await readdir(folder)) {
    if (name.startsWith(prefix) && name.endsWith('.tmp')) await rm(join(folder, name), { force: true });
  }
}

export async function writeFileAtomic(file: string, text: string): Promise<void> {
  const folder = dirname(file);
  const temp = join(folder, `${tempPrefix(file)}${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  const handle = await open(temp, 'w', 0o644);
  try {
    await handle.writeFile(text, 'utf8');
    await handle.sync();
  } catch (error) {
    await handle.close().catch(() => undefined);
    await rm(temp, { force: true });
    throw error;
  }
  await handle.close();
  await rename(temp, file);
  await fsyncFolder(folder);
}
