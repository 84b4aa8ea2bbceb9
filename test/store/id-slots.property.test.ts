// The thread index finds a thread's slot by its id through IdSlots, a hash table that keeps no id
// (an entry is confirmed by the slot's id). It must answer as a Map of ids would, also when every
// id hashes alike, or a get answers another thread and a put leaves a stale entry behind.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { IdSlots } from '../../src/store/id-slots.js';

type Op = { kind: 'put'; id: string } | { kind: 'delete'; id: string } | { kind: 'clear' };
const id = fc.constantFrom(...Array.from({ length: 30 }, (_, i) => `thr-${i}`), '', 'é', 'thr-1 ');
const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('put' as const), id }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('delete' as const), id }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'clear' as const }) },
);

for (const [name, hash] of [['its own hash', undefined], ['every id hashing alike', () => 7], ['three hashes', (s: string) => s.length % 3]] as const) {
  describe(`IdSlots with ${name}`, () => {
    it('answers as a Map of ids across puts (a changed record takes a new slot), deletes and clears', () => {
      fc.assert(
        fc.property(fc.array(op, { maxLength: 400 }), (ops) => {
          // What the holder keeps: the id in each slot (slots are reused once freed).
          const ids: (string | undefined)[] = [];
          const free: number[] = [];
          const table = new IdSlots((slot, x) => ids[slot] === x, hash);
          const model = new Map<string, number>();
          for (const o of ops) {
            if (o.kind === 'put') {
              const old = table.get(o.id);
              if (old >= 0) {
                table.delete(o.id);
                ids[old] = undefined;
                free.push(old);
              }
              const slot = free.pop() ?? ids.length;
              ids[slot] = o.id;
              table.add(o.id, slot);
              model.set(o.id, slot);
            } else if (o.kind === 'delete') {
              const slot = table.get(o.id);
              assert.equal(table.delete(o.id), model.has(o.id));
              if (slot >= 0) {
                ids[slot] = undefined;
                free.push(slot);
              }
              model.delete(o.id);
            } else {
              table.clear();
              ids.length = 0;
              free.length = 0;
              model.clear();
            }
            assert.equal(table.size, model.size);
            for (const [k, v] of model) assert.equal(table.get(k), v, k);
            assert.equal(table.get('never-held'), -1);
          }
        }),
        { numRuns: 150 },
      );
    });
  });
}
