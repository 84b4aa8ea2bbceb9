// What the control plane accepts, a start loads: ids and uids stop at the schema's maximum with a
// 409 naming it, timestamps outside four-digit UTC years are a 400, and random sequences of
// accepted writes (built from the admin spec's input schemas, weighted toward their limits) stop
// cleanly and start again to the identical snapshot.
import assert from 'node:assert/strict';
import { access } from 'node:fs/promises';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import fc from 'fast-check';
import { startSandbox, type Sandbox } from '../../src/sandbox.js';
import { call } from '../helpers/checked-fetch.js';

const MAX_ID = 9007199254740991;
const MAX_UID = 4294967295;

// The first start generates the file; a restart serves it as it is (as `serve --data FILE` does:
// asking for seed data again after a reset would be refused, by design).
async function fileSandbox(file: string): Promise<Sandbox> {
  const exists = await access(file).then(() => true, () => false);
  return startSandbox(exists ? { inMemory: false, data: file } : { inMemory: false, data: file, seed: 7, executionThreads: 3, threads: 2 });
}

const freshFile = async () => join(await mkdtemp(join(tmpdir(), 'sandbox-loadable-')), 'db.json');

test('ids and uids past the schema maximum are a 409 naming the limit, and the file still loads', { timeout: 60_000 }, async () => {
  const file = await freshFile();
  const sandbox = await fileSandbox(file);
  try {
    assert.equal((await call(sandbox.url, 'POST', '/__sandbox/execution-threads', { id: MAX_ID })).status, 201);
    const next = await call(sandbox.url, 'POST', '/__sandbox/execution-threads', {});
    assert.equal(next.status, 409);
    assert.match(next.body.message, new RegExp(`ids go up to ${MAX_ID}`));

    const thread = await call(sandbox.url, 'POST', '/__sandbox/threads', { thread_id: 'edge', inbox_id: 'inbox-edge', messages: [{ message_id: 'edge-1', uid: MAX_UID }] });
    assert.equal(thread.status, 201);
    const message = await call(sandbox.url, 'POST', '/__sandbox/threads/edge/messages', {});
    assert.equal(message.status, 409);
    assert.match(message.body.message, new RegExp(`uids go up to ${MAX_UID}`));
    const other = await call(sandbox.url, 'POST', '/__sandbox/threads', { thread_id: 'mover', inbox_id: 'inbox-other' });
    assert.equal(other.status, 201);
    const moved = await call(sandbox.url, 'PATCH', '/__sandbox/threads/mover', { inbox_id: 'inbox-edge' });
    assert.equal(moved.status, 409, 'moving a thread into an inbox without uids left');
  } finally {
    await sandbox.stop();
  }
  const again = await fileSandbox(file);
  await again.stop();
});

test('timestamps are stored in UTC with a four-digit year; input outside the years 0000 to 9999 in UTC is a 400', { timeout: 60_000 }, async () => {
  const sandbox = await fileSandbox(await freshFile());
  try {
    for (const createdAt of ['9999-12-31T23:00:00-02:00', '0000-01-01T00:30:00+01:00']) {
      const res = await call(sandbox.url, 'POST', '/__sandbox/execution-threads', { createdAt });
      assert.equal(res.status, 400, createdAt);
      assert.match(res.body.message, /outside the years 0000 to 9999 in UTC/);
    }
    const stored = await call(sandbox.url, 'POST', '/__sandbox/execution-threads', { createdAt: '9999-12-31T21:00:00-02:00' });
    assert.equal(stored.status, 201);
    assert.equal(stored.body.createdAt, '9999-12-31T23:00:00.000Z');
    const message = await call(sandbox.url, 'POST', '/__sandbox/threads', { messages: [{ received_at: '10000-01-01T00:00:00Z' }] });
    assert.equal(message.status, 400);
  } finally {
    await sandbox.stop();
  }
});

// ---- random sequences of accepted writes ---------------------------------------------------------

const year = fc.oneof(fc.constantFrom(0, 1, 1970, 9998, 9999), fc.integer({ min: 0, max: 9999 }));
const two = (max: number, min = 0) => fc.integer({ min, max }).map((n) => String(n).padStart(2, '0'));
const anyTimestamp = fc
  .tuple(year, two(12, 1), two(28, 1), two(23), two(59), two(59), fc.constantFrom('Z', '+14:00', '-12:00', '+05:30', '-00:30', '.5Z', '.123456+01:00'))
  .map(([y, mo, d, h, mi, s, tail]) => `${String(y).padStart(4, '0')}-${mo}-${d}T${h}:${mi}:${s}${tail}`);
// The edges of the range, where an offset pushes the UTC time past a four-digit year (or not).
const edgeTimestamp = fc.constantFrom('9999-12-31T23:59:59-01:00', '9999-12-31T22:59:59-01:00', '9999-12-31T23:59:59.999Z', '0000-01-01T00:00:00+01:00', '0000-01-01T00:59:59-00:30', '0000-01-01T00:00:00Z');
const timestamp = fc.oneof(anyTimestamp, edgeTimestamp);
const smallId = fc.integer({ min: 1, max: 40 });
const execId = fc.oneof(smallId, fc.constantFrom(MAX_ID - 1, MAX_ID));
const newExecId = fc.option(execId, { nil: undefined });
const uid = fc.oneof(fc.integer({ min: 0, max: 50 }), fc.constantFrom(MAX_UID - 1, MAX_UID));
const threadId = fc.constantFrom('a', 'b', 'c', 'd');
const messageId = fc.constantFrom('m1', 'm2', 'm3', 'm4', 'm5', 'm6');
const inbox = fc.constantFrom('inbox-1', 'inbox-2', 'inbox-3');
const text = fc.string({ maxLength: 20 });
const messageInput = fc.record(
  { message_id: messageId, subject: text, snippet: text, received_at: timestamp, folder: fc.constantFrom('INBOX', 'Sent'), uid },
  { requiredKeys: [] },
);

type Step = { method: string; path: string; body?: unknown };
const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ id: newExecId, workspaceId: fc.integer({ min: 0, max: 3 }), threadToken: fc.option(text, { nil: null }), type: fc.constantFrom('Manual', 'BrowserInstance'), createdAt: timestamp }, { requiredKeys: [] }).map((body) => ({ method: 'POST', path: '/__sandbox/execution-threads', body })),
  fc.tuple(execId, fc.record({ createdAt: timestamp, threadToken: fc.option(text, { nil: null }) }, { requiredKeys: [] })).map(([id, body]) => ({ method: 'PATCH', path: `/__sandbox/execution-threads/${id}`, body })),
  execId.map((id) => ({ method: 'DELETE', path: `/__sandbox/execution-threads/${id}` })),
  fc.record({ thread_id: threadId, inbox_id: inbox, messages: fc.array(messageInput, { maxLength: 3 }) }, { requiredKeys: [] }).map((body) => ({ method: 'POST', path: '/__sandbox/threads', body })),
  fc.tuple(threadId, messageId).map(([t, m]) => ({ method: 'POST', path: `/__sandbox/threads/${t}/messages`, body: { message_id: `${m}-next` } })),
  fc.tuple(threadId, inbox).map(([t, i]) => ({ method: 'PATCH', path: `/__sandbox/threads/${t}`, body: { inbox_id: i } })),
  threadId.map((t) => ({ method: 'DELETE', path: `/__sandbox/threads/${t}` })),
  fc.tuple(threadId, messageInput).map(([t, body]) => ({ method: 'POST', path: `/__sandbox/threads/${t}/messages`, body })),
  fc.tuple(threadId, messageId, fc.record({ received_at: timestamp, uid, subject: text }, { requiredKeys: [] })).map(([t, m, body]) => ({ method: 'PATCH', path: `/__sandbox/threads/${t}/messages/${m}`, body })),
  fc.tuple(threadId, messageId).map(([t, m]) => ({ method: 'DELETE', path: `/__sandbox/threads/${t}/messages/${m}` })),
  fc.constant({ method: 'POST', path: '/__sandbox/reset', body: { seed: 2, executionThreads: 2, threads: 1 } }),
);

test('random sequences of accepted control-plane writes stop cleanly and start again to the identical snapshot', { timeout: 600_000 }, async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 25 }), async (steps) => {
      const file = await freshFile();
      let sandbox = await fileSandbox(file);
      let before: unknown;
      try {
        for (const s of steps) {
          const res = await call(sandbox.url, s.method, s.path, s.body);
          assert.ok(res.status < 500, `${s.method} ${s.path} ${JSON.stringify(s.body)} answered ${res.status}: ${JSON.stringify(res.body)}`);
        }
        before = (await call(sandbox.url, 'GET', '/__sandbox/snapshot')).body;
      } finally {
        await sandbox.stop();
      }
      sandbox = await fileSandbox(file);
      try {
        assert.deepEqual((await call(sandbox.url, 'GET', '/__sandbox/snapshot')).body, before);
      } finally {
        await sandbox.stop();
      }
    }),
    { numRuns: Number(process.env.LOADABLE_RUNS ?? 25), seed: Number(process.env.LOADABLE_SEED ?? 20261130) },
  );
});
