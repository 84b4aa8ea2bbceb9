// One request through the proxy: check it, forward it, read the answer up to the check limit, check
// that and pass it back with its verdict in `Sandbox-Contract`. An answer past the limit is passed
// back as it streams in, its status and headers checked, its body neither checked nor recorded.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';
import { agentryThreadsError } from '../apis/agentry-threads/errors.js';
import { executionThreadsError } from '../apis/execution-threads/errors.js';
import { TransportError, type Answer, type ApiName } from '../verify/http-client.js';
import type { SpecValidator } from '../verify/spec-validator.js';
import { checkRequest } from './check-request.js';
import { checkResponse, type CheckedRequest, type ProviderAnswer } from './check-response.js';
import type { CursorWalks } from './cursor-walks.js';
import { contractHeader, type ContractViolation, type ProxyExchange } from './exchange.js';
import type { Forward } from './forward.js';
import { answerHead, decodedText, readCapped, type AnswerHead } from './upstream-answer.js';

/** The proxy's own answers (404, 405, 502, 500) in each API's error shape, as the sandbox gives them. */
export const ERRORS: Record<ApiName, (status: number, message: string) => { status: number; body?: unknown }> = { v1: executionThreadsError, v0: agentryThreadsError };

export interface ExchangeDeps {
  spec: SpecValidator;
  walks: CursorWalks;
  forward: Forward;
  /** Bodies up to this many bytes are checked and recorded; larger ones are passed on unread. */
  checkLimit: number;
  nextId(): number;
  record(operationId: string, query: string, answer: Answer): void;
  /** Called once per request, when the consumer has its whole answer (or the answer broke off). */
  account(exchange: ProxyExchange): void;
}

const providerSide = (rule: string, message: string): ContractViolation => ({ side: 'provider', rule, message });

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

function parseJson(text: string): unknown {
  try {
    return text === '' ? undefined : JSON.parse(text);
  } catch {
    return undefined;
  }
}

export function createExchangeHandler(deps: ExchangeDeps): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  const { spec, walks, checkLimit } = deps;

  function answerError(res: ServerResponse, exchange: ProxyExchange, message: string): void {
    const text = JSON.stringify(ERRORS[exchange.api](exchange.status, message).body);
    res.writeHead(exchange.status, { 'content-type': 'application/json; charset=utf-8', 'sandbox-contract': contractHeader(exchange.violations) }).end(text);
    deps.account(exchange);
  }

  /** Past the check limit: the status and headers are judged, the body goes through as it comes. */
  async function passOn(res: ServerResponse, request: CheckedRequest, exchange: ProxyExchange, head: AnswerHead, read: Buffer[], rest: IncomingMessage | undefined, why: string): Promise<void> {
    const unread: ProviderAnswer = { url: exchange.url, status: head.status, contentType: head.contentTypes[0] ?? '', contentTypes: head.contentTypes, text: '', body: undefined, bodyChecked: false };
    const done: ProxyExchange = { ...exchange, status: head.status, violations: [...request.consumerViolations, ...checkResponse(spec, walks, request, unread)], unchecked: `the body was passed on without being checked or recorded: ${why}` };
    res.writeHead(head.status, [...head.passedBack, 'Sandbox-Contract', contractHeader(done.violations, true)]);
    for (const chunk of read) res.write(chunk);
    if (!rest) res.end();
    else {
      try {
        await pipeline(rest, res);
      } catch (error) {
        // A consumer that hangs up is no one's breach; a provider that stops mid-body is.
        if (rest.errored) done.violations.push(providerSide('no-answer', `the body broke off after its headers were passed on: ${(error as Error).message}`));
      }
    }
    deps.account(done);
  }

  return async function handle(req, res) {
    // Only GETs leave the proxy; whatever body came with another method is read and dropped.
    req.resume();
    const method = (req.method ?? 'GET').toUpperCase();
    const { path, query } = splitUrl(req.url ?? '/');
    const url = query === '' ? path : `${path}?${query}`;
    const base = { id: deps.nextId(), time: new Date().toISOString(), method, url };
    const verdict = checkRequest(spec, { method, path, query, headers: req.headers });
    if (!verdict.forward) {
      return answerError(res, { ...base, api: verdict.api, operationId: null, status: verdict.status, forwarded: false, violations: [verdict.violation] }, verdict.message);
    }
    const operationId = verdict.operation.operationId as string;
    const exchange: ProxyExchange = { ...base, api: verdict.api, operationId, forwarded: true, status: 502, violations: verdict.violations };
    const noAnswer = (message: string) => answerError(res, { ...exchange, violations: [...verdict.violations, providerSide('no-answer', message)] }, `thread-sandbox proxy: the provider did not answer: ${message}`);
    let upstream: IncomingMessage;
    try {
      upstream = await deps.forward(url, req.headers);
    } catch (error) {
      if (!(error instanceof TransportError)) throw error;
      return noAnswer(error.message);
    }
    const head = answerHead(upstream);
    const request: CheckedRequest = { api: verdict.api, operation: verdict.operation, path, query, consumerViolations: verdict.violations };
    const overLimit = `it is over the check limit of ${checkLimit} bytes (--check-limit)`;
    if (head.declaredLength !== undefined && head.declaredLength > checkLimit) return passOn(res, request, exchange, head, [], upstream, overLimit);
    let read;
    try {
      read = await readCapped(upstream, checkLimit);
    } catch (error) {
      return noAnswer(`GET ${url}: the answer broke off (${(error as Error).message})`);
    }
    if (!read.complete) return passOn(res, request, exchange, head, read.head, upstream, overLimit);
    const decoded = decodedText(read.bytes, head.contentEncoding, checkLimit);
    if ('unreadable' in decoded) return passOn(res, request, exchange, head, [read.bytes], undefined, decoded.unreadable);
    const answer: ProviderAnswer = { url, status: head.status, contentType: head.contentTypes[0] ?? '', contentTypes: head.contentTypes, text: decoded.text, body: parseJson(decoded.text), bodyChecked: true };
    const providerViolations = checkResponse(spec, walks, request, answer);
    // A body that breaks the schema, or answers a request that should have failed, is not data to serve.
    if (answer.status === 200 && verdict.violations.length === 0 && providerViolations.every((v) => v.rule === 'behaviour')) deps.record(operationId, query, answer);
    const done: ProxyExchange = { ...exchange, status: head.status, violations: [...verdict.violations, ...providerViolations] };
    res.writeHead(head.status, [...head.passedBack, 'Sandbox-Contract', contractHeader(done.violations)]).end(read.bytes);
    deps.account(done);
  };
}
