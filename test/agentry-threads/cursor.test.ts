// page_token codec: tokens are remembered for speed, which must never let through what the
// signature check alone would refuse.
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { CursorError, decodeCursor, encodeCursor } from '../../src/apis/agentry-threads/cursor.js';

const KEY = { ms: Date.parse('2026-01-02T03:04:05Z'), id: 'thr_0001' };

test('a token decodes to the position it was issued for, from memory or not', () => {
  const token = encodeCursor('secret-a', KEY, 'inbox-1');
  assert.equal(encodeCursor('secret-a', KEY, 'inbox-1'), token, 'the same position gives the same token');
  for (let i = 0; i < 2; i++) assert.deepEqual(decodeCursor('secret-a', token, 'inbox-1'), KEY);
  // Forgotten (more than the remembered tokens issued since): decoded by its signature alone.
  for (let i = 0; i < 5000; i++) encodeCursor('secret-a', { ms: i, id: `thr_${i}` }, null);
  assert.deepEqual(decodeCursor('secret-a', token, 'inbox-1'), KEY);
});

test('a remembered token is still refused for another inbox, another secret, or when altered', () => {
  const token = encodeCursor('secret-b', KEY, 'inbox-1');
  assert.deepEqual(decodeCursor('secret-b', token, 'inbox-1'), KEY);
  assert.throws(() => decodeCursor('secret-b', token, 'inbox-2'), /was issued for inbox_id 'inbox-1'/);
  assert.throws(() => decodeCursor('secret-b', token, null), /was issued for inbox_id 'inbox-1'/);
  assert.throws(() => decodeCursor('secret-c', token, 'inbox-1'), CursorError, 'another sandbox secret');
  const [payload, mac] = token.split('.') as [string, string];
  const altered = `${payload}.${mac[0] === 'A' ? 'B' : 'A'}${mac.slice(1)}`;
  assert.throws(() => decodeCursor('secret-b', altered, 'inbox-1'), /malformed or altered/);
  const allInboxes = encodeCursor('secret-b', KEY, null);
  assert.throws(() => decodeCursor('secret-b', allInboxes, 'inbox-1'), /was issued for all inboxes/);
});

test('positions that differ only in characters a separator could use get different tokens', () => {
  const tokens = new Set([
    encodeCursor('secret-d', KEY, null),
    encodeCursor('secret-d', KEY, '\u0001'),
    encodeCursor('secret-d', KEY, ''),
    encodeCursor('secret-d', { ms: KEY.ms, id: 'a\u0000b' }, 'c'),
    encodeCursor('secret-d', { ms: KEY.ms, id: 'a' }, 'b\u0000c'),
  ]);
  assert.equal(tokens.size, 5);
  assert.deepEqual(decodeCursor('secret-d', encodeCursor('secret-d', KEY, '\u0001'), '\u0001'), KEY);
  assert.deepEqual(decodeCursor('secret-d', encodeCursor('secret-d', KEY, null), null), KEY);
});
