// fetch against a live server (a child process, a balancer) with the spec check built in: every
// answer a test sees has been checked against the spec, as with supertest in http.ts.
import { assertMatchesSpec } from './spec-check.js';

export interface FetchedResponse {
  status: number;
  body: any;
  headers: Record<string, string>;
}

export const AUTH = { 'Api-Token': 'test-token', Authorization: 'Bearer test-token' } as const;

/** Thrown when the answer came from a load balancer (502/503/504 in its own HTML), not from a sandbox. */
export class BalancerError extends Error {
  override name = 'BalancerError';
  constructor(readonly status: number) {
    super(`the balancer answered ${status} itself`);
  }
}

export async function checkedFetch(base: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<FetchedResponse> {
  const res = await fetch(base + path, {
    method,
    headers: { ...AUTH, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  const type = res.headers.get('content-type') ?? '';
  if ([502, 503, 504].includes(res.status) && !type.startsWith('application/json')) throw new BalancerError(res.status);
  const answer: FetchedResponse = { status: res.status, body: text === '' ? undefined : type.startsWith('application/json') ? JSON.parse(text) : text, headers: Object.fromEntries(res.headers) };
  await assertMatchesSpec(method, path, answer);
  return answer;
}
