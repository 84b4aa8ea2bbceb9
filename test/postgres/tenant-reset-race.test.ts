// Two replicas on one PostgreSQL database: tenant A resets its part and imports its snapshot on
// one while tenant B creates execution threads on both. Every create B saw acknowledged is still
// there, on either replica. A reset that replaced the database with a copy of the resetting
// replica's memory lost the creates the other replica had committed meanwhile.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createSandboxApp } from '../../src/sandbox.js';
import { clientFor } from '../helpers/http.js';
import { clusterForTests, freshSchemaUrl, postgresSkip } from '../helpers/postgres.js';
import { assertNoneLost, raceTenantReset, raceOptions } from '../helpers/tenant-reset-race.js';

const OPTIONS = raceOptions(1_000, 200);

test("on two PostgreSQL replicas, tenant A's resets and imports lose none of tenant B's acknowledged creates", { skip: postgresSkip(), timeout: 120_000 }, async () => {
  const cluster = await clusterForTests();
  const replicas: Awaited<ReturnType<typeof createSandboxApp>>[] = [];
  try {
    const store = await freshSchemaUrl(cluster.url);
    replicas.push(await createSandboxApp({ ...OPTIONS, store }));
    replicas.push(await createSandboxApp({ ...OPTIONS, store }));
    const [one, two] = replicas.map((r) => clientFor(r.app, r.services, {})) as [ReturnType<typeof clientFor>, ReturnType<typeof clientFor>];
    const race = await raceTenantReset(one, [two, two, one]);
    assert.ok(race.resets > 2 && race.acknowledged.length > 30, `the race ran: ${JSON.stringify({ ...race, acknowledged: race.acknowledged.length })}`);
    await assertNoneLost(two, race.acknowledged, 'on the replica that wrote');
    await assertNoneLost(one, race.acknowledged, 'on the replica that reset');
  } finally {
    for (const r of replicas) await r.services.store.close();
    await cluster.release();
  }
});
