// The data file belongs to the running process. If someone changes it anyway (a hand edit, a
// script), the save about to replace it keeps their copy beside it and says so, instead of
// overwriting it without a word.
import { copyFile, stat } from 'node:fs/promises';

/** What tells one version of a file from another without reading it. */
export interface DiskIdentity {
  ino: number;
  size: number;
  mtimeMs: number;
}

export async function diskIdentity(file: string): Promise<DiskIdentity | undefined> {
  try {
    const { ino, size, mtimeMs } = await stat(file);
    return { ino, size, mtimeMs };
  } catch {
    return undefined;
  }
}

const sameIdentity = (a: DiskIdentity, b: DiskIdentity | undefined) => b !== undefined && a.ino === b.ino && a.size === b.size && a.mtimeMs === b.mtimeMs;


/** Copies the file aside (with a warning naming both) when it is not the version this process last wrote or read. */
export async function keepCopyChangedElsewhere(file: string, known: DiskIdentity | undefined, warn: (message: string) => void): Promise<void> {
  const now = await diskIdentity(file);
  if (!now || sameIdentity(now, known)) return;
  const aside = `${file}.changed-elsewhere-${new Date().toISOString().replace(/[:.]/g, '-')}`;
  await copyFile(file, aside);
  warn(`${file} was changed on disk by someone else while thread-sandbox ran; saving over it, the other copy is kept as ${aside}`);
}
