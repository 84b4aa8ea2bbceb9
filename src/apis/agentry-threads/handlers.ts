// GET /human/v0/threads (keyset-paged, newest first) and GET /human/v0/threads/{thread_id}.
import type { Context } from 'openapi-backend';
import { canSeeInbox } from '../../auth.js';
import { threadSummary, threadView } from '../../thread-view.js';
import type { Call, OperationHandler, Reply } from '../api.js';
import { publicJsonFor, type PublicJson } from '../public-json.js';
import { jsonWithList } from '../record-json.js';
import { CursorError, decodeCursor, encodeCursor } from './cursor.js';
import { agentryThreadsError } from './errors.js';

interface ListQuery {
  inbox_id?: string;
  limit: number;
  page_token?: string;
}

const summaries = new WeakMap<object, PublicJson>();

function listThreads(c: Context, call: Call): Reply {
  const q = c.request.query as unknown as ListQuery;
  const { options, store } = call.services;
  const inbox = q.inbox_id ?? null;
  let after;
  if (q.page_token !== undefined) {
    try {
      after = decodeCursor(options.cursorSecret, q.page_token, inbox);
    } catch (error) {
      if (error instanceof CursorError) return agentryThreadsError(400, error.message);
      throw error;
    }
  }
  const allowed = call.principal?.inboxes ?? null;
  let scope: readonly string[] | null;
  if (inbox !== null) scope = allowed === null || allowed.includes(inbox) ? [inbox] : [];
  else scope = allowed;
  const page = store.threads.page(scope, after, q.limit);
  const head: Record<string, unknown> = { count: page.length, limit: q.limit };
  if (page.more && page.last) head.next_page_token = encodeCursor(options.cursorSecret, page.last, inbox);
  // The body object is only needed when responses are checked against the spec: built on demand.
  return {
    status: 200,
    json: jsonWithList(head, 'threads', publicJsonFor(summaries, call.services, threadSummary).of(page)),
    get body() {
      return { ...head, threads: page.threads.map(threadSummary) };
    },
  };
}

function getThread(c: Context, call: Call): Reply {
  const id = String(c.request.params.thread_id);
  const thread = call.services.store.threads.get(id);
  // Another tenant's thread is a 404 like a missing one: existence must not leak.
  if (!thread || (call.principal && !canSeeInbox(call.principal, thread.inbox_id))) {
    return agentryThreadsError(404, `Thread '${id}' not found`);
  }
  return { status: 200, body: threadView(thread) };
}

export const handlers: Record<string, OperationHandler> = { listThreads, getThread };
