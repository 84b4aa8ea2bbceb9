// Deliberately broken providers: thin proxies in front of a real sandbox that corrupt exactly one
// behaviour each, so a verification run must fail and name that behaviour.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startSandbox, type Sandbox } from '../../src/sandbox.js';

interface Exchange {
  /** The URL as the client sent it. */
  readonly asked: URL;
  /** The URL forwarded to the sandbox (a corruption may change it). */
  url: URL;
  headers: Record<string, string>;
  /** Per-server memory across requests. */
  memory: Map<string, unknown>;
}

interface Corruption {
  request?(exchange: Exchange): void;
  body?(exchange: Exchange, body: any): unknown;
}

export const BROKEN = {
  /** Answers the default window whatever `total` says. */
  ignoresTotal: {
    request: ({ url }) => url.searchParams.delete('total'),
  },
  /** Sorts ascending even when asked for descending. */
  sortsWrongly: {
    request: ({ url }) => {
      const sorting = url.searchParams.get('sorting');
      if (sorting) url.searchParams.set('sorting', sorting.replace(/(^|,)\s*-/g, '$1').replace(/\s+desc\b/gi, ' asc'));
    },
  },
  /** Each page after the first starts with the last thread of the page before. */
  cursorRepeatsAThread: {
    request: ({ url }) => {
      const limit = Number(url.searchParams.get('limit') ?? 10);
      if (url.searchParams.has('page_token') && limit > 1) url.searchParams.set('limit', String(limit - 1));
    },
    body: ({ asked, memory }, body) => {
      if (!Array.isArray(body?.threads)) return body;
      // Remember the last thread of this page under the token that leads past it.
      if (body.next_page_token) memory.set(body.next_page_token, body.threads.at(-1));
      const token = asked.searchParams.get('page_token');
      const repeated = token === null ? undefined : memory.get(token);
      if (repeated === undefined) return body;
      const limit = Number(asked.searchParams.get('limit') ?? 10);
      const threads = limit === 1 ? [repeated] : [repeated, ...body.threads];
      return { ...body, count: threads.length, limit, threads };
    },
  },
  /** v1 workspaceId as a string. */
  wrongFieldType: {
    body: (_exchange, body) =>
      Array.isArray(body?.items) ? { ...body, items: body.items.map((i: { workspaceId: number }) => ({ ...i, workspaceId: String(i.workspaceId) })) } : body,
  },
  /** Lets requests without credentials through. */
  acceptsMissingCredentials: {
    request: ({ headers }) => {
      if (!headers['api-token']) headers['api-token'] = 'slipped-in';
      if (!headers.authorization) headers.authorization = 'Bearer slipped-in';
    },
  },
} satisfies Record<string, Corruption>;

export type BrokenKind = keyof typeof BROKEN;

export interface BrokenServer {
  url: string;
  close(): Promise<void>;
}

function plainHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of ['api-token', 'authorization', 'accept']) {
    const value = headers[name];
    if (typeof value === 'string') out[name] = value;
  }
  return out;
}

export async function startBrokenServer(kind: BrokenKind): Promise<BrokenServer> {
  const sandbox: Sandbox = await startSandbox();
  const corruption: Corruption = BROKEN[kind];
  const memory = new Map<string, unknown>();
  const server: Server = createServer(async (req, res) => {
    const asked = new URL(req.url ?? '/', sandbox.url);
    const exchange: Exchange = { asked, url: new URL(asked), headers: plainHeaders(req.headers), memory };
    corruption.request?.(exchange);
    const upstream = await fetch(exchange.url, { headers: exchange.headers });
    let body: unknown = await upstream.json();
    if (upstream.status === 200 && corruption.body) body = corruption.body(exchange, body);
    res.writeHead(upstream.status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await sandbox.stop();
    },
  };
}
