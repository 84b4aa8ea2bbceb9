// Checks a fault before it is registered, beyond what the schema says: each kind has the field it
// needs, and a named operation exists in a public API and documents the status asked for.
import type { Fault, FaultInput } from './faults.js';
import { loadSpec } from '../openapi/specs.js';
import type { Services } from '../services.js';
import { ControlError } from './control-error.js';

type PathItem = Record<string, { operationId?: string; responses?: Record<string, unknown> }>;

/** operationId -> documented statuses, for both public APIs (read from their specs). */
export function publicOperations(): Map<string, number[]> {
  const out = new Map<string, number[]>();
  for (const name of ['v1', 'v0'] as const) {
    const paths = (loadSpec(name).paths ?? {}) as Record<string, PathItem>;
    for (const item of Object.values(paths)) {
      for (const op of Object.values(item)) {
        if (typeof op !== 'object' || !op?.operationId) continue;
        out.set(op.operationId, Object.keys(op.responses ?? {}).filter((s) => /^\d{3}$/.test(s)).map(Number));
      }
    }
  }
  return out;
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
  if (input.operationId !== undefined) {
    const operations = publicOperations();
    const statuses = operations.get(input.operationId);
    if (!statuses) fail(`operationId '${input.operationId}' is not an operation of the public APIs (known: ${[...operations.keys()].join(', ')})`);
    if (input.kind === 'status' && statuses && !statuses.includes(input.status as number)) {
      fail(`status ${input.status} is not documented for ${input.operationId} (documented: ${statuses.join(', ')})`);
    }
  }
}

/** Checks and registers a fault; a tenant's fault acts only on that tenant's requests. */
export function addFault(services: Services, input: FaultInput, tenant: string | null = null): Fault {
  checkFaultInput(input);
  return services.faults.add(input, tenant);
}
