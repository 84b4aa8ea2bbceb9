// startProxy(): an HTTP server in front of a real provider that forwards the two public APIs' GET
// requests, checks each request and answer against the specs, marks every answer with a
// `Sandbox-Contract` header, and keeps what the provider answered as a sandbox database.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { agentryThreadsError } from '../apis/agentry-threads/errors.js';
import { executionThreadsError } from '../apis/execution-threads/errors.js';
import type { Database } from '../model.js';
import { parseQuery } from '../openapi/query.js';
import { TransportError, type Answer, type ApiName } from '../verify/http-client.js';
import type { Thread } from '../verify/invariants.js';
import { loadSpecValidator } from '../verify/spec-validator.js';
import { parseTarget } from '../verify/target-probe.js';
import type { ExecutionThreadPage } from '../verify/v1-list.js';
import type { ThreadPage } from '../verify/v0-list.js';
import { checkRequest } from './check-request.js';
import { checkResponse } from './check-response.js';
import { CursorWalks } from './cursor-walks.js';
import { contractHeader, type ContractViolation, type ProxyExchange } from './exchange.js';
import { createForwarder } from './forward.js';
import { Recording, type RecordingStats } from './recording.js';
import { formatSummary, type ProxyTotals } from './summary.js';

export { TargetError } from '../verify/target-probe.js';

export interface ProxyOptions {
  /** Base URL of the provider, e.g. https://api.example.com */
  target: string;
  /** 0 (the default) picks a free port. */
  port?: number;
  host?: string;
  /** Time to wait for each answer of the provider. */
  timeoutMs?: number;
  /** Exchanges kept for exchanges() (the oldest are dropped first); totals count them all. */
  keep?: number;
  /** Called once per request, after its answer is written. */
  onExchange?: (exchange: ProxyExchange) => void;
}

export interface Proxy {
  /** Where clients send their requests, e.g. http://127.0.0.1:8161 */
  url: string;
  port: number;
  target: string;
  /** The requests handled, oldest first. */
  exchanges(): readonly ProxyExchange[];
  totals(): ProxyTotals;
  /** What the provider answered, as a database `serve --data` loads. */
  recording(): Database;
  recordingStats(): RecordingStats;
  /** The report printed at stop; pass the file the recording went to, to mention it. */
  summary(recordedTo?: string): string;
  stop(): Promise<void>;
}

import { PROXY_DEFAULTS } from './defaults.js';

export { PROXY_DEFAULTS } from './defaults.js';

const ERRORS: Record<ApiName, (status: number, message: string) => { status: number; body?: unknown }> = { v1: executionThreadsError, v0: agentryThreadsError };

/** Path and raw query of a request line; an absolute URL (a client using us as an HTTP proxy) is read too. */
function splitUrl(raw: string): { path: string; query: string } {
  let url = raw;
  if (!url.startsWith('/')) {
    try {
      const parsed = new URL(url);
      url = parsed.pathname + parsed.search;
    } catch {
      url = '/';
    }
  }
  const q = url.indexOf('?');
  return q < 0 ? { path: url, query: '' } : { path: url.slice(0, q), query: url.slice(q + 1) };
}

/**
 * Starts a validating, recording proxy. Throws TargetError when the target is not an http(s) URL.
 * @example
 * const proxy = await startProxy({ target: 'https://api.example.com' });
 * await fetch(`${proxy.url}/v1/threads`, { headers: { 'Api-Token': token } }); // Sandbox-Contract: ok
 * await writeFile('recorded.json', JSON.stringify(proxy.recording()));
 * await proxy.stop();
 */
export async function startProxy(options: ProxyOptions): Promise<Proxy> {
  const target = parseTarget(options.target);
  const { timeoutMs, keep, host, port } = { ...PROXY_DEFAULTS, port: 0, ...withoutUndefined(options) };
  const spec = await loadSpecValidator();
  const forward = createForwarder(target, timeoutMs);
  const walks = new CursorWalks();
  const recording = new Recording();
  const exchanges: ProxyExchange[] = [];
  const broken: ProxyExchange[] = [];
  const totals: ProxyTotals = { requests: 0, broken: 0, consumer: 0, provider: 0 };
  let nextId = 1;

  function finish(res: ServerResponse, exchange: ProxyExchange, contentType: string, text: string): void {
    totals.requests++;
    if (exchange.violations.length > 0) {
      totals.broken++;
      for (const v of exchange.violations) totals[v.side]++;
      if (broken.length < keep) broken.push(exchange);
    }
    exchanges.push(exchange);
    if (exchanges.length > keep) exchanges.shift();
    const headers: Record<string, string> = { 'sandbox-contract': contractHeader(exchange.violations) };
    if (contentType) headers['content-type'] = contentType;
    res.writeHead(exchange.status, headers).end(text);
    options.onExchange?.(exchange);
  }

  function errorAnswer(api: ApiName, status: number, message: string): { contentType: string; text: string } {
    return { contentType: 'application/json; charset=utf-8', text: JSON.stringify(ERRORS[api](status, message).body) };
  }

  function record(operationId: string, query: string, answer: Answer): void {
    if (operationId === 'listExecutionThreads') recording.addExecutionThreadPage(parseQuery(query), answer.body as ExecutionThreadPage);
    else if (operationId === 'listThreads') recording.addThreadPage(answer.body as ThreadPage);
    else if (operationId === 'getThread') recording.addThread(answer.body as Thread);
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // Only GETs leave the proxy; whatever body came with another method is read and dropped.
    req.resume();
    const method = (req.method ?? 'GET').toUpperCase();
    const { path, query } = splitUrl(req.url ?? '/');
    const url = query === '' ? path : `${path}?${query}`;
    const base = { id: nextId++, time: new Date().toISOString(), method, url };
    const verdict = checkRequest(spec, { method, path, query, headers: req.headers });
    if (!verdict.forward) {
      const answer = errorAnswer(verdict.api, verdict.status, verdict.message);
      return finish(res, { ...base, api: verdict.api, operationId: null, status: verdict.status, forwarded: false, violations: [verdict.violation] }, answer.contentType, answer.text);
    }
    const operationId = verdict.operation.operationId as string;
    const exchange = { ...base, api: verdict.api, operationId, forwarded: true };
    let answer: Answer;
    try {
      answer = await forward(verdict.api, url, req.headers);
    } catch (error) {
      if (!(error instanceof TransportError)) throw error;
      const violations: ContractViolation[] = [...verdict.violations, { side: 'provider', rule: 'no-answer', message: error.message }];
      const reply = errorAnswer(verdict.api, 502, `thread-sandbox proxy: the provider did not answer: ${error.message}`);
      return finish(res, { ...exchange, status: 502, violations }, reply.contentType, reply.text);
    }
    const providerViolations = checkResponse(spec, walks, { api: verdict.api, operation: verdict.operation, path, query, consumerViolations: verdict.violations }, answer);
    // A body that breaks the schema, or answers a request that should have failed, is not data to serve.
    const recordable = answer.status === 200 && verdict.violations.length === 0 && providerViolations.every((v) => v.rule === 'behaviour');
    if (recordable) record(operationId, query, answer);
    finish(res, { ...exchange, status: answer.status, violations: [...verdict.violations, ...providerViolations] }, answer.contentType, answer.text);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      process.stderr.write(`thread-sandbox proxy: unexpected error: ${(error as Error)?.stack ?? String(error)}\n`);
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify({ message: null }));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const bound = (server.address() as AddressInfo).port;
  const shownHost = host.includes(':') ? `[${host}]` : host === '0.0.0.0' ? '127.0.0.1' : host;
  let stopping: Promise<void> | undefined;
  return {
    url: `http://${shownHost}:${bound}`,
    port: bound,
    target,
    exchanges: () => [...exchanges],
    totals: () => ({ ...totals }),
    recording: () => recording.toDatabase(),
    recordingStats: () => recording.stats(),
    summary: (recordedTo) => formatSummary(target, totals, broken, recordedTo === undefined ? undefined : { file: recordedTo, stats: recording.stats() }),
    stop: () =>
      (stopping ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      })),
  };
}

function withoutUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
