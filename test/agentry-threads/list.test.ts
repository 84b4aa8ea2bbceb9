// GET /human/v0/threads: order, inbox filter, limit bounds, page tokens.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { sandboxClient, type Client } from '../helpers/http.js';

interface Summary {
  thread_id: string;
  inbox_id: string;
  latest_message_received_at: string;
}

async function walk(api: Client, query: string): Promise<{ threads: Summary[]; pages: number }> {
  const threads: Summary[] = [];
  let token: string | undefined;
  let pages = 0;
  do {
    const res = await api.get(`/human/v0/threads?${query}${token ? `&page_token=${encodeURIComponent(token)}` : ''}`);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    threads.push(...res.body.threads);
    token = res.body.next_page_token;
    pages++;
  } while (token && pages < 100);
  return { threads, pages };
}

describe('listing threads', () => {
  let api: Client;
  before(async () => {
    api = await sandboxClient();
  });

  it('lists newest first, ties broken by thread_id', async () => {
    const { threads } = await walk(api, 'limit=100');
    assert.equal(threads.length, 34);
    for (let i = 1; i < threads.length; i++) {
      const a = threads[i - 1] as Summary;
      const b = threads[i] as Summary;
      const da = Date.parse(a.latest_message_received_at);
      const db = Date.parse(b.latest_message_received_at);
      assert.ok(da > db || (da === db && a.thread_id < b.thread_id), `${a.thread_id} before ${b.thread_id}`);
    }
    const tie = threads.filter((t) => t.latest_message_received_at === threads.find((x) => x.thread_id === 'thr-0021')?.latest_message_received_at);
    assert.deepEqual(tie.map((t) => t.thread_id), ['thr-0019', 'thr-0021']);
  });

  it('limit defaults to 10; count is the page size and limit the limit applied', async () => {
    const res = await api.get('/human/v0/threads');
    assert.equal(res.body.limit, 10);
    assert.equal(res.body.count, 10);
    assert.equal(res.body.threads.length, 10);
    const small = await api.get('/human/v0/threads?limit=3');
    assert.equal(small.body.count, 3);
    assert.equal(small.body.limit, 3);
  });

  for (const [limit, status] of [
    ['1', 200],
    ['100', 200],
    ['0', 400],
    ['101', 400],
    ['-1', 400],
    ['ten', 400],
    ['2.5', 400],
  ] as const) {
    it(`limit=${limit} answers ${status}`, async () => {
      const res = await api.get(`/human/v0/threads?limit=${limit}`);
      assert.equal(res.status, status);
      if (status === 400) {
        assert.equal(res.body.name, 'ValidationError');
        assert.match(res.body.message, /limit/);
      }
    });
  }

  it('walking every page with the default limit returns each thread once, and the last page has no token', async () => {
    const { threads, pages } = await walk(api, '');
    assert.equal(pages, 4);
    assert.equal(new Set(threads.map((t) => t.thread_id)).size, 34);
    const last = await api.get('/human/v0/threads?limit=100');
    assert.equal('next_page_token' in last.body, false);
  });

  it('inbox_id keeps only that inbox, and its pages stay in it', async () => {
    const { threads } = await walk(api, 'inbox_id=inbox-sales&limit=3');
    assert.equal(threads.length, 10);
    assert.ok(threads.every((t) => t.inbox_id === 'inbox-sales'));
    const unknown = await api.get('/human/v0/threads?inbox_id=inbox-nowhere');
    assert.deepEqual(unknown.body, { count: 0, limit: 10, threads: [] });
  });

  it('a tampered, truncated or foreign page token is a 400 ValidationError naming page_token', async () => {
    const first = await api.get('/human/v0/threads?limit=5');
    const token: string = first.body.next_page_token;
    const [payload, mac] = token.split('.') as [string, string];
    const forged = Buffer.from(JSON.stringify([1, 0, 'thr-0001', null])).toString('base64url');
    for (const bad of [`${payload}x.${mac}`, token.slice(0, -2), `${forged}.${mac}`, 'not-a-token', '.', `${payload}.`]) {
      const res = await api.get(`/human/v0/threads?limit=5&page_token=${encodeURIComponent(bad)}`);
      assert.equal(res.status, 400, bad);
      assert.equal(res.body.name, 'ValidationError');
      assert.match(res.body.message, /page_token/);
    }
  });

  it('a page token only works with the inbox_id it was issued for', async () => {
    const first = await api.get('/human/v0/threads?limit=2&inbox_id=inbox-sales');
    const res = await api.get(`/human/v0/threads?limit=2&page_token=${encodeURIComponent(first.body.next_page_token)}`);
    assert.equal(res.status, 400);
    assert.match(res.body.message, /inbox_id 'inbox-sales'/);
  });

  it('the limit may change between pages', async () => {
    const first = await api.get('/human/v0/threads?limit=4');
    const next = await api.get(`/human/v0/threads?limit=7&page_token=${encodeURIComponent(first.body.next_page_token)}`);
    const all = await api.get('/human/v0/threads?limit=11');
    assert.deepEqual([...first.body.threads, ...next.body.threads], all.body.threads);
  });

  it('a list item equals the same thread read by id, without its messages', async () => {
    const list = await api.get('/human/v0/threads?limit=100');
    for (const item of list.body.threads as Summary[]) {
      const { messages: _m, ...summary } = (await api.get(`/human/v0/threads/${item.thread_id}`)).body;
      assert.deepEqual(summary, item);
    }
  });
});
