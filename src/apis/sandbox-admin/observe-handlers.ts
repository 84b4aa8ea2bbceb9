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

function listRequests(c: Context, call: Call): Reply {
  return { status: 200, body: { requests: call.services.journal.list(c.request.query as JournalFilter, tenantOf(call)) } };
}

function find(c: Context, call: Call): Reply {
  return { status: 200, body: findRequests(call.services.journal.records(tenantOf(call)), c.request.requestBody as RequestMatcher, toEntry) };
}

function count(c: Context, call: Call): Reply {
  return { status: 200, body: { count: countRequests(call.services.journal.records(tenantOf(call)), c.request.requestBody as RequestMatcher) } };
}

function deleteFault(c: Context, call: Call): Reply {
  const id = String(c.request.params.id);
  return call.services.faults.remove(id, tenantOf(call)) ? { status: 204 } : sandboxAdminError(404, `Fault '${id}' not found`);
}

export const observeHandlers: Record<string, OperationHandler> = {
  listRequests,
  findRequests: find,
  countRequests: count,
  clearRequests: (_c, call) => {
    call.services.journal.clear(tenantOf(call));
    return { status: 204 };
  },
  listViolations: (_c, call) => ({ status: 200, body: { violations: call.services.violations.list(tenantOf(call)) } }),
  clearViolations: (_c, call) => {
    call.services.violations.clear(tenantOf(call));
    return { status: 204 };
  },
  listFaults: (_c, call) => ({ status: 200, body: { faults: call.services.faults.list(tenantOf(call)) } }),
  createFault: (c, call) => ({ status: 201, body: addFault(call.services, c.request.requestBody as FaultInput, tenantOf(call)) }),
  clearFaults: (_c, call) => {
    call.services.faults.clear(tenantOf(call));
    return { status: 204 };
  },
  deleteFault,
};
