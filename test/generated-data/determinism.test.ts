// Generated data: the same seed and counts give the same bytes; the data looks like the real thing.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { generateDatabase } from '../../src/fake.js';
import { findDatabaseProblem } from '../../src/store/db-schema.js';

const counts = { executionThreads: 300, threads: 200 };

describe('generated data', () => {
  it('the same seed and counts give a byte-identical database', () => {
    assert.equal(JSON.stringify(generateDatabase(42, counts)), JSON.stringify(generateDatabase(42, counts)));
  });

  it('different seeds give different data', () => {
    assert.notEqual(JSON.stringify(generateDatabase(42, counts)), JSON.stringify(generateDatabase(43, counts)));
  });

  it('generation does not depend on what ran before it (no shared random state leaks in)', () => {
    const first = JSON.stringify(generateDatabase(7, counts));
    generateDatabase(99, { executionThreads: 17, threads: 5 });
    assert.equal(JSON.stringify(generateDatabase(7, counts)), first);
  });

  it('is a valid database with several workspaces, both types, null and set tokens', () => {
    const db = generateDatabase(5, counts);
    assert.equal(findDatabaseProblem(db), null);
    assert.equal(db.executionThreads.length, 300);
    assert.ok(new Set(db.executionThreads.map((t) => t.workspaceId)).size >= 3);
    assert.deepEqual(new Set(db.executionThreads.map((t) => t.type)), new Set(['Manual', 'BrowserInstance']));
    assert.ok(db.executionThreads.some((t) => t.threadToken === null));
    assert.ok(db.executionThreads.every((t) => /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/.test(t.createdAt)));
  });

  it('threads span several inboxes with one to many plausible messages, increasing uids and RFC 5322 Message-IDs', () => {
    const db = generateDatabase(5, counts);
    assert.equal(db.threads.length, 200);
    assert.ok(new Set(db.threads.map((t) => t.inbox_id)).size >= 3);
    const sizes = db.threads.map((t) => t.messages.length);
    assert.ok(Math.min(...sizes) === 1 && Math.max(...sizes) > 3);
    const byInbox = new Map<string, { at: number; uid: number }[]>();
    for (const t of db.threads) {
      for (const m of t.messages) {
        assert.match(m.message_id_header, /^<[^<>@\s]+@[^<>@\s]+>$/);
        assert.match(m.from, /^[^<>]+ <[^<>@\s]+@[^<>@\s]+>$/);
        assert.ok(m.subject.length > 0 && m.snippet.length > 0 && m.folder.length > 0);
        const list = byInbox.get(t.inbox_id) ?? [];
        list.push({ at: Date.parse(m.received_at), uid: m.uid });
        byInbox.set(t.inbox_id, list);
      }
      const replies = t.messages.slice(1);
      assert.ok(replies.every((m) => m.subject.startsWith('Re: ')));
    }
    for (const list of byInbox.values()) {
      list.sort((a, b) => a.uid - b.uid);
      for (let i = 1; i < list.length; i++) {
        assert.ok((list[i] as { at: number }).at >= (list[i - 1] as { at: number }).at, 'uids increase with arrival');
        assert.ok((list[i] as { uid: number }).uid > (list[i - 1] as { uid: number }).uid, 'uids are unique');
      }
    }
  });
});
