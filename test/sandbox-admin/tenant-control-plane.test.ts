// With tenants configured, a tenant's own token uses the control plane for its own data only:
// reset, CRUD, snapshot, journal, find/count, violations and faults see and change only its
// workspaces, inboxes and requests. Another tenant's ids are not found, exactly like missing ones.
// The admin token sees everything. Every operation of the admin spec is exercised (the last test
// checks that none was forgotten).
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import type { TenantConfig } from '../../src/auth.js';
import { generateDatabase } from '../../src/fake.js';
import { loadSpec } from '../../src/openapi/specs.js';
import { sandboxClient, type Client } from '../helpers/http.js';

const SEED = 21;
const data = generateDatabase(SEED, { executionThreads: 60, threads: 40 });
const inboxes = [...new Set(data.threads.map((t) => t.inbox_id))].sort();
const [inboxA, inboxB] = inboxes as [string, string];
const tenants: TenantConfig[] = [
  { name: 'team-a', tokens: ['tok-a'], workspaces: [1], inboxes: [inboxA] },
  { name: 'team-b', tokens: ['tok-b'], workspaces: [2], inboxes: [inboxB] },
];
const execOf = (ws: number) => data.executionThreads.find((e) => e.workspaceId === ws)?.id as number;
const threadOf = (inbox: string) => data.threads.find((t) => t.inbox_id === inbox && t.messages.length > 1) ?? data.threads.find((t) => t.inbox_id === inbox)!;
const A = { token: 'tok-a', exec: execOf(1), thread: threadOf(inboxA).thread_id, message: threadOf(inboxA).messages[0]!.message_id };
const B = { token: 'tok-b', exec: execOf(2), thread: threadOf(inboxB).thread_id, message: threadOf(inboxB).messages[0]!.message_id };
assert.ok(A.exec && B.exec, 'the data has execution threads in workspaces 1 and 2');

const as = (token: string) => ({ Authorization: `Bearer ${token}` });
const ADMIN = as('admin-tok');
const covered = new Set<string>();
const cover = (...ids: string[]) => ids.forEach((id) => covered.add(id));

const fresh = () => sandboxClient({ seed: SEED, executionThreads: 60, threads: 40, tenants, adminToken: 'admin-tok' }, {});
const ids = (list: { id?: number; thread_id?: string }[]) => list.map((x) => x.id ?? x.thread_id);

describe('control plane per tenant', () => {
  after(() => {
    const all = Object.values(loadSpec('admin').paths ?? {}).flatMap((item) => Object.values(item as object).map((op) => (op as { operationId?: string }).operationId).filter(Boolean));
    assert.deepEqual(all.filter((id) => !covered.has(id as string)), [], 'every admin operation is tested per tenant');
  });

  it('health and readiness stay open; everything else needs the admin token or a tenant token', async () => {
    const api = await fresh();
    assert.equal((await api.get('/__sandbox/health')).status, 200);
    assert.equal((await api.get('/__sandbox/ready')).status, 200);
    for (const headers of [{}, as('tok-c'), { 'Api-Token': 'tok-a' }] as Record<string, string>[]) {
      const res = await api.get('/__sandbox/execution-threads', headers);
      assert.equal(res.status, 401);
      assert.equal(res.body.name, 'UnauthorizedError');
    }
    cover('getHealth', 'getReady');
  });

  it('without an admin token, tenants still use their own token and nobody gets everything', async () => {
    const api = await sandboxClient({ seed: SEED, executionThreads: 60, threads: 40, tenants }, {});
    assert.equal((await api.get('/__sandbox/threads')).status, 401);
    const own = await api.get('/__sandbox/threads', as('tok-a'));
    assert.ok(own.body.threads.every((t: { inbox_id: string }) => t.inbox_id === inboxA));
  });

  it('beyond loopback without an admin token, the control plane stays usable with tenant tokens only', async () => {
    const api = await sandboxClient({ seed: SEED, executionThreads: 60, threads: 40, tenants, host: '0.0.0.0' }, {});
    assert.equal((await api.get('/__sandbox/requests')).status, 401);
    assert.equal((await api.get('/__sandbox/requests', as(B.token))).status, 200);
    const open = await sandboxClient({ host: '0.0.0.0' }, {});
    assert.equal((await open.get('/__sandbox/requests')).status, 403, 'without tenants or an admin token it stays disabled');
  });

  it('lists show only the tenant\'s own records, whatever the filter; the admin sees all', async () => {
    const api = await fresh();
    const execA = await api.get('/__sandbox/execution-threads', as(A.token));
    assert.ok(execA.body.total > 0);
    assert.ok(execA.body.executionThreads.every((e: { workspaceId: number }) => e.workspaceId === 1));
    assert.deepEqual((await api.get('/__sandbox/execution-threads?workspaceId=2', as(A.token))).body, { total: 0, executionThreads: [] });
    assert.equal((await api.get('/__sandbox/execution-threads', ADMIN)).body.total, data.executionThreads.length);
    const threadsB = await api.get('/__sandbox/threads', as(B.token));
    assert.deepEqual(ids(threadsB.body.threads).sort(), data.threads.filter((t) => t.inbox_id === inboxB).map((t) => t.thread_id).sort());
    assert.deepEqual((await api.get(`/__sandbox/threads?inbox_id=${inboxA}`, as(B.token))).body, { total: 0, threads: [] });
    assert.equal((await api.get('/__sandbox/threads', ADMIN)).body.total, data.threads.length);
    cover('listExecutionThreadsAdmin', 'listThreadsAdmin');
  });

  it("another tenant's execution thread is a 404 on get, update and delete; its own works", async () => {
    const api = await fresh();
    for (const [me, other] of [[A, B], [B, A]] as const) {
      const gets = await api.get(`/__sandbox/execution-threads/${other.exec}`, as(me.token));
      assert.equal(gets.status, 404);
      assert.equal(gets.body.message, (await api.get('/__sandbox/execution-threads/999999', as(me.token))).body.message.replace('999999', String(other.exec)));
      assert.equal((await api.patch(`/__sandbox/execution-threads/${other.exec}`, { type: 'Manual' }, as(me.token))).status, 404);
      assert.equal((await api.delete(`/__sandbox/execution-threads/${other.exec}`, as(me.token))).status, 404);
      assert.equal((await api.get(`/__sandbox/execution-threads/${other.exec}`, ADMIN)).status, 200, 'still there');
      assert.equal((await api.get(`/__sandbox/execution-threads/${me.exec}`, as(me.token))).status, 200);
    }
    assert.equal((await api.patch(`/__sandbox/execution-threads/${A.exec}`, { workspaceId: 2 }, as(A.token))).status, 400, 'cannot move into a workspace of another tenant');
    assert.equal((await api.patch(`/__sandbox/execution-threads/${A.exec}`, { threadToken: 'x' }, as(A.token))).body.threadToken, 'x');
    assert.equal((await api.delete(`/__sandbox/execution-threads/${A.exec}`, as(A.token))).status, 204);
    cover('getExecutionThread', 'updateExecutionThread', 'deleteExecutionThread');
  });

  it("a tenant creates in its own workspace and inbox by default, and never in another tenant's", async () => {
    const api = await fresh();
    const exec = await api.post('/__sandbox/execution-threads', {}, as(B.token));
    assert.equal(exec.status, 201);
    assert.equal(exec.body.workspaceId, 2);
    const refused = await api.post('/__sandbox/execution-threads', { workspaceId: 1 }, as(B.token));
    assert.equal(refused.status, 400);
    assert.match(refused.body.message, /workspaceId 1 is not a workspace of tenant 'team-b'/);
    const thread = await api.post('/__sandbox/threads', { thread_id: 'thr-new-a' }, as(A.token));
    assert.equal(thread.body.inbox_id, inboxA);
    assert.equal((await api.post('/__sandbox/threads', { inbox_id: inboxB }, as(A.token))).status, 400);
    assert.equal((await api.get('/__sandbox/threads/thr-new-a', as(B.token))).status, 404);
    cover('createExecutionThread', 'createThread');
  });

  it("another tenant's thread and messages are a 404 on every thread and message operation", async () => {
    const api = await fresh();
    const me = as(A.token);
    const t = `/__sandbox/threads/${B.thread}`;
    const m = `${t}/messages/${B.message}`;
    for (const res of [
      await api.get(t, me),
      await api.patch(t, { inbox_id: inboxA }, me),
      await api.delete(t, me),
      await api.get(`${t}/messages`, me),
      await api.post(`${t}/messages`, {}, me),
      await api.get(m, me),
      await api.patch(m, { subject: 'x' }, me),
      await api.delete(m, me),
      await api.get(`/__sandbox/threads/${A.thread}/messages/${B.message}`, me),
    ]) {
      assert.equal(res.status, 404);
      assert.equal(res.body.name, 'NotFoundError');
    }
    assert.equal((await api.get(t, ADMIN)).body.message_count, threadOf(inboxB).messages.length, 'untouched');
    const own = `/__sandbox/threads/${A.thread}`;
    assert.equal((await api.get(own, me)).status, 200);
    assert.equal((await api.patch(own, { inbox_id: inboxB }, me)).status, 400, 'cannot move into an inbox of another tenant');
    assert.equal((await api.get(`${own}/messages`, me)).status, 200);
    const added = await api.post(`${own}/messages`, { message_id: 'msg-new-a' }, me);
    assert.equal(added.status, 201);
    assert.equal((await api.get(`${own}/messages/msg-new-a`, me)).status, 200);
    assert.equal((await api.patch(`${own}/messages/msg-new-a`, { subject: 'changed' }, me)).body.subject, 'changed');
    assert.equal((await api.delete(`${own}/messages/msg-new-a`, me)).status, 204);
    assert.equal((await api.delete(own, me)).status, 204);
    cover('getThreadAdmin', 'updateThread', 'deleteThread', 'listMessages', 'createMessage', 'getMessage', 'updateMessage', 'deleteMessage');
  });

  it("a tenant's snapshot holds its own records only, and importing one replaces only those", async () => {
    const api = await fresh();
    const snapA = (await api.get('/__sandbox/snapshot', as(A.token))).body;
    assert.ok(snapA.threads.length > 0 && snapA.threads.every((t: { inbox_id: string }) => t.inbox_id === inboxA));
    assert.ok(snapA.executionThreads.every((e: { workspaceId: number }) => e.workspaceId === 1));
    const foreign = { ...snapA, threads: [...snapA.threads, data.threads.find((t) => t.inbox_id === inboxB)] };
    const refused = await api.put('/__sandbox/snapshot', foreign, as(A.token));
    assert.equal(refused.status, 400);
    assert.match(refused.body.message, /not an inbox of tenant 'team-a'/);
    const reduced = { ...snapA, executionThreads: snapA.executionThreads.slice(0, 1), threads: snapA.threads.slice(0, 1) };
    assert.deepEqual((await api.put('/__sandbox/snapshot', reduced, as(A.token))).body, { executionThreads: 1, threads: 1 });
    const all = (await api.get('/__sandbox/snapshot', ADMIN)).body;
    assert.equal(all.threads.filter((t: { inbox_id: string }) => t.inbox_id === inboxB).length, data.threads.filter((t) => t.inbox_id === inboxB).length, "team-b's threads are untouched");
    assert.equal(all.threads.filter((t: { inbox_id: string }) => t.inbox_id === inboxA).length, 1);
    const clash = { ...reduced, threads: [{ ...reduced.threads[0], thread_id: B.thread }] };
    assert.equal((await api.put('/__sandbox/snapshot', clash, as(A.token))).status, 409, "another tenant's thread id is refused");
    cover('exportSnapshot', 'importSnapshot');
  });

  it("a tenant's reset restores only its own data and clears only its own requests, violations and faults", async () => {
    const api = await fresh();
    await api.post('/__sandbox/threads', { thread_id: 'thr-extra-a' }, as(A.token));
    await api.post('/__sandbox/threads', { thread_id: 'thr-extra-b' }, as(B.token));
    await api.get('/human/v0/threads', as(A.token));
    await api.get('/human/v0/threads', as(B.token));
    await api.get('/v1/threads?type=Robot', { 'Api-Token': 'tok-a' });
    await api.get('/v1/threads?type=Robot', { 'Api-Token': 'tok-b' });
    await api.post('/__sandbox/faults', { kind: 'delay', delayMs: 1 }, as(A.token));
    await api.post('/__sandbox/faults', { kind: 'delay', delayMs: 1 }, as(B.token));
    const reset = await api.post('/__sandbox/reset', {}, as(A.token));
    assert.deepEqual(reset.body, { executionThreads: data.executionThreads.filter((e) => e.workspaceId === 1).length, threads: data.threads.filter((t) => t.inbox_id === inboxA).length });
    assert.equal((await api.get('/__sandbox/threads/thr-extra-a', ADMIN)).status, 404);
    assert.equal((await api.get('/__sandbox/threads/thr-extra-b', ADMIN)).status, 200);
    assert.equal((await api.get('/__sandbox/requests', as(A.token))).body.requests.length, 0);
    assert.equal((await api.get('/__sandbox/requests', as(B.token))).body.requests.length, 2);
    assert.equal((await api.get('/__sandbox/violations', as(A.token))).body.violations.length, 0);
    assert.equal((await api.get('/__sandbox/violations', as(B.token))).body.violations.length, 1);
    assert.equal((await api.get('/__sandbox/faults', as(A.token))).body.faults.length, 0);
    assert.equal((await api.get('/__sandbox/faults', ADMIN)).body.faults.length, 1);
    const seeded = await api.post('/__sandbox/reset', { seed: 3, executionThreads: 20, threads: 20 }, as(B.token));
    assert.equal(seeded.status, 200);
    assert.equal((await api.get('/__sandbox/threads/thr-extra-b', ADMIN)).status, 404);
    const generated = generateDatabase(3, { executionThreads: 20, threads: 20 }).threads.filter((t) => t.inbox_id === inboxB).map((t) => t.thread_id).sort();
    assert.equal(seeded.body.threads, generated.length);
    const after = (await api.get('/__sandbox/threads', ADMIN)).body.threads as { inbox_id: string; thread_id: string }[];
    assert.deepEqual(after.filter((t) => t.inbox_id === inboxB).map((t) => t.thread_id).sort(), generated, "team-b's inbox now holds its part of the generated data");
    assert.equal(after.filter((t) => t.inbox_id === inboxA).length, data.threads.filter((t) => t.inbox_id === inboxA).length, "team-a's inbox is untouched");
    cover('resetSandbox');
  });

  it('journal, find, count and their clearing see only the tenant\'s own requests', async () => {
    const api = await fresh();
    await api.get('/v1/threads', { 'Api-Token': 'tok-a' });
    await api.get('/human/v0/threads', as(B.token));
    await api.get('/human/v0/threads', as('tok-unknown'));
    const mine = (await api.get('/__sandbox/requests', as(A.token))).body.requests;
    assert.deepEqual(mine.map((r: { operationId: string }) => r.operationId), ['listExecutionThreads']);
    assert.equal((await api.get('/__sandbox/requests', ADMIN)).body.requests.length, 3);
    assert.deepEqual((await api.post('/__sandbox/requests/count', { operationId: 'listThreads' }, as(A.token))).body, { count: 0 });
    assert.deepEqual((await api.post('/__sandbox/requests/count', { operationId: 'listThreads' }, as(B.token))).body, { count: 1 });
    const near = await api.post('/__sandbox/requests/find', { operationId: 'getThread' }, as(A.token));
    assert.deepEqual(near.body.nearMisses.map((m: { request: { operationId: string } }) => m.request.operationId), ['listExecutionThreads'], "near misses never show another tenant's requests");
    assert.equal((await api.post('/__sandbox/requests/find', {}, as(B.token))).body.requests.length, 1);
    assert.equal((await api.delete('/__sandbox/requests', as(A.token))).status, 204);
    assert.equal((await api.get('/__sandbox/requests', ADMIN)).body.requests.length, 2, "team-b's and the unknown token's requests stay");
    cover('listRequests', 'findRequests', 'countRequests', 'clearRequests');
  });

  it("violations are listed and cleared per tenant; an unknown token's are the admin's to see", async () => {
    const api = await fresh();
    await api.get('/v1/threads?workspaceId=abc', { 'Api-Token': 'tok-a' });
    await api.get('/human/v0/threads?limit=0', as(B.token));
    await api.get('/human/v0/threads', as('tok-unknown'));
    await api.get('/v1/nope', { 'Api-Token': 'tok-b' });
    const ofB = (await api.get('/__sandbox/violations', as(B.token))).body.violations;
    assert.deepEqual(ofB.map((v: { kind: string }) => v.kind), ['validation', 'unknown-path']);
    assert.equal((await api.get('/__sandbox/violations', as(A.token))).body.violations.length, 1);
    assert.equal((await api.get('/__sandbox/violations', ADMIN)).body.violations.length, 4);
    assert.equal((await api.delete('/__sandbox/violations', as(B.token))).status, 204);
    assert.equal((await api.get('/__sandbox/violations', ADMIN)).body.violations.length, 2);
    cover('listViolations', 'clearViolations');
  });

  it("a tenant's fault acts on its own requests only, and another tenant cannot see or remove it", async () => {
    const api = await fresh();
    const fault = (await api.post('/__sandbox/faults', { operationId: 'listExecutionThreads', kind: 'status', status: 500 }, as(A.token))).body;
    assert.equal((await api.get('/v1/threads', { 'Api-Token': 'tok-a' })).status, 500);
    assert.equal((await api.get('/v1/threads', { 'Api-Token': 'tok-b' })).status, 200);
    assert.deepEqual((await api.get('/__sandbox/faults', as(B.token))).body, { faults: [] });
    assert.equal((await api.delete(`/__sandbox/faults/${fault.id}`, as(B.token))).status, 404);
    assert.equal((await api.delete('/__sandbox/faults', as(B.token))).status, 204);
    assert.equal((await api.get('/__sandbox/faults', as(A.token))).body.faults.length, 1, "team-b's clearing left team-a's fault");
    const adminFault = (await api.post('/__sandbox/faults', { operationId: 'listThreads', kind: 'status', status: 500 }, ADMIN)).body;
    assert.equal((await api.get('/human/v0/threads', as(B.token))).status, 500, "the admin's fault acts on every tenant");
    assert.equal((await api.delete(`/__sandbox/faults/${adminFault.id}`, as(A.token))).status, 404);
    assert.equal((await api.delete(`/__sandbox/faults/${fault.id}`, as(A.token))).status, 204);
    assert.equal((await api.get('/v1/threads', { 'Api-Token': 'tok-a' })).status, 200);
    cover('createFault', 'listFaults', 'deleteFault', 'clearFaults');
  });

  it("the live page opens without a token; its summary and event stream need one and show the tenant's own", async () => {
    const api = await fresh();
    assert.equal((await api.get('/__sandbox/', { Accept: 'text/html' })).status, 200, 'the page holds no data: it asks for the token');
    assert.equal((await api.get('/__sandbox')).body.livePage, '/__sandbox/');
    assert.equal((await api.get('/__sandbox/live/live.js')).status, 200);
    assert.equal((await api.get('/__sandbox/summary')).status, 401);
    assert.equal((await api.get('/__sandbox/events', as('tok-c'))).status, 401);
    await api.get('/v1/threads?workspaceId=abc', { 'Api-Token': 'tok-b' });
    const ofA = (await api.get('/__sandbox/summary', as(A.token))).body;
    assert.deepEqual(ofA.workspaces.map((w: { workspaceId: number }) => w.workspaceId), [1]);
    assert.deepEqual(ofA.inboxes.map((i: { inboxId: string }) => i.inboxId), [inboxA]);
    assert.deepEqual([ofA.requests, ofA.violations, ofA.faults], [0, 0, 0], "team-b's request and violation are not counted for team-a");
    const all = (await api.get('/__sandbox/summary', ADMIN)).body;
    assert.equal(all.executionThreads, data.executionThreads.length);
    assert.deepEqual([all.requests, all.violations], [1, 1]);
    cover('getControlPlane', 'getLivePageAsset', 'getSummary', 'streamEvents');
  });
});
