// A tenant's part of the database, and how the store is told which records a tenant's reset or
// snapshot import replaces (the store does the replacing, under its write lock).
import { canSeeInbox, canSeeWorkspace, type Principal } from '../auth.js';
import type { Database } from '../model.js';
import { ControlError } from './control-error.js';
import type { RecordScope, ScopeClash } from '../store/contract.js';

/** The records a scope sees (without the counters: they are the whole sandbox's, as a tenant's export is). */
export function scopedPart({ counters: _wholeSandbox, ...db }: Database, scope: Principal): Database {
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

/** The store's view of a tenant's records: what a scoped replace removes and puts. */
export function recordScope(scope: Principal): RecordScope {
  return { ownsWorkspace: (w) => canSeeWorkspace(scope, w), ownsInbox: (i) => canSeeInbox(scope, i) };
}

/** A snapshot import refuses a thread or message id another tenant holds with a 409. */
export function refuseClash(scope: Principal): (clash: ScopeClash) => never {
  return (clash) => {
    throw new ControlError('ConflictError', `${clash.kind === 'thread' ? `thread '${clash.id}'` : `message '${clash.id}'`} exists already outside tenant '${scope.tenant}'`);
  };
}

/** A reset leaves out a thread whose thread or message id another tenant holds. */
export const skipClash = (): void => undefined;
