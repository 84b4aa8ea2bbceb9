// GET /human/v0/threads/{thread_id}: messages oldest first, derived fields, 404.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { sandboxClient, type Client } from '../helpers/http.js';
import { putThread } from '../../src/store/contract.js';

describe('getting a thread', () => {
  let api: Client;
  before(async () => {
    api = await sandboxClient();
  });

  it('answers the thread with its messages oldest first', async () => {
    const res = await api.get('/human/v0/threads/thr-0003');
    assert.equal(res.status, 200);
    const times = res.body.messages.map((m: { received_at: string }) => Date.parse(m.received_at));
    assert.ok(times.length > 1);
    assert.deepEqual(times, [...times].sort((a, b) => a - b));
  });

  it('derives message_count, latest_message_* , snippet and subject from the newest message', async () => {
    for (const id of ['thr-0001', 'thr-0002', 'thr-0003', 'thr-0004']) {
      const t = (await api.get(`/human/v0/threads/${id}`)).body;
      const newest = t.messages[t.messages.length - 1];
      assert.equal(t.message_count, t.messages.length);
      assert.equal(t.latest_message_id, newest.message_id);
      assert.equal(t.latest_message_received_at, newest.received_at);
      assert.equal(t.snippet, newest.snippet);
      assert.equal(t.subject, newest.subject);
      assert.ok(t.messages.every((m: { inbox_id: string }) => m.inbox_id === t.inbox_id));
    }
  });

  it('derived fields follow a new message at once', async () => {
    const store = api.services.store;
    const thread = store.threads.get('thr-0005');
    assert.ok(thread);
    await putThread(store, {
      ...thread,
      messages: [
        ...thread.messages,
        { message_id: 'msg-new', message_id_header: '<new@x>', from: 'A <a@x>', subject: 'Re: later', snippet: 'newest words', received_at: '2026-02-01T00:00:00Z', folder: 'INBOX', uid: 999 },
      ],
    });
    const t = (await api.get('/human/v0/threads/thr-0005')).body;
    assert.equal(t.latest_message_id, 'msg-new');
    assert.equal(t.snippet, 'newest words');
    const first = (await api.get('/human/v0/threads?limit=1')).body.threads[0];
    assert.equal(first.thread_id, 'thr-0005');
    assert.equal(first.message_count, t.message_count);
  });

  it('an unknown id is a 404 NotFoundError', async () => {
    const res = await api.get('/human/v0/threads/thr-9999');
    assert.equal(res.status, 404);
    assert.equal(res.body.name, 'NotFoundError');
    assert.match(res.body.message, /thr-9999/);
  });

  it('ids with reserved characters are matched exactly after decoding', async () => {
    const res = await api.get(`/human/v0/threads/${encodeURIComponent('thr 0001/../x')}`);
    assert.ok([400, 404].includes(res.status));
  });
});
