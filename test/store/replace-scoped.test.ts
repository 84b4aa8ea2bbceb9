// The store's scoped replace (a tenant's reset or snapshot import), in memory and on a data file:
// the scope's records are replaced, every other record stays, an execution thread id held outside
// the scope is moved to a free one, a clash refused by onClash changes nothing, and a message id
// may move between two threads of the scope in one replace (cases in helpers/replace-scoped-cases.ts).
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe } from 'node:test';
import { Store } from '../../src/store/store.js';
import { behaviour, byId, delegate, START, threadsOf } from '../helpers/replace-scoped-cases.js';

describe('scoped replace in memory', () => behaviour(() => Store.open({ initial: () => structuredClone(START) })));

describe('scoped replace on a data file (and after reopening it)', () => {
  const dirs: string[] = [];
  after(async () => {
    for (const d of dirs) await rm(d, { recursive: true, force: true });
  });
  behaviour(async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sandbox-scoped-'));
    dirs.push(dir);
    const file = join(dir, 'db.json');
    // A small checkpoint threshold: a replace folds the log into the file (what a large tenant's reset does).
    const store = await Store.open({ file, initial: () => structuredClone(START), checkpointEvery: 4 });
    // Closed and reopened at the end of each test's checks: what was applied was logged.
    return {
      ...delegate(store),
      close: async () => {
        const before = [byId(store), threadsOf(store)];
        await store.close();
        const again = await Store.open({ file, initial: () => assert.fail('the file exists') });
        assert.deepEqual([byId(again), threadsOf(again)], before, 'the same after reopening');
        await again.close();
      },
    };
  });
});

