// Faults a test asks for: a status with the operation's documented error body, a delay, a reset
// connection or no answer at all; for the next N matching requests, a reproducible share of them,
// or until cleared.

import type { OperationId } from './operation-id.js';
import { mulberry32 } from '../random.js';

export type FaultKind = 'status' | 'delay' | 'reset' | 'timeout';

export interface FaultInput {
  operationId?: OperationId | undefined;
  method?: string | undefined;
  path?: string | undefined;
  kind: FaultKind;
  status?: number | undefined;
  delayMs?: number | undefined;
  times?: number | undefined;
  probability?: number | undefined;
  seed?: number | undefined;
}

export interface Fault extends FaultInput {
  id: string;
  /** Requests it has acted on so far. */
  hits: number;
  /** Requests left before it expires (with `times`). */
  remaining?: number;
}

export interface FaultTarget {
  operationId: string;
  method: string;
  /** The request path and the spec's path template: a fault's `path` may name either. */
  path: string;
  template: string;
  /** Statuses the operation documents: a status fault acts only where its status is one of them. */
  statuses: readonly number[];
  /** The tenant of the request's credentials: a tenant's fault acts only on its own requests. */
  tenant?: string | null;
}

interface Active {
  fault: Fault;
  roll: (() => number) | undefined;
  /** The tenant that registered it (null: the admin, for every request). */
  tenant: string | null;
}

const mine = (a: Active, tenant: string | null | undefined) => tenant == null || a.tenant === tenant;

export class FaultRegistry {
  readonly #active: Active[] = [];
  #ids = 0;

  /** With a tenant, the fault acts only on that tenant's requests. */
  add(input: FaultInput, tenant: string | null = null): Fault {
    const fault: Fault = { ...input, id: `fault-${++this.#ids}`, hits: 0 };
    if (input.method) fault.method = input.method.toUpperCase();
    if (input.times !== undefined) fault.remaining = input.times;
    const roll = input.probability === undefined ? undefined : mulberry32(input.seed ?? 0);
    this.#active.push({ fault, roll, tenant });
    return { ...fault };
  }

  /** Active faults; with a tenant, only those it registered. */
  list(tenant?: string | null): Fault[] {
    return this.#active.filter((a) => mine(a, tenant)).map((a) => ({ ...a.fault }));
  }

  /** Removes a fault (with a tenant, only one it registered). */
  remove(id: string, tenant?: string | null): boolean {
    const at = this.#active.findIndex((a) => a.fault.id === id && mine(a, tenant));
    if (at < 0) return false;
    this.#active.splice(at, 1);
    return true;
  }

  /** Removes every fault, or with a tenant every fault it registered. */
  clear(tenant?: string | null): void {
    if (tenant == null) this.#active.length = 0;
    else for (let i = this.#active.length - 1; i >= 0; i--) if (this.#active[i]?.tenant === tenant) this.#active.splice(i, 1);
  }

  get size(): number {
    return this.#active.length;
  }

  /** The first fault that acts on this request (consuming one of its `times`), if any. */
  take(target: FaultTarget): Fault | undefined {
    for (let i = 0; i < this.#active.length; i++) {
      const a = this.#active[i] as Active;
      const f = a.fault;
      if (a.tenant !== null && a.tenant !== target.tenant) continue;
      if (f.operationId !== undefined && f.operationId !== target.operationId) continue;
      if (f.method !== undefined && f.method !== target.method) continue;
      if (f.path !== undefined && f.path !== target.path && f.path !== target.template) continue;
      if (f.kind === 'status' && !target.statuses.includes(f.status as number)) continue;
      if (a.roll && a.roll() >= (f.probability ?? 1)) continue;
      f.hits++;
      if (f.remaining !== undefined) {
        f.remaining--;
        if (f.remaining <= 0) this.#active.splice(i, 1);
      }
      return { ...f };
    }
    return undefined;
  }
}
