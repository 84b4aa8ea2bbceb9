// A Map (and a Set) spread over several by a hash of the key. A Map that grows rehashes everything it
// holds in one step; for the message ids of the largest allowed database (a million) that step is
// longer than a slice of a reset (slices.ts), while each shard's rehash is a small part of it.

const SHARDS = 64;

/** A few characters spread over the key (ids often share a prefix or a suffix), mixed. */
function shardOf(key: string): number {
  const n = key.length;
  let h = n;
  const step = n > 8 ? n >> 3 : 1;
  for (let k = n - 1; k >= 0 && k > n - 1 - 8 * step; k -= step) h = (h * 31 + key.charCodeAt(k)) | 0;
  return (h ^ (h >>> 7)) & (SHARDS - 1);
}

export class ShardedMap<V> {
  readonly #shards = Array.from({ length: SHARDS }, () => new Map<string, V>());

  get size(): number {
    let n = 0;
    for (const shard of this.#shards) n += shard.size;
    return n;
  }

  get(key: string): V | undefined {
    return (this.#shards[shardOf(key)] as Map<string, V>).get(key);
  }

  set(key: string, value: V): void {
    (this.#shards[shardOf(key)] as Map<string, V>).set(key, value);
  }

  delete(key: string): boolean {
    return (this.#shards[shardOf(key)] as Map<string, V>).delete(key);
  }

  clear(): void {
    for (const shard of this.#shards) shard.clear();
  }
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
