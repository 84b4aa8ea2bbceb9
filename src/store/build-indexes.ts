// A read model built beside the one being served: a replace (reset, import) swaps it in once the
// new data is durable, so reads never see a half-loaded database and a failed replace changes nothing.
import type { Database, MessageRecord } from '../model.js';
import { compareMessages } from '../thread-view.js';
import { ExecutionThreadIndex } from './execution-thread-index.js';
import type { Indexes } from './operations.js';
import { inSlices, type Slicer } from './slices.js';
import { ThreadIndex } from './thread-index.js';

/**
 * The read model of `db`, built in slices beside the one being served (the caller swaps it in).
 * Loads in file order, as a start does, so both give the same indexes.
 */
export async function buildIndexes(db: Database, slicer: Slicer): Promise<Indexes> {
  const executionThreads = new ExecutionThreadIndex();
  const threads = new ThreadIndex();
  await inSlices(db.executionThreads, slicer, (slice) => executionThreads.load(slice));
  await slicer.pause();
  // A load only appends (the sorted lists are made once, by finishInSlices).
  await inSlices(db.threads, slicer, (slice) => {
    // Records of a snapshot or a generator are our own (the caller hands them over): sorted in place as #load does.
    for (const t of slice) if (!inOrder(t.messages)) t.messages.sort(compareMessages);
    threads.load(slice);
  });
  await slicer.pause();
  await executionThreads.finishInSlices(slicer);
  await threads.finishInSlices(slicer);
  return { executionThreads, threads };
}

function inOrder(messages: readonly MessageRecord[]): boolean {
  for (let i = 1; i < messages.length; i++) if (compareMessages(messages[i - 1] as MessageRecord, messages[i] as MessageRecord) > 0) return false;
  return true;
}
