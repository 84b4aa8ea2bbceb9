// The API suites can run on the naive reference read model (SANDBOX_READ_MODEL=reference): the
// wiring picks it from the environment, and the file engine then keeps it through writes,
// replaces and a restart from the data file.
import assert from 'node:assert/strict';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { generateDatabase } from '../../src/fake.js';
import { deleteThread, putExecutionThread } from '../../src/store/contract.js';
import { REFERENCE_READ_MODEL, ReferenceExecutionThreads, ReferenceThreads } from '../../src/store/read-model/reference.js';
import { Store } from '../../src/store/store.js';
import { readModelFromEnvironment } from '../../src/wiring.js';

test('SANDBOX_READ_MODEL=reference picks the reference read model; anything else the fast one', () => {
  assert.equal(readModelFromEnvironment({ SANDBOX_READ_MODEL: 'reference' }), REFERENCE_READ_MODEL);
  assert.equal(readModelFromEnvironment({}), undefined);
});

test('the file engine keeps the reference read model through writes, a replace and a restart', async () => {
  const file = join(await mkdtemp(join(tmpdir(), 'ref-model-')), 'db.json');
  const initial = () => generateDatabase(3, { executionThreads: 5, threads: 4 });
  const store = await Store.open({ file, initial, readModel: REFERENCE_READ_MODEL });
  assert.ok(store.executionThreads instanceof ReferenceExecutionThreads);
  assert.ok(store.threads instanceof ReferenceThreads);
  const [first] = store.executionThreads.all();
  await putExecutionThread(store, { ...first!, id: 1000, threadToken: 'added' });
  await deleteThread(store, store.threads.all()[0]!.thread_id);
  const expected = store.snapshot();
  await store.close();

  const reopened = await Store.open({ file, initial, readModel: REFERENCE_READ_MODEL });
  assert.ok(reopened.threads instanceof ReferenceThreads);
  assert.deepEqual(reopened.snapshot(), expected);
  await reopened.replace(generateDatabase(4, { executionThreads: 2, threads: 2 }));
  assert.ok(reopened.executionThreads instanceof ReferenceExecutionThreads, 'a replace builds the same kind');
  assert.equal(reopened.executionThreads.size, 2);
  await reopened.close();
});
