// The read model keeps every record's JSON in a TextColumn (bytes in a few Buffers): what a read
// decodes must be what was put, across replaced texts, compaction and texts kept in a data file's
// own buffer, or a list answers another record's JSON.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { TextColumn } from '../../src/store/text-column.js';

type Op = { kind: 'set'; slot: number; text: string } | { kind: 'bytes'; slot: number; text: string } | { kind: 'delete'; slot: number } | { kind: 'clear' };

const slot = fc.integer({ min: 0, max: 40 });
const text = fc.oneof(fc.string({ maxLength: 60 }), fc.string({ unit: 'binary', maxLength: 30 }), fc.constantFrom('', '{"a":1}', 'é€😀'));
const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('set' as const), slot, text }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('bytes' as const), slot, text: fc.string({ maxLength: 40 }) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('delete' as const), slot }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'clear' as const }) },
);

describe('TextColumn', () => {
  it('reads back what was put, whatever was replaced, deleted or compacted since', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 300 }), (ops) => {
        // Tiny chunks and a tiny dead-bytes floor, so that compaction runs many times in a run.
        const column = new TextColumn({ chunkBytes: 64, deadAtLeast: 32 });
        const model = new Map<number, string>();
        // A "data file": texts kept where they lie in one buffer, between other bytes.
        const file = Buffer.from(`[${'x'.repeat(10)}`);
        for (const o of ops) {
          if (o.kind === 'set') {
            column.set(o.slot, o.text);
            model.set(o.slot, o.text);
          } else if (o.kind === 'bytes') {
            const ascii = o.text.replace(/[^\x20-\x7e]/g, '?');
            const bytes = Buffer.concat([file, Buffer.from(`,${ascii},`)]);
            column.setBytes(o.slot, bytes, file.length + 1, file.length + 1 + ascii.length, true);
            model.set(o.slot, ascii);
          } else if (o.kind === 'delete') {
            column.delete(o.slot);
            model.delete(o.slot);
          } else {
            column.clear();
            model.clear();
          }
          for (let s = 0; s <= 40; s++) {
            assert.equal(column.has(s), model.has(s), `slot ${s}`);
            if (model.has(s)) assert.equal(column.get(s), model.get(s), `slot ${s}`);
          }
        }
      }),
      { numRuns: 200 },
    );
  });

  it('gives back the space of replaced texts: a slot rewritten many times holds a bounded number of bytes', () => {
    const column = new TextColumn({ chunkBytes: 1024, deadAtLeast: 4096 });
    const text = 'y'.repeat(500);
    for (let i = 0; i < 10_000; i++) column.set(i % 10, `${i}${text}`);
    // 10 live texts of about 505 bytes: without compaction the chunks would hold 5 MB.
    assert.ok(column.bytesHeld < 20_000, `holds ${column.bytesHeld} bytes`);
    assert.equal(column.get(3), `9993${text}`);
  });
});
