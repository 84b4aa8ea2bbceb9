// What the proxy keeps of each request it handled: enough to list contract violations and print a
// summary, never a credential (headers are not kept at all).
import type { ApiName } from '../verify/http-client.js';

/**
 * Who broke the contract: the consumer (the client sending requests through the proxy) or the
 * provider (the server behind it).
 */
export type Side = 'consumer' | 'provider';

export interface ContractViolation {
  side: Side;
  /** The kind of rule: `parameter`, `credentials`, `unknown-path`, `method`, `status`, `schema`, `content-type`, `behaviour` or `no-answer`. */
  rule: string;
  /** The rule as a sentence, naming the parameter or field. */
  message: string;
}

export interface ProxyExchange {
  /** 1, 2, ... in the order the requests arrived. */
  id: number;
  time: string;
  api: ApiName;
  method: string;
  /** Path and query as the client sent them. */
  url: string;
  operationId: string | null;
  /** What the client got; 502 when the provider did not answer. */
  status: number;
  /** Whether the request was sent on to the provider (only GETs of a documented operation are). */
  forwarded: boolean;
  violations: ContractViolation[];
  /** Why the answer's body was passed on unread (over the check limit, say); absent when it was checked. */
  unchecked?: string;
}

/**
 * The value of the `Sandbox-Contract` header: `ok`, or how many rules this exchange broke; for an
 * answer whose body went through unread, `unchecked` when its request, status and headers broke none.
 */
export function contractHeader(violations: readonly ContractViolation[], bodyUnchecked = false): string {
  if (violations.length > 0) return String(violations.length);
  return bodyUnchecked ? 'unchecked' : 'ok';
}
