// What a read model is to the store: it applies changes (put and delete of whole records, clear)
// and answers the queries of contract.ts. Two implementations answer alike: the fast indexes
// (execution-thread-index.ts, thread-index.ts: columns, sorted lists, cached views) and the naive
// reference (reference.ts: a Map, filter, sort, slice), which says what the fast one must do.
// test/store/read-model.property.test.ts holds them to each other.
import type { Database, ExecutionThreadRecord, ThreadRecord } from '../../model.js';
import type { Slicer } from '../../slices.js';
import type { ExecutionThreadReader, ThreadReader } from '../contract.js';

export interface ExecutionThreadModel extends ExecutionThreadReader {
  /** One more than the highest id held since the last clear (deletes do not lower it). */
  readonly nextId: number;
  /** Counts on from at least `id` + 1 (the highest id a data file or database says was handed out). */
  raiseHighestId(id: number): void;
  put(record: ExecutionThreadRecord): void;
  /** False when there was no such record. */
  delete(id: number): boolean;
  clear(): void;
}

export interface ThreadModel extends ThreadReader {
  readonly messages: ThreadReader['messages'] & {
    /** One more than the highest uid seen in the inbox since the last clear (never lowered). */
    nextUid(inboxId: string): number;
    /** The highest uid seen per inbox since the last clear (what a checkpoint keeps). */
    highestUids(): Map<string, number>;
    /** Counts the inbox's uids on from at least `uid` + 1. */
    raiseHighestUid(inboxId: string, uid: number): void;
  };
  put(thread: ThreadRecord): void;
  /** False when there was no such thread. */
  delete(id: string): boolean;
  clear(): void;
}

export interface ReadModel {
  executionThreads: ExecutionThreadModel;
  threads: ThreadModel;
}

/**
 * The JSON text of each record of a load, when known (else the record is serialized): strings
 * (undefined for one not known), or byte ranges of one buffer that the read model may keep as it
 * is (a data file read whole: `starts[i]` < 0 for one not known).
 */
export type LoadTexts = readonly (string | undefined)[] | ByteTexts;

export interface ByteTexts {
  readonly bytes: Buffer;
  /** Every byte of `bytes` is below 0x80. */
  readonly ascii: boolean;
  readonly starts: ArrayLike<number>;
  readonly ends: ArrayLike<number>;
}

/** How an engine fills a read model at start: records appended (with their JSON texts when known), then finished. */
export interface Loading<R> {
  load(records: Iterable<R>, texts?: LoadTexts): void;
  finish(): void;
}

export interface LoadableReadModel {
  executionThreads: ExecutionThreadModel & Loading<ExecutionThreadRecord>;
  threads: ThreadModel & Loading<ThreadRecord>;
}

/** Which read model an engine keeps: an empty one to load, or one built from a database beside the one served. */
export interface ReadModelKind {
  empty(): LoadableReadModel;
  build(db: Database, slicer: Slicer): Promise<LoadableReadModel>;
}
