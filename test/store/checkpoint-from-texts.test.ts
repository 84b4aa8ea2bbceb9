// A checkpoint writes the database file from the JSON of each record that the read model keeps,
// without parsing the records back: the file must be exactly JSON.stringify(snapshot()), a start
// from it must give the same data, and a file edited by hand (indented, escapes, other spellings
// of numbers, a key twice) must come out of a checkpoint as the compact file the sandbox writes.
import { strict as assert } from 'node:assert';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { generateDatabase } from '../../src/fake.js';
import type { Database } from '../../src/model.js';
import { countersOfDatabase } from '../../src/store/counters.js';
import { Store } from '../../src/store/store.js';
import { deleteExecutionThread, deleteThread, putExecutionThread, putThread } from '../../src/store/contract.js';

const seeded = () => generateDatabase(5, { executionThreads: 40, threads: 40 });

async function folder(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'ts-checkpoint-texts-'));
}

/** The data of a snapshot as a start compares it (messages oldest first, as the store keeps them). */
function normalized(db: Database): Database {
  const copy = structuredClone(db);
  copy.executionThreads.sort((a, b) => a.id - b.id);
  for (const t of copy.threads) t.messages.sort((a, b) => Date.parse(a.received_at) - Date.parse(b.received_at) || a.uid - b.uid);
  return copy;
}

test('the file a checkpoint writes is JSON.stringify(snapshot()), byte for byte', async () => {
  const file = join(await folder(), 'db.json');
  const store = await Store.open({ file, initial: seeded });
  try {
    // A new file is written by a checkpoint at once.
    assert.equal(await readFile(file, 'utf8'), JSON.stringify(store.snapshot()));
  } finally {
    await store.close();
  }
});

test('a checkpoint after writes reloads to the same data, and its file is JSON.stringify of it', async () => {
  const file = join(await folder(), 'db.json');
  const store = await Store.open({ file, initial: seeded, checkpointEvery: 3 });
  let expected: Database;
  try {
    const [e0, e1] = store.executionThreads.all();
    const [t0, t1] = store.threads.all();
    await putExecutionThread(store, { ...e0!, threadToken: 'changed "quoted" \\ token' });
    await deleteExecutionThread(store, e1!.id);
    await putExecutionThread(store, { ...e0!, id: 9_000, workspaceId: 77 });
    await deleteThread(store, t1!.thread_id);
    await putThread(store, { ...t0!, messages: [{ ...t0!.messages[0]!, subject: 'new\nline \u2028 é' }] });
    await putThread(store, { ...t0!, thread_id: 'added', messages: t0!.messages.map((m) => ({ ...m, message_id: `added-${m.message_id}` })) });
    expected = store.snapshot();
  } finally {
    // Folds the log into the file.
    await store.close();
  }
  assert.equal(await readFile(file, 'utf8'), JSON.stringify(expected));
  const again = await Store.open({ file, initial: seeded });
  try {
    assert.deepEqual(again.snapshot(), expected);
  } finally {
    await again.close();
  }
});

/** `db` written as a person editing the file might: indented, escapes, numbers spelled otherwise, a key twice. */
function editedByHand(db: Database): string {
  const escaped = (s: string) => `\\u${s.charCodeAt(0).toString(16).padStart(4, '0')}${s.slice(1)}`;
  const exec = db.executionThreads.map((e, i) => {
    const json = JSON.stringify(e);
    if (i === 0) return json.replace(`"id":${e.id}`, `"id":${e.id}.0`);
    if (i === 1) return json.replace(`"id":${e.id}`, `"id":${e.id}e0`);
    if (i === 2) return json.replace(`"createdAt":"${e.createdAt}"`, `"createdAt":"${escaped(e.createdAt)}"`);
    // The first of two: JSON.parse keeps the last value (at the first one's place).
    if (i === 3) return json.replace('{', '{"workspaceId":12345,');
    if (i === 4) return json.replace('"createdAt":', '"createdAt" : ');
    return json;
  });
  const threads = db.threads.map((t, i) => {
    const json = JSON.stringify(t);
    if (i === 0) return json.replace(`"inbox_id":"${t.inbox_id}"`, `"inbox_id":"${escaped(t.inbox_id)}"`);
    if (i === 1) return json.replace(/"uid":(\d+)/, '"uid":$1E0');
    if (i === 2) return json.replaceAll('/', '\\/');
    if (i === 3) return JSON.stringify(t, null, 2);
    return json;
  });
  return `{\n  "schemaVersion": 1,\n  "generation": 4,\n  "executionThreads": [\n${exec.join(',\n')}\n],\n  "threads": [ ${threads.join(' , ')} ]\n}\n`;
}

test('a start from a file edited by hand, then a checkpoint: a valid, compact file with the same data', async () => {
  const db = seeded();
  db.threads[2]!.messages[0]!.from = 'a/b@example.com';
  const cases = [JSON.stringify(db, null, 2), JSON.stringify(db, null, '\t'), editedByHand(db)];
  for (const text of cases) {
    const file = join(await folder(), 'db.json');
    await writeFile(file, text);
    const parsed = normalized(JSON.parse(text) as Database);
    const store = await Store.open({ file, initial: seeded });
    let expected: Database;
    try {
      assert.deepEqual(store.snapshot(), { ...parsed, generation: parsed.generation ?? 0, counters: countersOfDatabase(parsed) });
      // One write, so that closing checkpoints.
      const [e0] = store.executionThreads.all();
      await putExecutionThread(store, { ...e0!, threadToken: 'after the edit' });
      expected = store.snapshot();
    } finally {
      await store.close();
    }
    const written = await readFile(file, 'utf8');
    assert.equal(written, JSON.stringify(expected));
    const again = await Store.open({ file, initial: seeded });
    try {
      assert.deepEqual(again.snapshot(), expected);
    } finally {
      await again.close();
    }
  }
});
