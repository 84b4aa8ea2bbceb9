// `thread-sandbox serve --store postgres://...` as users run it: two processes on one database
// answer as one; a database that cannot be reached at start is a clear, non-zero exit.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { assertMatchesSpec } from '../helpers/spec-check.js';
import { runCli, startCli, type RunningCli } from '../helpers/cli.js';
import { clusterForTests, freshSchemaUrl, postgresSkip } from '../helpers/postgres.js';

const skip = postgresSkip();

async function call(base: string, method: string, path: string, body?: unknown) {
  const res = await fetch(base + path, {
    method,
    headers: { 'Api-Token': 't', Authorization: 'Bearer t', ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : null,
  });
  const checked = { status: res.status, body: (await res.json()) as any, headers: Object.fromEntries(res.headers) };
  return assertMatchesSpec(method, path, checked);
}

describe('serve --store postgres://', { skip }, () => {
  let cluster: Awaited<ReturnType<typeof clusterForTests>>;
  const running: RunningCli[] = [];
  before(async () => {
    cluster = await clusterForTests();
  });
  after(async () => {
    for (const r of running) r.child.kill('SIGTERM');
    await Promise.all(running.map((r) => r.exited));
    await cluster?.release();
  });

  it('two replicas started together serve one sandbox', async () => {
    const url = await freshSchemaUrl(cluster.url);
    const [a, b] = await Promise.all([startCli(['--store', url, '--log-level', 'info']), startCli([], { SANDBOX_STORE: url })]);
    running.push(a as RunningCli, b as RunningCli);
    assert.doesNotMatch(a.output(), /password/);
    const created = await call(a.url, 'POST', '/__sandbox/execution-threads', { workspaceId: 5, threadToken: 'from-a' });
    assert.equal(created.status, 201);
    const listed = await call(b.url, 'GET', '/v1/threads?workspaceId=5&thread_token=from-a');
    assert.equal(listed.body.totalCount, 1);
  });

  it('a database that cannot be reached at start stops the process with a message naming it', async () => {
    const result = await runCli(['serve', '--port', '0', '--store', 'postgres://sandbox@127.0.0.1:1/nowhere', '--database-timeout', '1000']);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /PostgreSQL at 127\.0\.0\.1:1\/nowhere\) is unavailable/);
  });
});
