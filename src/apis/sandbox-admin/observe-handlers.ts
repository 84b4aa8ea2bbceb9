// The request journal, finding and counting requests, contract violations, and the faults. A
// tenant's token sees and changes only what its own requests left and the faults it registered.
import type { Context } from 'openapi-backend';
import { addFault } from '../../control/fault-input.js';
import type { FaultInput } from '../../control/faults.js';
import { toEntry, type JournalFilter } from '../../control/journal.js';
import { countRequests, findRequests, type RequestMatcher } from '../../control/request-matcher.js';
import type { Call, OperationHandler, Reply } from '../api.js';
import { scopeOf } from './data-handlers.js';
import { sandboxAdminError } from './errors.js';

const tenantOf = (call: Call) => scopeOf(call).tenant;

async function listRequests(c: Context, call: Call): Promise<Reply> {
  return { status: 200, body: { requests: await call.services.journal.list(c.request.query as JournalFilter, tenantOf(call)) } };
}

async function find(c: Context, call: Call): Promise<Reply> {
  return { status: 200, body: findRequests(await call.services.journal.records(tenantOf(call)), c.request.requestBody as RequestMatcher, toEntry) };
}

async function count(c: Context, call: Call): Promise<Reply> {
  return { status: 200, body: { count: countRequests(await call.services.journal.records(tenantOf(call)), c.request.requestBody as RequestMatcher) } };
}

async function deleteFault(c: Context, call: Call): Promise<Reply> {
  const id = String(c.request.params.id);
  return (await call.services.faults.remove(id, tenantOf(call))) ? { status: 204 } : sandboxAdminError(404, `Fault '${id}' not found`);
}

export const observeHandlers: Record<string, OperationHandler> = {
  listRequests,
  findRequests: find,
  countRequests: count,
  clearRequests: async (_c, call) => {
    await call.services.journal.clear(tenantOf(call));
    return { status: 204 };
  },
  listViolations: (_c, call) => ({ status: 200, body: { violations: call.services.violations.list(tenantOf(call)) } }),
  clearViolations: (_c, call) => {
    call.services.violations.clear(tenantOf(call));
    return { status: 204 };
  },
  listFaults: async (_c, call) => ({ status: 200, body: { faults: await call.services.faults.list(tenantOf(call)) } }),
  createFault: async (c, call) => ({ status: 201, body: await addFault(call.services, c.request.requestBody as FaultInput, tenantOf(call)) }),
  clearFaults: async (_c, call) => {
    await call.services.faults.clear(tenantOf(call));
    return { status: 204 };
  },
  deleteFault,
};
