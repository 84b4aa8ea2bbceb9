// A tenant's part of the database, and a database whose tenant part is replaced while every other
// record stays: what a reset or a snapshot import by a tenant's token does.
import { canSeeInbox, canSeeWorkspace, type Principal } from '../auth.js';
import type { Database } from '../model.js';
import { ControlError } from './control-error.js';

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
export function replaceScopedPart(current: Database, incoming: Database, scope: Principal, onClash: 'skip' | 'refuse'): Database {
  const keptExec = current.executionThreads.filter((e) => !canSeeWorkspace(scope, e.workspaceId));
  const keptThreads = current.threads.filter((t) => !canSeeInbox(scope, t.inbox_id));
  const part = scopedPart(incoming, scope);

  const execIds = new Set(keptExec.map((e) => e.id));
  let nextId = Math.max(0, ...current.executionThreads.map((e) => e.id), ...part.executionThreads.map((e) => e.id)) + 1;
  const executionThreads = [...keptExec];
  for (const e of part.executionThreads) {
    const id = execIds.has(e.id) ? nextId++ : e.id;
    execIds.add(id);
    executionThreads.push({ ...e, id });
  }

  const threadIds = new Set(keptThreads.map((t) => t.thread_id));
  const messageIds = new Set(keptThreads.flatMap((t) => t.messages.map((m) => m.message_id)));
  const threads = [...keptThreads];
  for (const t of part.threads) {
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
