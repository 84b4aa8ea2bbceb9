// Numbers that are not written as decimal integers are refused, in both APIs and in control-plane
// path ids; the whole int64 range is accepted where the spec says int64.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { sandboxClient, type Client } from '../helpers/http.js';

describe('integers are an optional sign and decimal digits', () => {
  let api: Client;
  before(async () => {
    api = await sandboxClient();
  });

  for (const value of ['0x10', '1e3', '1.0', '%201', '0b1', 'Infinity', '1_000']) {
    it(`workspaceId=${value} is a 400 naming the parameter`, async () => {
      const res = await api.get(`/v1/threads?workspaceId=${value}`);
      assert.equal(res.status, 400);
      assert.match(res.body.message, /query parameter 'workspaceId' must be an integer/);
    });
  }

  it('v0 limit=1e1 and limit=0x10 are 400s', async () => {
    for (const value of ['1e1', '0x10']) {
      const res = await api.get(`/human/v0/threads?limit=${value}`);
      assert.equal(res.status, 400, value);
      assert.equal(res.body.name, 'ValidationError');
    }
  });

  it('the largest int64 is a workspaceId (an empty one); one more is a 400', async () => {
    const max = await api.get('/v1/threads?workspaceId=9223372036854775807');
    assert.deepEqual([max.status, max.body], [200, { totalCount: 0, items: [] }]);
    const over = await api.get('/v1/threads?workspaceId=9223372036854775808');
    assert.equal(over.status, 400);
    assert.match(over.body.message, /workspaceId' must be a 64-bit integer/);
  });

  it('a sign and leading zeros are digits: +1 and 0001 are workspace 1', async () => {
    const plain = await api.get('/v1/threads?workspaceId=1&total=3');
    for (const value of ['%2B1', '0001']) assert.deepEqual((await api.get(`/v1/threads?workspaceId=${value}&total=3`)).body, plain.body, value);
  });

  it('int32 bounds are the spec\'s: start=2147483647 is taken, 2147483648 is not', async () => {
    assert.equal((await api.get('/v1/threads?start=2147483647')).status, 200);
    assert.equal((await api.get('/v1/threads?start=2147483648')).status, 400);
  });

  it('control-plane path ids: /execution-threads/0x1 and /1e0 are 400s, /1 is the thread', async () => {
    for (const id of ['0x1', '1e0', '1.0', '%2B0x1']) {
      const res = await api.get(`/__sandbox/execution-threads/${id}`);
      assert.equal(res.status, 400, id);
      assert.match(res.body.message, /path parameter 'id' must be an integer/, id);
    }
    assert.equal((await api.get('/__sandbox/execution-threads/1')).status, 200);
    assert.equal((await api.get('/__sandbox/execution-threads?workspaceId=1e0')).status, 400);
  });
});
