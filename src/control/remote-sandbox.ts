// The same assertions over HTTP, for a sandbox in another process: a CI service container, or a
// test runner whose module system cannot load the server (jest on Node 20). Uses only fetch and
// the control plane's find, count and violations operations.
import type { JournalEntry } from './journal.js';
import type { NearMiss, RequestMatcher } from './request-matcher.js';
import { verifyFailure, violationsFailure, waitFailure, type VerifyCount, type WaitOptions } from './assertions.js';
import type { Violation } from './violations.js';

export interface RemoteSandbox {
  url: string;
  reset(): Promise<void>;
  findRequests(matcher: RequestMatcher): Promise<{ requests: JournalEntry[]; nearMisses?: NearMiss<JournalEntry>[] }>;
  countRequests(matcher: RequestMatcher): Promise<number>;
  /** Rejects with a node:assert AssertionError listing near misses, like the in-process `verify`. */
  verify(matcher: RequestMatcher, count?: VerifyCount): Promise<void>;
  /** Polls until a request matches; rejects with an AssertionError naming near misses after `timeout` ms. */
  waitForRequest(matcher: RequestMatcher, options?: WaitOptions): Promise<JournalEntry>;
  violations(): Promise<Violation[]>;
  assertNoViolations(): Promise<void>;
}

export interface ConnectOptions {
  /** The admin token, or a tenant's own token (then only that tenant's requests are seen). */
  token?: string;
  /** The control plane's prefix (`/__sandbox` by default). */
  prefix?: string;
}

/**
 * Assertions against a running sandbox.
 * @example
 * const sandbox = connectSandbox('http://localhost:8160');
 * await sandbox.verify({ operationId: 'listThreads', query: { inbox_id: 'inbox-support' } }, { times: 1 });
 */
export function connectSandbox(url: string, { token, prefix = '/__sandbox' }: ConnectOptions = {}): RemoteSandbox {
  const base = url.replace(/\/$/, '') + prefix;
  const call = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const headers: Record<string, string> = {};
    if (token) headers.authorization = `Bearer ${token}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(base + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${prefix}${path} answered ${res.status}: ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  };
  const find = (matcher: RequestMatcher) => call<{ requests: JournalEntry[]; nearMisses?: NearMiss<JournalEntry>[] }>('POST', '/requests/find', matcher);
  const violations = async () => (await call<{ violations: Violation[] }>('GET', '/violations')).violations;
  return {
    url,
    reset: () => call('POST', '/reset', {}),
    findRequests: find,
    countRequests: async (matcher) => (await call<{ count: number }>('POST', '/requests/count', matcher)).count,
    verify: async (matcher, count = {}) => {
      const failure = verifyFailure(matcher, count, await find(matcher));
      if (failure) throw failure;
    },
    waitForRequest: async (matcher, { timeout = 5000 } = {}) => {
      const deadline = Date.now() + timeout;
      for (;;) {
        const found = await find(matcher);
        if (found.requests[0]) return found.requests[0];
        if (Date.now() >= deadline) throw waitFailure(matcher, timeout, found.nearMisses ?? []);
        await new Promise((resolve) => setTimeout(resolve, Math.min(50, Math.max(0, deadline - Date.now()))));
      }
    },
    violations,
    assertNoViolations: async () => {
      const failure = violationsFailure(await violations());
      if (failure) throw failure;
    },
  };
}
