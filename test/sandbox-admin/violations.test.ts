// GET /__sandbox/violations: every request to the public APIs that broke the contract, with the
// rule it broke. The control plane's own refusals are not violations of the public contract.
import assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';
import { sandboxClient, type Client } from '../helpers/http.js';

const V1 = { 'Api-Token': 'tok' };
const V0 = { Authorization: 'Bearer tok' };

describe('control plane: contract violations', () => {
  let api: Client;
  beforeEach(async () => {
    api = await sandboxClient({}, {});
  });

  const violations = async () => (await api.get('/__sandbox/violations')).body.violations as { kind: string; status: number; operationId: string | null; rule: Record<string, unknown> }[];

  it('each kind of broken rule is recorded with the rule: enum, type, bound, security, unknown path, method', async () => {
    await api.get('/v1/threads?type=Robot', V1);
    await api.get('/v1/threads?workspaceId=abc', V1);
    await api.get('/human/v0/threads?limit=0', V0);
    await api.get('/human/v0/threads');
    await api.get('/v2/threads', V1);
    await api.post('/v1/threads', {}, V1);
    const [enumRule, typeRule, bound, security, unknown, method] = await violations();
    assert.deepEqual(enumRule, { ...enumRule, kind: 'validation', status: 400, operationId: 'listExecutionThreads' });
    assert.deepEqual({ ...enumRule?.rule, message: undefined }, { keyword: 'enum', in: 'query', name: 'type', allowedValues: ['Manual', 'BrowserInstance'], message: undefined });
    assert.deepEqual([typeRule?.rule.keyword, typeRule?.rule.in, typeRule?.rule.name], ['type', 'query', 'workspaceId']);
    assert.deepEqual([bound?.rule.keyword, bound?.rule.name, bound?.rule.limit], ['minimum', 'limit', 1]);
    assert.deepEqual([security?.kind, security?.status, security?.rule.keyword, security?.rule.in, security?.rule.name], ['unauthorized', 401, 'security', 'security', 'BearerAuth']);
    assert.deepEqual([unknown?.kind, unknown?.status, unknown?.operationId, unknown?.rule.in], ['unknown-path', 404, null, 'route']);
    assert.deepEqual([method?.kind, method?.status, method?.rule.allowedValues], ['method-not-allowed', 405, ['GET']]);
  });

  it('valid requests, documented 404s and the control plane leave no violation', async () => {
    await api.get('/v1/threads?type=Manual', V1);
    await api.get('/human/v0/threads/thr-does-not-exist', V0);
    await api.post('/__sandbox/execution-threads', { bogus: 1 });
    await api.get('/__sandbox/nope');
    assert.deepEqual(await violations(), []);
  });

  it('DELETE and a reset clear them', async () => {
    await api.get('/v1/threads');
    assert.equal((await violations()).length, 1);
    assert.equal((await api.delete('/__sandbox/violations')).status, 204);
    assert.deepEqual(await violations(), []);
    await api.get('/v1/threads');
    await api.post('/__sandbox/reset', {});
    assert.deepEqual(await violations(), []);
    assert.equal(api.services.violations.tally().total, 2, 'the run-long tally keeps counting');
  });
});
