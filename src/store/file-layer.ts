// The few file operations through which the store writes, behind one interface: tests swap in a
// layer that fails like a full disk (ENOSPC, short writes) without needing root or a tmpfs.
import { open, rename, rm, type FileHandle } from 'node:fs/promises';

/** An open file the store writes to. */
export interface WritableFile {
  /** Writes at `position` (null: at the end, or where the last write ended); resolves with the bytes written, which may be fewer. */
  write(data: Uint8Array, position: number | null): Promise<number>;
  datasync(): Promise<void>;
  sync(): Promise<void>;
  truncate(length: number): Promise<void>;
  size(): Promise<number>;
  close(): Promise<void>;
}

export interface FileLayer {
  /** Opens for appending, creating the file when missing. */
  openAppend(path: string): Promise<WritableFile>;
  /** Creates a new file that must not exist yet. */
  create(path: string, mode: number): Promise<WritableFile>;
  rename(from: string, to: string): Promise<void>;
  remove(path: string): Promise<void>;
}

function wrap(handle: FileHandle): WritableFile {
  return {
    write: async (data, position) => (await handle.write(data, 0, data.length, position)).bytesWritten,
    datasync: () => handle.datasync(),
    sync: () => handle.sync(),
    truncate: (length) => handle.truncate(length),
    size: async () => (await handle.stat()).size,
    close: () => handle.close(),
  };
}

export const nodeFileLayer: FileLayer = {
  openAppend: async (path) => wrap(await open(path, 'a')),
  create: async (path, mode) => wrap(await open(path, 'wx', mode)),
  rename: (from, to) => rename(from, to),
  remove: (path) => rm(path, { force: true }),
};

/** Writes all of data, or throws (a write that makes no progress is a full disk). */
export async function writeAll(file: WritableFile, data: Uint8Array, position: number | null): Promise<void> {
  let done = 0;
  while (done < data.length) {
    const n = await file.write(data.subarray(done), position === null ? null : position + done);
    if (n <= 0) throw Object.assign(new Error(`short write: ${done} of ${data.length} bytes written`), { code: 'ENOSPC' });
    done += n;
  }
}
