// The snapshot export is joined from the JSON of each record that the read model keeps (no record
// is parsed): its text must be exactly JSON.stringify of the snapshot, for everything and for a
// tenant's part, also after writes and after a start from a file edited by hand.
import { strict as assert } from 'node:assert';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import type { Principal } from '../../src/auth.js';
import { exportSnapshotJson } from '../../src/control/reset.js';
import { scopedPart } from '../../src/control/tenant-data.js';
import { generateDatabase } from '../../src/fake.js';
import type { Services } from '../../src/services.js';
import { Store } from '../../src/store/store.js';
import { deleteThread, putExecutionThread, putThread } from '../../src/store/contract.js';

const seeded = () => generateDatabase(8, { executionThreads: 50, threads: 50 });

function scopes(store: Store): Principal[] {
  const inbox = store.threads.inboxes()[0] as string;
  const workspace = store.executionThreads.workspaces()[0] as number;
  return [
    { tenant: null, workspaces: null, inboxes: null },
    { tenant: 'a', workspaces: [workspace], inboxes: [inbox] },
    { tenant: 'none', workspaces: [], inboxes: [] },
  ];
}

function assertSame(store: Store): void {
  const services = { store } as unknown as Services;
  for (const scope of scopes(store)) assert.equal(exportSnapshotJson(services, scope), JSON.stringify(scope.tenant === null ? store.snapshot() : scopedPart(store.snapshot(), scope)), `scope ${scope.tenant}`);
}

test('the exported JSON is JSON.stringify of the snapshot, for everything and for a tenant', async () => {
  const store = await Store.open({ initial: seeded });
  try {
    assertSame(store);
    const [e0] = store.executionThreads.all();
    const [t0] = store.threads.all();
    await putExecutionThread(store, { ...e0!, threadToken: 'a "quoted" token' });
    await putThread(store, { ...t0!, thread_id: 'new-thread', messages: t0!.messages.map((m) => ({ ...m, message_id: `new-${m.message_id}` })) });
    await deleteThread(store, t0!.thread_id);
    assertSame(store);
  } finally {
    await store.close();
  }
});

test('after a start from an indented file, the exported JSON is still compact', async () => {
  const file = join(await mkdtemp(join(tmpdir(), 'ts-export-json-')), 'db.json');
  await writeFile(file, JSON.stringify(seeded(), null, 2));
  const store = await Store.open({ file, initial: seeded });
  try {
    assertSame(store);
  } finally {
    await store.close();
  }
});
