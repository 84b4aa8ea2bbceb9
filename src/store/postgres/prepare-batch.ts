// Computes a batch of writes against the caught-up read model: each write sees the changes of the
// writes before it (PendingState), a write that throws is refused alone.
import type { MessageRecord } from '../../model.js';
import { compareMessages } from '../../thread-view.js';
import type { Change, Write } from '../contract.js';
import type { ExecutionThreadIndex } from '../execution-thread-index.js';
import { PendingState } from '../pending-state.js';
import type { ThreadIndex } from '../thread-index.js';

export type Outcome = { ok: true; value: unknown } | { ok: false; error: Error };

/** The record as a store keeps it: a copy (stored records are never edited in place), messages in order. */
export function storedChange(c: Change): Change {
  if (c.op === 'putExecutionThread') return { op: c.op, record: { ...c.record } };
  if (c.op === 'putThread') return { op: c.op, thread: { ...c.thread, messages: [...c.thread.messages].sort(compareMessages) as MessageRecord[] } };
  return c;
}

export function prepareBatch(
  indexes: { executionThreads: ExecutionThreadIndex; threads: ThreadIndex },
  writes: readonly Write<unknown>[],
  check: (change: Change, state: PendingState) => void,
): { outcomes: Outcome[]; changes: Change[] } {
  const state = new PendingState(indexes);
  const outcomes: Outcome[] = [];
  const changes: Change[] = [];
  for (const write of writes) {
    try {
      const plan = write(state);
      const own = plan.changes.map(storedChange);
      for (const c of own) check(c, state);
      state.add(own);
      changes.push(...own);
      outcomes.push({ ok: true, value: plan.result });
    } catch (error) {
      outcomes.push({ ok: false, error: error as Error });
    }
  }
  return { outcomes, changes };
}
