// The control plane answers every error as {"name": ..., "message": ...}, like Agentry Threads v0.
import type { Reply } from '../api.js';

const NAMES: Record<number, string> = {
  400: 'ValidationError',
  401: 'UnauthorizedError',
  403: 'ForbiddenError',
  404: 'NotFoundError',
  405: 'MethodNotAllowedError',
  409: 'ConflictError',
  413: 'PayloadTooLargeError',
  500: 'InternalServerError',
  503: 'ServiceUnavailableError',
};

export function sandboxAdminError(status: number, message: string): Reply {
  return { status, body: { name: NAMES[status] ?? 'Error', message } };
}
