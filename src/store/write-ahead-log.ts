// Append-only log of store operations, one JSON line each, fsynced per batch. Rewriting a large
// database file per write is too slow; the log makes a write durable in one small append and is
// folded into the database file from time to time (compaction) and at shutdown.
import { open, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { fsyncFolder } from './atomic-file.js';
import { DataFileError } from './durable-json-file.js';
import { nodeFileLayer, writeAll, type FileLayer, type WritableFile } from './file-layer.js';

/** A complete line of the log, parsed, with its 1-based line number. */
export interface LogLine {
  line: number;
  value: unknown;
}

export class WriteAheadLog {
  #handle: WritableFile | undefined;
  #entries = 0;
  /** Bytes of complete records: the log is never longer once an append settles. */
  #bytes = 0;
  /** A failed append may have left part of a batch behind, to be cut off before the next one. */
  #dirty = false;

  constructor(
    readonly file: string,
    private readonly files: FileLayer = nodeFileLayer,
  ) {}

  get entries(): number {
    return this.#entries;
  }

  /**
   * Lines of the log in order. A torn last line (a crash mid-append, never acknowledged) is dropped,
   * and cut off the file when it is opened for appending: left in place, the next append would
   * bury it mid-log, where it would stop the next start.
   */
  async readLines(): Promise<LogLine[]> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw new DataFileError(this.file, `cannot be read (${(error as Error).message})`);
    }
    const lines = text.split('\n');
    const complete = text.endsWith('\n');
    const out: LogLine[] = [];
    let validBytes = 0;
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i] as string;
      const last = i === lines.length - 1;
      const size = Buffer.byteLength(line) + (last ? 0 : 1);
      if (line !== '') {
        try {
          out.push({ line: i + 1, value: JSON.parse(line) });
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
    this.#handle = await this.files.openAppend(this.file);
    // Drop a torn tail that readLines() skipped (size > #bytes), so appends start on a clean line.
    if ((await this.#handle.size()) > this.#bytes) await this.#handle.truncate(this.#bytes);
    if (this.#bytes > 0) {
      const tail = Buffer.alloc(1);
      const reader = await open(this.file, 'r');
      try {
        await reader.read(tail, 0, 1, this.#bytes - 1);
      } finally {
        await reader.close();
      }
      if (tail[0] !== 0x0a) {
        await writeAll(this.#handle, Buffer.from('\n'), null);
        this.#bytes += 1;
      }
    }
    await this.#handle.sync();
    // A log file created just now must survive a power cut as a name in its folder too.
    await fsyncFolder(dirname(this.file));
  }

  /** Appends a batch durably, or throws and leaves the log as it was (cut back to its last complete record). */
  async append(lines: readonly string[]): Promise<void> {
    const handle = this.#handle;
    if (!handle) throw new Error('write-ahead log is not open');
    if (this.#dirty) await this.#cutBack(handle);
    const data = Buffer.from(lines.join('\n') + '\n');
    try {
      await writeAll(handle, data, null);
      await handle.datasync();
    } catch (error) {
      // A half-written batch (disk full) would sit mid-log once later appends succeed: cut it off
      // now, or before the next append if the cut fails too.
      this.#dirty = true;
      await this.#cutBack(handle).catch(() => undefined);
      throw error;
    }
    this.#entries += lines.length;
    this.#bytes += data.length;
  }

  /** Back to the last complete record; never lengthens the file (that would pad it with zeros). */
  async #cutBack(handle: WritableFile): Promise<void> {
    const size = await handle.size();
    if (size > this.#bytes) await handle.truncate(this.#bytes);
    else if (size < this.#bytes) throw new Error(`${this.file} is shorter (${size} bytes) than what was written to it (${this.#bytes} bytes): changed by someone else`);
    await handle.datasync();
    this.#dirty = false;
  }

  async truncate(): Promise<void> {
    const handle = this.#handle;
    if (!handle) throw new Error('write-ahead log is not open');
    await handle.truncate(0);
    await handle.sync();
    this.#entries = 0;
    this.#bytes = 0;
    this.#dirty = false;
  }

  async close(): Promise<void> {
    await this.#handle?.close();
    this.#handle = undefined;
  }
}
