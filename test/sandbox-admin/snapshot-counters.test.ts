// The counters (issue 21) through the control plane: the admin's snapshot carries the highest
// execution thread id and uid per inbox handed out, a whole import counts on from them and a whole
// reset starts over (docs/data.md); a tenant's export carries none, and its reset or import never
// lowers them (ids are one namespace across tenants).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { TenantConfig } from '../../src/auth.js';
import { sandboxClient, type Client } from '../helpers/http.js';

const tenants: TenantConfig[] = [{ name: 'team-a', tokens: ['tok-a'], workspaces: [1], inboxes: ['inbox-support'] }];
const ADMIN = { Authorization: 'Bearer admin-tok' };
const A = { Authorization: 'Bearer tok-a' };
const fresh = () => sandboxClient({ tenants, adminToken: 'admin-tok' }, {});

/** Creates an execution thread and a message in inbox-support, then deletes both: only the counters remember them. */
async function createAndDelete(client: Client, as: Record<string, string>): Promise<{ id: number; uid: number; thread: string }> {
  const exec = await client.post('/__sandbox/execution-threads', { workspaceId: 1 }, as);
  assert.equal(exec.status, 201);
  const thread = (await client.get('/__sandbox/threads?inbox_id=inbox-support&limit=1', as)).body.threads[0].thread_id as string;
  const message = await client.post(`/__sandbox/threads/${thread}/messages`, {}, as);
  assert.equal(message.status, 201);
  assert.equal((await client.delete(`/__sandbox/execution-threads/${exec.body.id}`, as)).status, 204);
  assert.equal((await client.delete(`/__sandbox/threads/${thread}/messages/${message.body.message_id}`, as)).status, 204);
  return { id: exec.body.id as number, uid: message.body.uid as number, thread };
}

async function next(client: Client, as: Record<string, string>, thread: string): Promise<{ id: number; uid: number }> {
  const exec = await client.post('/__sandbox/execution-threads', { workspaceId: 1 }, as);
  const message = await client.post(`/__sandbox/threads/${thread}/messages`, {}, as);
  return { id: exec.body.id as number, uid: message.body.uid as number };
}

describe('the counters in snapshots and resets', () => {
  it("the admin's snapshot carries them; a whole import counts on from them, a whole reset starts over", async () => {
    const client = await fresh();
    const { id, uid, thread } = await createAndDelete(client, ADMIN);
    const exported = await client.get('/__sandbox/snapshot', ADMIN);
    assert.equal(exported.body.counters.highestExecutionThreadId, id);
    assert.equal(exported.body.counters.highestUidByInbox['inbox-support'], uid);

    assert.equal((await client.post('/__sandbox/reset', undefined, ADMIN)).status, 200);
    assert.deepEqual(await next(client, ADMIN, thread), { id, uid }, 'a whole reset starts the counting over');

    assert.equal((await client.put('/__sandbox/snapshot', exported.body, ADMIN)).status, 200);
    assert.deepEqual(await next(client, ADMIN, thread), { id: id + 1, uid: uid + 1 }, 'an import counts on from its counters');
  });

  it("a tenant's export has none, and its reset and import never lower them", async () => {
    const client = await fresh();
    const { id, uid, thread } = await createAndDelete(client, A);
    const part = await client.get('/__sandbox/snapshot', A);
    assert.equal(part.status, 200);
    assert.equal(part.body.counters, undefined);

    assert.equal((await client.post('/__sandbox/reset', undefined, A)).status, 200);
    assert.deepEqual(await next(client, A, thread), { id: id + 1, uid: uid + 1 }, 'after the tenant reset');

    const lowered = { ...part.body, counters: { highestExecutionThreadId: 0, highestUidByInbox: { 'inbox-support': 0 } } };
    assert.equal((await client.put('/__sandbox/snapshot', lowered, A)).status, 200);
    assert.deepEqual(await next(client, A, thread), { id: id + 2, uid: uid + 2 }, 'after the tenant import');
  });
});
