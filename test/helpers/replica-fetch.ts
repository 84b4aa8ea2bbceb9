// fetch against a live sandbox or a load balancer in front of replicas, with the spec check built
// in: every answer a test sees has been checked against the spec, as with supertest in http.ts.
import { assertMatchesSpec } from './spec-check.js';

export interface FetchedResponse {
  status: number;
  body: any;
  headers: Record<string, string>;
}

export const AUTH = { 'Api-Token': 'test-token', Authorization: 'Bearer test-token' } as const;

/**
 * Thrown when no sandbox answered: the load balancer answered itself (502/503/504 in its own
 * HTML), or closed the connection without an answer (status 0), as HAProxy does when a request it
 * sent on a kept-alive connection finds the server gone, so that the client may retry.
 */
export class BalancerError extends Error {
  override name = 'BalancerError';
  constructor(readonly status: number) {
    super(status ? `the balancer answered ${status} itself` : 'the balancer closed the connection without an answer');
  }
}

export interface FetchOptions {
  /** Turn a connection closed without an answer into a BalancerError (only for URLs of a balancer). */
  behindBalancer?: boolean;
}

export async function checkedFetch(base: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}, options: FetchOptions = {}): Promise<FetchedResponse> {
  let res: Response;
  try {
    res = await fetch(base + path, {
      method,
      headers: { ...AUTH, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  } catch (error) {
    if (options.behindBalancer && error instanceof TypeError) throw new BalancerError(0);
    throw error;
  }
  const text = await res.text();
  const type = res.headers.get('content-type') ?? '';
  if ([502, 503, 504].includes(res.status) && !type.startsWith('application/json')) throw new BalancerError(res.status);
  const answer: FetchedResponse = { status: res.status, body: text === '' ? undefined : type.startsWith('application/json') ? JSON.parse(text) : text, headers: Object.fromEntries(res.headers) };
  await assertMatchesSpec(method, path, answer);
  return answer;
}
