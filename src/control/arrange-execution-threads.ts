// Creating and changing execution threads through the control plane: defaults for what is
// omitted, a conflict for an id in use. Shared by the admin API and the in-process handle.
import type { components } from '../generated/sandbox-admin.js';
import { loadFake } from '../fake-loader.js';
import type { ExecutionThreadRecord } from '../model.js';
import type { Services } from '../services.js';
import { toMillisIso } from '../time.js';
import { ControlError, parseTime } from './control-error.js';

export type ExecutionThreadInput = components['schemas']['ExecutionThreadInput'];
export type ExecutionThreadPatch = components['schemas']['ExecutionThreadPatch'];

export function findExecutionThread(services: Services, id: number): ExecutionThreadRecord {
  const found = services.store.executionThreads.get(id);
  if (!found) throw new ControlError('NotFoundError', `Execution thread ${id} not found`);
  return found;
}

export async function createExecutionThread(services: Services, input: ExecutionThreadInput = {}): Promise<ExecutionThreadRecord> {
  const { fakeExecutionThreadToken } = await loadFake();
  const { store, options } = services;
  const id = input.id ?? store.executionThreads.nextId;
  if (store.executionThreads.get(id)) throw new ControlError('ConflictError', `Execution thread ${id} exists already`);
  const type = input.type ?? 'Manual';
  const record: ExecutionThreadRecord = {
    id,
    workspaceId: input.workspaceId ?? options.defaultWorkspace,
    threadToken: input.threadToken !== undefined ? input.threadToken : fakeExecutionThreadToken(services.nextSeed(), type),
    type,
    createdAt: toMillisIso(input.createdAt === undefined ? Date.now() : parseTime(input.createdAt, 'createdAt')),
  };
  // No await between the id check and the put: the store applies the put at once, so a concurrent
  // create with the same id sees it and gets its 409.
  await store.putExecutionThread(record);
  return record;
}

export async function updateExecutionThread(services: Services, id: number, patch: ExecutionThreadPatch): Promise<ExecutionThreadRecord> {
  const old = findExecutionThread(services, id);
  const record: ExecutionThreadRecord = {
    id,
    workspaceId: patch.workspaceId ?? old.workspaceId,
    threadToken: patch.threadToken !== undefined ? patch.threadToken : old.threadToken,
    type: patch.type ?? old.type,
    createdAt: patch.createdAt === undefined ? old.createdAt : toMillisIso(parseTime(patch.createdAt, 'createdAt')),
  };
  await services.store.putExecutionThread(record);
  return record;
}

export async function deleteExecutionThread(services: Services, id: number): Promise<void> {
  findExecutionThread(services, id);
  await services.store.deleteExecutionThread(id);
}
