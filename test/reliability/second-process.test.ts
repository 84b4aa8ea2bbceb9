// One process owns a data file: a second `serve` on it exits 1 naming the file and the holder,
// and changes nothing; the lock of a killed holder is taken over at once by the next start.
import assert from 'node:assert/strict';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { call } from '../helpers/checked-fetch.js';
import { runCli, startCli } from '../helpers/cli.js';

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

async function createToken(url: string, token: string): Promise<void> {
  const res = await call(url, 'POST', '/__sandbox/execution-threads', { workspaceId: 55, threadToken: token });
  assert.equal(res.status, 201);
}

async function tokens(url: string): Promise<string[]> {
  const res = await call(url, 'GET', '/v1/threads?workspaceId=55&total=1000');
  return (res.body.items as { threadToken: string }[]).map((i) => i.threadToken).sort();
}

test('a second serve on the same data file exits 1 naming the file and the process that holds it, and the first keeps every write', { timeout: 120_000 }, async () => {
  const file = join(await mkdtemp(join(tmpdir(), 'sandbox-second-')), 'db.json');
  const first = await startCli(['--data', file]);
  try {
    await createToken(first.url, 'one');
    const data = await readFile(file);
    const log = await readFile(`${file}.wal`);
    const second = await runCli(['serve', '--port', '0', '--data', file]);
    assert.equal(second.code, 2);
    assert.match(second.stderr, new RegExp(`${escape(file)}: is in use by process ${first.child.pid}`));
    assert.doesNotMatch(second.stderr, /\n\s+at /, 'no stack trace');
    assert.deepEqual(await readFile(file), data, 'the second start wrote nothing to the data file');
    assert.deepEqual(await readFile(`${file}.wal`), log, 'nor to the log');
    await createToken(first.url, 'two');
    assert.deepEqual(await tokens(first.url), ['one', 'two']);
  } finally {
    first.child.kill('SIGTERM');
  }
  assert.equal((await first.exited).code, 0);
  const again = await startCli(['--data', file]);
  try {
    assert.deepEqual(await tokens(again.url), ['one', 'two'], 'a clean stop releases the file, and kept both writes');
  } finally {
    again.child.kill('SIGTERM');
    await again.exited;
  }
});

test('the lock left by a killed process is taken over by the next start at once', { timeout: 120_000 }, async () => {
  const file = join(await mkdtemp(join(tmpdir(), 'sandbox-stale-lock-')), 'db.json');
  const killed = await startCli(['--data', file]);
  await createToken(killed.url, 'acknowledged');
  killed.child.kill('SIGKILL');
  await killed.exited;
  const next = await startCli(['--data', file]);
  try {
    assert.deepEqual(await tokens(next.url), ['acknowledged']);
  } finally {
    next.child.kill('SIGTERM');
  }
  assert.equal((await next.exited).code, 0);
});
