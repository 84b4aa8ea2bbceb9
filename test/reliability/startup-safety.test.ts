// A data file the sandbox cannot trust stops it at start, with a message naming the file and the
// problem, and is left byte for byte as it was. Runs the real CLI as a child process.
import assert from 'node:assert/strict';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { runCli } from '../helpers/cli.js';

const folder = await mkdtemp(join(tmpdir(), 'sandbox-startup-'));
const valid = await readFile(new URL('../../fixtures/default.json', import.meta.url), 'utf8');
const db = JSON.parse(valid) as { schemaVersion: number; executionThreads: Record<string, unknown>[] };

const cases: [string, string, RegExp][] = [
  ['corrupt', '{"schemaVersion": 1, "executionThreads": [}', /is not valid JSON/],
  ['truncated', valid.slice(0, Math.floor(valid.length / 2)), /is not valid JSON/],
  ['empty', '', /is empty/],
  ['schema-invalid', JSON.stringify({ ...db, executionThreads: [{ ...db.executionThreads[0], type: 'Robot' }] }), /not a valid thread-sandbox database: \/executionThreads\/0\/type/],
  ['future-version', JSON.stringify({ ...db, schemaVersion: 99 }), /schemaVersion 99 is newer than this thread-sandbox understands/],
];

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

describe('start-up safety', { concurrency: 3 }, () => {
  for (const [what, content, problem] of cases) {
    test(`a ${what} data file stops the start with a message naming it, and stays byte for byte unchanged`, async () => {
      const file = join(folder, `${what}.json`);
      await writeFile(file, content);
      const before = await readFile(file);
      const result = await runCli(['serve', '--port', '0', '--data', file]);
      assert.notEqual(result.code, 0, `exit code (stderr: ${result.stderr})`);
      assert.match(result.stderr, new RegExp(`${escape(file)}: .*`), 'the message names the file');
      assert.match(result.stderr, problem);
      assert.doesNotMatch(result.stderr, /\n\s+at /, 'no stack trace');
      assert.deepEqual(await readFile(file), before, 'the file is unchanged');
    });
  }

  test('a write-ahead log with a corrupt line in the middle stops the start and names the log', async () => {
    const file = join(folder, 'with-log.json');
    await writeFile(file, valid);
    const log = '{"g":0,"op":"deleteExecutionThread","id":1}\nnot json\n{"g":0,"op":"deleteExecutionThread","id":2}\n';
    await writeFile(`${file}.wal`, log);
    const result = await runCli(['serve', '--port', '0', '--data', file]);
    assert.notEqual(result.code, 0);
    assert.match(result.stderr, new RegExp(`${escape(file)}\\.wal: line 2 is not valid JSON`));
    assert.equal(await readFile(file, 'utf8'), valid);
    assert.equal(await readFile(`${file}.wal`, 'utf8'), log);
  });

  test('a data folder that cannot be written is reported at start, not at the first write', async () => {
    // Root ignores permission bits, so use a folder that cannot exist: one below a regular file.
    const blocker = join(folder, 'a-regular-file');
    await writeFile(blocker, 'not a folder');
    const file = join(blocker, 'data', 'db.json');
    const result = await runCli(['serve', '--port', '0', '--data', file]);
    assert.notEqual(result.code, 0);
    assert.match(result.stderr, new RegExp(`${escape(file)}: (its folder cannot be created|cannot be read).*not a directory`));
    assert.equal(await readFile(blocker, 'utf8'), 'not a folder');
  });
});
