// The one rule of a database that its JSON Schema cannot say: ids are unique (execution thread ids,
// thread ids, and message ids across all threads).
import type { Database } from '../model.js';
import { ShardedSet } from './sharded-set.js';

/**
 * The first id used twice, as a sentence, or null; a step per record, so that it runs at once
 * (runAtOnce) or in slices (runInSlices) with the same verdict and words.
 */
export function* duplicateIdProblem(db: Database): Generator<void, string | null> {
  const execIds = new Set<number>();
  const exec = db.executionThreads;
  for (let i = 0; i < exec.length; i++) {
    const id = exec[i]!.id;
    execIds.add(id);
    if (execIds.size !== i + 1) return `/executionThreads/${i}/id ${id} is used twice`;
    yield;
  }
  // Sharded (sharded-set.ts): one Set of the largest allowed database's message ids rehashes for longer than a slice.
  const threadIds = new ShardedSet();
  const messageIds = new ShardedSet();
  const threads = db.threads;
  for (let i = 0; i < threads.length; i++) {
    const t = threads[i]!;
    if (!threadIds.add(t.thread_id)) return `/threads/${i}/thread_id '${t.thread_id}' is used twice`;
    const messages = t.messages;
    for (let j = 0; j < messages.length; j++) {
      const id = messages[j]!.message_id;
      if (!messageIds.add(id)) return `/threads/${i}/messages/${j}/message_id '${id}' is used twice`;
    }
    yield;
  }
  return null;
}
