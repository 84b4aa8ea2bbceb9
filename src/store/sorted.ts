/** First index in a sorted array whose element is not "before" the probe (lower bound). */
export function lowerBound<T>(items: readonly T[], isBefore: (item: T) => boolean): number {
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (isBefore(items[mid] as T)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
