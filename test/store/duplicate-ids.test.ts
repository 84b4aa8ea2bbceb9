// The duplicate-id pass of the database check names the first repeated id and where it is.
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { generateDatabase } from '../../src/fake.js';
import { findDatabaseProblem } from '../../src/store/db-schema.js';

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
