// Health, readiness, reset and the snapshot.
import type { Context } from 'openapi-backend';
import { exportSnapshotJson, importSnapshot, resetSandbox, type ResetInput } from '../../control/reset.js';
import type { Call, OperationHandler, Reply } from '../api.js';
import { scopeOf } from './data-handlers.js';
import { sandboxAdminError } from './errors.js';

const getHealth = (): Reply => ({ status: 200, body: { status: 'ok' } });

function getReady(_c: Context, call: Call): Reply {
  const { store } = call.services;
  const health = store.health();
  if (!health.ready) return sandboxAdminError(503, health.reason ?? 'The store is not ready');
  return { status: 200, body: { status: 'ready', executionThreads: store.executionThreads.size, threads: store.threads.size, inMemory: store.inMemory } };
}

async function reset(c: Context, call: Call): Promise<Reply> {
  return { status: 200, body: await resetSandbox(call.services, (c.request.requestBody ?? {}) as ResetInput, scopeOf(call)) };
}

function getSnapshot(_c: Context, call: Call): Reply {
  // Joined from the records' JSON as the read model keeps it: parsing every record to serialize it
  // again cost as much as the rest of the export. The body is parsed only when a response is checked.
  const json = exportSnapshotJson(call.services, scopeOf(call));
  return {
    status: 200,
    json,
    get body() {
      return JSON.parse(json) as unknown;
    },
  };
}

async function putSnapshot(c: Context, call: Call): Promise<Reply> {
  return { status: 200, body: await importSnapshot(call.services, c.request.requestBody, scopeOf(call)) };
}

export const statusHandlers: Record<string, OperationHandler> = {
  getHealth,
  getReady,
  resetSandbox: reset,
  exportSnapshot: getSnapshot,
  importSnapshot: putSnapshot,
};
