// Tenants: a token sees only its tenant's workspaces (v1) and inboxes (v0). Another tenant's data is
// empty or a 404, never a 403, and never counted in totals or walked by cursors.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { TenantConfig } from '../../src/auth.js';
import { Authenticator } from '../../src/auth.js';
import { generateDatabase } from '../../src/fake.js';
import { sandboxClient, type Client } from '../helpers/http.js';

const data = generateDatabase(11, { executionThreads: 400, threads: 150 });
const inboxes = [...new Set(data.threads.map((t) => t.inbox_id))].sort();
assert.ok(inboxes.length >= 3);

const tenants: TenantConfig[] = [
  { name: 'team-a', tokens: ['tok-a'], workspaces: [1], inboxes: [inboxes[0] as string] },
  { name: 'team-b', tokens: ['tok-b', 'tok-b-ci'], workspaces: [2, 3], inboxes: [inboxes[1] as string, inboxes[2] as string] },
];
const [teamA, teamB] = tenants as [TenantConfig, TenantConfig];

const client = await sandboxClient({ seed: 11, executionThreads: 400, threads: 150, tenants }, {});
const v1 = (token: string) => ({ 'Api-Token': token });
const v0 = (token: string) => ({ Authorization: `Bearer ${token}` });

const countIn = (workspace: number) => data.executionThreads.filter((t) => t.workspaceId === workspace).length;
const threadsOf = (t: TenantConfig) => data.threads.filter((x) => t.inboxes.includes(x.inbox_id)).map((x) => x.thread_id).sort();

async function walk(c: Client, token: string, query = ''): Promise<string[]> {
  const ids: string[] = [];
  let next: string | undefined;
  do {
    const res = await c.get(`/human/v0/threads?limit=7${query}${next ? `&page_token=${encodeURIComponent(next)}` : ''}`, v0(token));
    assert.equal(res.status, 200);
    assert.equal(res.body.count, res.body.threads.length);
    ids.push(...res.body.threads.map((t: { thread_id: string }) => t.thread_id));
    next = res.body.next_page_token;
  } while (next);
  return ids;
}

test('with tenants, an unknown token is a 401 on every operation', async () => {
  const someThread = data.threads[0]?.thread_id as string;
  for (const token of ['tok-c', 'tok-', 'tok-aa', 'TOK-A']) {
    assert.equal((await client.get('/v1/threads', v1(token))).status, 401);
    assert.equal((await client.get('/human/v0/threads', v0(token))).status, 401);
    assert.equal((await client.get(`/human/v0/threads/${someThread}`, v0(token))).status, 401);
  }
});

test("workspaceId=-1 is each tenant's first workspace, and its totalCount counts only that workspace", async () => {
  for (const t of tenants) {
    for (const token of t.tokens) {
      const res = await client.get('/v1/threads?workspaceId=-1&total=2147483647', v1(token));
      const first = t.workspaces[0] as number;
      assert.equal(res.body.totalCount, countIn(first));
      assert.ok(res.body.items.every((i: { workspaceId: number }) => i.workspaceId === first));
    }
  }
});

test("another tenant's workspace lists as empty whatever the filters, sorting and window", async () => {
  const queries = ['', '&type=Manual', '&sorting=-CreatedAt', '&start=0&total=2147483647', '&thread_token=x'];
  for (const [me, other] of [[teamA, teamB], [teamB, teamA]] as const) {
    for (const ws of other.workspaces) {
      for (const q of queries) {
        const res = await client.get(`/v1/threads?workspaceId=${ws}${q}`, v1(me.tokens[0] as string));
        assert.deepEqual(res.body, { totalCount: 0, items: [] }, `${me.name} looking at workspace ${ws}${q}`);
      }
    }
  }
  const own = await client.get('/v1/threads?workspaceId=3', v1('tok-b-ci'));
  assert.equal(own.body.totalCount, countIn(3), 'a second workspace of a tenant is visible to it');
});

test("a cursor walk returns exactly the tenant's own threads, each once, and never counts another tenant's", async () => {
  for (const t of tenants) {
    const ids = await walk(client, t.tokens[0] as string);
    assert.deepEqual([...ids].sort(), threadsOf(t));
  }
});

test("asking for another tenant's inbox gives an empty page without a cursor", async () => {
  for (const inbox of teamB.inboxes) {
    const res = await client.get(`/human/v0/threads?inbox_id=${inbox}`, v0('tok-a'));
    assert.equal(res.body.count, 0);
    assert.deepEqual(res.body.threads, []);
    assert.equal(res.body.next_page_token, undefined);
  }
  const inbox = teamB.inboxes[1] as string;
  const walked = await walk(client, 'tok-b', `&inbox_id=${inbox}`);
  assert.deepEqual(walked.sort(), data.threads.filter((x) => x.inbox_id === inbox).map((x) => x.thread_id).sort(), 'its own inbox walks in full');
});

test("another tenant's cursor cannot walk into that tenant's threads", async () => {
  const first = await client.get('/human/v0/threads?limit=3', v0('tok-b'));
  const stolen = first.body.next_page_token as string;
  assert.ok(stolen);
  const res = await client.get(`/human/v0/threads?limit=100&page_token=${encodeURIComponent(stolen)}`, v0('tok-a'));
  if (res.status === 200) {
    const mine = new Set(threadsOf(teamA));
    assert.ok(res.body.threads.every((t: { thread_id: string }) => mine.has(t.thread_id)));
  } else assert.equal(res.status, 400);
});

test("another tenant's thread is a 404 exactly like a missing one; the tenant's own thread is a 200", async () => {
  const ofB = data.threads.find((x) => teamB.inboxes.includes(x.inbox_id))?.thread_id as string;
  const ofA = data.threads.find((x) => teamA.inboxes.includes(x.inbox_id))?.thread_id as string;
  const foreign = await client.get(`/human/v0/threads/${ofB}`, v0('tok-a'));
  const missing = await client.get('/human/v0/threads/thr_does_not_exist', v0('tok-a'));
  assert.equal(foreign.status, 404);
  assert.equal(foreign.body.name, missing.body.name);
  assert.equal(foreign.body.message.replace(ofB, 'ID'), missing.body.message.replace('thr_does_not_exist', 'ID'));
  assert.equal((await client.get(`/human/v0/threads/${ofA}`, v0('tok-a'))).status, 200);
  assert.equal((await client.get(`/human/v0/threads/${ofB}`, v0('tok-b-ci'))).status, 200);
});

test('without tenants any non-empty token sees every workspace and inbox', async () => {
  const open = await sandboxClient({ seed: 11, executionThreads: 400, threads: 150 }, {});
  const res = await open.get('/v1/threads?workspaceId=2', v1('anything'));
  assert.equal(res.body.totalCount, countIn(2));
  assert.equal((await walk(open, 'whatever')).length, data.threads.length);
});

test('the authenticator tells tokens apart by their full value', () => {
  const auth = new Authenticator(tenants);
  assert.equal(auth.authenticate('tok-a')?.tenant, 'team-a');
  assert.equal(auth.authenticate('tok-b-ci')?.tenant, 'team-b');
  for (const near of ['tok-', 'tok-a ', 'tok-b-c', 'tok-b-cii', '']) assert.equal(auth.authenticate(near), null, near);
});
