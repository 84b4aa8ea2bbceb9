import { createHash, timingSafeEqual } from 'node:crypto';
import { ControlError } from '../../control/control-error.js';
import { EVERYTHING } from '../../control/scope.js';
import { StoreRecordError, StoreWriteError } from '../../store/contract.js';
import type { ApiDefinition, OperationHandler } from '../api.js';
import { bearerToken } from '../api.js';
import { executionThreadHandlers, threadHandlers } from './data-handlers.js';
import { sandboxAdminError } from './errors.js';
import { liveHandlers } from './live-handlers.js';
import { observeHandlers } from './observe-handlers.js';
import { statusHandlers } from './status-handlers.js';

const digest = (token: string) => createHash('sha256').update(token, 'utf8').digest();

/**
 * A refusal of the control plane (unknown id, id in use, ...) becomes its error reply; so does a
 * write the store could not save (507: nothing of it was kept) or would not load again (400).
 */
function answeringRefusals(handler: OperationHandler): OperationHandler {
  return async (c, call) => {
    try {
      return await handler(c, call);
    } catch (error) {
      if (error instanceof ControlError) return sandboxAdminError(error.status, error.message);
      if (error instanceof StoreWriteError) return sandboxAdminError(error.closed ? 503 : 507, error.message);
      if (error instanceof StoreRecordError) return sandboxAdminError(400, `The change cannot be stored: ${error.message}`);
      throw error;
    }
  };
}

const handlers = Object.fromEntries(
  Object.entries({ ...statusHandlers, ...executionThreadHandlers, ...threadHandlers, ...observeHandlers, ...liveHandlers }).map(([id, h]) => [id, answeringRefusals(h)]),
);

/**
 * The control plane (`/__sandbox`): not journaled, never faulted. Open when neither an admin token
 * nor tenants are configured; otherwise the admin token sees everything and, with tenants, a
 * tenant's own token sees its own data only.
 */
export const sandboxAdminApi: ApiDefinition = {
  name: 'admin',
  error: sandboxAdminError,
  handlers,
  journaled: false,
  exemptFromFaults: true,
  storeFree: new Set(['getHealth']),
  lazyValidators: true,
  security: {
    AdminToken: (c, call) => {
      const { auth, options } = call.services;
      const expected = options.adminToken || undefined;
      if (expected === undefined && !auth.hasTenants) {
        call.principal = EVERYTHING;
        return true;
      }
      const wanted = expected === undefined ? 'a tenant token' : auth.hasTenants ? 'admin or tenant token' : 'admin token';
      const header = c.request.headers.authorization;
      if (header === undefined || header === '') throw new Error(`Missing Authorization header (expected "Bearer <${wanted}>")`);
      const token = bearerToken(header);
      if (token === undefined) throw new Error(`Malformed Authorization header (expected "Bearer <${wanted}>")`);
      if (expected !== undefined && timingSafeEqual(digest(token), digest(expected))) {
        call.principal = EVERYTHING;
        return true;
      }
      const tenant = auth.hasTenants ? auth.authenticate(token) : null;
      if (!tenant) throw new Error(`The ${wanted} is not accepted`);
      call.principal = tenant;
      return true;
    },
  },
};
