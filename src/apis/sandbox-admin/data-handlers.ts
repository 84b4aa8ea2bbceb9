// Create, read, update, delete: execution threads, threads and their messages. The rules (defaults,
// conflicts, at least one message per thread) live in src/control/arrange-*.ts.
import type { Context } from 'openapi-backend';
import { canSeeInbox, canSeeWorkspace } from '../../auth.js';
import { EVERYTHING } from '../../control/scope.js';
import * as exec from '../../control/arrange-execution-threads.js';
import * as threads from '../../control/arrange-threads.js';
import { messageView, threadView } from '../../thread-view.js';
import type { Call, OperationHandler, Reply } from '../api.js';

interface Window {
  offset: number;
  limit: number;
}

const params = (c: Context) => c.request.params as Record<string, string>;
const idParam = (c: Context) => Number(params(c).id);
const body = <T>(c: Context) => (c.request.requestBody ?? {}) as T;
/** Whose data the call may see: a tenant's own, or everything (admin token, open control plane). */
export const scopeOf = (call: Call) => call.principal ?? EVERYTHING;
const ok = (body: unknown, status = 200): Reply => ({ status, body });
const noContent: Reply = { status: 204 };

// ---- execution threads ----------------------------------------------------------------------------

function listExecutionThreadsAdmin(c: Context, call: Call): Reply {
  const q = c.request.query as unknown as Window & { workspaceId?: number };
  const { executionThreads } = call.services.store;
  const scope = scopeOf(call);
  const found = q.workspaceId === undefined ? executionThreads.all() : executionThreads.query({ workspaceId: q.workspaceId });
  const all = scope.workspaces === null ? found : found.filter((e) => canSeeWorkspace(scope, e.workspaceId));
  return ok({ total: all.length, executionThreads: all.slice(q.offset, q.offset + q.limit) });
}

export const executionThreadHandlers: Record<string, OperationHandler> = {
  listExecutionThreadsAdmin,
  createExecutionThread: async (c, call) => ok(await exec.createExecutionThread(call.services, body(c), scopeOf(call)), 201),
  getExecutionThread: (c, call) => ok(exec.findExecutionThread(call.services, idParam(c), scopeOf(call))),
  updateExecutionThread: async (c, call) => ok(await exec.updateExecutionThread(call.services, idParam(c), body(c), scopeOf(call))),
  deleteExecutionThread: async (c, call) => {
    await exec.deleteExecutionThread(call.services, idParam(c), scopeOf(call));
    return noContent;
  },
};

// ---- threads and messages -------------------------------------------------------------------------

function listThreadsAdmin(c: Context, call: Call): Reply {
  const q = c.request.query as unknown as Window & { inbox_id?: string };
  const scope = scopeOf(call);
  let all = call.services.store.threads.all();
  if (q.inbox_id !== undefined) all = all.filter((t) => t.inbox_id === q.inbox_id);
  if (scope.inboxes !== null) all = all.filter((t) => canSeeInbox(scope, t.inbox_id));
  return ok({ total: all.length, threads: all.slice(q.offset, q.offset + q.limit).map(threadView) });
}

export const threadHandlers: Record<string, OperationHandler> = {
  listThreadsAdmin,
  createThread: async (c, call) => ok(threadView(await threads.createThread(call.services, body(c), scopeOf(call))), 201),
  getThreadAdmin: (c, call) => ok(threadView(threads.findThread(call.services, params(c).thread_id as string, scopeOf(call)))),
  updateThread: async (c, call) => ok(threadView(await threads.updateThread(call.services, params(c).thread_id as string, body(c), scopeOf(call)))),
  deleteThread: async (c, call) => {
    await threads.deleteThread(call.services, params(c).thread_id as string, scopeOf(call));
    return noContent;
  },
  listMessages: (c, call) => {
    const thread = threads.findThread(call.services, params(c).thread_id as string, scopeOf(call));
    return ok({ messages: thread.messages.map((m) => messageView(thread, m)) });
  },
  createMessage: async (c, call) => {
    const { thread, message } = await threads.createMessage(call.services, params(c).thread_id as string, body(c), scopeOf(call));
    return ok(messageView(thread, message), 201);
  },
  getMessage: (c, call) => {
    const { thread_id, message_id } = params(c) as { thread_id: string; message_id: string };
    return ok(messageView(threads.findThread(call.services, thread_id, scopeOf(call)), threads.findMessage(call.services, thread_id, message_id, scopeOf(call))));
  },
  updateMessage: async (c, call) => {
    const { thread_id, message_id } = params(c) as { thread_id: string; message_id: string };
    const { thread, message } = await threads.updateMessage(call.services, thread_id, message_id, body(c), scopeOf(call));
    return ok(messageView(thread, message));
  },
  deleteMessage: async (c, call) => {
    const { thread_id, message_id } = params(c) as { thread_id: string; message_id: string };
    await threads.deleteMessage(call.services, thread_id, message_id, scopeOf(call));
    return noContent;
  },
};
