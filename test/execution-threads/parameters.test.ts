// Every parameter of GET /v1/threads: valid, boundary and invalid values (table-driven).
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { sandboxClient, type Client } from '../helpers/http.js';

const INT32_MAX = 2147483647;

const rows: { query: string; status: number; mentions?: string }[] = [
  { query: 'workspaceId=2', status: 200 },
  { query: 'workspaceId=-1', status: 200 },
  { query: 'workspaceId=0', status: 200 },
  { query: 'workspaceId=9223372036854775000', status: 200 },
  { query: 'workspaceId=-2', status: 400, mentions: 'workspaceId' },
  { query: 'workspaceId=abc', status: 400, mentions: 'workspaceId' },
  { query: 'workspaceId=1.5', status: 400, mentions: 'workspaceId' },
  { query: 'workspaceId=99999999999999999999999', status: 400, mentions: 'workspaceId' },
  { query: 'start=0', status: 200 },
  { query: `start=${INT32_MAX}`, status: 200 },
  { query: `start=${INT32_MAX + 1}`, status: 400, mentions: 'start' },
  { query: 'start=-1', status: 400, mentions: 'start' },
  { query: 'start=x', status: 400, mentions: 'start' },
  { query: 'total=0', status: 200 },
  { query: `total=${INT32_MAX}`, status: 200 },
  { query: `total=${INT32_MAX + 1}`, status: 400, mentions: 'total' },
  { query: 'total=-5', status: 400, mentions: 'total' },
  { query: 'total=99999999999', status: 400, mentions: 'total' },
  { query: 'thread_token=tok-alpha', status: 200 },
  { query: 'type=Manual', status: 200 },
  { query: 'type=BrowserInstance', status: 200 },
  { query: 'type=manual', status: 400, mentions: 'type' },
  { query: 'type=Robot', status: 400, mentions: 'Manual, BrowserInstance' },
  { query: 'sorting=CreatedAt', status: 200 },
  { query: 'sorting=Color', status: 400, mentions: 'CreatedAt, ThreadToken, Type, WorkspaceId' },
  { query: 'start=1&start=2', status: 400, mentions: "'start' must be given at most once" },
  { query: 'unknown=1', status: 200 },
  { query: '__proto__=1&constructor=2', status: 200 },
];

describe('GET /v1/threads parameters', () => {
  let api: Client;
  before(async () => {
    api = await sandboxClient();
  });

  for (const row of rows) {
    it(`${row.query} answers ${row.status}`, async () => {
      const res = await api.get(`/v1/threads?${row.query}`);
      assert.equal(res.status, row.status, JSON.stringify(res.body));
      if (row.mentions) assert.ok(res.body.message.includes(row.mentions), `message '${res.body.message}' should mention ${row.mentions}`);
    });
  }

  it('a workspace with no threads lists as empty', async () => {
    const res = await api.get('/v1/threads?workspaceId=424242');
    assert.deepEqual(res.body, { totalCount: 0, items: [] });
  });

  it('thread_token is an exact, case-sensitive match', async () => {
    const res = await api.get('/v1/threads?workspaceId=2&thread_token=tok-alpha');
    assert.deepEqual(res.body.items.map((i: { threadToken: string }) => i.threadToken), ['tok-alpha']);
    const other = await api.get('/v1/threads?workspaceId=2&thread_token=TOK-ALPHA');
    assert.equal(other.body.totalCount, 0);
  });

  it('type keeps only threads of that type, and filters combine', async () => {
    const manual = await api.get('/v1/threads?workspaceId=2&type=Manual');
    assert.ok(manual.body.totalCount > 0);
    assert.ok(manual.body.items.every((i: { type: string }) => i.type === 'Manual'));
    const both = await api.get('/v1/threads?workspaceId=3&type=BrowserInstance&thread_token=tok-alpha');
    assert.equal(both.body.totalCount, 1);
    const none = await api.get('/v1/threads?workspaceId=3&type=Manual&thread_token=tok-alpha');
    assert.equal(none.body.totalCount, 0);
  });

  it('the default workspace is configurable', async () => {
    const other = await sandboxClient({ defaultWorkspace: 3 });
    const res = await other.get('/v1/threads');
    assert.ok(res.body.items.length > 0);
    assert.ok(res.body.items.every((i: { workspaceId: number }) => i.workspaceId === 3));
  });

  it('credentials are checked before parameters: a bad request without a token is a 401', async () => {
    const res = await api.get('/v1/threads?type=Robot', { 'Api-Token': '' });
    assert.equal(res.status, 401);
    assert.deepEqual(Object.keys(res.body), ['message']);
  });
});
