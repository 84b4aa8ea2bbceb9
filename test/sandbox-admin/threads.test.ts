// Arranging Agentry threads and their messages through the control plane, and what the v0 API then shows.
import assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';
import { sandboxClient, type Client } from '../helpers/http.js';

const BASE = '/__sandbox/threads';
type Message = { message_id: string; uid: number; received_at: string; subject: string };

describe('control plane: threads and messages', () => {
  let api: Client;
  beforeEach(async () => {
    api = await sandboxClient();
  });

  it('a thread created without messages gets one realistic message and shows up in the v0 API', async () => {
    const created = await api.post(BASE, { thread_id: 'thr-new' });
    assert.equal(created.status, 201);
    assert.equal(created.body.thread_id, 'thr-new');
    assert.equal(created.body.inbox_id, 'inbox-default');
    assert.equal(created.body.message_count, 1);
    const [m] = created.body.messages;
    assert.match(m.from, /^.+ <[^@\s]+@[^>\s]+>$/);
    assert.match(m.message_id_header, /^<[^@]+@[^>]+>$/);
    assert.ok(m.subject.length > 0 && m.snippet.length > 0);
    const v0 = await api.get('/human/v0/threads/thr-new');
    assert.deepEqual(v0.body, created.body);
  });

  it("a message given no folder lands in INBOX, in a created thread and added later (the spec's default)", async () => {
    const created = await api.post(BASE, { thread_id: 'thr-folder', messages: [{ message_id: 'm-f1' }, { message_id: 'm-f2', folder: 'Archive' }] });
    assert.equal(created.status, 201);
    assert.deepEqual(created.body.messages.map((m: { folder: string }) => m.folder).sort(), ['Archive', 'INBOX']);
    const added = await api.post(`${BASE}/thr-folder/messages`, { message_id: 'm-f3' });
    assert.equal(added.status, 201);
    assert.equal(added.body.folder, 'INBOX');
  });

  it('a created thread gets a generated thread_id when none is given', async () => {
    const created = await api.post(BASE, {});
    assert.equal(created.status, 201);
    assert.match(created.body.thread_id, /^thr_[a-z0-9]{20}$/);
  });

  it('messages are kept oldest first, uids continue the inbox, and derived fields come from the newest', async () => {
    const created = await api.post(BASE, {
      thread_id: 'thr-x',
      inbox_id: 'inbox-support',
      messages: [
        { message_id: 'm-late', subject: 'Re: Printer', snippet: 'late', received_at: '2030-01-02T00:00:00Z' },
        { message_id: 'm-early', subject: 'Printer', snippet: 'early', received_at: '2030-01-01T00:00:00Z' },
      ],
    });
    assert.equal(created.status, 201);
    assert.deepEqual(created.body.messages.map((m: Message) => [m.message_id, m.uid]), [['m-early', 41], ['m-late', 42]]);
    assert.equal(created.body.latest_message_id, 'm-late');
    assert.equal(created.body.snippet, 'late');
    const list = await api.get('/human/v0/threads?inbox_id=inbox-support&limit=1');
    assert.equal(list.body.threads[0].thread_id, 'thr-x');
  });

  it('a new message updates its thread at once, in the list and by id, with the next uid of the inbox', async () => {
    const added = await api.post(`${BASE}/thr-0020/messages`, { message_id: 'm-new', snippet: 'brand new', received_at: '2031-01-01T00:00:00Z' });
    assert.equal(added.status, 201);
    assert.equal(added.body.uid, 26);
    assert.equal(added.body.inbox_id, 'inbox-sales');
    assert.match(added.body.subject, /^Re: /);
    const one = await api.get('/human/v0/threads/thr-0020');
    assert.equal(one.body.message_count, 2);
    assert.equal(one.body.latest_message_id, 'm-new');
    const first = (await api.get('/human/v0/threads?limit=1')).body.threads[0];
    const { messages: _messages, ...summary } = one.body;
    assert.deepEqual(first, summary);
    assert.equal(first.snippet, 'brand new');
  });

  it('posting an existing thread_id or message_id is a 409', async () => {
    const thread = await api.post(BASE, { thread_id: 'thr-0001' });
    assert.equal(thread.status, 409);
    assert.equal(thread.body.name, 'ConflictError');
    const existing = (await api.get(`${BASE}/thr-0001`)).body.messages[0].message_id;
    const message = await api.post(`${BASE}/thr-0002/messages`, { message_id: existing });
    assert.equal(message.status, 409);
    const twice = await api.post(BASE, { messages: [{ message_id: 'dup' }, { message_id: 'dup' }] });
    assert.equal(twice.status, 409);
    assert.equal((await api.get(`${BASE}/thr-0002`)).body.message_count, 3);
  });

  const invalid: [string, string, unknown][] = [
    ['a thread with an unknown field', BASE, { title: 'x' }],
    ['a thread with an empty thread_id', BASE, { thread_id: '' }],
    ['a message with a received_at that is not a date-time', `${BASE}/thr-0001/messages`, { received_at: '2026-13-45' }],
    ['a message with a negative uid', `${BASE}/thr-0001/messages`, { uid: -1 }],
    ['a message with a subject that is a number', `${BASE}/thr-0001/messages`, { subject: 5 }],
  ];
  for (const [what, url, body] of invalid) {
    it(`${what} is a 400`, async () => {
      const res = await api.post(url, body);
      assert.equal(res.status, 400);
      assert.equal(res.body.name, 'ValidationError');
    });
  }

  it('messages can be read, listed, updated and deleted; the thread follows', async () => {
    const listed = await api.get(`${BASE}/thr-0002/messages`);
    assert.equal(listed.body.messages.length, 3);
    const newest = listed.body.messages[2] as Message;
    const read = await api.get(`${BASE}/thr-0002/messages/${newest.message_id}`);
    assert.deepEqual(read.body, newest);
    const updated = await api.patch(`${BASE}/thr-0002/messages/${newest.message_id}`, { snippet: 'edited', folder: 'Archive' });
    assert.equal(updated.body.snippet, 'edited');
    assert.equal(updated.body.folder, 'Archive');
    assert.equal((await api.get('/human/v0/threads/thr-0002')).body.snippet, 'edited');
    assert.equal((await api.delete(`${BASE}/thr-0002/messages/${newest.message_id}`)).status, 204);
    const after = await api.get('/human/v0/threads/thr-0002');
    assert.equal(after.body.message_count, 2);
    assert.notEqual(after.body.latest_message_id, newest.message_id);
  });

  it("deleting a thread's last message is a 409 that says to delete the thread instead", async () => {
    const only = (await api.get(`${BASE}/thr-0004/messages`)).body.messages[0] as Message;
    const res = await api.delete(`${BASE}/thr-0004/messages/${only.message_id}`);
    assert.equal(res.status, 409);
    assert.match(res.body.message, /delete the thread instead/);
    assert.equal((await api.get('/human/v0/threads/thr-0004')).status, 200);
  });

  it('deleting a thread deletes its messages: their ids are free again', async () => {
    const ids = (await api.get(`${BASE}/thr-0003/messages`)).body.messages.map((m: Message) => m.message_id);
    assert.equal((await api.delete(`${BASE}/thr-0003`)).status, 204);
    assert.equal((await api.get('/human/v0/threads/thr-0003')).status, 404);
    const reuse = await api.post(BASE, { messages: ids.map((message_id: string) => ({ message_id })) });
    assert.equal(reuse.status, 201);
  });

  it('moving a thread to another inbox gives its messages the next uids there', async () => {
    const moved = await api.patch(`${BASE}/thr-0001`, { inbox_id: 'inbox-billing' });
    assert.equal(moved.status, 200);
    assert.equal(moved.body.inbox_id, 'inbox-billing');
    assert.deepEqual(moved.body.messages.map((m: Message) => m.uid), [21, 22]);
    const billing = await api.get('/human/v0/threads?inbox_id=inbox-billing&limit=100');
    assert.ok(billing.body.threads.some((t: { thread_id: string }) => t.thread_id === 'thr-0001'));
  });

  it('unknown threads and messages are 404 for every operation', async () => {
    const res = [
      await api.get(`${BASE}/nope`),
      await api.patch(`${BASE}/nope`, { inbox_id: 'x' }),
      await api.delete(`${BASE}/nope`),
      await api.get(`${BASE}/nope/messages`),
      await api.post(`${BASE}/nope/messages`, {}),
      await api.get(`${BASE}/thr-0001/messages/nope`),
      await api.patch(`${BASE}/thr-0001/messages/nope`, { snippet: 'x' }),
      await api.delete(`${BASE}/thr-0001/messages/nope`),
    ];
    for (const r of res) {
      assert.equal(r.status, 404);
      assert.equal(r.body.name, 'NotFoundError');
    }
  });

  it('the list is windowed and filtered by inbox', async () => {
    const all = await api.get(`${BASE}?limit=5`);
    assert.equal(all.body.total, 34);
    assert.equal(all.body.threads.length, 5);
    const sales = await api.get(`${BASE}?inbox_id=inbox-sales&offset=8`);
    assert.equal(sales.body.total, 10);
    assert.equal(sales.body.threads.length, 2);
  });
});
