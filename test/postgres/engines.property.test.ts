// Property (issue 21), on PostgreSQL: the random programs of test/store/engines.property.test.ts
// (writes of two tenants, whole resets, tenant resets and imports, some at once) sent to two
// replicas of one database, each request to either, both sometimes restarted. Both replicas must then hold exactly what
// the expectation predicts, and no acknowledged create may be lost, whichever replica took it.
// Replay a failure with SANDBOX_PROPERTY_SEED=<seed> SANDBOX_PROPERTY_PATH=<path>.
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { createSandboxApp } from '../../src/sandbox.js';
import { assertTenantListsAgree } from '../helpers/engine-property/lists.js';
import { program, PROPERTY_TEST_TIMEOUT_MS, propertyParameters } from '../helpers/engine-property/program.js';
import { assertHolds, runProgram, snapshotOf } from '../helpers/engine-property/run-program.js';
import { assertStartsAsExpected, OPTIONS, WORLD } from '../helpers/engine-property/world.js';
import { clientFor, type Client } from '../helpers/http.js';
import { clusterForTests, freshSchemaUrl, postgresSkip } from '../helpers/postgres.js';

type Sandbox = Awaited<ReturnType<typeof createSandboxApp>>;
const clientOf = (s: Sandbox) => clientFor(s.app, s.services, {});

describe('on two PostgreSQL replicas', { skip: postgresSkip() }, () => {
  let cluster: Awaited<ReturnType<typeof clusterForTests>>;
  before(async () => {
    cluster = await clusterForTests();
  });
  after(async () => {
    await cluster?.release();
  });

  it('both hold what the writes, resets and tenant resets either acknowledged leave', { timeout: PROPERTY_TEST_TIMEOUT_MS }, async () => {
    await fc.assert(
      fc.asyncProperty(program, async (groups) => {
        const store = await freshSchemaUrl(cluster.url);
        const open = () => createSandboxApp({ ...OPTIONS, store });
        const replicas = [await open(), await open()];
        try {
          const clients = replicas.map(clientOf);
          await assertStartsAsExpected(clients[1] as Client);
          // A restart closes both replicas and opens them again on the database (restarting one
          // alone would leave them counting ids on from different places: see the it.todo of
          // test/store/engines.property.test.ts).
          const restart = async () => {
            for (const [i, r] of replicas.entries()) {
              await r.services.store.close();
              replicas[i] = await open();
              clients[i] = clientOf(replicas[i] as Sandbox);
            }
          };
          const { expected, trace } = await runProgram(groups, { clients, world: WORLD, restart });
          for (const [i, client] of clients.entries()) {
            const where = `on replica ${i + 1}\nthe program ran:\n  ${trace.join('\n  ')}`;
            assertHolds(await snapshotOf(client, WORLD), expected, where);
            await assertTenantListsAgree(client, expected, WORLD, where);
          }
        } finally {
          for (const r of replicas) await r.services.store.close();
        }
      }),
      propertyParameters(20),
    );
  });
});

// Found by the property above: a replica that starts counts execution thread ids and uids on from
// the rows, while a replica that kept running counts from the highest it ever saw. After a create
// and a delete (here by a tenant's reset), the two disagree, and a create on the restarted one
// reuses the id (counterexample: A creates id 13, A resets, replica 1 restarts: replica 1 would
// give 13 again, replica 2 gives 14). The property restarts both replicas together meanwhile.
// See the it.todo of test/store/engines.property.test.ts for the data file.
describe('a PostgreSQL replica that starts', { skip: postgresSkip() }, () => {
  it.todo('counts ids and uids on from where the running replicas do, never reusing one an acknowledged create got');
});
