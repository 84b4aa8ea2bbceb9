// A start puts every thread into list order with sortByListOrder (numbers sorted natively, runs of
// one time put in id order after): it must give exactly the order of the compare function, with
// many threads of one time, times too far apart for its keys, and slots in any order.
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import fc from 'fast-check';
import { sortByListOrder } from '../../src/store/list-order-sort.js';

const thread = fc.record({
  // Few distinct times, so that runs of one time are common; some far apart.
  ms: fc.oneof(fc.integer({ min: 1_700_000_000_000, max: 1_700_000_000_020 }), fc.constantFrom(0, 8_000_000_000_000_000, 1.5)),
  id: fc.string({ unit: fc.constantFrom('a', 'b', 'c'), maxLength: 3 }),
});

test('the native sort gives the order of the compare function', () => {
  fc.assert(
    fc.property(fc.uniqueArray(thread, { selector: (t) => t.id, maxLength: 60 }), fc.boolean(), (threads, sameScale) => {
      const ms = new Float64Array(threads.length);
      const ids: string[] = [];
      threads.forEach((t, slot) => {
        ms[slot] = sameScale ? 1_700_000_000_000 + (t.ms % 7) : t.ms;
        ids[slot] = t.id;
      });
      const compare = (a: number, b: number) => (ms[b] as number) - (ms[a] as number) || ((ids[a] as string) < (ids[b] as string) ? -1 : (ids[a] as string) > (ids[b] as string) ? 1 : 0);
      const slots = threads.map((_, slot) => slot).reverse();
      assert.deepEqual(sortByListOrder([...slots], ms, compare), [...slots].sort(compare));
    }),
    { numRuns: 500 },
  );
});
