// The one eviction policy of every bounded cache in src: least recently used, by entry count
// (lru-cache). A cache that grows with what clients ask for must have a bound; one rule for all of
// them keeps their behaviour under load the same and easy to reason about.
import { LRUCache } from 'lru-cache';

export type BoundedCache<K extends {}, V extends {}> = LRUCache<K, V>;

export function boundedCache<K extends {}, V extends {}>(max: number): BoundedCache<K, V> {
  return new LRUCache<K, V>({ max });
}

/** The cached value for `key`, made by `make` on a miss. */
export function cached<K extends {}, V extends {}>(cache: BoundedCache<K, V>, key: K, make: (key: K) => V): V {
  let value = cache.get(key);
  if (value === undefined) cache.set(key, (value = make(key)));
  return value;
}
