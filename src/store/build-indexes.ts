// A read model built beside the one being served: a replace (reset, import) swaps it in once the
// new data is durable, so reads never see a half-loaded database and a failed replace changes nothing.
import type { Database } from '../model.js';
import { adoptCounters } from './counters.js';
import { compareMessages, messagesInOrder } from './message-order.js';
import { ExecutionThreadIndex } from './execution-thread-index.js';
import type { Indexes } from './operations.js';
import { inSlices, type Slicer } from '../slices.js';
import { ThreadIndex } from './thread-index.js';

/**
 * Threads per slice at the least (inSlices halves a slice that took too long, down to this). While
 * the collector marks the heap, it charges its steps to what allocates, and a few hundred threads'
 * JSON could then hold the event loop for a hundred milliseconds.
 */
const THREADS_AT_LEAST = 32;

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
    for (const t of slice) if (!messagesInOrder(t.messages)) t.messages.sort(compareMessages);
    threads.load(slice);
  }, THREADS_AT_LEAST);
  await slicer.pause();
  await executionThreads.finishInSlices(slicer);
  await threads.finishInSlices(slicer);
  const model = { executionThreads, threads };
  adoptCounters(model, db.counters);
  return model;
}
