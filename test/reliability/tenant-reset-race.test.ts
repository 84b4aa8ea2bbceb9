// Tenant A resets its part and imports its snapshot in a loop while tenant B creates execution
// threads from several writers: every create B saw acknowledged is still there afterwards, in
// memory and on the file engine (PostgreSQL: test/postgres/tenant-reset-race.test.ts). A reset
// that copied the data, changed it and replaced it outside the write lock lost hundreds.
// test:fast leaves this out: it races each engine for 3 s.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { createSandboxApp } from '../../src/sandbox.js';
import { clientFor } from '../helpers/http.js';
import { assertNoneLost, raceTenantReset, raceOptions } from '../helpers/tenant-reset-race.js';

const OPTIONS = raceOptions(5_000, 600);

test("in memory, tenant A's resets and imports lose none of tenant B's acknowledged creates", { timeout: 60_000 }, async () => {
  const { app, services } = await createSandboxApp({ ...OPTIONS, inMemory: true });
  const client = clientFor(app, services, {});
  try {
    const race = await raceTenantReset(client, [client]);
    assert.ok(race.resets > 2 && race.acknowledged.length > 30, `the race ran: ${JSON.stringify({ ...race, acknowledged: race.acknowledged.length })}`);
    await assertNoneLost(client, race.acknowledged, 'in memory');
  } finally {
    await services.store.close();
  }
});

test("on a data file, tenant A's resets and imports lose none of tenant B's acknowledged creates, before or after a restart", { timeout: 60_000 }, async () => {
  const dir = await mkdtemp(join(tmpdir(), 'sandbox-tenant-race-'));
  const file = join(dir, 'db.json');
  try {
    const first = await createSandboxApp({ ...OPTIONS, data: file });
    const client = clientFor(first.app, first.services, {});
    const race = await raceTenantReset(client, [client]);
    assert.ok(race.resets > 2 && race.acknowledged.length > 30, `the race ran: ${JSON.stringify({ ...race, acknowledged: race.acknowledged.length })}`);
    await assertNoneLost(client, race.acknowledged, 'on the file engine');
    await first.services.store.close();
    // What was acknowledged is on disk (data file and log), not only in memory.
    const again = await createSandboxApp({ ...OPTIONS, data: file });
    try {
      await assertNoneLost(clientFor(again.app, again.services, {}), race.acknowledged, 'after a restart');
    } finally {
      await again.services.store.close();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
