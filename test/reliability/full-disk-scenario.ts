// The full-disk case, shared by the run on an injected failing file layer (any user) and the run
// on a real, small tmpfs (root only): what a client sees while the disk is full, what the log
// holds, and, after a SIGKILL, that a restart serves exactly the creates answered 201.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { call } from '../helpers/checked-fetch.js';
import { startCli, type RunningCli } from '../helpers/cli.js';

const WORKSPACE = 66;

export interface Disk {
  fill(): Promise<void>;
  free(): Promise<void>;
}

async function create(url: string, token: string) {
  return call(url, 'POST', '/__sandbox/execution-threads', { workspaceId: WORKSPACE, threadToken: token, type: 'Manual' });
}

export async function servedTokens(url: string): Promise<string[]> {
  const res = await call(url, 'GET', `/v1/threads?workspaceId=${WORKSPACE}&total=100000`);
  assert.equal(res.status, 200);
  return (res.body.items as { threadToken: string }[]).map((i) => i.threadToken).sort();
}

/** The log holds complete records only: no zero padding, no torn line. */
export async function assertLogIsClean(file: string): Promise<void> {
  const log = await readFile(`${file}.wal`);
  assert.equal(log.indexOf(0), -1, 'the log holds no NUL bytes');
  const text = log.toString('utf8');
  assert.ok(text === '' || text.endsWith('\n'), 'the log ends with a complete line');
  for (const line of text.split('\n').filter((l) => l !== '')) JSON.parse(line);
}

/** Writes until the disk is full and after it is freed; resolves with the tokens answered 201. */
export async function writeThroughAFullDisk(server: RunningCli, file: string, disk: Disk): Promise<string[]> {
  const acknowledged: string[] = [];
  for (let i = 0; i < 5; i++) {
    assert.equal((await create(server.url, `before-${i}`)).status, 201);
    acknowledged.push(`before-${i}`);
  }
  await disk.fill();
  // A real disk may still take a few small appends (the log's last page): write until it refuses.
  let refusal;
  for (let i = 0; i < 5000 && !refusal; i++) {
    const res = await create(server.url, `full-${i}`);
    if (res.status === 201) acknowledged.push(`full-${i}`);
    else refusal = res;
  }
  assert.ok(refusal, 'a create on a full disk is refused');
  assert.equal(refusal.status, 507);
  assert.equal(refusal.body.name, 'InsufficientStorageError');
  assert.match(refusal.body.message, /disk is full/);

  const ready = await call(server.url, 'GET', '/__sandbox/ready');
  assert.equal(ready.status, 503);
  assert.equal(ready.body.name, 'ServiceUnavailableError');
  assert.match(ready.body.message, /disk is full/);
  assert.deepEqual(await servedTokens(server.url), [...acknowledged].sort(), 'reads work, and show no refused create');
  assert.equal((await create(server.url, 'still-full')).status, 507);
  await assertLogIsClean(file);

  await disk.free();
  assert.equal((await create(server.url, 'after')).status, 201);
  acknowledged.push('after');
  assert.equal((await call(server.url, 'GET', '/__sandbox/ready')).status, 200, 'ready again after a write succeeded');
  return acknowledged;
}

/** SIGKILLs the server and starts the real CLI on the file: it serves exactly the acknowledged creates. */
export async function assertRestartServes(server: RunningCli, file: string, acknowledged: readonly string[]): Promise<void> {
  server.child.kill('SIGKILL');
  await server.exited;
  await assertLogIsClean(file);
  const restarted = await startCli(['--data', file]);
  try {
    assert.deepEqual(await servedTokens(restarted.url), [...acknowledged].sort());
  } finally {
    restarted.child.kill('SIGTERM');
    await restarted.exited;
  }
}

/** A reset that cannot be saved leaves the data file, the log and what is served as they were. */
export async function assertFailedResetChangesNothing(server: RunningCli, file: string, disk: Disk): Promise<void> {
  assert.equal((await create(server.url, 'kept')).status, 201);
  const before = { data: await readFile(file), log: await readFile(`${file}.wal`), served: await servedTokens(server.url) };
  await disk.fill();
  const reset = await call(server.url, 'POST', '/__sandbox/reset', { seed: 3, executionThreads: 5, threads: 2 });
  assert.equal(reset.status, 507);
  assert.match(reset.body.message, /disk is full/);
  assert.deepEqual(await readFile(file), before.data, 'the data file is as it was');
  assert.deepEqual(await readFile(`${file}.wal`), before.log, 'the log is as it was');
  assert.deepEqual(await servedTokens(server.url), before.served, 'the data served is as it was');
  await disk.free();
}
