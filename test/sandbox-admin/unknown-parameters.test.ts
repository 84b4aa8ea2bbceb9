// A query parameter the operation does not define (issue 24): the request is served as the real
// API would serve it, and GET /__sandbox/violations names the parameter, the operation and the
// defined name the client most likely meant. `--unknown-parameters error` or
// `Prefer: unknown-parameters=error` turn it into a 400 in the API's own error shape.
import assert from 'node:assert/strict';
import { before, beforeEach, describe, it } from 'node:test';
import { sandboxClient, type Client } from '../helpers/http.js';

interface Reported {
  kind: string;
  status: number;
  api: string;
  operationId: string | null;
  rule: { keyword: string; in: string; name?: string; suggestion?: string; allowedValues?: unknown[]; message: string };
}

const V1_PARAMETERS = ['workspaceId', 'start', 'total', 'thread_token', 'type', 'sorting'];

async function violations(api: Client): Promise<Reported[]> {
  return (await api.get('/__sandbox/violations')).body.violations as Reported[];
}

describe('unknown query parameters are violations (served as the real API would)', () => {
  let api: Client;
  before(async () => {
    api = await sandboxClient();
  });
  beforeEach(async () => {
    await api.delete('/__sandbox/violations');
  });

  it('threadToken instead of thread_token: every thread of the workspace is served, and the violation suggests thread_token', async () => {
    const misspelled = await api.get('/v1/threads?workspaceId=2&threadToken=tok-alpha');
    const unfiltered = await api.get('/v1/threads?workspaceId=2');
    assert.equal(misspelled.status, 200);
    assert.deepEqual(misspelled.body, unfiltered.body, 'the answer is what the real API sends: the filter never ran');
    const [violation, ...rest] = await violations(api);
    assert.deepEqual(rest, []);
    assert.deepEqual({ ...violation, id: undefined, time: undefined }, {
      id: undefined,
      time: undefined,
      api: 'v1',
      method: 'GET',
      path: '/v1/threads',
      operationId: 'listExecutionThreads',
      status: 200,
      kind: 'unknown-parameter',
      rule: {
        keyword: 'parameter',
        in: 'query',
        name: 'threadToken',
        suggestion: 'thread_token',
        allowedValues: V1_PARAMETERS,
        message: '`threadToken`: not a parameter of listExecutionThreads; did you mean `thread_token`?',
      },
    });
  });

  it('workspaceID=2 serves the default workspace and suggests workspaceId', async () => {
    const res = await api.get('/v1/threads?workspaceID=2');
    assert.equal(res.status, 200);
    assert.ok(res.body.items.every((item: { workspaceId: number }) => item.workspaceId === 1));
    const [violation] = await violations(api);
    assert.deepEqual([violation?.kind, violation?.rule.name, violation?.rule.suggestion], ['unknown-parameter', 'workspaceID', 'workspaceId']);
  });

  it('v0: inboxId instead of inbox_id, with or without a value, suggests inbox_id; getThread takes none', async () => {
    const all = await api.get('/human/v0/threads?limit=100');
    const misspelled = await api.get('/human/v0/threads?limit=100&inboxId=inbox-sales');
    assert.equal(misspelled.status, 200);
    assert.equal(misspelled.body.count, all.body.count, 'every inbox is served');
    await api.get('/human/v0/threads?inboxId=');
    await api.get('/human/v0/threads/thr-0001?limit=5');
    const found = await violations(api);
    assert.deepEqual(
      found.map((v) => [v.api, v.operationId, v.status, v.rule.name, v.rule.suggestion]),
      [
        ['v0', 'listThreads', 200, 'inboxId', 'inbox_id'],
        ['v0', 'listThreads', 200, 'inboxId', 'inbox_id'],
        ['v0', 'getThread', 200, 'limit', undefined],
      ],
    );
    assert.equal(found[0]?.rule.message, '`inboxId`: not a parameter of listThreads; did you mean `inbox_id`?');
    assert.equal(found[2]?.rule.message, '`limit`: not a parameter of getThread (it takes no query parameters)');
  });

  it('case, `_`, `-` and small typos are found; unrelated names get no suggestion', async () => {
    await api.get('/v1/threads?THREAD-TOKEN=a&sortng=CreatedAt&Type=Manual&foo=1&color=red&sort=Type');
    const found = await violations(api);
    const suggestions = Object.fromEntries(found.map((v) => [v.rule.name, v.rule.suggestion ?? null]));
    assert.deepEqual(suggestions, { 'THREAD-TOKEN': 'thread_token', sortng: 'sorting', Type: 'type', foo: null, color: null, sort: null });
    const foo = found.find((v) => v.rule.name === 'foo');
    assert.equal(foo?.rule.message, `\`foo\`: not a parameter of listExecutionThreads (its parameters: ${V1_PARAMETERS.join(', ')})`);
  });

  it('the documented curl and the "Cube" line, with their empty values and empty names, leave no violation', async () => {
    assert.equal((await api.get('/v1/threads?workspaceId=&start=0&total=1000&thread_token=&type=&sorting=', { 'Api-Token': 'YOUR_SECRET_TOKEN' })).status, 200);
    assert.equal((await api.get('/v1/threads?workspaceId=&start=&total=&thread_token=&=&sorting=', { 'Api-Token': 'YOUR_SECRET_TOKEN' })).status, 200);
    assert.equal((await api.get('/human/v0/threads?inbox_id=&limit=&page_token=&=')).status, 200);
    assert.deepEqual(await violations(api), []);
  });

  it('a name repeated is reported once; a request that also fails validation reports both, with its 400', async () => {
    await api.get('/v1/threads?threadToken=a&threadToken=b');
    await api.get('/v1/threads?type=Robot&threadToken=a');
    const found = await violations(api);
    assert.deepEqual(
      found.map((v) => [v.kind, v.status, v.rule.name]),
      [
        ['unknown-parameter', 200, 'threadToken'],
        ['validation', 400, 'type'],
        ['unknown-parameter', 400, 'threadToken'],
      ],
    );
  });

  it('with tenants, a tenant sees its own unknown parameters only', async () => {
    const tenants = await sandboxClient({ tenants: [{ name: 'a', tokens: ['tok-a'], workspaces: [2], inboxes: [] }, { name: 'b', tokens: ['tok-b'], workspaces: [3], inboxes: [] }] }, {});
    assert.equal((await tenants.get('/v1/threads?threadToken=tok-alpha', { 'Api-Token': 'tok-a' })).status, 200);
    const ofA = (await tenants.get('/__sandbox/violations', { Authorization: 'Bearer tok-a' })).body.violations as Reported[];
    const ofB = (await tenants.get('/__sandbox/violations', { Authorization: 'Bearer tok-b' })).body.violations as Reported[];
    assert.deepEqual(ofA.map((v) => [v.kind, v.rule.suggestion]), [['unknown-parameter', 'thread_token']]);
    assert.deepEqual(ofB, []);
  });

  it('the control plane does not report its own unknown parameters', async () => {
    await api.get('/__sandbox/requests?operationID=listThreads');
    assert.deepEqual(await violations(api), []);
  });
});

describe('unknown parameters as a 400: the option and the Prefer header', () => {
  it('Prefer: unknown-parameters=error answers 400 in each API shape, and is still reported', async () => {
    const api = await sandboxClient();
    const v1 = await api.get('/v1/threads?workspaceId=2&threadToken=tok-alpha', { Prefer: 'unknown-parameters=error' });
    assert.equal(v1.status, 400);
    assert.deepEqual(v1.body, { message: '`threadToken`: not a parameter of listExecutionThreads; did you mean `thread_token`?' });
    const v0 = await api.get('/human/v0/threads?inboxId=inbox-sales&foo=1', { Prefer: 'unknown-parameters=error' });
    assert.equal(v0.status, 400);
    assert.equal(v0.body.name, 'ValidationError');
    assert.match(v0.body.message, /^`inboxId`: not a parameter of listThreads; did you mean `inbox_id`\? `foo`: not a parameter of listThreads \(its parameters: /);
    const found = (await violations(api)).map((v) => [v.kind, v.status, v.rule.name]);
    assert.deepEqual(found, [
      ['unknown-parameter', 400, 'threadToken'],
      ['unknown-parameter', 400, 'inboxId'],
      ['unknown-parameter', 400, 'foo'],
    ]);
    const journal = (await api.get('/__sandbox/requests?operationId=listExecutionThreads')).body.requests;
    assert.deepEqual(journal.at(-1).validationErrors, ['`threadToken`: not a parameter of listExecutionThreads; did you mean `thread_token`?']);
  });

  it('with --unknown-parameters error, Prefer: unknown-parameters=report serves the request again', async () => {
    const api = await sandboxClient({ unknownParameters: 'error' });
    assert.equal((await api.get('/v1/threads?threadToken=tok-alpha')).status, 400);
    const v0 = await api.get('/human/v0/threads?page=2');
    assert.equal(v0.status, 400);
    assert.deepEqual(Object.keys(v0.body).sort(), ['message', 'name']);
    assert.equal((await api.get('/v1/threads?threadToken=tok-alpha', { Prefer: 'unknown-parameters=report' })).status, 200);
    assert.equal((await api.get('/v1/threads?thread_token=tok-alpha&workspaceId=2')).status, 200, 'defined parameters are served');
    assert.deepEqual((await violations(api)).map((v) => v.status), [400, 400, 200]);
  });

  it('credentials are checked first, a bad Prefer value is a 400 naming the choices', async () => {
    const api = await sandboxClient({ unknownParameters: 'error' });
    assert.equal((await api.get('/v1/threads?threadToken=a', { 'Api-Token': '' })).status, 401);
    const bad = await api.get('/v1/threads?thread_token=a', { Prefer: 'unknown-parameters=fail' });
    assert.equal(bad.status, 400);
    assert.deepEqual(bad.body, { message: "Prefer unknown-parameters must be report or error, got 'fail'" });
  });
});
