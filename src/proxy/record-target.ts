// `--record FILE` is written once, at stop: a path that cannot be written must be found at start,
// not after the whole session. The check does what the write will do: create a file in the folder
// (the recording is written to a temporary file there, then renamed over FILE).
import { stat, unlink, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';

/** Why FILE cannot be written as a recording, or undefined when it can. */
export async function recordTargetProblem(file: string): Promise<string | undefined> {
  const path = resolve(file);
  const folder = dirname(path);
  try {
    if ((await stat(path)).isDirectory()) return `${file} is a folder; give a file name`;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOTDIR') return `${folder} is not a folder`;
    if (code !== 'ENOENT') return `${file}: ${(error as Error).message}`;
  }
  const probe = join(folder, `.${basename(path)}.${process.pid}.probe`);
  try {
    await writeFile(probe, '', { flag: 'wx' });
    await unlink(probe);
    return undefined;
  } catch (error) {
    const e = error as NodeJS.ErrnoException;
    if (e.code === 'ENOENT') return `the folder ${folder} does not exist`;
    if (e.code === 'ENOTDIR') return `${folder} is not a folder`;
    if (e.code === 'EACCES' || e.code === 'EPERM' || e.code === 'EROFS') return `the folder ${folder} may not be written (${e.code})`;
    return `${folder}: ${e.message}`;
  }
}
