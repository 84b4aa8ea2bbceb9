// Folding a batch of changes into one write per table: the last change of a record wins, and a
// thread's file-order position follows what the read model does (kept on update, new at the end
// when created or deleted and put again).
import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { ThreadRecord } from '../../src/model.js';
import { foldChanges } from '../../src/store/postgres/record-rows.js';

const thread = (id: string, inbox = 'inbox-a'): ThreadRecord => ({
  thread_id: id,
  inbox_id: inbox,
  messages: [{ message_id: `m-${id}`, uid: 1, subject: 's', snippet: 's', from: 'a@b.c', to: 'd@e.f', received_at: '2030-01-01T00:00:00Z' } as never],
});

it('an existing thread keeps its position, new ones take the next positions in order', () => {
  const held = new Set(['old']);
  const folded = foldChanges(
    [
      { op: 'putThread', thread: thread('new-1') },
      { op: 'putThread', thread: thread('old', 'inbox-b') },
      { op: 'putThread', thread: thread('new-2') },
      { op: 'putThread', thread: thread('new-1', 'inbox-c') },
    ],
    (id) => held.has(id),
    10,
  );
  assert.deepEqual([...folded.threads.entries()].map(([id, t]) => [id, t?.position, t?.thread.inbox_id]), [
    ['new-1', 10, 'inbox-c'],
    ['old', undefined, 'inbox-b'],
    ['new-2', 11, 'inbox-a'],
  ]);
  assert.equal(folded.nextPosition, 12);
  assert.equal(folded.deletedThreads.size, 0);
});

it('a thread deleted and put again in one batch is deleted, then inserted at the end', () => {
  const folded = foldChanges(
    [
      { op: 'deleteThread', id: 'old' },
      { op: 'putThread', thread: thread('old') },
      { op: 'deleteExecutionThread', id: 3 },
      { op: 'putExecutionThread', record: { id: 4, workspaceId: 1, threadToken: null, type: 'Manual', createdAt: '2030-01-01T00:00:00.000Z' } },
      { op: 'deleteExecutionThread', id: 4 },
    ],
    () => true,
    5,
  );
  assert.deepEqual([...folded.deletedThreads], ['old']);
  assert.equal(folded.threads.get('old')?.position, 5);
  assert.deepEqual([...folded.deletedExecutionThreads].sort(), [3, 4]);
  assert.equal(folded.executionThreads.get(4), null, 'the last change of a record wins');
});
