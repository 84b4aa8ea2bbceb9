// jsonWithList joins a list answer from items whose JSON is already known (public-json.ts keeps
// each record version's item or summary JSON), instead of serializing the page again
// on every request (for a 1,000-item page that was the largest cost per request; bench/README.md).

/**
 * The bytes JSON.stringify gives for `{ ...head, [key]: items }` when each item's JSON is
 * already known: `head` must have at least one property, and `key` must not be one of them.
 */
export function jsonWithList(head: Record<string, unknown>, key: string, itemsJson: readonly string[]): string {
  return `${JSON.stringify(head).slice(0, -1)},${JSON.stringify(key)}:[${itemsJson.join(',')}]}`;
}
