// The in-process handle is the same on every engine: the same calls, in memory, on a data file and
// on a real PostgreSQL, give the same answers (ids, times and durations aside, which differ by
// nature). A test suite written against one engine runs on the others.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startSandbox, type JournalEntry, type Sandbox } from '../../src/index.js';
import { assertMatchesSpec } from '../helpers/spec-check.js';
import { clusterForTests, freshSchemaUrl, postgresSkip } from '../helpers/postgres.js';

const skip = postgresSkip();

/** What a journal entry says that does not depend on when, where (the port) or by which engine it was stored. */
const stable = ({ id: _id, time: _time, durationMs: _d, fault, headers: { host: _host, ...headers }, ...rest }: JournalEntry) => ({ ...rest, headers, fault: fault === null ? null : 'a fault' });
/** Request numbers in assertion messages differ between engines (a database's sequence). */
const message = (error: unknown) => (error instanceof Error ? `${error.name}: ${error.message.replace(/request #\d+/g, 'request #N')}` : String(error));
const outcome = async <T>(promise: Promise<T>) =>
  promise.then(
    (value) => ({ value }),
    (error: unknown) => ({ error: message(error) }),
  );

async function get(sandbox: Sandbox, path: string): Promise<number> {
  const res = await fetch(`${sandbox.url}${path}`, { headers: { 'Api-Token': 'tok', Authorization: 'Bearer tok' } });
  await assertMatchesSpec('GET', path, { status: res.status, body: await res.json(), headers: Object.fromEntries(res.headers) });
  return res.status;
}

/** One script of handle calls, in order; every answer goes into the transcript. */
async function script(sandbox: Sandbox): Promise<Record<string, unknown>> {
  const t: Record<string, unknown> = {};
  t.reset = await sandbox.reset({ seed: 11, executionThreads: 6, threads: 5 });
  const seeded = await sandbox.seed({ executionThreads: [{ workspaceId: 9, threadToken: 'tok-9', createdAt: '2026-01-02T03:04:05Z' }], threads: [{ thread_id: 'thr-x', inbox_id: 'inbox-x', messages: [{ message_id: 'm-x', received_at: '2026-01-02T03:04:05Z' }] }] });
  t.seeded = { executionThreads: seeded.executionThreads.map(({ id: _id, ...rest }) => rest), threads: seeded.threads };
  t.badFault = await outcome(sandbox.addFault({ kind: 'status' }));
  const { id: _id, ...fault } = await sandbox.addFault({ operationId: 'listExecutionThreads', kind: 'status', status: 500, times: 1 });
  t.fault = fault;
  t.statuses = [await get(sandbox, '/v1/threads?workspaceId=9'), await get(sandbox, '/v1/threads?workspaceId=9'), await get(sandbox, '/human/v0/threads/thr-x')];
  const waiting = sandbox.waitForRequest({ pathTemplate: '/human/v0/threads/{thread_id}', query: { late: '1' } }, { timeout: 10_000 });
  t.lateStatus = await get(sandbox, '/human/v0/threads/thr-x?late=1');
  t.waited = stable(await waiting);
  t.waitTimeout = await outcome(sandbox.waitForRequest({ operationId: 'listThreads' }, { timeout: 100 }));
  t.journal = (await sandbox.journal({ operationId: 'listExecutionThreads' })).map(stable);
  t.wholeJournal = (await sandbox.journal()).length;
  t.count = await sandbox.countRequests({ operationId: 'listExecutionThreads', query: { workspaceId: '9' } });
  t.countByStatus = await sandbox.countRequests({ status: 500 });
  const found = await sandbox.findRequests({ pathTemplate: '/human/v0/threads/{thread_id}' });
  t.found = found.requests.map(stable);
  const missed = await sandbox.findRequests({ operationId: 'listExecutionThreads', query: { workspaceId: '8' } });
  t.nearMisses = { requests: missed.requests.length, nearMisses: missed.nearMisses?.map((m) => ({ request: stable(m.request), differences: m.differences })) };
  t.verifyPasses = await outcome(sandbox.verify({ operationId: 'listExecutionThreads' }, { times: 2 }));
  t.verifyFails = await outcome(sandbox.verify({ operationId: 'listExecutionThreads', query: { workspaceId: '8' } }));
  t.badRegex = await outcome(sandbox.countRequests({ query: { a: { matches: '(' } } }));
  t.noViolations = await outcome(sandbox.assertNoViolations());
  await get(sandbox, '/v1/threads?type=Robot');
  t.violations = (await sandbox.violations()).map(({ time: _time, ...rest }) => rest);
  t.assertNoViolations = await outcome(sandbox.assertNoViolations());
  t.clearFaults = await sandbox.clearFaults();
  t.snapshot = await sandbox.snapshot();
  t.resetAgain = await sandbox.reset();
  t.journalAfterReset = await sandbox.journal();
  t.violationsAfterReset = await sandbox.violations();
  return t;
}

describe('the in-process handle on memory, a data file and PostgreSQL', { skip, timeout: 120_000 }, () => {
  let cluster: Awaited<ReturnType<typeof clusterForTests>>;
  let folder: string;
  const sandboxes: Record<string, Sandbox> = {};
  before(async () => {
    cluster = await clusterForTests();
    folder = await mkdtemp(join(tmpdir(), 'same-handle-'));
    const common = { seed: 4, executionThreads: 3, threads: 3 };
    sandboxes.memory = await startSandbox(common);
    sandboxes.file = await startSandbox({ ...common, data: join(folder, 'db.json'), inMemory: false });
    sandboxes.postgres = await startSandbox({ ...common, store: await freshSchemaUrl(cluster.url) });
  });
  after(async () => {
    await Promise.all(Object.values(sandboxes).map((s) => s.stop()));
    await cluster?.release();
    if (folder) await rm(folder, { recursive: true, force: true });
  });

  it('every method returns a promise and gives the same answers on each engine', async () => {
    const memory = await script(sandboxes.memory as Sandbox);
    // The script asserts something about every method: check it did not go through empty.
    assert.deepEqual(memory.statuses, [500, 200, 200]);
    assert.equal(memory.count, 2);
    assert.match(String((memory.verifyFails as { error: string }).error), /AssertionError: Expected at least 1 request .* found 0/);
    assert.match(String((memory.badFault as { error: string }).error), /ValidationError: .*needs 'status'/);
    assert.match(String((memory.assertNoViolations as { error: string }).error), /2 requests broke the API contract:[^]*`late`: not a parameter of getThread/);
    assert.deepEqual(memory.verifyPasses, { value: undefined });
    for (const engine of ['file', 'postgres']) {
      const transcript = await script(sandboxes[engine] as Sandbox);
      for (const key of Object.keys(memory)) assert.deepEqual(transcript[key], memory[key], `${engine}: ${key}`);
    }
  });

  it('no method of the handle answers synchronously, so no engine can differ in that', async () => {
    for (const [engine, sandbox] of Object.entries(sandboxes)) {
      const calls = [sandbox.journal(), sandbox.countRequests({}), sandbox.findRequests({}), sandbox.verify({}, { atLeast: 0 }), sandbox.violations(), sandbox.assertNoViolations(), sandbox.snapshot(), sandbox.clearFaults()];
      for (const call of calls) assert.ok(call instanceof Promise, engine);
      await Promise.all(calls);
    }
  });
});
