/**
 * Orderings: the sort orders a collection can be listed in, each computed
 * once at load in both directions, and the helpers that build them.
 */
import { compareNames } from './text.ts';

export type Direction = 'ASC' | 'DESC';
export type EventOrderField = 'START_DATE' | 'NAME';
export type PartyOrderField = 'NAME' | 'COUNTRY' | 'PARTICIPATION_COUNT';
export type PersonOrderField = 'NAME';
export type CountryOrderField = 'NAME' | 'CODE' | 'PARTY_COUNT';

/**
 * One ordering in both directions, and each key's rank for sorting
 * subsets. Built from keys sorted ascending by `primary` (ties in name
 * order). Descending reverses the primary key but keeps ties in name
 * order, so "most participations first" lists equal counts A to Z. A rank
 * map is built on first use: most orderings never sort a filtered subset.
 */
export class Ordering {
  readonly DESC: readonly string[];
  private readonly ranks: { ASC?: Map<string, number>; DESC?: Map<string, number> } = {};

  readonly ASC: readonly string[];

  constructor(ASC: readonly string[], primary: (key: string) => unknown) {
    this.ASC = ASC;
    // Runs of equal primary values, last run first, each run in its own order.
    const values = ASC.map(primary);
    const desc: string[] = new Array(ASC.length);
    let out = 0;
    for (let end = ASC.length; end > 0;) {
      let start = end - 1;
      while (start > 0 && values[start - 1] === values[end - 1]) start--;
      for (let i = start; i < end; i++) desc[out++] = ASC[i]!;
      end = start;
    }
    this.DESC = desc;
  }

  rank(direction: Direction): Map<string, number> {
    return (this.ranks[direction] ??= rankOf(this[direction]));
  }
}

/** Rank of each key in an ordering, for sorting subsets in O(k log k). */
export function rankOf(keys: readonly string[]): Map<string, number> {
  return new Map(keys.map((key, index) => [key, index]));
}

/** The slugs of `records` in name order (letter case and accents ignored; ties by slug). */
export function byName<T extends { name: string; slug: string }>(records: Iterable<T>): string[] {
  return [...records].sort((a, b) => compareNames(a.name, b.name) || (a.slug < b.slug ? -1 : 1)).map((r) => r.slug);
}

/**
 * `records` sorted by the numbers `first` (then `second`) gives each, stably.
 * The numbers are computed once per record rather than in every comparison.
 */
export function byRankOf<T>(records: readonly T[], first: (record: T) => number, second: (record: T) => number = () => 0): T[] {
  const a = Float64Array.from(records, first);
  const b = Float64Array.from(records, second);
  const order = Array.from(records, (_, i) => i);
  order.sort((i, j) => a[i]! - a[j]! || b[i]! - b[j]! || i - j);
  return order.map((i) => records[i]!);
}
