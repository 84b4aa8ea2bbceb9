// Our pipeline (src/openapi/pipeline.ts through src/http/api-endpoint.ts) keeps openapi-backend's
// results in caches and validates integers by their digits first. Over the fuzzer's generated
// requests it must answer what api.handleRequest answers, with one deliberate difference: where a
// query or path integer is not an optional sign and decimal digits (or past int64), ours is a 400.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import type { Request, Response } from 'express';
import fc from 'fast-check';
import { agentryThreadsApi } from '../../src/apis/agentry-threads/index.js';
import type { Call, Reply } from '../../src/apis/api.js';
import { executionThreadsApi } from '../../src/apis/execution-threads/index.js';
import { apiEndpoint } from '../../src/http/api-endpoint.js';
import { mountApi, type MountedApi } from '../../src/http/mount-api.js';
import { integerRules, isIntegerText } from '../../src/openapi/integers.js';
import { parseQuery, splitUrl } from '../../src/openapi/query.js';
import { createSandboxApp } from '../../src/sandbox.js';
import type { Services } from '../../src/services.js';
import { hostileHeaderValue, hostileQuery, hostileValue, wireSafe } from '../helpers/hostile.js';

const RUNS = Number(process.env.FUZZ_RUNS ?? 700);

let services: Services;
let v1: MountedApi;
let v0: MountedApi;
let threadId: string;

before(async () => {
  ({ services } = await createSandboxApp({
    inMemory: true,
    logLevel: 'silent',
    seed: 9,
    executionThreads: 300,
    threads: 60,
    tenants: [
      { name: 'a', tokens: ['tok-a'], workspaces: [1, 2], inboxes: [] },
      { name: 'b', tokens: ['tok-b'], workspaces: [3], inboxes: [] },
    ],
  }));
  [v1, v0] = await Promise.all([mountApi(executionThreadsApi), mountApi(agentryThreadsApi)]);
  threadId = services.store.threads.all()[0]?.thread_id as string;
});

interface Answer {
  status: number;
  body: unknown;
}

/** Our endpoint, called with a stub request and response. */
async function ours(api: MountedApi, method: string, url: string, headers: Record<string, string>): Promise<Answer & { allow?: string }> {
  const answer: Answer & { allow?: string } = { status: 0, body: undefined };
  const res = {
    headersSent: false,
    destroyed: false,
    writeHead(status: number, h: Record<string, string>) {
      answer.status = status;
      if (h.allow) answer.allow = h.allow;
    },
    end(body: string) {
      answer.body = body === '' ? undefined : JSON.parse(body);
    },
  };
  await apiEndpoint(api, services)({ method, originalUrl: url, url, headers, socket: {} } as unknown as Request, res as unknown as Response);
  return answer;
}

/** openapi-backend's own handleRequest, given what the endpoint gives the pipeline. */
async function reference(api: MountedApi, method: string, url: string, headers: Record<string, string>): Promise<Answer> {
  const { path, rawQuery } = splitUrl(url);
  const query = parseQuery(rawQuery);
  const operation = api.backend.router.matchOperation({ method, path, headers: {} });
  const call: Call = { services, query, req: { headers } as never };
  try {
    const reply = (await api.backend.handleRequest({ method, path, headers, query: operation ? api.declaredQuery(operation, query) : query }, call)) as Reply;
    return { status: reply.status, body: reply.json === undefined ? reply.body : JSON.parse(reply.json) };
  } catch (error) {
    // The endpoint answers a path that is not valid percent-encoding with a 400 of its own.
    if (error instanceof URIError) return api.def.error(400, 'The request path is not valid percent-encoding') as Answer;
    throw error;
  }
}

/** True when the request has a query or path integer that is not written as the grammar says. */
function breaksIntegerGrammar(api: MountedApi, method: string, url: string): boolean {
  const { path, rawQuery } = splitUrl(url);
  const operation = api.backend.router.matchOperation({ method, path, headers: {} });
  if (!operation) return false;
  const query = parseQuery(rawQuery);
  let params: Record<string, string> = {};
  try {
    params = api.backend.router.parseRequest({ method, path, headers: {} }, operation).params as Record<string, string>;
  } catch {
    return false;
  }
  return integerRules(operation.parameters as never).some((rule) => {
    const value = rule.in === 'query' ? query[rule.name] : params[rule.name];
    return typeof value === 'string' && !isIntegerText(value, rule.int64);
  });
}

async function same(api: MountedApi, method: string, url: string, headers: Record<string, string>): Promise<void> {
  const [got, want] = [await ours(api, method, url, headers), await reference(api, method, url, headers)];
  const where = `${method} ${url.slice(0, 300)} ${JSON.stringify(headers).slice(0, 200)}`;
  if (got.status === want.status && JSON.stringify(got.body) === JSON.stringify(want.body)) {
    if (got.status === 405) assert.ok(got.allow, `${where}: a 405 without Allow`);
    return;
  }
  assert.ok(breaksIntegerGrammar(api, method, url), `${where}: ours ${got.status} ${JSON.stringify(got.body)}, handleRequest ${want.status} ${JSON.stringify(want.body)}`);
  assert.equal(got.status, 400, where);
}

const method = fc.constantFrom('GET', 'GET', 'GET', 'GET', 'POST', 'DELETE', 'PUT');
const v1Auth = fc.option(fc.oneof(fc.constantFrom('tok-a', 'tok-b', 'tok-unknown'), hostileHeaderValue), { nil: undefined });
const v0Auth = fc.option(fc.oneof(fc.constantFrom('Bearer tok-a', 'Bearer tok-b', 'Bearer tok-unknown'), hostileHeaderValue), { nil: undefined });
const withAuth = (name: string, value: string | undefined): Record<string, string> => (value === undefined ? {} : { [name]: value });

test('v1: our pipeline answers what handleRequest answers', async () => {
  const path = fc.constantFrom('/v1/threads', '/v1/threads/', '/v1/thread', '/v1', '/v1/threads/x');
  await fc.assert(
    fc.asyncProperty(method, path, hostileQuery(['workspaceId', 'start', 'total', 'thread_token', 'type', 'sorting']), v1Auth, async (m, p, q, auth) => {
      await same(v1, m, `${p}?${q}`, withAuth('api-token', auth));
    }),
    { numRuns: RUNS },
  );
});

test('v0: our pipeline answers what handleRequest answers, lists and threads by id', async () => {
  const id = fc.oneof(
    fc.constant(threadId),
    hostileValue.filter((v) => v !== '').map((v) => wireSafe(v).slice(0, 300).replaceAll('/', '%2F').replaceAll('?', '%3F').replaceAll('#', '%23')),
    fc.constantFrom('%2F', '%zz', '%', '__proto__', 'constructor'),
  );
  const path = fc.oneof(fc.constantFrom('/human/v0/threads', '/human/v0/inboxes'), id.map((i) => `/human/v0/threads/${i}`));
  await fc.assert(
    fc.asyncProperty(method, path, hostileQuery(['inbox_id', 'limit', 'page_token']), v0Auth, async (m, p, q, auth) => {
      await same(v0, m, `${p}?${q}`, withAuth('authorization', auth));
    }),
    { numRuns: RUNS },
  );
});

test('the deliberate difference is real: workspaceId=0x10 is 200 by handleRequest and 400 by ours', async () => {
  const headers = { 'api-token': 'tok-a' };
  assert.equal((await reference(v1, 'GET', '/v1/threads?workspaceId=0x10', headers)).status, 200);
  assert.equal((await ours(v1, 'GET', '/v1/threads?workspaceId=0x10', headers)).status, 400);
});
