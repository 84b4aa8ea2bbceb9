// Agentry Threads v0 answers every error as {"name": ..., "message": ...}.
import type { Reply } from '../api.js';

const NAMES: Record<number, string> = {
  400: 'ValidationError',
  401: 'UnauthorizedError',
  404: 'NotFoundError',
  405: 'MethodNotAllowedError',
  500: 'InternalServerError',
};

export function agentryThreadsError(status: number, message: string): Reply {
  return { status, body: { name: NAMES[status] ?? 'Error', message } };
}
