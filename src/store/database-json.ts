// The database file's JSON, made in pieces: JSON.stringify of a database of the largest allowed
// size holds the event loop for the whole document (and needs it all as one string). The pieces
// joined are exactly JSON.stringify(db), so a file written either way is the same bytes.
import type { Database } from '../model.js';
import type { Slicer } from '../slices.js';

/**
 * Records given as their JSON texts, written as they are: the read model keeps each record's
 * compact JSON, so a checkpoint writes those instead of parsing every record back to serialize it
 * again. Each text must be JSON.stringify of its record for the file to be JSON.stringify of the database.
 */
export class RecordTexts {
  constructor(readonly texts: readonly string[]) {}
}

/** A database to write: each record array given as records or as their texts. */
export type DatabaseToWrite = Omit<Database, 'executionThreads' | 'threads'> & {
  executionThreads: Database['executionThreads'] | RecordTexts;
  threads: Database['threads'] | RecordTexts;
};

/** The arrays written record by record; any other field is small and written whole. */
const RECORD_ARRAYS = new Set(['executionThreads', 'threads']);
/** Characters gathered before a piece is handed on (the writer batches them into larger writes). */
const PIECE = 64 * 1024;

/**
 * JSON.stringify(db) in pieces (with each RecordTexts standing for the array of its records), with
 * a turn of the event loop whenever the slicer says so. `db` must not change until the last piece:
 * the store passes a database nobody else holds.
 */
export async function* databaseJson(db: DatabaseToWrite, slicer: Slicer): AsyncGenerator<string> {
  let piece = '{';
  let first = true;
  for (const key of Object.keys(db)) {
    const value = (db as unknown as Record<string, unknown>)[key];
    const texts = RECORD_ARRAYS.has(key) && value instanceof RecordTexts ? value.texts : undefined;
    const records = RECORD_ARRAYS.has(key) && Array.isArray(value) ? (value as unknown[]) : undefined;
    const json = texts || records ? undefined : JSON.stringify(value);
    if (json === undefined && !texts && !records) continue; // as JSON.stringify omits it
    piece += `${first ? '' : ','}${JSON.stringify(key)}:`;
    first = false;
    if (json !== undefined) {
      piece += json;
      continue;
    }
    piece += '[';
    const n = texts ? texts.length : (records as unknown[]).length;
    for (let i = 0; i < n; i++) {
      piece += (i === 0 ? '' : ',') + (texts ? texts[i] : (JSON.stringify((records as unknown[])[i]) ?? 'null'));
      if (piece.length >= PIECE) {
        yield piece;
        piece = '';
      }
      if (slicer.due()) await slicer.pause();
    }
    piece += ']';
  }
  yield `${piece}}`;
}
