// The APIs cache each record's public JSON by its stamp (src/apis/public-json.ts): a list answers a
// record's old JSON if a changed record kept its stamp, or if a read model built anew (a reset)
// gave a record a stamp an earlier one had. Both read models must give new stamps on every put.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generateDatabase } from '../../src/fake.js';
import { FAST_READ_MODEL } from '../../src/store/read-model/fast.js';
import { REFERENCE_READ_MODEL } from '../../src/store/read-model/reference.js';
import { Slicer } from '../../src/slices.js';

for (const [name, kind] of [['fast', FAST_READ_MODEL], ['reference', REFERENCE_READ_MODEL]] as const) {
  test(`${name} read model: a stamp stays while a record is unchanged and is new after a put or a rebuild`, async () => {
    const db = generateDatabase(5, { executionThreads: 20, threads: 20 });
    const model = await kind.build(structuredClone(db), new Slicer());
    const workspaceId = db.executionThreads[0]!.workspaceId;
    const window = () => model.executionThreads.window({ workspaceId }, 0, 100);
    const first = window();
    const stamps = Array.from({ length: first.length }, (_, i) => first.stamp(i));
    const again = window();
    assert.deepEqual(Array.from({ length: again.length }, (_, i) => again.stamp(i)), stamps, 'unchanged records keep their stamps');
    const record = first.records()[0]!;
    model.executionThreads.put({ ...record, threadToken: 'changed' });
    const after = window();
    assert.notEqual(after.stamp(0), stamps[0], 'a changed record has a new stamp');
    assert.equal(after.stamp(1), stamps[1], 'the others keep theirs');

    const page = model.threads.page(null, undefined, 100);
    const threadStamps = new Set(Array.from({ length: page.length }, (_, i) => page.stamp(i)));
    const rebuilt = await kind.build(structuredClone(db), new Slicer());
    const again2 = rebuilt.threads.page(null, undefined, 100);
    for (let i = 0; i < again2.length; i++) assert.ok(!threadStamps.has(again2.stamp(i)), 'a read model built anew never repeats a stamp');
    const rebuiltWindow = rebuilt.executionThreads.window({ workspaceId }, 0, 100);
    for (let i = 0; i < rebuiltWindow.length; i++) assert.ok(!stamps.includes(rebuiltWindow.stamp(i)), 'nor does an execution thread of it');
  });
}
