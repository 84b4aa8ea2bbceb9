// The database file's JSON, made in pieces: JSON.stringify of a database of the largest allowed
// size holds the event loop for the whole document (and needs it all as one string). The pieces
// joined are exactly JSON.stringify(db), so a file written either way is the same bytes.
import type { Database } from '../model.js';
import type { Slicer } from './slices.js';

/** The arrays written record by record; any other field is small and written whole. */
const RECORD_ARRAYS = new Set(['executionThreads', 'threads']);
/** Characters gathered before a piece is handed on (the writer batches them into larger writes). */
const PIECE = 64 * 1024;

/**
 * JSON.stringify(db) in pieces, with a turn of the event loop whenever the slicer says so. `db`
 * must not change until the last piece: the store passes a database nobody else holds.
 */
export async function* databaseJson(db: Database, slicer: Slicer): AsyncGenerator<string> {
  let piece = '{';
  let first = true;
  for (const key of Object.keys(db)) {
    const value = (db as unknown as Record<string, unknown>)[key];
    const json = RECORD_ARRAYS.has(key) && Array.isArray(value) ? undefined : JSON.stringify(value);
    if (json === undefined && !(RECORD_ARRAYS.has(key) && Array.isArray(value))) continue; // as JSON.stringify omits it
    piece += `${first ? '' : ','}${JSON.stringify(key)}:`;
    first = false;
    if (json !== undefined) {
      piece += json;
      continue;
    }
    const records = value as unknown[];
    piece += '[';
    for (let i = 0; i < records.length; i++) {
      piece += (i === 0 ? '' : ',') + (JSON.stringify(records[i]) ?? 'null');
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
