// Computes a batch of writes against the read model, for both engines (store.ts, postgres/): each
// write sees the changes of the writes before it (PendingState), a write that throws is refused
// alone, and every change passes the same record checks.
import type { Change, Write, WritePlan, WriteState } from './contract.js';
import type { Outcome } from './group-commit.js';
import type { LoadableReadModel as Indexes } from './read-model/read-model.js';
import { PendingState } from './pending-state.js';
import { storedForm } from './change-rules.js';

export type { Outcome } from './group-commit.js';

export function prepareBatch(indexes: Indexes, writes: readonly Write<unknown>[], check: (change: Change, state: WriteState) => void): { outcomes: Outcome[]; changes: Change[] } {
  let state = new PendingState(indexes);
  const outcomes: Outcome[] = [];
  const changes: Change[] = [];
  for (const write of writes) {
    let plan: WritePlan<unknown>;
    try {
      plan = write(state);
    } catch (error) {
      outcomes.push({ ok: false, error: error as Error });
      continue;
    }
    const own = plan.changes.map(storedForm);
    try {
      // Each change is checked after the ones before it in the same write: a reset that removes a
      // thread may put its message ids back in another.
      for (const c of own) {
        check(c, state);
        state.add([c]);
      }
    } catch (error) {
      // The refused write's first changes are in the state: start it again from the accepted ones.
      state = new PendingState(indexes);
      state.add(changes);
      outcomes.push({ ok: false, error: error as Error });
      continue;
    }
    changes.push(...own);
    outcomes.push({ ok: true, value: plan.result });
  }
  return { outcomes, changes };
}
