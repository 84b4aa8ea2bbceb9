import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compareBy, derivedFieldProblems, firstRepeat, parseSorting, stableSorted, type ExecutionThread, type Thread } from '../../src/verify/invariants.js';

const item = (threadToken: string | null, createdAt: string): ExecutionThread => ({ workspaceId: 1, threadToken, type: 'Manual', createdAt });

describe('the invariants verify judges by', () => {
  it('reads every spelling of the sorting grammar and rejects what it does not allow', () => {
    assert.deepEqual(parseSorting('-CreatedAt'), [{ key: 'CreatedAt', descending: true }]);
    assert.deepEqual(parseSorting('type asc, ThreadToken desc'), [
      { key: 'Type', descending: false },
      { key: 'ThreadToken', descending: true },
    ]);
    assert.equal(parseSorting('-CreatedAt desc'), undefined);
    assert.equal(parseSorting('Name'), undefined);
  });

  it('puts a null threadToken first ascending and last descending, keeping ties in given order', () => {
    const list = [item('b', '2025-01-02T00:00:00.000Z'), item(null, '2025-01-01T00:00:00.000Z'), item('a', '2025-01-03T00:00:00.000Z'), item('a', '2025-01-01T00:00:00.000Z')];
    const tokens = (l: ExecutionThread[]) => l.map((i) => `${i.threadToken}@${i.createdAt.slice(8, 10)}`);
    assert.deepEqual(tokens(stableSorted(list, compareBy([{ key: 'ThreadToken', descending: false }]))), ['null@01', 'a@03', 'a@01', 'b@02']);
    assert.deepEqual(tokens(stableSorted(list, compareBy([{ key: 'ThreadToken', descending: true }]))), ['b@02', 'a@03', 'a@01', 'null@01']);
  });

  it('finds derived fields that disagree with the newest message', () => {
    const thread: Thread = {
      thread_id: 't',
      inbox_id: 'i',
      latest_message_id: 'm1',
      latest_message_received_at: '2026-01-02T00:00:00Z',
      message_count: 3,
      subject: 'Re: x',
      messages: [
        { message_id: 'm1', inbox_id: 'i', received_at: '2026-01-01T00:00:00Z', subject: 'x' },
        { message_id: 'm2', inbox_id: 'i', received_at: '2026-01-02T00:00:00Z', subject: 'Re: x' },
      ],
    };
    assert.deepEqual(derivedFieldProblems(thread), ['message_count is 3 but there are 2 messages', 'latest_message_id is "m1" but the newest message\'s message_id is "m2"']);
  });

  it('names the first thread a cursor walk returned twice', () => {
    const t = (id: string) => ({ thread_id: id, inbox_id: 'i', latest_message_id: 'm', message_count: 1 });
    assert.equal(firstRepeat([[t('a'), t('b')], [t('c')]]), undefined);
    assert.equal(firstRepeat([[t('a'), t('b')], [t('b'), t('c')]]), 'thread b came twice (page 1 and page 2)');
  });
});
