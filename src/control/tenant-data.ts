// A tenant's part of the database, and a database whose tenant part is replaced while every other
// record stays: what a reset or a snapshot import by a tenant's token does.
import { canSeeInbox, canSeeWorkspace, type Principal } from '../auth.js';
import type { Database } from '../model.js';
import { ControlError } from './control-error.js';
import type { Slicer } from '../store/slices.js';

/** The records a scope sees. */
export function scopedPart(db: Database, scope: Principal): Database {
  return {
    ...db,
    executionThreads: db.executionThreads.filter((e) => canSeeWorkspace(scope, e.workspaceId)),
    threads: db.threads.filter((t) => canSeeInbox(scope, t.inbox_id)),
  };
}

/** Throws a 400 naming the first record of `db` outside the scope. */
export function assertInScope(db: Database, scope: Principal): void {
  const e = db.executionThreads.find((x) => !canSeeWorkspace(scope, x.workspaceId));
  if (e) throw new ControlError('ValidationError', `execution thread ${e.id} is in workspace ${e.workspaceId}, not a workspace of tenant '${scope.tenant}'`);
  const t = db.threads.find((x) => !canSeeInbox(scope, x.inbox_id));
  if (t) throw new ControlError('ValidationError', `thread '${t.thread_id}' is in inbox '${t.inbox_id}', not an inbox of tenant '${scope.tenant}'`);
}

/**
 * `current` with the scope's records replaced by `incoming`'s records in that scope. Execution
 * thread ids are internal: a new one whose id another tenant holds gets a free id. A thread or
 * message id another tenant holds is skipped (`onClash: 'skip'`, a reset) or refused with a 409
 * (`'refuse'`, an import).
 */
export async function replaceScopedPart(current: Database, incoming: Database, scope: Principal, onClash: 'skip' | 'refuse', slicer: Slicer): Promise<Database> {
  // In slices with turns of the event loop (slices.ts): both databases may hold the largest allowed size.
  const keptExec: Database['executionThreads'] = [];
  let nextId = 0;
  for (const e of current.executionThreads) {
    if (e.id > nextId) nextId = e.id;
    if (!canSeeWorkspace(scope, e.workspaceId)) keptExec.push(e);
    if (slicer.due()) await slicer.pause();
  }
  const keptThreads: Database['threads'] = [];
  for (const t of current.threads) {
    if (!canSeeInbox(scope, t.inbox_id)) keptThreads.push(t);
    if (slicer.due()) await slicer.pause();
  }
  const part = scopedPart(incoming, scope);
  for (const e of part.executionThreads) if (e.id > nextId) nextId = e.id;
  nextId++;

  const execIds = new Set(keptExec.map((e) => e.id));
  const executionThreads = [...keptExec];
  for (const e of part.executionThreads) {
    const id = execIds.has(e.id) ? nextId++ : e.id;
    execIds.add(id);
    executionThreads.push({ ...e, id });
    if (slicer.due()) await slicer.pause();
  }

  const threadIds = new Set<string>();
  const messageIds = new Set<string>();
  for (const t of keptThreads) {
    threadIds.add(t.thread_id);
    for (const m of t.messages) messageIds.add(m.message_id);
    if (slicer.due()) await slicer.pause();
  }
  const threads = [...keptThreads];
  for (const t of part.threads) {
    if (slicer.due()) await slicer.pause();
    const clash = threadIds.has(t.thread_id) ? `thread '${t.thread_id}'` : t.messages.find((m) => messageIds.has(m.message_id))?.message_id;
    if (clash !== undefined) {
      if (onClash === 'refuse') throw new ControlError('ConflictError', `${clash.startsWith('thread') ? clash : `message '${clash}'`} exists already outside tenant '${scope.tenant}'`);
      continue;
    }
    threads.push(t);
    threadIds.add(t.thread_id);
    for (const m of t.messages) messageIds.add(m.message_id);
  }
  return { ...current, executionThreads, threads };
}
