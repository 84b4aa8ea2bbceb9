// start/total windows and totalCount.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { sandboxClient, type Client } from '../helpers/http.js';

describe('paging with start and total', () => {
  let api: Client;
  let all: unknown[];
  before(async () => {
    api = await sandboxClient();
    all = (await api.get('/v1/threads?workspaceId=2')).body.items;
    assert.equal(all.length, 7);
  });

  const windows: [number, number][] = [
    [0, 3],
    [3, 3],
    [6, 3],
    [2, 4],
    [0, 0],
    [7, 5],
    [100, 10],
    [0, 1000],
  ];
  for (const [start, total] of windows) {
    it(`start=${start}&total=${total} answers items [${start}, ${start + total}) and the full totalCount`, async () => {
      const res = await api.get(`/v1/threads?workspaceId=2&start=${start}&total=${total}`);
      assert.equal(res.body.totalCount, 7);
      assert.deepEqual(res.body.items, all.slice(start, start + total));
    });
  }

  it('consecutive windows tile the list without gaps or overlaps', async () => {
    const seen: unknown[] = [];
    for (let start = 0; start < 7; start += 2) seen.push(...(await api.get(`/v1/threads?workspaceId=2&start=${start}&total=2`)).body.items);
    assert.deepEqual(seen, all);
  });

  it('totalCount counts the filtered threads, not the page', async () => {
    const res = await api.get('/v1/threads?workspaceId=2&type=BrowserInstance&total=1');
    assert.equal(res.body.items.length, 1);
    assert.equal(res.body.totalCount, 4);
  });

  it('a huge total is honoured without trouble on a large dataset', async () => {
    const big = await sandboxClient({ seed: 3, executionThreads: 20_000, threads: 0 });
    const res = await big.get('/v1/threads?start=0&total=2147483647');
    assert.equal(res.status, 200);
    assert.equal(res.body.items.length, res.body.totalCount);
    const tail = await big.get('/v1/threads?start=2147483647&total=2147483647');
    assert.deepEqual(tail.body.items, []);
  });
});
