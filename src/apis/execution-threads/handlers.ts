// GET /v1/threads: filter by workspace, token and type, sort, then window [start, start + total).
import type { Context } from 'openapi-backend';
import { canSeeWorkspace } from '../../auth.js';
import { toItem } from '../../execution-thread-view.js';
import type { ExecutionThreadType } from '../../model.js';
import type { Call, OperationHandler, Reply } from '../api.js';
import { publicJsonFor, type PublicJson } from '../public-json.js';
import { jsonWithList } from '../record-json.js';
import { executionThreadsError } from './errors.js';
import { orderFor, SortingError } from './sorting.js';

interface ListQuery {
  workspaceId: number;
  start: number;
  total: number;
  thread_token?: string;
  type?: ExecutionThreadType;
  sorting?: string;
}

export { toItem };

const items = new WeakMap<object, PublicJson>();

function listExecutionThreads(c: Context, call: Call): Reply {
  // Coerced and defaulted by openapi-backend from the spec.
  const q = c.request.query as unknown as ListQuery;
  const principal = call.principal;
  const { options, store } = call.services;
  const workspaceId = q.workspaceId === -1 ? (principal?.workspaces?.[0] ?? options.defaultWorkspace) : q.workspaceId;
  let order;
  try {
    order = orderFor(q.sorting ?? '');
  } catch (error) {
    if (error instanceof SortingError) return executionThreadsError(400, error.message);
    throw error;
  }
  if (principal && !canSeeWorkspace(principal, workspaceId)) return { status: 200, body: { totalCount: 0, items: [] } };
  const page = store.executionThreads.window({ workspaceId, threadToken: q.thread_token, type: q.type, order }, q.start, q.total);
  const head = { totalCount: page.totalCount };
  // The body object is only needed when responses are checked against the spec: built on demand.
  return {
    status: 200,
    json: jsonWithList(head, 'items', publicJsonFor(items, call.services, toItem).of(page)),
    get body() {
      return { ...head, items: page.records().map(toItem) };
    },
  };
}

export const handlers: Record<string, OperationHandler> = { listExecutionThreads };
