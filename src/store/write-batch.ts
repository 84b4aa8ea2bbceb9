// Computes a batch of writes against the read model, for both engines (store.ts, postgres/): each
// write sees the changes of the writes before it (PendingState), a write that throws is refused
// alone, and every change passes the same record checks.
import type { Change, Write, WriteState } from './contract.js';
import type { Outcome } from './group-commit.js';
import type { Indexes } from './operations.js';
import { PendingState } from './pending-state.js';
import { storedForm } from './change-rules.js';

export type { Outcome } from './group-commit.js';

export function prepareBatch(indexes: Indexes, writes: readonly Write<unknown>[], check: (change: Change, state: WriteState) => void): { outcomes: Outcome[]; changes: Change[] } {
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
