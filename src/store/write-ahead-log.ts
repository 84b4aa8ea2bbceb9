// Append-only log of store operations, one JSON line each, fsynced per batch. Rewriting a large
// database file per write is too slow; the log makes a write durable in one small append and is
// folded into the database file from time to time (compaction) and at shutdown.
import { open, readFile, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import { fsyncFolder } from './atomic-file.js';
import { DataFileError } from './durable-json-file.js';

export class WriteAheadLog {
  #handle: FileHandle | undefined;
  #entries = 0;
  #bytes = 0;

  constructor(readonly file: string) {}

  get entries(): number {
    return this.#entries;
  }

  get bytes(): number {
    return this.#bytes;
  }

  /**
   * Lines of the log in order. A torn last line (a crash mid-append, never acknowledged) is dropped,
   * and cut off the file when it is opened for appending: left in place, the next append would
   * bury it mid-log, where it would stop the next start.
   */
  async readLines(): Promise<unknown[]> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw new DataFileError(this.file, `cannot be read (${(error as Error).message})`);
    }
    const lines = text.split('\n');
    const complete = text.endsWith('\n');
    const out: unknown[] = [];
    let validBytes = 0;
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i] as string;
      const last = i === lines.length - 1;
      const size = Buffer.byteLength(line) + (last ? 0 : 1);
      if (line !== '') {
        try {
          out.push(JSON.parse(line));
        } catch (error) {
          if (last && !complete) break;
          throw new DataFileError(this.file, `line ${i + 1} is not valid JSON (${(error as Error).message})`);
        }
      }
      validBytes += size;
    }
    this.#entries = out.length;
    this.#bytes = validBytes;
    return out;
  }

  /** Opens for appending; fails at start, not at the first write, when the folder is not writable. */
  async openForAppend(): Promise<void> {
    this.#handle = await open(this.file, 'a');
    const { size } = await this.#handle.stat();
    // Drop a torn tail that readLines() skipped (size > #bytes), so appends start on a clean line.
    if (size > this.#bytes) await this.#handle.truncate(this.#bytes);
    if (this.#bytes > 0) {
      const tail = Buffer.alloc(1);
      const reader = await open(this.file, 'r');
      try {
        await reader.read(tail, 0, 1, this.#bytes - 1);
      } finally {
        await reader.close();
      }
      if (tail[0] !== 0x0a) {
        await this.#handle.write('\n');
        this.#bytes += 1;
      }
    }
    await this.#handle.sync();
    // A log file created just now must survive a power cut as a name in its folder too.
    await fsyncFolder(dirname(this.file));
  }

  async append(lines: readonly string[]): Promise<void> {
    if (!this.#handle) throw new Error('write-ahead log is not open');
    const text = lines.join('\n') + '\n';
    try {
      await this.#handle.write(text);
      await this.#handle.datasync();
    } catch (error) {
      // A half-written batch (disk full) would sit mid-log once later appends succeed: cut it off.
      await this.#handle.truncate(this.#bytes).catch(() => undefined);
      throw error;
    }
    this.#entries += lines.length;
    this.#bytes += Buffer.byteLength(text);
  }

  async truncate(): Promise<void> {
    if (!this.#handle) throw new Error('write-ahead log is not open');
    await this.#handle.truncate(0);
    await this.#handle.sync();
    this.#entries = 0;
    this.#bytes = 0;
  }

  async close(): Promise<void> {
    await this.#handle?.close();
    this.#handle = undefined;
  }
}
