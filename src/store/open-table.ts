// The open-addressing tables of the read model (id-slots.ts, message-index.ts): entries of a few
// int32s in one Int32Array, the 32-bit hash of a key first, then its holder (a number >= 0, or
// EMPTY, or REMOVED for a deleted entry a probe must pass over), then whatever else the table keeps.
// No key is kept: an entry is confirmed by whoever holds it.

export const EMPTY = -1;
export const REMOVED = -2;
export const HASH = 0;
export const HOLDER = 1;

export function emptyTable(capacity: number, stride: number): Int32Array {
  const table = new Int32Array(capacity * stride);
  for (let at = HOLDER; at < table.length; at += stride) table[at] = EMPTY;
  return table;
}

/** The capacity to grow to: twice as large, or as large when removed entries filled it. */
export function grownCapacity(size: number, capacity: number): number {
  return size * 4 > capacity ? capacity * 2 : capacity;
}

/** The held entries of `old` in a new table of `capacity` entries (a power of two), without the removed ones. */
export function rehashed(old: Int32Array, stride: number, capacity: number): Int32Array {
  const table = emptyTable(capacity, stride);
  const mask = capacity - 1;
  for (let from = 0; from < old.length; from += stride) {
    if ((old[from + HOLDER] as number) < 0) continue;
    let e = (old[from + HASH] as number) & mask;
    while (table[e * stride + HOLDER] !== EMPTY) e = (e + 1) & mask;
    for (let k = 0; k < stride; k++) table[e * stride + k] = old[from + k] as number;
  }
  return table;
}
