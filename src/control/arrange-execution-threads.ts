// Creating and changing execution threads through the control plane: defaults for what is
// omitted, a conflict for an id in use (ids are one namespace for every tenant; the 409 for
// another tenant's says nothing of it). Shared by the admin API and the in-process handle.
import type { components } from '../generated/sandbox-admin.js';
import { loadFake } from '../fake-loader.js';
import { canSeeWorkspace, type Principal } from '../auth.js';
import type { ExecutionThreadRecord } from '../model.js';
import type { Services } from '../services.js';
import { toMillisIso } from '../time.js';
import { ControlError, parseTime } from './control-error.js';
import { EVERYTHING } from './scope.js';

/** The highest id the database schema allows (fixtures/database.schema.json). */
export const MAX_EXECUTION_THREAD_ID = Number.MAX_SAFE_INTEGER;

export type ExecutionThreadInput = components['schemas']['ExecutionThreadInput'];
export type ExecutionThreadPatch = components['schemas']['ExecutionThreadPatch'];

/** Another tenant's execution thread is not found, exactly like a missing one. */
export function findExecutionThread(services: Services, id: number, scope: Principal = EVERYTHING): ExecutionThreadRecord {
  const found = services.store.executionThreads.get(id);
  if (!found || !canSeeWorkspace(scope, found.workspaceId)) throw new ControlError('NotFoundError', `Execution thread ${id} not found`);
  return found;
}

function ownWorkspace(scope: Principal, workspaceId: number): number {
  if (!canSeeWorkspace(scope, workspaceId)) {
    throw new ControlError('ValidationError', `workspaceId ${workspaceId} is not a workspace of tenant '${scope.tenant}' (its workspaces: ${scope.workspaces?.join(', ')})`);
  }
  return workspaceId;
}

export async function createExecutionThread(services: Services, input: ExecutionThreadInput = {}, scope: Principal = EVERYTHING): Promise<ExecutionThreadRecord> {
  const { fakeExecutionThreadToken } = await loadFake();
  const { store, options } = services;
  const type = input.type ?? 'Manual';
  // Everything that does not depend on the store is decided before the write lock.
  const workspaceId = ownWorkspace(scope, input.workspaceId ?? scope.workspaces?.[0] ?? options.defaultWorkspace);
  const threadToken = input.threadToken !== undefined ? input.threadToken : fakeExecutionThreadToken(services.nextSeed(), type);
  const createdAt = toMillisIso(input.createdAt === undefined ? Date.now() : parseTime(input.createdAt, 'createdAt'));
  // The id is taken and checked under the store's write lock: two concurrent creates never get the same one.
  return store.write((state) => {
    const id = input.id ?? state.nextExecutionThreadId();
    if (id > MAX_EXECUTION_THREAD_ID) throw new ControlError('ConflictError', `No execution thread id is left: ids go up to ${MAX_EXECUTION_THREAD_ID}`);
    const holder = state.executionThread(id);
    if (holder) throw new ControlError('ConflictError', `Execution thread ${id} exists already${canSeeWorkspace(scope, holder.workspaceId) ? '' : ' (execution thread ids are unique across tenants)'}`);
    const record: ExecutionThreadRecord = { id, workspaceId, threadToken, type, createdAt };
    return { changes: [{ op: 'putExecutionThread', record }], result: record };
  });
}

export async function updateExecutionThread(services: Services, id: number, patch: ExecutionThreadPatch, scope: Principal = EVERYTHING): Promise<ExecutionThreadRecord> {
  findExecutionThread(services, id, scope);
  if (patch.workspaceId !== undefined) ownWorkspace(scope, patch.workspaceId);
  const createdAt = patch.createdAt === undefined ? undefined : toMillisIso(parseTime(patch.createdAt, 'createdAt'));
  return services.store.write((state) => {
    const old = state.executionThread(id);
    if (!old) throw new ControlError('NotFoundError', `Execution thread ${id} not found`);
    const record: ExecutionThreadRecord = {
      id,
      workspaceId: patch.workspaceId ?? old.workspaceId,
      threadToken: patch.threadToken !== undefined ? patch.threadToken : old.threadToken,
      type: patch.type ?? old.type,
      createdAt: createdAt ?? old.createdAt,
    };
    return { changes: [{ op: 'putExecutionThread', record }], result: record };
  });
}

export async function deleteExecutionThread(services: Services, id: number, scope: Principal = EVERYTHING): Promise<void> {
  findExecutionThread(services, id, scope);
  await services.store.write((state) => {
    if (!state.executionThread(id)) throw new ControlError('NotFoundError', `Execution thread ${id} not found`);
    return { changes: [{ op: 'deleteExecutionThread', id }], result: undefined };
  });
}
