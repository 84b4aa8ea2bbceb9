// The random programs of the engines' property test: groups of control-plane operations, each
// group started at once (Promise.all) so that the engine's write queue takes them in any order.
// Operations of one group touch distinct records (a reset among them may remove them first).
import fc from 'fast-check';
import { EXECUTION_THREAD_TYPES, type ExecutionThreadType } from '../../../src/model.js';

export type Tenant = 'a' | 'b';

export type Write =
  /** `id` given: a 409 when any tenant holds it. */
  | { k: 'createExec'; ws: number; token: string | null; type: ExecutionThreadType; minute: number; id?: number }
  | { k: 'updateExec'; pick: number; token?: string | null; type?: ExecutionThreadType; ws?: number }
  | { k: 'deleteExec'; pick: number }
  | { k: 'createThread'; inbox: number; messages: number; minute: number }
  | { k: 'moveThread'; pick: number }
  | { k: 'addMessage'; pick: number; minute: number }
  | { k: 'updateMessage'; pick: number; message: number; minute: number }
  | { k: 'deleteMessage'; pick: number; message: number }
  | { k: 'deleteThread'; pick: number };

/** A write of one tenant, sent to the replica `via` picks (when there are several). */
export type TenantWrite = Write & { tenant: Tenant; via: number };

export type Reset =
  | { k: 'reset'; via: number }
  | { k: 'seedReset'; seed: number; via: number }
  /** The admin imports the whole database as it was `back` groups ago. */
  | { k: 'import'; back: number; via: number }
  | { k: 'tenantReset'; tenant: Tenant; via: number }
  /** Imports the tenant's part as it was `back` groups ago (what it held since is undone). */
  | { k: 'tenantImport'; tenant: Tenant; back: number; via: number };

export interface Group {
  reset?: Reset;
  writes: TenantWrite[];
  /**
   * Closes the data file, or PostgreSQL replicas, and opens them again (nothing in memory). `which`
   * picks the replicas: one of them alone (the others keep running), or every one (Engine.restart).
   */
  restart?: { which: number };
}

const TOKENS = [null, 'tok-1', 'tok-2'];
const pick = fc.nat({ max: 50 });
const via = fc.nat({ max: 7 });
const minute = fc.nat({ max: 600 });
const type = fc.constantFrom(...EXECUTION_THREAD_TYPES);

const write: fc.Arbitrary<Write> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ k: fc.constant('createExec' as const), ws: fc.nat({ max: 1 }), token: fc.constantFrom(...TOKENS), type, minute }) },
  {
    weight: 1,
    arbitrary: fc.record({ k: fc.constant('createExec' as const), ws: fc.nat({ max: 1 }), token: fc.constantFrom(...TOKENS), type, minute, id: fc.integer({ min: 1, max: 30 }) }),
  },
  {
    weight: 2,
    arbitrary: fc.record({ k: fc.constant('updateExec' as const), pick, token: fc.constantFrom(...TOKENS), type, ws: fc.nat({ max: 1 }) }, { requiredKeys: ['k', 'pick'] }),
  },
  { weight: 2, arbitrary: fc.record({ k: fc.constant('deleteExec' as const), pick }) },
  { weight: 3, arbitrary: fc.record({ k: fc.constant('createThread' as const), inbox: fc.nat({ max: 1 }), messages: fc.integer({ min: 1, max: 3 }), minute }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('moveThread' as const), pick }) },
  { weight: 2, arbitrary: fc.record({ k: fc.constant('addMessage' as const), pick, minute }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('updateMessage' as const), pick, message: fc.nat({ max: 5 }), minute }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('deleteMessage' as const), pick, message: fc.nat({ max: 5 }) }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('deleteThread' as const), pick }) },
);

const tenant = fc.constantFrom<Tenant>('a', 'b');
const writeOf = (t: fc.Arbitrary<Tenant>) => fc.record({ w: write, tenant: t, via }).map(({ w, tenant, via }): TenantWrite => ({ ...w, tenant, via }));
const other = (t: Tenant): Tenant => (t === 'a' ? 'b' : 'a');

const tenantReset = tenant.chain((t) =>
  fc.oneof(
    fc.record({ k: fc.constant('tenantReset' as const), tenant: fc.constant(t), via }),
    fc.record({ k: fc.constant('tenantImport' as const), tenant: fc.constant(t), back: fc.integer({ min: 1, max: 4 }), via }),
  ),
);
const wholeReset = fc.oneof(
  fc.record({ k: fc.constant('reset' as const), via }),
  fc.record({ k: fc.constant('seedReset' as const), seed: fc.nat({ max: 1 }), via }),
  fc.record({ k: fc.constant('import' as const), back: fc.integer({ min: 1, max: 4 }), via }),
);

/**
 * Writes of both tenants at once; a tenant's reset or import beside writes, mostly the other
 * tenant's (the race of issue 21); a whole reset beside writes or alone; a restart alone.
 */
export const group: fc.Arbitrary<Group> = fc.oneof(
  { weight: 5, arbitrary: fc.array(writeOf(tenant), { minLength: 1, maxLength: 4 }).map((writes) => ({ writes })) },
  {
    weight: 2,
    arbitrary: tenantReset.chain((reset) => fc.record({ reset: fc.constant<Reset>(reset), writes: fc.array(writeOf(fc.constant(other(reset.tenant))), { maxLength: 3 }) })),
  },
  { weight: 1, arbitrary: fc.record({ reset: tenantReset, writes: fc.array(writeOf(tenant), { maxLength: 3 }) }) },
  { weight: 1, arbitrary: fc.record({ reset: wholeReset, writes: fc.array(writeOf(tenant), { maxLength: 2 }) }) },
  { weight: 1, arbitrary: fc.nat({ max: 2 }).map((which): Group => ({ restart: { which }, writes: [] })) },
);

export const program = fc.array(group, { minLength: 1, maxLength: 14 });

/** How long one property may take, shrinking included: SANDBOX_PROPERTY_BUDGET_S (default 150) for more runs. */
const BUDGET_MS = Number(process.env.SANDBOX_PROPERTY_BUDGET_S ?? 150) * 1000;
/** The test's timeout: past the property's budget, so that the property reports its counterexample first. */
export const PROPERTY_TEST_TIMEOUT_MS = BUDGET_MS + 60_000;

/**
 * The property's runs (SANDBOX_PROPERTY_RUNS) and seed: SANDBOX_PROPERTY_SEED and
 * SANDBOX_PROPERTY_PATH (printed by a failure) replay it. A run that hangs fails after 30 s, and
 * the whole property stops after its budget with the smallest counterexample found so far.
 */
export function propertyParameters(defaultRuns: number): fc.Parameters<unknown> {
  const seed = process.env.SANDBOX_PROPERTY_SEED;
  const path = process.env.SANDBOX_PROPERTY_PATH;
  return {
    numRuns: Number(process.env.SANDBOX_PROPERTY_RUNS ?? defaultRuns),
    ...(seed === undefined ? {} : { seed: Number(seed) }),
    ...(path === undefined ? {} : { path }),
    includeErrorInReport: true,
    timeout: 30_000,
    interruptAfterTimeLimit: BUDGET_MS,
    markInterruptAsFailure: true,
  };
}
