// A query's order over the execution thread index's columns (execution-thread-index.ts), so that a
// view is sorted without parsing records.
import { EXECUTION_THREAD_TYPES } from '../model.js';
import type { ExecutionThreadOrder } from './execution-thread-index.js';

type Terms = NonNullable<ExecutionThreadOrder['terms']>;

/** The columns an order reads, by slot. */
export interface OrderColumns {
  id: Float64Array;
  workspaceId: Float64Array;
  createdMs: Float64Array;
  type: Uint8Array;
  token(slot: number): string | null;
}

/** The order of `terms` over `slots`, as sortOrder's compare (src/apis/execution-threads/sorting.ts) orders records; ties by id. */
export function compareSlots(terms: Terms, slots: readonly number[], c: OrderColumns): (a: number, b: number) => number {
  const { id, workspaceId, createdMs, type } = c;
  // Tokens are kept as bytes: decoded once for the sort, for the slots it sorts only.
  const tokens = new Map<number, string | null>();
  if (terms.some((t) => t.field === 'threadToken')) for (const slot of slots) tokens.set(slot, c.token(slot));
  const field = (name: Terms[number]['field'], a: number, b: number): number => {
    switch (name) {
      case 'createdAt':
        return (createdMs[a] as number) - (createdMs[b] as number);
      case 'workspaceId':
        return (workspaceId[a] as number) - (workspaceId[b] as number);
      case 'type': {
        const x = EXECUTION_THREAD_TYPES[type[a] as number] as string;
        const y = EXECUTION_THREAD_TYPES[type[b] as number] as string;
        return x < y ? -1 : x > y ? 1 : 0;
      }
      case 'threadToken': {
        const x = tokens.get(a) as string | null;
        const y = tokens.get(b) as string | null;
        if (x === y) return 0;
        if (x === null) return -1;
        if (y === null) return 1;
        return x < y ? -1 : 1;
      }
    }
  };
  return (a, b) => {
    for (const t of terms) {
      const cmp = field(t.field, a, b);
      if (cmp !== 0) return t.descending ? -cmp : cmp;
    }
    return (id[a] as number) - (id[b] as number);
  };
}
