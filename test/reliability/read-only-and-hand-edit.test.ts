// Never replace what may not be written: a read-only data file or folder stops the start naming
// it (bytes and mode unchanged) and says how to serve it anyway; a data file changed by someone
// else while the server runs is kept beside the file at the next save, with a warning naming both.
import assert from 'node:assert/strict';
import { chmod, mkdir, mkdtemp, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { call } from '../helpers/checked-fetch.js';
import { runCli, startCli } from '../helpers/cli.js';

const valid = await readFile(new URL('../../fixtures/default.json', import.meta.url), 'utf8');
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

test('a read-only data file stops the start naming it and suggesting --fixtures --in-memory; its bytes and mode stay', { timeout: 60_000 }, async () => {
  const file = join(await mkdtemp(join(tmpdir(), 'sandbox-read-only-')), 'db.json');
  await writeFile(file, valid);
  await chmod(file, 0o444);
  const result = await runCli(['serve', '--port', '0', '--data', file]);
  assert.equal(result.code, 2, result.stderr);
  assert.match(result.stderr, new RegExp(`${escape(file)}: may not be written \\(mode 0444\\)`));
  assert.match(result.stderr, new RegExp(`--fixtures ${escape(file)} --in-memory`));
  assert.equal(await readFile(file, 'utf8'), valid);
  assert.equal((await stat(file)).mode & 0o777, 0o444);

  const served = await startCli(['--fixtures', file, '--in-memory']);
  served.child.kill('SIGTERM');
  assert.equal((await served.exited).code, 0, 'the suggested command serves it');
  assert.equal((await stat(file)).mode & 0o777, 0o444);
});

test('a data folder that may not be written stops the start naming the folder', { timeout: 60_000 }, async () => {
  const folder = join(await mkdtemp(join(tmpdir(), 'sandbox-read-only-folder-')), 'data');
  await mkdir(folder);
  await chmod(folder, 0o555);
  const file = join(folder, 'db.json');
  const result = await runCli(['serve', '--port', '0', '--data', file]);
  assert.equal(result.code, 2, result.stderr);
  assert.match(result.stderr, new RegExp(`${escape(folder)}: is a folder this process may not write \\(mode 0555\\)`));
  assert.match(result.stderr, /--in-memory/);
  assert.deepEqual(await readdir(folder), [], 'nothing was created in it');
  await chmod(folder, 0o755);
});

test('a data file edited by hand while the server runs is kept beside it at the next save, with a warning naming both', { timeout: 60_000 }, async () => {
  const folder = await mkdtemp(join(tmpdir(), 'sandbox-hand-edit-'));
  const file = join(folder, 'db.json');
  const server = await startCli(['--data', file]);
  let output = '';
  try {
    assert.equal((await call(server.url, 'POST', '/__sandbox/execution-threads', { workspaceId: 44, threadToken: 'by-api' })).status, 201);
    const edited = JSON.parse(await readFile(file, 'utf8')) as { executionThreads: Record<string, unknown>[] };
    edited.executionThreads.push({ id: 777777, workspaceId: 44, threadToken: 'by-hand', type: 'Manual', createdAt: '2026-01-01T00:00:00.000Z' });
    const handEdit = JSON.stringify(edited, null, 2);
    await writeFile(file, handEdit);
    server.child.kill('SIGTERM'); // a clean stop saves the data file
    assert.equal((await server.exited).code, 0);
    output = server.output();
    const asides = (await readdir(folder)).filter((n) => n.startsWith('db.json.changed-elsewhere-'));
    assert.equal(asides.length, 1, `one copy kept beside the file (${(await readdir(folder)).join(', ')})`);
    const aside = join(folder, asides[0] as string);
    assert.equal(await readFile(aside, 'utf8'), handEdit, 'the other copy is kept as it was');
    assert.match(output, new RegExp(`${escape(file)} was changed on disk by someone else.*${escape(aside)}`));
    const saved = JSON.parse(await readFile(file, 'utf8')) as { executionThreads: { threadToken: string }[] };
    assert.ok(saved.executionThreads.some((r) => r.threadToken === 'by-api'), 'the acknowledged write is saved');
  } finally {
    if (server.child.exitCode === null) server.child.kill('SIGKILL');
  }
});
