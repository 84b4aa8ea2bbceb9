// --fixtures FILE: another fixture is loaded and validated like a database file.
import assert from 'node:assert/strict';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { createSandboxApp } from '../../src/sandbox.js';
import { sandboxClient } from '../helpers/http.js';

const one = {
  schemaVersion: 1,
  executionThreads: [{ id: 7, workspaceId: 1, threadToken: 'only', type: 'BrowserInstance', createdAt: '2024-01-01T00:00:00.000Z' }],
  threads: [],
};

describe('fixture files', () => {
  it('a valid fixture file replaces the bundled one', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ts-fix-'));
    const file = join(dir, 'f.json');
    await writeFile(file, JSON.stringify(one));
    const api = await sandboxClient({ fixtures: file });
    const res = await api.get('/v1/threads');
    assert.deepEqual(res.body.items, [{ workspaceId: 1, threadToken: 'only', type: 'BrowserInstance', createdAt: '2024-01-01T00:00:00.000Z' }]);
  });

  for (const [what, text, problem] of [
    ['not JSON', '{"schemaVersion": 1,', /is not valid JSON/],
    ['an unknown type', JSON.stringify({ ...one, executionThreads: [{ ...one.executionThreads[0], type: 'Robot' }] }), /\/executionThreads\/0\/type/],
    ['a missing field', JSON.stringify({ schemaVersion: 1, threads: [] }), /executionThreads/],
    ['a thread without messages', JSON.stringify({ ...one, threads: [{ thread_id: 't', inbox_id: 'i', messages: [] }] }), /messages/],
    ['a duplicate id', JSON.stringify({ ...one, executionThreads: [one.executionThreads[0], one.executionThreads[0]] }), /used twice/],
  ] as const) {
    it(`a fixture file with ${what} is rejected naming the file and the problem, and left unchanged`, async () => {
      const dir = await mkdtemp(join(tmpdir(), 'ts-fix-'));
      const file = join(dir, 'bad.json');
      await writeFile(file, text);
      await assert.rejects(createSandboxApp({ inMemory: true, logLevel: 'silent', fixtures: file }), (e: Error) => {
        assert.ok(e.message.includes(file), e.message);
        assert.match(e.message, problem);
        return true;
      });
      assert.equal(await readFile(file, 'utf8'), text);
    });
  }
});
