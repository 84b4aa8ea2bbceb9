// The JSON of a record's public view, kept per record object, so that a list page is joined from
// ready strings instead of serialized again on every request (for a 1,000-item page that was the
// largest cost per request; bench/README.md). Sound because stored records are never edited in
// place: every change puts a new record object, and the store keeps a copy of what a write gives
// it (storedForm, src/store/change-rules.ts), so a cached string never goes stale, and the WeakMap lets it go with
// its record. Only what has been served is cached.

/** `view`'s JSON, cached per record object. */
export function cachedJson<R extends object>(view: (record: R) => unknown): (record: R) => string {
  const cache = new WeakMap<R, string>();
  return (record) => {
    let json = cache.get(record);
    if (json === undefined) cache.set(record, (json = JSON.stringify(view(record))));
    return json;
  };
}

/**
 * The bytes JSON.stringify gives for `{ ...head, [key]: items }` when each item's JSON is
 * already known: `head` must have at least one property, and `key` must not be one of them.
 */
export function jsonWithList(head: Record<string, unknown>, key: string, itemsJson: readonly string[]): string {
  return `${JSON.stringify(head).slice(0, -1)},${JSON.stringify(key)}:[${itemsJson.join(',')}]}`;
}
