// The consumer's half of the contract: is this a request the specs allow? Decides too whether the
// proxy may forward it at all: only GETs of a documented operation leave the proxy.
import type { Operation } from 'openapi-backend';
import { bearerToken } from '../apis/api.js';
import type { ApiName } from '../verify/http-client.js';
import { parseSorting } from '../verify/invariants.js';
import type { SpecValidator } from '../verify/spec-validator.js';
import type { ContractViolation } from './exchange.js';

export interface IncomingRequest {
  method: string;
  path: string;
  /** The raw query string, without '?'. */
  query: string;
  headers: Record<string, string | string[] | undefined>;
}

export type RequestVerdict =
  /** The proxy answers itself (404 or 405 in the API's error shape) and forwards nothing. */
  | { forward: false; api: ApiName; status: 404 | 405; message: string; violation: ContractViolation }
  | { forward: true; api: ApiName; operation: Operation; violations: ContractViolation[] };

/** Which API a path belongs to; paths no spec owns answer in the shape of the nearest API, as the sandbox does. */
export function apiOf(path: string): ApiName {
  return path === '/human' || path.startsWith('/human/') ? 'v0' : 'v1';
}

export function checkRequest(spec: SpecValidator, request: IncomingRequest): RequestVerdict {
  const api = apiOf(request.path);
  const method = request.method.toUpperCase();
  // fetch resolves '.' and '..' segments (also as %2e): such a path would reach another URL than asked.
  const asGet = hasDotSegment(request.path) ? undefined : spec.match(api, 'GET', request.path);
  if (!asGet) {
    const message = `Not found: ${method} ${request.path}`;
    return { forward: false, api, status: 404, message, violation: { side: 'consumer', rule: 'unknown-path', message: `no operation of the ${api} spec has the path ${request.path}` } };
  }
  if (method !== 'GET') {
    const message = `Method not allowed: ${method} ${request.path}`;
    return { forward: false, api, status: 405, message, violation: { side: 'consumer', rule: 'method', message: `${asGet.operationId} is GET only; ${method} is not allowed (and the proxy forwards only GET)` } };
  }
  const violations: ContractViolation[] = [];
  const missing = missingCredentials(api, request.headers);
  if (missing) violations.push({ side: 'consumer', rule: 'credentials', message: missing });
  for (const message of spec.requestProblems(api, asGet, request)) violations.push({ side: 'consumer', rule: 'parameter', message });
  const sorting = sortingProblem(asGet, request.query);
  if (sorting && violations.every((v) => v.rule !== 'parameter')) violations.push({ side: 'consumer', rule: 'parameter', message: sorting });
  return { forward: true, api, operation: asGet, violations };
}

function hasDotSegment(path: string): boolean {
  return path.split('/').some((segment) => /^(\.|%2e){1,2}$/i.test(segment));
}

/** The credentials each API's security scheme requires; what is wrong, or undefined. */
function missingCredentials(api: ApiName, headers: IncomingRequest['headers']): string | undefined {
  if (api === 'v1') {
    const token = headers['api-token'];
    return typeof token === 'string' && token.trim() !== '' ? undefined : 'the Api-Token header is missing or empty (the spec requires it)';
  }
  return bearerToken(headers.authorization) ? undefined : 'the Authorization header is missing or not "Bearer <token>" (the spec requires it)';
}

/** `sorting` has a grammar the schema cannot express (a string); the spec says an unknown key is a 400, an empty one too. */
function sortingProblem(operation: Operation, query: string): string | undefined {
  if (operation.operationId !== 'listExecutionThreads') return undefined;
  const value = new URLSearchParams(query).get('sorting');
  // A blank value is no sorting; an empty key among others ('CreatedAt,') is as unknown as any.
  if (value === null || value.trim() === '' || parseSorting(value)) return undefined;
  return `query parameter 'sorting' is '${value}', which is not one or more of CreatedAt, ThreadToken, Type, WorkspaceId, each optionally followed by ' asc' or ' desc' or prefixed with '-'`;
}
