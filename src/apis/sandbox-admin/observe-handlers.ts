// The request journal and the faults.
import type { Context } from 'openapi-backend';
import { addFault } from '../../control/fault-input.js';
import type { FaultInput } from '../../control/faults.js';
import type { JournalFilter } from '../../control/journal.js';
import type { Call, OperationHandler, Reply } from '../api.js';
import { sandboxAdminError } from './errors.js';

function listRequests(c: Context, call: Call): Reply {
  return { status: 200, body: { requests: call.services.journal.list(c.request.query as JournalFilter) } };
}

function deleteFault(c: Context, call: Call): Reply {
  const id = String(c.request.params.id);
  return call.services.faults.remove(id) ? { status: 204 } : sandboxAdminError(404, `Fault '${id}' not found`);
}

export const observeHandlers: Record<string, OperationHandler> = {
  listRequests,
  clearRequests: (_c, call) => {
    call.services.journal.clear();
    return { status: 204 };
  },
  listFaults: (_c, call) => ({ status: 200, body: { faults: call.services.faults.list() } }),
  createFault: (c, call) => ({ status: 201, body: addFault(call.services, c.request.requestBody as FaultInput) }),
  clearFaults: (_c, call) => {
    call.services.faults.clear();
    return { status: 204 };
  },
  deleteFault,
};
