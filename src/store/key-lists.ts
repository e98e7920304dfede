/**
 * Key lists: the ordered lists of keys the store answers with, and the two
 * operations on its stored lists, intersecting and re-sorting. Both keep
 * what they derive from a stored list (the lists never change), so a
 * repeated request costs O(page) rather than O(list).
 */

/** A read-only ordered list of keys, read by position (a page is a slice). */
export interface KeyList {
  readonly length: number;
  at(index: number): string;
}

export const EMPTY: readonly string[] = Object.freeze([]);

/** A key list over an array. */
export function listOf(keys: readonly string[]): KeyList {
  return { length: keys.length, at: (i) => keys[i]! };
}

/** Membership sets of stored key lists, built on first use and kept. */
const memberSets = new WeakMap<readonly string[], Set<string>>();
function setOf(list: readonly string[]): Set<string> {
  let set = memberSets.get(list);
  if (!set) {
    set = new Set(list);
    memberSets.set(list, set);
  }
  return set;
}

/**
 * Keys present in every given list (undefined lists impose no condition),
 * in the smallest list's order. Costs O(smallest list): the larger lists
 * are probed through their kept membership sets.
 */
export function intersect(...lists: (readonly string[] | undefined)[]): readonly string[] {
  const given = lists.filter((l): l is readonly string[] => l !== undefined);
  if (given.length === 0) return EMPTY;
  given.sort((a, b) => a.length - b.length);
  const [smallest, ...rest] = given;
  if (rest.length === 0) return smallest!;
  const sets = rest.map(setOf);
  return smallest!.filter((key) => sets.every((s) => s.has(key)));
}

/** Sorted copies of stored key lists, per rank map (weak: they go with the store). */
const sortedCopies = new WeakMap<readonly string[], Map<Map<string, number>, readonly string[]>>();

/**
 * `keys` in the order of `rank`. A stored index list (a country's
 * parties, a year's events) is sorted once per ordering and the result
 * kept, so a filtered, ordered page costs O(page) on every later request
 * rather than O(k log k) in the size of the filtered list.
 *
 * A list made for one request (`fresh`: an intersection of two lists, a
 * filtered one) is sorted and not kept: it is never asked for again, and a
 * WeakMap entry per request, keyed by a short-lived list, is not freed by
 * V8's young-generation GC while the map grows (the same trap as the
 * per-request loaders in patches/README.md): 300,000 two-condition party
 * lists kept 2 MB alive per scavenge.
 */
export function sortedBy(keys: readonly string[], rank: Map<string, number>, fresh = false): readonly string[] {
  const byRank = (a: string, b: string) => rank.get(a)! - rank.get(b)!;
  if (fresh) return [...keys].sort(byRank);
  let sorted = sortedCopies.get(keys);
  if (!sorted) {
    sorted = new Map();
    sortedCopies.set(keys, sorted);
  }
  let result = sorted.get(rank);
  if (!result) {
    result = [...keys].sort(byRank);
    sorted.set(rank, result);
  }
  return result;
}

/** Whether `keys` (what `intersect` gave for `lists`) was made for this request rather than being one of the stored lists. */
export function isFresh(keys: readonly string[], ...lists: (readonly string[] | undefined)[]): boolean {
  return keys !== EMPTY && !lists.includes(keys);
}
