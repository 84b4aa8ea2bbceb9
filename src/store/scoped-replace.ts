// A tenant's reset or snapshot import as one write: the records in a scope (some workspaces and
// inboxes) are removed and the new ones put, computed from the state the engine holds under its
// write lock, so that what another scope wrote meanwhile is never lost. Both engines run it alone
// in its batch (store.ts, postgres/), so the committed read model is the whole current state.
import type { Database } from '../model.js';
import type { Change, RecordScope, ScopeClash, Write } from './contract.js';
import type { LoadableReadModel as Indexes } from './read-model/read-model.js';

/**
 * The write that replaces `scope`'s records with `incoming`'s records in that scope. Execution
 * thread ids are internal: a new one whose id a record outside the scope holds gets a free id. A
 * thread or message id held outside the scope is passed to `onClash`, which throws to refuse the
 * whole write or returns to leave that thread out.
 */
export function scopedReplaceWrite(indexes: () => Indexes, scope: RecordScope, incoming: Database, onClash: (clash: ScopeClash) => void): Write<void> {
  return () => {
    const { executionThreads, threads } = indexes();
    const changes: Change[] = [];
    const keptExecIds = new Set<number>();
    for (const e of executionThreads.all()) {
      if (scope.ownsWorkspace(e.workspaceId)) changes.push({ op: 'deleteExecutionThread', id: e.id });
      else keptExecIds.add(e.id);
    }
    const ownThreads = new Set<string>();
    for (const t of threads.all()) {
      if (!scope.ownsInbox(t.inbox_id)) continue;
      ownThreads.add(t.thread_id);
      changes.push({ op: 'deleteThread', id: t.thread_id });
    }

    const newExec = incoming.executionThreads.filter((e) => scope.ownsWorkspace(e.workspaceId));
    let nextId = executionThreads.nextId;
    for (const e of newExec) if (e.id >= nextId) nextId = e.id + 1;
    const takenIds = new Set<number>();
    for (const e of newExec) {
      const id = keptExecIds.has(e.id) || takenIds.has(e.id) ? nextId++ : e.id;
      takenIds.add(id);
      changes.push({ op: 'putExecutionThread', record: { ...e, id } });
    }

    // Held outside the scope: a thread that is not one of the scope's, or a message of such a thread.
    const heldOutside = (threadId: string | undefined) => threadId !== undefined && !ownThreads.has(threadId);
    const putThreads = new Set<string>();
    const putMessages = new Set<string>();
    for (const t of incoming.threads) {
      if (!scope.ownsInbox(t.inbox_id)) continue;
      let clash: ScopeClash | undefined;
      if (putThreads.has(t.thread_id) || (threads.get(t.thread_id) !== undefined && heldOutside(t.thread_id))) clash = { kind: 'thread', id: t.thread_id };
      for (const m of t.messages) {
        if (clash) break;
        if (putMessages.has(m.message_id) || heldOutside(threads.messages.threadOf(m.message_id))) clash = { kind: 'message', id: m.message_id };
      }
      if (clash) {
        onClash(clash);
        continue;
      }
      putThreads.add(t.thread_id);
      for (const m of t.messages) putMessages.add(m.message_id);
      changes.push({ op: 'putThread', thread: t });
    }
    return { changes, result: undefined };
  };
}
