// The duplicate-id pass of the database check names the first repeated id and where it is, also
// when a start finds the duplicate through its indexes instead of running the pass.
import { strict as assert } from 'node:assert';
import { mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { generateDatabase } from '../../src/fake.js';
import { findDatabaseProblem } from '../../src/store/db-schema.js';
import { DataFileError } from '../../src/store/durable-json-file.js';
import { Store } from '../../src/store/store.js';

const fresh = () => generateDatabase(5, { executionThreads: 4, threads: 4 });

test('a generated database has no problem', () => {
  assert.equal(findDatabaseProblem(fresh()), null);
});

test('a repeated execution thread id, thread id or message id is named with its path', () => {
  const a = fresh();
  a.executionThreads[3] = { ...a.executionThreads[3]!, id: a.executionThreads[1]!.id };
  assert.equal(findDatabaseProblem(a), `/executionThreads/3/id ${a.executionThreads[1]!.id} is used twice`);

  const b = fresh();
  b.threads[2] = { ...b.threads[2]!, thread_id: b.threads[0]!.thread_id };
  assert.equal(findDatabaseProblem(b), `/threads/2/thread_id '${b.threads[0]!.thread_id}' is used twice`);

  const c = fresh();
  const last = c.threads[3]!.messages.length - 1;
  c.threads[3]!.messages[last] = { ...c.threads[3]!.messages[last]!, message_id: c.threads[1]!.messages[0]!.message_id };
  assert.equal(findDatabaseProblem(c), `/threads/3/messages/${last}/message_id '${c.threads[1]!.messages[0]!.message_id}' is used twice`);
});

test('a data file with an id used twice stops the start with the same message and is left as it was', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'ts-dup-'));
  const broken = [fresh(), fresh(), fresh()];
  broken[0]!.executionThreads[3] = { ...broken[0]!.executionThreads[3]!, id: broken[0]!.executionThreads[1]!.id };
  broken[1]!.threads[2] = { ...broken[1]!.threads[2]!, thread_id: broken[1]!.threads[0]!.thread_id };
  broken[2]!.threads[3]!.messages[0] = { ...broken[2]!.threads[3]!.messages[0]!, message_id: broken[2]!.threads[1]!.messages[0]!.message_id };
  for (const [i, db] of broken.entries()) {
    const file = join(dir, `db${i}.json`);
    const text = JSON.stringify(db);
    await writeFile(file, text);
    await assert.rejects(
      Store.open({ file, initial: fresh }),
      (error: unknown) => error instanceof DataFileError && error.problem === `is not a valid thread-sandbox database: ${findDatabaseProblem(db)}`,
    );
    assert.equal(await readFile(file, 'utf8'), text, 'the file is unchanged');
  }
  // Messages out of order in the file: the start sorts them, yet names the position in the file.
  const unsorted = fresh();
  const messages = unsorted.threads[3]!.messages;
  messages.push({ ...messages[0]!, message_id: unsorted.threads[1]!.messages[0]!.message_id, received_at: '2000-01-01T00:00:00Z' });
  const file = join(dir, 'db3.json');
  await writeFile(file, JSON.stringify(unsorted));
  await assert.rejects(Store.open({ file, initial: fresh }), (error: unknown) => error instanceof DataFileError && error.problem === `is not a valid thread-sandbox database: ${findDatabaseProblem(unsorted)}`);
  assert.match(findDatabaseProblem(unsorted) ?? '', new RegExp(`/threads/3/messages/${messages.length - 1}/message_id`));
  assert.deepEqual((await readdir(dir)).sort(), ['db0.json', 'db1.json', 'db2.json', 'db3.json'], 'nothing else was written');
  const valid = join(dir, 'valid.json');
  await writeFile(valid, JSON.stringify(fresh()));
  const store = await Store.open({ file: valid, initial: fresh });
  assert.equal(store.executionThreads.size, 4);
  await store.close();
});
