// Ids are one namespace for every tenant (thread ids, message ids, execution thread ids), as on the
// real provider; what a tenant cannot see stays hidden. A tenant that picks an id another tenant
// holds gets a 409 that names nothing of the other tenant (not its thread, inbox or records), and
// an id the sandbox picks for a tenant (a create without an id) is never one another tenant holds.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { TenantConfig } from '../../src/auth.js';
import { fakeMessageDefaults, fakeThreadId } from '../../src/fake.js';
import { sandboxClient } from '../helpers/http.js';

const tenants: TenantConfig[] = [
  { name: 'team-a', tokens: ['tok-a'], workspaces: [101], inboxes: ['inbox-a'] },
  { name: 'team-b', tokens: ['tok-b'], workspaces: [102], inboxes: ['inbox-b'] },
];
const as = (token: string) => ({ Authorization: `Bearer ${token}` });
const A = as('tok-a');
const B = as('tok-b');
const ADMIN = as('admin');
const SECRETS = /secret-b-thread|inbox-b|team-b|Secret subject/;

async function withSecretOfB() {
  const api = await sandboxClient({ tenants, adminToken: 'admin' }, {});
  const created = await api.post('/__sandbox/threads', { thread_id: 'secret-b-thread', messages: [{ message_id: 'msg-of-b', subject: 'Secret subject' }] }, B);
  assert.equal(created.status, 201);
  const own = await api.post('/__sandbox/threads', { thread_id: 'thread-of-a', messages: [{ message_id: 'msg-of-a' }] }, A);
  assert.equal(own.status, 201);
  return api;
}

describe('ids across tenants', () => {
  it("a message id another tenant holds is a 409 that does not name the other tenant's thread", async () => {
    const api = await withSecretOfB();
    for (const res of [
      await api.post('/__sandbox/threads', { thread_id: 'new-of-a', messages: [{ message_id: 'msg-of-b' }] }, A),
      await api.post('/__sandbox/threads/thread-of-a/messages', { message_id: 'msg-of-b' }, A),
    ]) {
      assert.equal(res.status, 409);
      assert.equal(res.body.name, 'ConflictError');
      assert.match(res.body.message, /Message 'msg-of-b' exists already/);
      assert.doesNotMatch(res.text, SECRETS);
    }
    assert.equal((await api.get('/__sandbox/threads/new-of-a', A)).status, 404, 'nothing was created');
  });

  it("a thread id another tenant holds is a 409 that says nothing of that thread", async () => {
    const api = await withSecretOfB();
    const res = await api.post('/__sandbox/threads', { thread_id: 'secret-b-thread' }, A);
    assert.equal(res.status, 409);
    assert.match(res.body.message, /Thread 'secret-b-thread' exists already/);
    assert.doesNotMatch(res.text.replaceAll("'secret-b-thread'", ''), SECRETS);
    assert.equal((await api.get('/__sandbox/threads/secret-b-thread', A)).status, 404, 'and stays invisible');
  });

  it("an execution thread id another tenant holds is a 409 that says nothing of it; a new one without an id is free", async () => {
    const api = await withSecretOfB();
    const ofB = await api.post('/__sandbox/execution-threads', { threadToken: 'secret-b-token' }, B);
    const res = await api.post('/__sandbox/execution-threads', { id: ofB.body.id }, A);
    assert.equal(res.status, 409);
    assert.match(res.body.message, new RegExp(`Execution thread ${ofB.body.id} exists already`));
    assert.doesNotMatch(res.text, /secret-b-token|workspace|team-b/);
    assert.equal((await api.get(`/__sandbox/execution-threads/${ofB.body.id}`, A)).status, 404);
    assert.equal((await api.post('/__sandbox/execution-threads', {}, A)).status, 201);
  });

  it('a collision with what the caller can see still names where it is (its own data, or the admin)', async () => {
    const api = await withSecretOfB();
    const own = await api.post('/__sandbox/threads/thread-of-a/messages', { message_id: 'msg-of-a' }, A);
    assert.equal(own.status, 409);
    assert.match(own.body.message, /in thread 'thread-of-a'/);
    const admin = await api.post('/__sandbox/threads', { messages: [{ message_id: 'msg-of-b' }], inbox_id: 'inbox-z' }, ADMIN);
    assert.match(admin.body.message, /in thread 'secret-b-thread'/);
  });

  it('ids the sandbox picks for a tenant are never ids another tenant holds', async () => {
    const api = await sandboxClient({ tenants, adminToken: 'admin' }, {});
    // Each create draws one seed per message; the sandbox's seeds are 7919, 2 x 7919, ... (services.ts).
    // B takes the thread and message ids A's next creates would be given.
    const claims = 8;
    for (let k = claims + 1; k <= claims * 3; k++) {
      const res = await api.post('/__sandbox/threads', { thread_id: fakeThreadId(k * 7919), messages: [{ message_id: fakeMessageDefaults(k * 7919).message_id }] }, B);
      assert.equal(res.status, 201);
    }
    const mine = new Set<string>();
    for (let i = 0; i < claims; i++) {
      const res = await api.post('/__sandbox/threads', {}, A);
      assert.equal(res.status, 201, res.text);
      assert.doesNotMatch(res.text, SECRETS);
      mine.add(res.body.thread_id);
      const message = await api.post(`/__sandbox/threads/${res.body.thread_id}/messages`, {}, A);
      assert.equal(message.status, 201, message.text);
    }
    assert.equal(mine.size, claims);
  });
});
