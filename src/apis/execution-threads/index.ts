import type { ApiDefinition } from '../api.js';
import { executionThreadsError } from './errors.js';
import { handlers } from './handlers.js';

/** Execution Threads v1: `GET /v1/threads`, `Api-Token` header. */
export const executionThreadsApi: ApiDefinition = {
  name: 'v1',
  error: executionThreadsError,
  handlers,
  journaled: true,
  lazyValidators: true,
  security: {
    ApiToken: (c, call) => {
      const raw = c.request.headers['api-token'];
      const token = Array.isArray(raw) ? raw[0] : raw;
      if (token === undefined || token.trim() === '') throw new Error('Missing Api-Token header');
      const principal = call.services.auth.authenticate(token.trim());
      if (!principal) throw new Error('Api-Token is not accepted');
      call.principal = principal;
      return true;
    },
  },
};
