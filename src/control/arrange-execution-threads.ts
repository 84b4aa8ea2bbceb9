// Creating and changing execution threads through the control plane: defaults for what is
// omitted, a conflict for an id in use. Shared by the admin API and the in-process handle.
import type { components } from '../generated/sandbox-admin.js';
import { fakeExecutionThreadToken } from '../fake.js';
import { canSeeWorkspace, type Principal } from '../auth.js';
import type { ExecutionThreadRecord } from '../model.js';
import type { Services } from '../services.js';
import { toMillisIso } from '../time.js';
import { ControlError, parseTime } from './control-error.js';
import { EVERYTHING } from './scope.js';

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
  const { store, options } = services;
  const id = input.id ?? store.executionThreads.nextId;
  if (store.executionThreads.get(id)) throw new ControlError('ConflictError', `Execution thread ${id} exists already`);
  const type = input.type ?? 'Manual';
  const record: ExecutionThreadRecord = {
    id,
    workspaceId: ownWorkspace(scope, input.workspaceId ?? scope.workspaces?.[0] ?? options.defaultWorkspace),
    threadToken: input.threadToken !== undefined ? input.threadToken : fakeExecutionThreadToken(services.nextSeed(), type),
    type,
    createdAt: toMillisIso(input.createdAt === undefined ? Date.now() : parseTime(input.createdAt, 'createdAt')),
  };
  // No await between the id check and the put: the store applies the put at once, so a concurrent
  // create with the same id sees it and gets its 409.
  await store.putExecutionThread(record);
  return record;
}

export async function updateExecutionThread(services: Services, id: number, patch: ExecutionThreadPatch, scope: Principal = EVERYTHING): Promise<ExecutionThreadRecord> {
  const old = findExecutionThread(services, id, scope);
  const record: ExecutionThreadRecord = {
    id,
    workspaceId: ownWorkspace(scope, patch.workspaceId ?? old.workspaceId),
    threadToken: patch.threadToken !== undefined ? patch.threadToken : old.threadToken,
    type: patch.type ?? old.type,
    createdAt: patch.createdAt === undefined ? old.createdAt : toMillisIso(parseTime(patch.createdAt, 'createdAt')),
  };
  await services.store.putExecutionThread(record);
  return record;
}

export async function deleteExecutionThread(services: Services, id: number, scope: Principal = EVERYTHING): Promise<void> {
  findExecutionThread(services, id, scope);
  await services.store.deleteExecutionThread(id);
}
