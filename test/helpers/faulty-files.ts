// A file layer that fails like a full disk, without root or a tmpfs: while the switch file exists
// (or `full` is set), a write stores at most `partialBytes` more bytes (a short write) and then
// throws ENOSPC; `eio` makes every fsync fail with EIO instead.
import { existsSync } from 'node:fs';
import { nodeFileLayer, type FileLayer, type WritableFile } from '../../src/store/file-layer.js';

const errno = (code: string, what: string) => Object.assign(new Error(`${code}: ${what}`), { code });

export class FaultyFiles implements FileLayer {
  full = false;
  eio = false;
  /** Bytes a failing write still stores before it fails (a torn append). */
  partialBytes = 7;

  constructor(private readonly switchFile?: string) {}

  get #failing(): boolean {
    return this.full || (this.switchFile !== undefined && existsSync(this.switchFile));
  }

  #wrap(file: WritableFile): WritableFile {
    return {
      ...file,
      write: async (data, position) => {
        if (!this.#failing) return file.write(data, position);
        if (this.partialBytes > 0 && data.length > 1) {
          const n = await file.write(data.subarray(0, Math.min(this.partialBytes, data.length - 1)), position);
          this.partialBytes = 0; // the next attempt finds the disk full
          return n;
        }
        this.partialBytes = 7;
        throw errno('ENOSPC', 'no space left on device, write');
      },
      datasync: async () => {
        if (this.eio) throw errno('EIO', 'i/o error, fdatasync');
        return file.datasync();
      },
      sync: async () => {
        if (this.eio) throw errno('EIO', 'i/o error, fsync');
        return file.sync();
      },
    };
  }

  openAppend = async (path: string) => this.#wrap(await nodeFileLayer.openAppend(path));
  create = async (path: string, mode: number) => this.#wrap(await nodeFileLayer.create(path, mode));
  rename = (from: string, to: string) => nodeFileLayer.rename(from, to);
  remove = (path: string) => nodeFileLayer.remove(path);
}
