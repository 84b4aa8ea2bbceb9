// The sandbox every run of the engines' property test starts: the default fixtures, two tenants
// owning disjoint workspaces and inboxes (one inbox each from the data, one empty to move threads
// to), records of workspaces and inboxes nobody owns, and an admin token for whole resets.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { TenantConfig } from '../../../src/auth.js';
import { generateDatabase } from '../../../src/fake.js';
import { DEFAULT_FIXTURES } from '../../../src/fixtures.js';
import type { Database } from '../../../src/model.js';
import type { StartOptions } from '../../../src/sandbox.js';
import type { Client } from '../http.js';
import { recordsOf } from './model.js';
import type { World } from './operations.js';
import { assertHolds, snapshotOf } from './run-program.js';
import { ExpectedState } from './model.js';

// The default fixtures: what a sandbox started without --seed serves, and what a data file is
// reopened with (a seed would refuse a file that a reset or import changed).
const start = JSON.parse(readFileSync(DEFAULT_FIXTURES, 'utf8')) as Database;
const inboxes = [...new Set(start.threads.map((t) => t.inbox_id))].sort();
const [inboxA, inboxB] = inboxes as [string, string];

const tenants: TenantConfig[] = [
  { name: 'team-a', tokens: ['tok-a'], workspaces: [1, 3], inboxes: [inboxA, 'prop-inbox-a'] },
  { name: 'team-b', tokens: ['tok-b'], workspaces: [2, 4], inboxes: [inboxB, 'prop-inbox-b'] },
];

/** The sandbox options (add the engine's); also those a data file or a replica opens again with. */
export const OPTIONS: StartOptions = { tenants, adminToken: 'admin-tok', logLevel: 'silent' };

// Seeded resets: small generated data, some of it in the tenants' workspaces (1 to 4).
const SEEDED = [
  { seed: 5, executionThreads: 5, threads: 3 },
  { seed: 6, executionThreads: 6, threads: 4 },
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
