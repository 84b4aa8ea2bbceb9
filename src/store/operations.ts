// Store operations: what the write-ahead log records (the contract's Change). Each one sets or
// removes a whole record, so replaying a log onto a state that already holds some of it gives the
// same state (idempotent).
import type { Change } from './contract.js';
import type { ExecutionThreadIndex } from './execution-thread-index.js';
import type { ReadModel } from './read-model/read-model.js';
import type { ThreadIndex } from './thread-index.js';

export type Operation = Change;

export interface Indexes {
  executionThreads: ExecutionThreadIndex;
  threads: ThreadIndex;
}

/** Applies a change to either read model (the fast indexes or the reference). */
export function applyOperation(indexes: ReadModel, o: Operation): void {
  switch (o.op) {
    case 'putExecutionThread':
      indexes.executionThreads.put(o.record);
      return;
    case 'deleteExecutionThread':
      indexes.executionThreads.delete(o.id);
      return;
    case 'putThread':
      indexes.threads.put(o.thread);
      return;
    case 'deleteThread':
      indexes.threads.delete(o.id);
      return;
  }
}
