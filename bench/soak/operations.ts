// The request mix of the soak: every read operation of both APIs with realistic parameters, and
// control-plane create/delete pairs (so the data size stays level) when the control plane exists.

import { mulberry32 } from '../../src/random.js';

export interface SoakData {
  executionThreads: { workspaceId: number; threadToken: string | null }[];
  threads: { thread_id: string; inbox_id: string }[];
}

interface Request {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string;
}

export async function operationsFor(url: string, data: SoakData, withAdmin: boolean) {
  // Seeded, so two soak runs send the same mix.
  const random = mulberry32(7);
  const host = new URL(url).host;
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const v1 = { 'Api-Token': 'soak' };
  const v0 = { Authorization: 'Bearer soak' };
  const workspaces = [...new Set(data.executionThreads.map((t) => t.workspaceId))];
  const tokens = data.executionThreads.filter((t) => t.threadToken !== null).slice(0, 1000).map((t) => t.threadToken as string);
  const inboxes = [...new Set(data.threads.map((t) => t.inbox_id))];
  const ids = data.threads.slice(0, 5000).map((t) => t.thread_id);
  // Page tokens from a real walk, so that cursor pages are part of the mix.
  const pageTokens: string[] = [];
  let next: string | undefined;
  for (let i = 0; i < 50; i++) {
    const res = await fetch(`${url}/human/v0/threads?limit=20${next ? `&page_token=${encodeURIComponent(next)}` : ''}`, { headers: v0 });
    next = ((await res.json()) as { next_page_token?: string }).next_page_token;
    if (!next) break;
    pageTokens.push(next);
  }

  const mix: [string, () => Request][] = [
    ['v1 list', () => ({ method: 'GET', path: `/v1/threads?workspaceId=${pick(workspaces)}&start=${Math.floor(random() * 500)}&total=50`, headers: v1 })],
    ['v1 list sorted', () => ({ method: 'GET', path: `/v1/threads?workspaceId=-1&total=50&sorting=${encodeURIComponent(pick(['-CreatedAt', 'ThreadToken', 'Type desc,CreatedAt']))}`, headers: v1 })],
    ['v1 list filtered', () => ({ method: 'GET', path: `/v1/threads?workspaceId=${pick(workspaces)}&type=${pick(['Manual', 'BrowserInstance'])}&total=20`, headers: v1 })],
    ['v1 by token', () => ({ method: 'GET', path: `/v1/threads?workspaceId=${pick(workspaces)}&thread_token=${encodeURIComponent(pick(tokens))}`, headers: v1 })],
    ['v0 list', () => ({ method: 'GET', path: `/human/v0/threads?limit=${pick([10, 50, 100])}`, headers: v0 })],
    ['v0 list inbox', () => ({ method: 'GET', path: `/human/v0/threads?inbox_id=${encodeURIComponent(pick(inboxes))}&limit=20`, headers: v0 })],
    ['v0 cursor page', () => ({ method: 'GET', path: `/human/v0/threads?limit=20&page_token=${encodeURIComponent(pick(pageTokens))}`, headers: v0 })],
    ['v0 get', () => ({ method: 'GET', path: `/human/v0/threads/${encodeURIComponent(pick(ids))}`, headers: v0 })],
  ];
  // Created execution threads waiting for their delete: creates and deletes alternate, so the
  // data (and so the memory it needs) stays level over the run.
  const created: number[] = [];
  const json = { 'content-type': 'application/json' };
  if (withAdmin) {
    mix.push(['admin health', () => ({ method: 'GET', path: '/__sandbox/health', headers: {} })]);
    mix.push(['admin list', () => ({ method: 'GET', path: `/__sandbox/execution-threads?workspaceId=${pick(workspaces)}&offset=${Math.floor(random() * 1000)}&limit=20`, headers: {} })]);
    mix.push(['admin get thread', () => ({ method: 'GET', path: `/__sandbox/threads/${encodeURIComponent(pick(ids))}`, headers: {} })]);
    mix.push([
      'admin create/delete',
      () =>
        created.length > 0
          ? { method: 'DELETE', path: `/__sandbox/execution-threads/${created.shift()}`, headers: {} }
          : { method: 'POST', path: '/__sandbox/execution-threads', headers: json, body: JSON.stringify({ workspaceId: 999, threadToken: 'soak', type: 'Manual' }) },
    ]);
  }
  return {
    names: mix.map(([name]) => name),
    /** autocannon's setupRequest: one request of the mix, chosen at random. */
    next: (_request: unknown, context: { create?: boolean }): Request => {
      const request = (pick(mix)[1] as () => Request)();
      context.create = request.method === 'POST';
      // autocannon sends 'Host: undefined:undefined' for a request made here unless it names one,
      // and the control plane refuses a Host it does not know (DNS rebinding) with a 403.
      return { ...request, headers: { host, ...request.headers } };
    },
    /** autocannon's onResponse: remembers what a create made, for a later delete. */
    onResponse: (status: number, body: string, context: { create?: boolean }): void => {
      if (context.create && status === 201) created.push((JSON.parse(body) as { id: number }).id);
    },
  };
}
