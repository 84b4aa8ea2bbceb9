// Every table looked up with what a client sends (sort keys, operations, faults, tenants and their
// tokens, threads, the journal's filters) answers names of Object.prototype as unknown names.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { sandboxClient, type Client } from '../helpers/http.js';

const NAMES = ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf', 'prototype'];

describe('names of Object.prototype are just names', () => {
  let api: Client;
  let tenants: Client;
  before(async () => {
    api = await sandboxClient();
    tenants = await sandboxClient({ tenants: [{ name: 'a', tokens: ['tok-a'], workspaces: [1], inboxes: [] }] }, {});
  });

  for (const name of NAMES) {
    it(`sorting=${name} is an unknown sort key`, async () => {
      const res = await api.get(`/v1/threads?sorting=${name}`);
      assert.equal(res.status, 400);
      assert.match(res.body.message, /unknown sort key/);
    });

    it(`a fault for operationId '${name}' is refused, and deleting fault '${name}' is a 404`, async () => {
      const created = await api.post('/__sandbox/faults', { operationId: name, kind: 'delay', delayMs: 1 });
      assert.equal(created.status, 400);
      assert.match(created.body.message, /is not an operation of the public APIs/);
      assert.equal((await api.delete(`/__sandbox/faults/${name}`)).status, 404);
    });

    it(`with tenants, the token '${name}' is not accepted by either API`, async () => {
      assert.equal((await tenants.get('/v1/threads', { 'Api-Token': name })).status, 401);
      assert.equal((await tenants.get('/human/v0/threads', { Authorization: `Bearer ${name}` })).status, 401);
    });

    it(`thread '${name}' does not exist, in v0 and in the control plane`, async () => {
      assert.equal((await api.get(`/human/v0/threads/${name}`)).status, 404);
      assert.equal((await api.get(`/__sandbox/threads/${name}`)).status, 404);
      assert.equal((await api.get(`/__sandbox/threads/${name}/messages/${name}`)).status, 404);
    });

    it(`the journal filtered by operationId '${name}' or path '${name}' is empty`, async () => {
      await api.get('/v1/threads');
      for (const filter of ['operationId', 'path', 'method']) {
        const res = await api.get(`/__sandbox/requests?${filter}=${name}`);
        assert.deepEqual([res.status, res.body.requests], [200, []], filter);
      }
    });
  }

  it('Object.prototype is untouched after all of the above', () => {
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
    assert.equal(typeof ({} as { toString: unknown }).toString, 'function');
  });
});
