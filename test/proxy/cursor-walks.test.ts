// A v0 cursor walk is checked across the requests that make it up.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CursorWalks } from '../../src/proxy/cursor-walks.js';

const t = (thread_id: string, day: number) => ({ thread_id, inbox_id: 'i', latest_message_id: `m-${thread_id}`, latest_message_received_at: `2026-01-${String(day).padStart(2, '0')}T00:00:00Z`, message_count: 1 });

describe('cursor walks', () => {
  it('accept a walk that continues where each page ended', () => {
    const walks = new CursorWalks();
    assert.deepEqual(walks.check(undefined, [t('a', 9), t('b', 8)], 'p2'), []);
    assert.deepEqual(walks.check('p2', [t('c', 7), t('d', 6)], 'p3'), []);
    assert.deepEqual(walks.check('p3', [t('e', 5)], undefined), []);
  });

  it('report a thread that came on an earlier page of the same walk', () => {
    const walks = new CursorWalks();
    walks.check(undefined, [t('a', 9), t('b', 8)], 'p2');
    walks.check('p2', [t('c', 7)], 'p3');
    assert.deepEqual(walks.check('p3', [t('a', 9), t('d', 6)], undefined), ['the cursor walk repeats a thread: thread a came twice (page 1 and page 3)']);
  });

  it('report a page that starts before the end of the page before', () => {
    const walks = new CursorWalks();
    walks.check(undefined, [t('a', 9), t('b', 5)], 'p2');
    assert.deepEqual(walks.check('p2', [t('c', 7)], undefined), ['page 2 does not continue after page 1: b then c']);
  });

  it('let a client ask for the same page twice (a retry is not a repeat)', () => {
    const walks = new CursorWalks();
    walks.check(undefined, [t('a', 9)], 'p2');
    assert.deepEqual(walks.check('p2', [t('b', 8)], 'p3'), []);
    assert.deepEqual(walks.check('p2', [t('b', 8)], 'p3'), []);
    assert.deepEqual(walks.check(undefined, [t('a', 9)], 'p2'), [], 'a new walk from the first page');
  });
});
