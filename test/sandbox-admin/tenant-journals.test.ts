// Each tenant's journal and violations are its own, with --journal-size each: a tenant's count of
// its own request does not drop because another tenant sent more requests than the journal holds.
// The admin sees every tenant's (each one's newest), in arrival order. Runs on every engine.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { TenantConfig } from '../../src/auth.js';
import { sandboxClient } from '../helpers/http.js';

const tenants: TenantConfig[] = [
  { name: 'team-a', tokens: ['tok-a'], workspaces: [1], inboxes: ['inbox-support'] },
  { name: 'team-b', tokens: ['tok-b'], workspaces: [2], inboxes: ['inbox-sales'] },
];
const JOURNAL_SIZE = 5;
const as = (token: string) => ({ Authorization: `Bearer ${token}` });
const v1 = (token: string) => ({ 'Api-Token': token });

describe('one journal per tenant', () => {
  it("a tenant's count of its own request survives another tenant's burst", async () => {
    const api = await sandboxClient({ tenants, adminToken: 'admin', journalSize: JOURNAL_SIZE }, {});
    await api.get('/v1/threads?workspaceId=1&type=Manual', v1('tok-a'));
    const mine = { operationId: 'listExecutionThreads', query: { type: 'Manual' } };
    assert.deepEqual((await api.post('/__sandbox/requests/count', mine, as('tok-a'))).body, { count: 1 });
    for (let i = 0; i < JOURNAL_SIZE * 3; i++) await api.get(`/v1/threads?workspaceId=2&limit=${i + 1}`, v1('tok-b'));

    assert.deepEqual((await api.post('/__sandbox/requests/count', mine, as('tok-a'))).body, { count: 1 }, 'still there');
    assert.equal((await api.get('/__sandbox/requests', as('tok-a'))).body.requests.length, 1);
    const ofB = (await api.get('/__sandbox/requests', as('tok-b'))).body.requests;
    assert.deepEqual(ofB.map((r: { query: { limit: string } }) => r.query.limit), ['11', '12', '13', '14', '15'], "B keeps its own newest, the size limit each");
    const all = (await api.get('/__sandbox/requests', as('admin'))).body.requests;
    assert.equal(all.length, 1 + JOURNAL_SIZE, "the admin sees each tenant's journal");
    assert.deepEqual(all.map((r: { id: number }) => r.id), [...all.map((r: { id: number }) => r.id)].sort((a, b) => a - b), 'in arrival order');
  });

  it("a tenant's violations survive another tenant's burst of violations", async () => {
    const api = await sandboxClient({ tenants, adminToken: 'admin', journalSize: JOURNAL_SIZE }, {});
    await api.get('/v1/threads?workspaceId=1&type=Nope', v1('tok-a'));
    for (let i = 0; i < JOURNAL_SIZE * 2; i++) await api.get(`/v1/threads?workspaceId=2&type=Bad${i}`, v1('tok-b'));
    const ofA = (await api.get('/__sandbox/violations', as('tok-a'))).body.violations;
    assert.equal(ofA.length, 1);
    assert.match(ofA[0].rule.message, /type/);
    assert.equal((await api.get('/__sandbox/violations', as('tok-b'))).body.violations.length, JOURNAL_SIZE);
    assert.equal((await api.get('/__sandbox/violations', as('admin'))).body.violations.length, 1 + JOURNAL_SIZE);
  });

  it("clearing one tenant's journal leaves the other's whole", async () => {
    const api = await sandboxClient({ tenants, adminToken: 'admin', journalSize: JOURNAL_SIZE }, {});
    await api.get('/v1/threads?workspaceId=1', v1('tok-a'));
    await api.get('/v1/threads?workspaceId=2', v1('tok-b'));
    assert.equal((await api.delete('/__sandbox/requests', as('tok-b'))).status, 204);
    assert.equal((await api.get('/__sandbox/requests', as('tok-a'))).body.requests.length, 1);
    assert.equal((await api.get('/__sandbox/requests', as('tok-b'))).body.requests.length, 0);
  });
});
