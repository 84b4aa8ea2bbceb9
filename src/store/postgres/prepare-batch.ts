// Computes a batch of writes against the caught-up read model: each write sees the changes of the
// writes before it (PendingState), a write that throws is refused alone. The same steps as the
// file engine's, with the same record checks.
import type { Change, Write, WriteState } from '../contract.js';
import type { ExecutionThreadIndex } from '../execution-thread-index.js';
import { PendingState } from '../pending-state.js';
import { storedForm } from '../change-rules.js';
import type { ThreadIndex } from '../thread-index.js';

export type Outcome = { ok: true; value: unknown } | { ok: false; error: Error };

export function prepareBatch(
  indexes: { executionThreads: ExecutionThreadIndex; threads: ThreadIndex },
  writes: readonly Write<unknown>[],
  check: (change: Change, state: WriteState) => void,
): { outcomes: Outcome[]; changes: Change[] } {
  const state = new PendingState(indexes);
  const outcomes: Outcome[] = [];
  const changes: Change[] = [];
  for (const write of writes) {
    try {
      const plan = write(state);
      const own = plan.changes.map(storedForm);
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
