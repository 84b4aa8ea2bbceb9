// A small consumer of both APIs, as a team integrating with them would write it: a type-safe
// client generated from the specs (openapi-typescript types + openapi-fetch), one retry after a
// 5xx, and a time budget per attempt.
//
// The types generated from the specs ship with the package (`thread-sandbox/types`); to generate
// your own instead: npx openapi-typescript node_modules/thread-sandbox/specs/execution-threads.v1.yaml
import createClient, { type Middleware } from 'openapi-fetch';
import type { AgentryThreadsV0, ExecutionThreadsV1 } from 'thread-sandbox/types';

type V0 = AgentryThreadsV0.components;
type V0Paths = AgentryThreadsV0.paths;
type V1 = ExecutionThreadsV1.components;
type V1Paths = ExecutionThreadsV1.paths;

export type ExecutionThread = V1['schemas']['ExecutionThread'];
export type ThreadSummary = V0['schemas']['ThreadSummary'];
export type Thread = V0['schemas']['Thread'];
type ListQuery = NonNullable<V1Paths['/v1/threads']['get']['parameters']['query']>;

export interface ThreadsClientOptions {
  baseUrl: string;
  /** Sent as `Api-Token` to v1 and as `Authorization: Bearer` to v0. */
  token: string;
  /** Time budget of one attempt. */
  timeoutMs?: number;
  /** Extra attempts after a 5xx answer. */
  retries?: number;
  middleware?: Middleware[];
}

/** The API answered an error (after the retries). */
export class ThreadsApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'ThreadsApiError';
  }
}

/** No answer within the time budget. */
export class ThreadsTimeoutError extends Error {
  override name = 'ThreadsTimeoutError';
}

type Result<T> = { data?: T; error?: unknown; response: Response };

export function createThreadsClient(options: ThreadsClientOptions) {
  const { baseUrl, token, timeoutMs = 5000, retries = 1 } = options;
  const v1 = createClient<V1Paths>({ baseUrl, headers: { 'Api-Token': token } });
  const v0 = createClient<V0Paths>({ baseUrl, headers: { Authorization: `Bearer ${token}` } });
  for (const m of options.middleware ?? []) {
    v1.use(m);
    v0.use(m);
  }

  async function attempt<T>(call: (signal: AbortSignal) => Promise<Result<T>>): Promise<T> {
    for (let tries = 0; ; tries++) {
      let result: Result<T>;
      try {
        result = await call(AbortSignal.timeout(timeoutMs));
      } catch (error) {
        if ((error as Error).name === 'TimeoutError') throw new ThreadsTimeoutError(`no answer within ${timeoutMs} ms`);
        throw error;
      }
      if (result.data !== undefined) return result.data;
      if (result.response.status >= 500 && tries < retries) continue;
      const message = (result.error as { message?: string | null } | undefined)?.message;
      throw new ThreadsApiError(result.response.status, message ?? `HTTP ${result.response.status}`);
    }
  }

  return {
    /** Every execution thread matching the query, fetched `pageSize` at a time. */
    async listExecutionThreads(query: Omit<ListQuery, 'start' | 'total'>, pageSize = 100): Promise<ExecutionThread[]> {
      const items: ExecutionThread[] = [];
      for (;;) {
        const page = await attempt((signal) => v1.GET('/v1/threads', { params: { query: { ...query, start: items.length, total: pageSize } }, signal }));
        items.push(...page.items);
        if (page.items.length < pageSize || items.length >= page.totalCount) return items;
      }
    },

    /** Every thread of an inbox (or of all inboxes), newest first, following the page tokens. */
    async listAllThreads(inboxId?: string, limit = 10): Promise<ThreadSummary[]> {
      const threads: ThreadSummary[] = [];
      let pageToken: string | undefined;
      do {
        const query = { limit, ...(inboxId === undefined ? {} : { inbox_id: inboxId }), ...(pageToken === undefined ? {} : { page_token: pageToken }) };
        const page = await attempt((signal) => v0.GET('/human/v0/threads', { params: { query }, signal }));
        threads.push(...page.threads);
        pageToken = page.next_page_token;
      } while (pageToken !== undefined);
      return threads;
    },

    /** One thread with its messages, oldest first. */
    getThread(threadId: string): Promise<Thread> {
      return attempt((signal) => v0.GET('/human/v0/threads/{thread_id}', { params: { path: { thread_id: threadId } }, signal }));
    },
  };
}

export type ThreadsClient = ReturnType<typeof createThreadsClient>;
