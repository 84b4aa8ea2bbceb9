// A data file (or its folder) that may not be written is refused at start, before anything is
// written: a save would otherwise replace a read-only file through a rename (and change its mode).
// Root may write anything, so a mode without write bits counts as "may not be written" too: it
// says what the owner wants.
import type { Stats } from 'node:fs';
import { access, constants, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { DataFileError } from './durable-json-file.js';

async function statOrUndefined(path: string): Promise<Stats | undefined> {
  try {
    return await stat(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

async function mayWrite(path: string, mode: number): Promise<boolean> {
  if ((mode & 0o222) === 0) return false;
  return access(path, constants.W_OK).then(
    () => true,
    () => false,
  );
}

const octal = (mode: number) => `0${(mode & 0o777).toString(8)}`;

/** Throws a DataFileError naming the file or folder that may not be written, with what to do instead. */
export async function assertWritable(file: string): Promise<void> {
  let existing: Stats | undefined;
  try {
    existing = await statOrUndefined(file);
  } catch (error) {
    throw new DataFileError(file, `cannot be read (${(error as Error).message})`);
  }
  if (existing && !(await mayWrite(file, existing.mode))) {
    throw new DataFileError(
      file,
      `may not be written (mode ${octal(existing.mode)}), and thread-sandbox saves every change into its data file. To serve it as it is without changing it, start with --fixtures ${file} --in-memory`,
    );
  }
  // The nearest folder that exists is where the file (or its missing folders) would be created.
  let folder = dirname(file);
  let found = await statOrUndefined(folder).catch(() => undefined);
  while (!found && dirname(folder) !== folder) {
    folder = dirname(folder);
    found = await statOrUndefined(folder).catch(() => undefined);
  }
  if (found?.isDirectory() && !(await mayWrite(folder, found.mode))) {
    const instead = existing ? `--fixtures ${file} --in-memory` : '--in-memory (with --fixtures FILE for your data)';
    throw new DataFileError(
      folder,
      `is a folder this process may not write (mode ${octal(found.mode)}), so ${file} cannot be saved there. Give --data a file in a writable folder, or start with ${instead}`,
    );
  }
}
