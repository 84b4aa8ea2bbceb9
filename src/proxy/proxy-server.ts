// startProxy(): an HTTP server in front of a real provider that forwards the two public APIs' GET
// requests, checks each request and answer against the specs, marks every answer with a
// `Sandbox-Contract` header, and keeps what the provider answered as a sandbox database.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { answerClientErrors } from '../http/client-errors.js';
import type { Database } from '../model.js';
import { parseQuery } from '../openapi/query.js';
import type { Answer } from '../verify/http-client.js';
import type { Thread } from '../verify/invariants.js';
import { loadSpecValidator } from '../verify/spec-validator.js';
import { parseTarget } from '../verify/target-probe.js';
import type { ExecutionThreadPage } from '../verify/v1-list.js';
import type { ThreadPage } from '../verify/v0-list.js';
import { apiOf } from './check-request.js';
import { CursorWalks } from './cursor-walks.js';
import type { ProxyExchange } from './exchange.js';
import { createForwarder } from './forward.js';
import { createExchangeHandler, ERRORS } from './handle-exchange.js';
import { Recording, type RecordingStats } from './recording.js';
import { formatSummary, type ProxyTotals } from './summary.js';

export { TargetError } from '../verify/target-probe.js';

export interface ProxyOptions {
  /** Base URL of the provider, e.g. https://api.example.com */
  target: string;
  /** 0 (the default) picks a free port. */
  port?: number;
  host?: string;
  /** Time to wait for the provider: to connect, for its answer, and for each pause in its body. */
  timeoutMs?: number;
  /** Exchanges kept for exchanges() (the oldest are dropped first); totals count them all. */
  keep?: number;
  /** Bodies up to this many bytes are checked and recorded; larger ones are passed on unread (default 16 MiB). */
  checkLimit?: number;
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
  const { timeoutMs, keep, host, port, checkLimit } = { ...PROXY_DEFAULTS, port: 0, ...withoutUndefined(options) };
  const spec = await loadSpecValidator();
  const recording = new Recording();
  const exchanges: ProxyExchange[] = [];
  const broken: ProxyExchange[] = [];
  const totals: ProxyTotals = { requests: 0, broken: 0, consumer: 0, provider: 0, unchecked: 0 };
  let nextId = 1;

  function account(exchange: ProxyExchange): void {
    totals.requests++;
    if (exchange.unchecked !== undefined) totals.unchecked++;
    if (exchange.violations.length > 0) {
      totals.broken++;
      for (const v of exchange.violations) totals[v.side]++;
      if (broken.length < keep) broken.push(exchange);
    }
    exchanges.push(exchange);
    if (exchanges.length > keep) exchanges.shift();
    options.onExchange?.(exchange);
  }

  function record(operationId: string, query: string, answer: Answer): void {
    if (operationId === 'listExecutionThreads') recording.addExecutionThreadPage(parseQuery(query), answer.body as ExecutionThreadPage);
    else if (operationId === 'listThreads') recording.addThreadPage(answer.body as ThreadPage);
    else if (operationId === 'getThread') recording.addThread(answer.body as Thread);
  }

  const handle = createExchangeHandler({ spec, walks: new CursorWalks(), forward: createForwarder(target, timeoutMs), checkLimit, nextId: () => nextId++, record, account });
  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      process.stderr.write(`thread-sandbox proxy: unexpected error: ${(error as Error)?.stack ?? String(error)}\n`);
      if (res.headersSent) return res.destroy();
      const body = ERRORS[apiOf(req.url ?? '/')](500, 'Internal error in thread-sandbox proxy (see its output)').body;
      res.writeHead(500, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(body));
    });
  });
  answerClientErrors(server, (status, message, path) => ERRORS[apiOf(path ?? '/')](status, message).body);
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
