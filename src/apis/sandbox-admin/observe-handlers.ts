// The request journal and the faults.
import type { Context } from 'openapi-backend';
import { addFault } from '../../control/fault-input.js';
import type { FaultInput } from '../../control/faults.js';
import type { JournalFilter } from '../../control/journal.js';
import type { Call, OperationHandler, Reply } from '../api.js';
import { sandboxAdminError } from './errors.js';

async function listRequests(c: Context, call: Call): Promise<Reply> {
  return { status: 200, body: { requests: await call.services.journal.list(c.request.query as JournalFilter) } };
}

async function deleteFault(c: Context, call: Call): Promise<Reply> {
  const id = String(c.request.params.id);
  return (await call.services.faults.remove(id)) ? { status: 204 } : sandboxAdminError(404, `Fault '${id}' not found`);
}

export const observeHandlers: Record<string, OperationHandler> = {
  listRequests,
  clearRequests: async (_c, call) => {
    await call.services.journal.clear();
    return { status: 204 };
  },
  listFaults: async (_c, call) => ({ status: 200, body: { faults: await call.services.faults.list() } }),
  createFault: async (c, call) => ({ status: 201, body: await addFault(call.services, c.request.requestBody as FaultInput) }),
  clearFaults: async (_c, call) => {
    await call.services.faults.clear();
    return { status: 204 };
  },
  deleteFault,
};
