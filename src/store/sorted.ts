/** Binary search over sorted string arrays (code unit order), shared by the store's indexes and search. */

/** Index of the first element of sorted `values` that is >= `value` (or > `value` when `after`). */
export function lowerBound(values: readonly string[], value: string, after = false): number {
  let lo = 0;
  let hi = values.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (values[mid]! < value || (after && values[mid] === value)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Index of the first element of sorted `values` that is > `value`. */
export function upperBound(values: readonly string[], value: string): number {
  return lowerBound(values, value, true);
}
