/**
 * Key lists (src/store/key-lists.ts): sorted copies are kept for stored
 * index lists only. A list made for one request is sorted and dropped: a
 * WeakMap entry per request, keyed by a short-lived list, is kept alive by
 * V8's young-generation GC while the map grows.
 */
import { describe, expect, it } from 'vitest';
import { EMPTY, intersect, isFresh, sortedBy } from '../src/store/key-lists.ts';
import { store } from './helpers.ts';

const rank = new Map([
  ['a', 3],
  ['b', 1],
  ['c', 2],
  ['d', 0],
]);

describe('sortedBy', () => {
  it('keeps the sorted copy of a stored list, and sorts a fresh one without keeping it', () => {
    const stored = Object.freeze(['a', 'b', 'c']);
    expect(sortedBy(stored, rank)).toEqual(['b', 'c', 'a']);
    expect(sortedBy(stored, rank)).toBe(sortedBy(stored, rank));
    const fresh = ['c', 'a', 'd'];
    const first = sortedBy(fresh, rank, true);
    expect(first).toEqual(['d', 'c', 'a']);
    expect(sortedBy(fresh, rank, true)).not.toBe(first);
    expect(fresh).toEqual(['c', 'a', 'd']); // the caller's list is left as it was
  });
});

describe('isFresh', () => {
  it('tells an intersection made for the request from one of the stored lists it was given', () => {
    const one = ['a', 'b', 'c'];
    const two = ['b', 'c', 'd'];
    expect(isFresh(intersect(one, undefined), one, undefined)).toBe(false);
    expect(isFresh(intersect(one, two), one, two)).toBe(true);
    expect(isFresh(intersect(undefined, undefined), undefined, undefined)).toBe(false);
    expect(isFresh(EMPTY, one)).toBe(false);
  });
});

describe('filtered lists of the store', () => {
  it('are in the same order whether one condition (a kept list) or two (a fresh one) made them', () => {
    const event = 'cpc-and-world-political-parties-summit-2021';
    const keysOf = (list: { length: number; at(i: number): string }) => Array.from({ length: list.length }, (_, i) => list.at(i));
    for (const direction of ['ASC', 'DESC'] as const) {
      const order = { field: 'NAME' as const, direction };
      const attended = new Set(keysOf(store.partyList({ attended: event })));
      const regionOnly = keysOf(store.partyList({ region: 'asia', order }));
      const both = keysOf(store.partyList({ region: 'asia', attended: event, order }));
      expect(both.length, direction).toBeGreaterThan(1);
      expect(both, direction).toEqual(regionOnly.filter((key) => attended.has(key)));
      expect(keysOf(store.partyList({ region: 'asia', attended: event, order })), direction).toEqual(both);
    }
  });
});
