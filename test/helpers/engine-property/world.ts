// The sandbox every run of the engines' property test starts: small seeded data, two tenants
// owning disjoint workspaces and inboxes (one inbox each from the data, one empty to move threads
// to), records of workspaces and inboxes nobody owns, and an admin token for whole resets.
import assert from 'node:assert/strict';
import type { TenantConfig } from '../../../src/auth.js';
import { generateDatabase } from '../../../src/fake.js';
import type { StartOptions } from '../../../src/sandbox.js';
import type { Client } from '../http.js';
import { recordsOf } from './model.js';
import type { World } from './operations.js';
import { assertHolds, snapshotOf } from './run-program.js';
import { ExpectedState } from './model.js';

const SEED = 5;
const COUNTS = { executionThreads: 12, threads: 8 };
const start = generateDatabase(SEED, COUNTS);
const [inboxA, inboxB] = [...new Set(start.threads.map((t) => t.inbox_id))].sort() as [string, string];

const tenants: TenantConfig[] = [
  { name: 'team-a', tokens: ['tok-a'], workspaces: [1, 3], inboxes: [inboxA, 'prop-inbox-a'] },
  { name: 'team-b', tokens: ['tok-b'], workspaces: [2, 4], inboxes: [inboxB, 'prop-inbox-b'] },
];

/** The sandbox options without its data: to open a data file again as it is. */
export const REOPEN: StartOptions = { tenants, adminToken: 'admin-tok', logLevel: 'silent' };
/** The sandbox options (add the engine's). */
export const OPTIONS: StartOptions = { ...REOPEN, seed: SEED, ...COUNTS };

// Seed choice 0 regenerates from the start's seed (same ids, fewer records); 1 from another seed.
const SEEDED = [
  { seed: SEED, executionThreads: 5, threads: 3 },
  { seed: SEED + 1, executionThreads: 6, threads: 4 },
];

export const WORLD: World = {
  scopes: { a: tenants[0] as TenantConfig, b: tenants[1] as TenantConfig },
  headers: { a: { Authorization: 'Bearer tok-a' }, b: { Authorization: 'Bearer tok-b' }, admin: { Authorization: 'Bearer admin-tok' } },
  initial: recordsOf(start),
  seeded: (choice) => {
    const body = SEEDED[choice] as (typeof SEEDED)[number];
    return { body, data: recordsOf(generateDatabase(body.seed, body)) };
  },
};

/** Checks that a new sandbox starts from the data the expectation starts from, and that each tenant holds some of it. */
export async function assertStartsAsExpected(client: Client): Promise<void> {
  const expected = ExpectedState.of(WORLD.initial);
  assertHolds(await snapshotOf(client, WORLD), expected, 'at the start');
  for (const scope of Object.values(WORLD.scopes)) {
    const own = expected.records(scope);
    assert.ok(own.executionThreads.length > 0 && own.threads.length > 0, `each tenant owns records to reset: ${JSON.stringify(scope)}`);
  }
}
