import type { ApiDefinition } from '../api.js';
import { bearerToken } from '../api.js';
import { agentryThreadsError } from './errors.js';
import { handlers } from './handlers.js';

/** Agentry Threads v0: `GET /human/v0/threads`, `GET /human/v0/threads/{thread_id}`, bearer token. */
export const agentryThreadsApi: ApiDefinition = {
  name: 'v0',
  error: agentryThreadsError,
  handlers,
  journaled: true,
  lazyValidators: true,
  security: {
    BearerAuth: (c, call) => {
      const header = c.request.headers.authorization;
      if (header === undefined || header === '') throw new Error('Missing Authorization header (expected "Bearer <token>")');
      const token = bearerToken(header);
      if (token === undefined) throw new Error('Malformed Authorization header (expected "Bearer <token>")');
      const principal = call.services.auth.authenticate(token);
      if (!principal) throw new Error('Bearer token is not accepted');
      call.principal = principal;
      return true;
    },
  },
};
