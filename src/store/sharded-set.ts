// A Set spread over several by a hash of the key. A Set that grows rehashes everything it holds in
// one step; for the message ids of the largest allowed database (a million) that step is longer
// than a slice of a reset (slices.ts), while each shard's rehash is a small part of it.

const SHARDS = 64;

/** A few characters spread over the key (ids often share a prefix or a suffix), mixed. */
function shardOf(key: string): number {
  const n = key.length;
  let h = n;
  const step = n > 8 ? n >> 3 : 1;
  for (let k = n - 1; k >= 0 && k > n - 1 - 8 * step; k -= step) h = (h * 31 + key.charCodeAt(k)) | 0;
  return (h ^ (h >>> 7)) & (SHARDS - 1);
}

export class ShardedSet {
  readonly #shards = Array.from({ length: SHARDS }, () => new Set<string>());

  /** False when the key was there already. */
  add(key: string): boolean {
    const shard = this.#shards[shardOf(key)] as Set<string>;
    const before = shard.size;
    shard.add(key);
    return shard.size !== before;
  }
}
