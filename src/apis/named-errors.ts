// Errors shaped {"name": ..., "message": ...}: Agentry Threads v0 and the control plane share them.
import type { Reply } from './api.js';

const NAMES: Record<number, string> = {
  400: 'ValidationError',
  401: 'UnauthorizedError',
  403: 'ForbiddenError',
  404: 'NotFoundError',
  405: 'MethodNotAllowedError',
  408: 'RequestTimeoutError',
  409: 'ConflictError',
  413: 'PayloadTooLargeError',
  415: 'UnsupportedMediaTypeError',
  431: 'RequestHeaderFieldsTooLargeError',
  500: 'InternalServerError',
  502: 'BadGatewayError',
  503: 'ServiceUnavailableError',
  507: 'InsufficientStorageError',
};

export function namedError(status: number, message: string): Reply {
  return { status, body: { name: NAMES[status] ?? 'Error', message } };
}
