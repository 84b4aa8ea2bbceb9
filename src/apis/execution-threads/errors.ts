// Execution Threads v1 answers every error as {"message": string | null}; the documented 500 is
// {"message": null}.
import type { Reply } from '../api.js';

export function executionThreadsError(status: number, message: string | null): Reply {
  return { status, body: { message: status === 500 ? null : message } };
}
