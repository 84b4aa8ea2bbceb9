// What keeping list items' JSON per record version (src/apis/public-json.ts, an lru-cache keyed by
// the record's stamp) costs per 50-item page against the per-slot array the indexes used to
// keep, and against no cache (each item parsed, viewed and stringified per page: what the cache
// saves). Run: node --import tsx bench/public-json-cache.ts
import { PublicJson } from '../src/apis/public-json.js';
import { toItem } from '../src/execution-thread-view.js';
import type { ExecutionThreadRecord } from '../src/model.js';

const ROUNDS = 100_000;
const texts = Array.from({ length: 1000 }, (_, i) => JSON.stringify({ id: i, workspaceId: 1, threadToken: `tok-${i}`, type: 'Manual', createdAt: '2026-01-01T00:00:00Z' }));
const page = texts.slice(100, 150);
const stamped = { length: page.length, stamp: (i: number) => 100 + i, text: (i: number) => page[i] as string };
const cache = new PublicJson(toItem as (r: never) => unknown);
const slots: (string | undefined)[] = [];
const item = (text: string) => JSON.stringify(toItem(JSON.parse(text) as ExecutionThreadRecord));

for (let run = 0; run < 3; run++) {
  let started = performance.now();
  for (let i = 0; i < ROUNDS; i++) cache.of(stamped);
  const perPageCache = ((performance.now() - started) / ROUNDS) * 1000;
  started = performance.now();
  for (let i = 0; i < ROUNDS; i++) {
    const out: string[] = new Array(page.length);
    for (let j = 0; j < page.length; j++) out[j] = slots[100 + j] ?? (slots[100 + j] = item(page[j] as string));
  }
  const perPageSlots = ((performance.now() - started) / ROUNDS) * 1000;
  started = performance.now();
  for (let i = 0; i < ROUNDS / 10; i++) page.map(item);
  const perPageUncached = ((performance.now() - started) / (ROUNDS / 10)) * 1000;
  console.log(`50-item page: lru-cache by record stamp ${perPageCache.toFixed(2)} µs, slot array ${perPageSlots.toFixed(2)} µs, no cache ${perPageUncached.toFixed(2)} µs`);
}
