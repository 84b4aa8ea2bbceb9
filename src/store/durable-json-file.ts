// The lowdb adapter for the database file. lowdb's own JSONFile renames atomically but does not
// fsync; acknowledged writes must survive a power cut, so this one does.
import { readFileSync } from 'node:fs';
import type { Adapter } from 'lowdb';
import { writeFileAtomicFrom } from './atomic-file.js';
import { databaseJson, type DatabaseToWrite } from './database-json.js';
import { Slicer } from '../slices.js';
import { nodeFileLayer, type FileLayer } from './file-layer.js';

export class DataFileError extends Error {
  constructor(
    readonly file: string,
    readonly problem: string,
  ) {
    super(`${file}: ${problem}`);
    this.name = 'DataFileError';
  }
}

export class DurableJsonFile<T> implements Adapter<T> {
  constructor(
    readonly file: string,
    private readonly files: FileLayer = nodeFileLayer,
  ) {}

  /** The parsed file, or null when it does not exist. Never writes. */
  async read(): Promise<T | null> {
    let text: string;
    try {
      // Synchronous on purpose (this runs once, before serving): readFileSync decodes in C++ and
      // frees the bytes at once, while fs.promises.readFile's Buffer (as large as the file) stayed
      // alive through JSON.parse. At 100,000 threads that was the peak of the process: 450 MB -> 350 MB.
      text = readFileSync(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw new DataFileError(this.file, `cannot be read (${(error as Error).message})`);
    }
    if (text.trim() === '') throw new DataFileError(this.file, 'is empty (expected a thread-sandbox database in JSON)');
    try {
      return JSON.parse(text) as T;
    } catch (error) {
      throw new DataFileError(this.file, `is not valid JSON (${(error as Error).message})`);
    }
  }

  /**
   * Writes `data` in slices, with turns of the event loop between them (see slices.ts). `data`
   * must not change until this resolves: the store passes a database nobody changes (a snapshot's
   * own arrays, whose records writes replace and never edit, or the read model's record texts).
   */
  async write(data: T): Promise<void> {
    await writeFileAtomicFrom(this.file, databaseJson(data as DatabaseToWrite, new Slicer()), this.files);
  }
}
