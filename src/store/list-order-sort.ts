// The sort a start ends with: every thread's slot into list order (newest first, then thread id).
// At 100,000 threads a sort with a compare function called it about 1.7 million times (60-70 ms of
// the start); numbers in a Float64Array are sorted natively, without calls.

/**
 * `slots` in list order: time (`ms[slot]`) descending, then id ascending, as `compare` orders
 * them. Each slot's key is its age (newest time - its time) times the count plus its position,
 * sorted as numbers; slots of the same time then come in position order, and each such run is
 * put in id order with `compare`. When a key would not be an exact integer (times more than
 * about two years apart at 100,000 threads, or not integers), `compare` sorts them all.
 */
export function sortByListOrder(slots: number[], ms: Float64Array, compare: (a: number, b: number) => number): number[] {
  const n = slots.length;
  if (n < 2) return slots;
  let newest = -Infinity;
  let oldest = Infinity;
  for (let i = 0; i < n; i++) {
    const t = ms[slots[i] as number] as number;
    if (!Number.isInteger(t)) return slots.sort(compare);
    if (t > newest) newest = t;
    if (t < oldest) oldest = t;
  }
  if (!Number.isSafeInteger((newest - oldest + 1) * n)) return slots.sort(compare);
  const keys = new Float64Array(n);
  for (let i = 0; i < n; i++) keys[i] = (newest - (ms[slots[i] as number] as number)) * n + i;
  keys.sort();
  const out: number[] = new Array(n);
  for (let j = 0; j < n; j++) out[j] = slots[(keys[j] as number) % n] as number;
  // Runs of one time are in position order: put each in id order.
  for (let start = 0; start < n; ) {
    const t = ms[out[start] as number];
    let end = start + 1;
    while (end < n && ms[out[end] as number] === t) end++;
    if (end - start > 1) {
      const run = out.slice(start, end).sort(compare);
      for (let k = 0; k < run.length; k++) out[start + k] = run[k] as number;
    }
    start = end;
  }
  return out;
}
