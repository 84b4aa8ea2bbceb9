// Replay validates: a log line that is valid JSON but not a valid change, of any kind, stops the
// start with exit 1 naming the log file and the line; the data file and the log stay byte for byte.
import assert from 'node:assert/strict';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { runCli } from '../helpers/cli.js';

const valid = await readFile(new URL('../../fixtures/default.json', import.meta.url), 'utf8');
const db = JSON.parse(valid) as { executionThreads: { id: number }[]; threads: { thread_id: string; messages: { message_id: string }[] }[] };
const [t1, t2] = db.threads as [(typeof db.threads)[0], (typeof db.threads)[0]];
const good = '{"g":0,"op":"deleteExecutionThread","id":1}';
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

const cases: [string, string, RegExp][] = [
  ['null', 'null', /has no generation/],
  ['a number', '42', /has no generation/],
  ['no generation', '{"op":"deleteExecutionThread","id":2}', /has no generation/],
  ['an unknown op', '{"g":0,"op":"dropEverything"}', /has no known op/],
  ['an id past the maximum', `{"g":0,"op":"putExecutionThread","record":{"id":9007199254740992,"workspaceId":1,"threadToken":null,"type":"Manual","createdAt":"2025-01-01T00:00:00.000Z"}}`, /\/record\/id must be <= 9007199254740991/],
  ['a five-digit year', `{"g":0,"op":"putExecutionThread","record":{"id":5000,"workspaceId":1,"threadToken":null,"type":"Manual","createdAt":"+010000-01-01T00:00:00.000Z"}}`, /\/record\/createdAt must match format/],
  ['an unknown field', '{"g":0,"op":"deleteThread","id":"x","extra":1}', /unknown field 'extra'/],
  ['a thread without messages', '{"g":0,"op":"putThread","thread":{"thread_id":"x","inbox_id":"i","messages":[]}}', /\/thread\/messages must NOT have fewer than 1 items/],
  [
    'a message id another thread holds',
    JSON.stringify({ g: 0, op: 'putThread', thread: { ...t2, messages: [{ ...t2.messages[0], message_id: t1.messages[0]?.message_id }] } }),
    new RegExp(`message_id '${escape(t1.messages[0]?.message_id ?? '')}' is used twice`),
  ],
];

describe('log replay', { concurrency: 3 }, () => {
  for (const [what, line, problem] of cases) {
    test(`a log line with ${what} stops the start naming the log and the line, and nothing changes`, { timeout: 60_000 }, async () => {
      const file = join(await mkdtemp(join(tmpdir(), 'sandbox-replay-')), 'db.json');
      await writeFile(file, valid);
      const log = `${good}\n${line}\n${good}\n`;
      await writeFile(`${file}.wal`, log);
      const result = await runCli(['serve', '--port', '0', '--data', file]);
      assert.equal(result.code, 2, result.stderr);
      assert.match(result.stderr, new RegExp(`${escape(file)}\\.wal: line 2 is not a valid log record: `));
      assert.match(result.stderr, problem);
      assert.doesNotMatch(result.stderr, /\n\s+at /, 'no stack trace');
      assert.equal(await readFile(file, 'utf8'), valid, 'the data file is byte for byte as it was');
      assert.equal(await readFile(`${file}.wal`, 'utf8'), log, 'the log is byte for byte as it was');
    });
  }
});
