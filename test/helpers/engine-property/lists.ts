// Besides the snapshot, each tenant's own lists (the read model's queries, filtered by tenant)
// must show exactly the tenant's part of the expectation, in the same order.
import assert from 'node:assert/strict';
import type { MessageRecord, ThreadRecord } from '../../../src/model.js';
import type { Client } from '../http.js';
import type { ExpectedState } from './model.js';
import type { Tenant } from './program.js';
import type { World } from './operations.js';

const asRecord = (t: ThreadRecord): ThreadRecord => ({ thread_id: t.thread_id, inbox_id: t.inbox_id, messages: t.messages.map(({ inbox_id: _inbox, ...m }: MessageRecord & { inbox_id?: string }) => m) });

export async function assertTenantListsAgree(client: Client, expected: ExpectedState, world: World, where: string): Promise<void> {
  for (const tenant of ['a', 'b'] as Tenant[]) {
    const want = expected.records(world.scopes[tenant]);
    const execs = await client.get('/__sandbox/execution-threads?limit=10000', world.headers[tenant]);
    assert.equal(execs.status, 200);
    assert.deepEqual(execs.body, { total: want.executionThreads.length, executionThreads: want.executionThreads }, `${where}: tenant ${tenant}'s execution threads`);
    const threads = await client.get('/__sandbox/threads?limit=10000', world.headers[tenant]);
    assert.equal(threads.status, 200);
    assert.equal(threads.body.total, want.threads.length, `${where}: tenant ${tenant}'s thread count`);
    assert.deepEqual((threads.body.threads as ThreadRecord[]).map(asRecord), want.threads, `${where}: tenant ${tenant}'s threads`);
  }
}
