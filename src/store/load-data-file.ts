// The file engine's start: the database file read into the read model (record by record when it
// can, else parsed whole), checked, and the write-ahead log replayed onto it. A file that is not a
// valid database throws a DataFileError naming the file and its first problem.
import type { Database } from '../model.js';
import { acceptedLogLine } from './change-rules.js';
import { diskIdentity, type DiskIdentity } from './changed-elsewhere.js';
import type { DatabaseToWrite } from './database-json.js';
import { findDatabaseProblem, findDuplicateProblem, findShapeProblem } from './db-schema.js';
import { DataFileError } from './durable-json-file.js';
import type { FileLayer } from './file-layer.js';
import { loadByRecord, type LoadTarget, type RecordCounts } from './load-by-record.js';
import { compareMessages, messagesInOrder } from './message-order.js';
import { adoptCounters } from './counters.js';
import { applyOperation } from './operations.js';
import { PendingState } from './pending-state.js';
import { compactElement, topLevelArraySpans, type ArraySpan } from './record-spans.js';
import { TextKeepingJsonFile } from './text-keeping-json-file.js';
import { WriteAheadLog } from './write-ahead-log.js';

export interface LoadedFile {
  adapter: TextKeepingJsonFile<DatabaseToWrite>;
  log: WriteAheadLog;
  onDisk: DiskIdentity | undefined;
  /** True when there was no file: `into` holds the initial data, which is not on disk yet. */
  created: boolean;
}

/** Fills `into` from the file and its log (or from `initial` when there is no file). */
export async function loadDataFile(file: string, files: FileLayer, initial: () => Database | Promise<Database>, into: LoadTarget): Promise<LoadedFile> {
  const adapter = new TextKeepingJsonFile<DatabaseToWrite>(file, files);
  // The file is written as a DatabaseToWrite (records or their texts) and read as a Database.
  let read = adapter.readBytes();
  const byRecord = read === undefined ? undefined : loadByRecord(read.bytes, into, read.ascii);
  read = undefined;
  // Otherwise the whole file is parsed: null when it is missing, or the problem named.
  let parsed = byRecord ? null : ((await adapter.read()) as Database | null);
  const onDisk = await diskIdentity(file);
  const log = new WriteAheadLog(`${file}.wal`, files);
  if (!byRecord && parsed === null) {
    loadDatabase(into, await validated(await initial(), 'the initial data'));
    return { adapter, log, onDisk, created: true };
  }
  let counts = byRecord;
  if (parsed) {
    const problem = findShapeProblem(parsed);
    if (problem) throw new DataFileError(file, `is not a valid thread-sandbox database: ${problem}`);
    counts = recordCounts(parsed);
    const bytes = adapter.takeBytes();
    const spans = bytes === undefined ? undefined : topLevelArraySpans(bytes, ['executionThreads', 'threads']);
    // The parsed file is ours alone: the indexes keep what reads need (each record's JSON as its
    // text in the file, when compact) and each record is let go once indexed.
    loadDatabase(into, parsed, {
      executionThreads: compactTexts(spans?.get('executionThreads'), parsed.executionThreads),
      threads: compactTexts(spans?.get('threads'), parsed.threads),
    });
    parsed = null;
  }
  // The indexes are keyed by id: fewer entries than records means an id is used twice, and only
  // then does the slower pass run, for the message. The store is thrown away with the error.
  if (!holdsEveryRecordOf(into, counts as RecordCounts)) {
    // Named from the file as it is: loading let the parsed records go.
    const asInFile = (await adapter.read()) as Database;
    throw new DataFileError(file, `is not a valid thread-sandbox database: ${findDuplicateProblem(asInFile) ?? 'an id is used twice'}`);
  }
  await replayLog(into, log);
  return { adapter, log, onDisk, created: false };
}

/**
 * Replaces what `into` holds with `db`. With `fromFile` (`db` parsed from a file and the store's
 * own), each record of `db` is let go once indexed, and the JSON text of each record as the file
 * holds it, when given for every record, is kept instead of serializing the record again.
 */
export function loadDatabase(into: LoadTarget, db: Database, fromFile?: { executionThreads: (string | undefined)[] | undefined; threads: (string | undefined)[] | undefined }): void {
  into.executionThreads.clear();
  into.threads.clear();
  into.generation = db.generation ?? 0;
  const execTexts = fromFile?.executionThreads?.length === db.executionThreads.length ? fromFile.executionThreads : undefined;
  into.executionThreads.load(fromFile ? consumed(db.executionThreads) : db.executionThreads, execTexts);
  into.executionThreads.finish();
  let threadTexts = fromFile?.threads?.length === db.threads.length ? fromFile.threads : undefined;
  // Files this sandbox wrote are in order already: checking is cheaper than sorting. A thread
  // sorted here no longer matches its text.
  for (let i = 0; i < db.threads.length; i++) {
    const t = db.threads[i]!;
    if (messagesInOrder(t.messages)) continue;
    t.messages.sort(compareMessages);
    if (threadTexts) threadTexts[i] = undefined;
  }
  into.threads.load(fromFile ? consumed(db.threads) : db.threads, threadTexts);
  into.threads.finish();
  threadTexts = undefined;
  adoptCounters(into, db.counters);
}

/** `data` when it is a valid database, else an Error saying what (`what`) is wrong. */
export async function validated(data: Database, what: string): Promise<Database> {
  const problem = findDatabaseProblem(data);
  if (problem) throw new Error(`${what} is not a valid thread-sandbox database: ${problem}`);
  return data;
}

/** Applies the log's lines of the loaded generation; any line that is not a valid change stops the start. */
async function replayLog(into: LoadTarget, log: WriteAheadLog): Promise<void> {
  const state = new PendingState(into);
  for (const { line, value } of await log.readLines()) {
    const change = acceptedLogLine(value, into.generation, state, (problem) => new DataFileError(log.file, `line ${line} is not a valid log record: ${problem}`));
    if (!change) continue;
    state.add([change]);
    applyOperation(into, change);
  }
}

function holdsEveryRecordOf(into: LoadTarget, counts: RecordCounts): boolean {
  return into.executionThreads.size === counts.executionThreads && into.threads.size === counts.threads && into.threads.messages.size === counts.messages;
}

/** The compact text of each record of a checked array (undefined where not compact), or undefined when the file's array was not found whole. */
function compactTexts(span: ArraySpan | undefined, records: readonly unknown[]): (string | undefined)[] | undefined {
  if (!span || span.length !== records.length) return undefined;
  return records.map((r, i) => compactElement(span, i, r));
}

function recordCounts(db: Database): RecordCounts {
  let messages = 0;
  for (const t of db.threads) messages += t.messages.length;
  return { executionThreads: db.executionThreads.length, threads: db.threads.length, messages };
}

/** Yields each item and clears its slot, so that nothing but the consumer holds it afterwards. */
function* consumed<T>(items: T[]): Generator<T> {
  for (let i = 0; i < items.length; i++) {
    const item = items[i] as T;
    (items as (T | undefined)[])[i] = undefined;
    yield item;
  }
}
