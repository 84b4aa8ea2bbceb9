// Checks a fault before it is registered, beyond what the schema says: each kind has the field it
// needs, a named operation exists in a public API, and a status fault asks for a status that the
// operations it targets document (a fault must not make an API answer outside its contract).
import type { Fault, FaultInput } from './faults.js';
import { loadSpec } from '../openapi/specs.js';
import type { Services } from '../services.js';
import type { MaybePromise } from './shared-books.js';
import { ControlError } from './control-error.js';

type PathItem = Record<string, { operationId?: string; responses?: Record<string, unknown> }>;

export interface PublicOperation {
  operationId: string;
  method: string;
  template: string;
  /** Matches the request paths of the template. */
  pattern: RegExp;
  statuses: number[];
}

const HTTP_METHODS = new Set(['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace']);
const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

let cached: Map<string, PublicOperation> | undefined;

/** operationId -> the operation of either public API (read from their specs once). */
export function publicOperations(): Map<string, PublicOperation> {
  if (cached) return cached;
  const out = new Map<string, PublicOperation>();
  for (const name of ['v1', 'v0'] as const) {
    const paths = (loadSpec(name).paths ?? {}) as Record<string, PathItem>;
    for (const [template, item] of Object.entries(paths)) {
      for (const [method, op] of Object.entries(item)) {
        if (!HTTP_METHODS.has(method) || typeof op !== 'object' || !op?.operationId) continue;
        const pattern = new RegExp(`^${template.split(/\{[^}]+\}/).map(escape).join('[^/]+')}/*$`);
        const statuses = Object.keys(op.responses ?? {}).filter((s) => /^\d{3}$/.test(s)).map(Number);
        out.set(op.operationId, { operationId: op.operationId, method: method.toUpperCase(), template, pattern, statuses });
      }
    }
  }
  return (cached = out);
}

/** The operations a fault's target selects (every one when it names none). */
function targets(input: FaultInput, operations: Map<string, PublicOperation>): PublicOperation[] {
  const method = input.method?.toUpperCase();
  return [...operations.values()].filter(
    (op) =>
      (input.operationId === undefined || op.operationId === input.operationId) &&
      (method === undefined || op.method === method || (method === 'HEAD' && op.method === 'GET')) &&
      (input.path === undefined || input.path === op.template || op.pattern.test(input.path)),
  );
}

export function checkFaultInput(input: FaultInput): void {
  const fail = (message: string) => {
    throw new ControlError('ValidationError', message);
  };
  if (input.kind === 'status' && input.status === undefined) fail("a fault of kind 'status' needs 'status' (e.g. 500)");
  if (input.kind === 'delay' && input.delayMs === undefined) fail("a fault of kind 'delay' needs 'delayMs'");
  if (input.kind !== 'status' && input.status !== undefined) fail(`'status' only applies to faults of kind 'status', not '${input.kind}'`);
  if (input.kind !== 'delay' && input.delayMs !== undefined) fail(`'delayMs' only applies to faults of kind 'delay', not '${input.kind}'`);
  if (input.seed !== undefined && input.probability === undefined) fail("'seed' only applies with 'probability'");
  const operations = publicOperations();
  if (input.operationId !== undefined && !operations.has(input.operationId)) {
    fail(`operationId '${input.operationId}' is not an operation of the public APIs (known: ${[...operations.keys()].join(', ')})`);
  }
  if (input.kind !== 'status') return;
  const targeted = targets(input, operations);
  if (targeted.some((op) => op.statuses.includes(input.status as number))) return;
  const allowed = [...new Set(targeted.flatMap((op) => op.statuses))].filter((s) => s >= 400).sort((a, b) => a - b);
  const what = input.operationId ?? (targeted.length > 0 ? `any operation the fault targets (${targeted.map((op) => op.operationId).join(', ')})` : 'any operation: the fault targets none');
  fail(`status ${input.status} is not documented for ${what} (documented: ${allowed.join(', ') || 'none'})`);
}

/**
 * Checks (throwing at once) and registers a fault (a promise when faults live in a database); a
 * tenant's fault acts only on that tenant's requests.
 */
export function addFault(services: Services, input: FaultInput, tenant: string | null = null): MaybePromise<Fault> {
  checkFaultInput(input);
  return services.faults.add(input, tenant);
}
