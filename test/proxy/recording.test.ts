// What a recording keeps when the provider showed a thread only in a list, showed it again later,
// or showed data the sandbox's data file cannot hold.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Recording } from '../../src/proxy/recording.js';
import { findDatabaseProblem } from '../../src/store/db-schema.js';

const summary = (thread_id: string, latest: string, at: string, message_count = 1) => ({
  thread_id,
  inbox_id: 'inbox-a',
  latest_message_id: latest,
  latest_message_received_at: at,
  message_count,
  subject: `subject of ${latest}`,
  snippet: `snippet of ${latest}`,
});
const message = (message_id: string, received_at: string) => ({ message_id, inbox_id: 'inbox-a', received_at, subject: `s ${message_id}`, snippet: `n ${message_id}`, from: 'a@example.com', folder: 'INBOX', message_id_header: `<${message_id}@x>`, uid: 7 });

describe('a recording', () => {
  it('keeps a thread seen only in a list as its newest message, and counts it incomplete', () => {
    const r = new Recording();
    r.addThreadPage({ count: 1, limit: 10, threads: [summary('t1', 'm2', '2026-01-02T00:00:00Z', 2)] });
    const db = r.toDatabase();
    assert.equal(findDatabaseProblem(db), null);
    assert.deepEqual(db.threads, [
      { thread_id: 't1', inbox_id: 'inbox-a', messages: [{ message_id: 'm2', message_id_header: '', from: '', subject: 'subject of m2', snippet: 'snippet of m2', received_at: '2026-01-02T00:00:00Z', folder: '', uid: 0 }] },
    ]);
    assert.equal(r.stats().incompleteThreads, 1);
  });

  it('takes a thread read by id as it is, and adds a newer message a later list shows', () => {
    const r = new Recording();
    r.addThreadPage({ count: 1, limit: 10, threads: [summary('t1', 'm2', '2026-01-02T00:00:00Z', 2)] });
    r.addThread({ ...summary('t1', 'm2', '2026-01-02T00:00:00Z', 2), messages: [message('m2', '2026-01-02T00:00:00Z'), message('m1', '2026-01-01T00:00:00Z')] });
    r.addThreadPage({ count: 1, limit: 10, threads: [summary('t1', 'm3', '2026-01-03T00:00:00Z', 3)] });
    const [thread] = r.toDatabase().threads;
    assert.deepEqual(thread?.messages.map((m) => m.message_id), ['m1', 'm2', 'm3'], 'oldest first');
    assert.equal(thread?.messages[0]?.from, 'a@example.com');
    assert.equal(r.stats().incompleteThreads, 0);
  });

  it('keeps each execution thread once, in the order of unfiltered, unsorted windows', () => {
    const r = new Recording();
    const item = (token: string, day: number) => ({ workspaceId: 5, threadToken: token, type: 'Manual', createdAt: `2025-01-0${day}T00:00:00.000Z` });
    r.addExecutionThreadPage({ workspaceId: '5', sorting: '-CreatedAt' }, { totalCount: 3, items: [item('c', 3), item('b', 2), item('a', 1)] });
    r.addExecutionThreadPage({ workspaceId: '5', start: '1', total: '2' }, { totalCount: 3, items: [item('b', 2), item('c', 3)] });
    r.addExecutionThreadPage({ workspaceId: '5', total: '1' }, { totalCount: 3, items: [item('a', 1)] });
    assert.deepEqual(r.toDatabase().executionThreads.map((e) => [e.id, e.threadToken]), [[1, 'a'], [2, 'b'], [3, 'c']]);
  });

  it('leaves out what the data file cannot hold, and says why', () => {
    const r = new Recording();
    r.addExecutionThreadPage({}, { totalCount: 1, items: [{ workspaceId: -5, threadToken: null, type: 'Manual', createdAt: '2025-01-01T00:00:00.000Z' }] });
    r.addThread({ ...summary('t1', 'm1', '2026-01-01T00:00:00Z'), messages: [message('m1', '2026-01-01T00:00:00Z')] });
    r.addThread({ ...summary('t2', 'm1', '2026-01-01T00:00:00Z'), messages: [message('m1', '2026-01-01T00:00:00Z')] });
    const db = r.toDatabase();
    assert.equal(findDatabaseProblem(db), null);
    assert.deepEqual(db.executionThreads, []);
    assert.deepEqual(db.threads.map((t) => t.thread_id), ['t1']);
    const { skipped, skippedCount } = r.stats();
    assert.equal(skippedCount, 3);
    assert.match(skipped[0]!, /execution thread \[-5,null,"Manual",.*workspaceId must be >= 0/);
    assert.match(skipped[1]!, /message m1 of thread t2: already recorded in thread t1/);
    assert.match(skipped[2]!, /thread t2: all its messages belong to other threads/);
  });
});
