// The public item of an execution thread (GET /v1/threads): the record without the control plane's
// id. One function, used by the list answer and by its JSON kept per record version (apis/public-json.ts).
import type { ExecutionThreadItem, ExecutionThreadRecord } from './model.js';

export function toItem(r: ExecutionThreadRecord): ExecutionThreadItem {
  return { workspaceId: r.workspaceId, threadToken: r.threadToken, type: r.type, createdAt: r.createdAt };
}
