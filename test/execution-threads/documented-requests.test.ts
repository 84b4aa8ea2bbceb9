// The requests of the source document (execution-threads.en.txt), sent verbatim.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { sandboxClient, type Client } from '../helpers/http.js';

const DOCUMENTED_ITEM = { workspaceId: 1, threadToken: null, type: 'Manual', createdAt: '2025-07-25T09:34:29.768Z' };

describe('the documented requests', () => {
  let api: Client;
  before(async () => {
    api = await sandboxClient();
  });

  it('the documented curl, with its empty values, answers the documented example', async () => {
    const res = await api.get('/v1/threads?workspaceId=&start=0&total=1000&thread_token=&type=&sorting=', { 'Api-Token': 'YOUR_SECRET_TOKEN' });
    assert.equal(res.status, 200);
    assert.deepEqual(res.body, { totalCount: 1, items: [DOCUMENTED_ITEM] });
  });

  it('the "Cube" line, with an empty parameter name, is served like the curl', async () => {
    const res = await api.get('/v1/threads?workspaceId=&start=&total=&thread_token=&=&sorting=', { 'Api-Token': 'YOUR_SECRET_TOKEN' });
    assert.equal(res.status, 200);
    assert.deepEqual(res.body, { totalCount: 1, items: [DOCUMENTED_ITEM] });
  });

  it('workspaceId=-1 means the default workspace, and so does leaving it out', async () => {
    const explicit = await api.get('/v1/threads?workspaceId=-1');
    const omitted = await api.get('/v1/threads');
    const one = await api.get('/v1/threads?workspaceId=1');
    assert.deepEqual(explicit.body, one.body);
    assert.deepEqual(omitted.body, one.body);
  });

  it('the documented Agentry list and get answer the documented shapes', async () => {
    const list = await api.get('/human/v0/threads');
    assert.equal(list.status, 200);
    assert.equal(list.body.count, list.body.threads.length);
    assert.equal(list.body.limit, 10);
    const first = list.body.threads[0];
    const one = await api.get(`/human/v0/threads/${first.thread_id}`);
    assert.equal(one.status, 200);
    const { messages, ...summary } = one.body;
    assert.deepEqual(summary, first);
    assert.equal(messages.length, first.message_count);
  });
});
