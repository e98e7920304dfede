/**
 * Event lists filtered by kind and dates start from an index (the kept list
 * of the kinds, or the events that can overlap the dates) rather than
 * scanning every event: checked against a plain scan of the whole ordering
 * for random filters, on the curated data and on a 10x synthetic dataset.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { syntheticFixtures, writeFixtures } from '../scripts/synthetic-fixtures.ts';
import { EVENT_KINDS } from '../src/store/records.ts';
import { createStore } from '../src/store/index.ts';
import type { EventQuery, Store } from '../src/store/store.ts';

const dir = mkdtempSync(join(tmpdir(), 'summit-x10-'));
writeFixtures(syntheticFixtures(10), dir);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The answer by scanning: every event in the requested order, kept when it meets every condition. */
function scan(store: Store, q: EventQuery): string[] {
  const all = store.eventList({ order: q.order });
  const keys = Array.from({ length: all.length }, (_, i) => all.at(i));
  return keys.filter((slug) => {
    const e = store.events.get(slug)!;
    const start = e.startDate ?? `${e.year}-01-01`;
    const end = e.endDate ?? e.startDate ?? `${e.year}-12-31`;
    return (
      (!q.kinds?.length || q.kinds.includes(e.kind)) &&
      (q.year === undefined || e.year === q.year) &&
      (q.hostCountry === undefined || e.hostCountry === q.hostCountry) &&
      (q.from === undefined || end >= q.from) &&
      (q.to === undefined || start <= q.to)
    );
  });
}

const day = fc.integer({ min: Date.UTC(2013, 0, 1), max: Date.UTC(2025, 11, 31) }).map((t) => new Date(t - (t % 86_400_000)).toISOString().slice(0, 10));
const query = fc.record(
  {
    kinds: fc.subarray([...EVENT_KINDS]),
    from: fc.option(day, { nil: undefined }),
    to: fc.option(day, { nil: undefined }),
    year: fc.option(fc.constantFrom(2014, 2017, 2021, 2023), { nil: undefined }),
    hostCountry: fc.option(fc.constantFrom('CHN', 'RUS', 'NPL'), { nil: undefined }),
    order: fc.record({ field: fc.constantFrom('START_DATE' as const, 'NAME' as const), direction: fc.constantFrom('ASC' as const, 'DESC' as const) }),
  },
  { requiredKeys: ['order'] },
);

describe('event lists filtered by kind and dates', () => {
  for (const [name, store] of [
    ['curated data', createStore()],
    ['10x synthetic data', createStore(dir)],
  ] as const) {
    it(`answer as a scan of every event would, on the ${name}`, () => {
      fc.assert(
        fc.property(query, (q) => {
          const list = store.eventList(q);
          expect(Array.from({ length: list.length }, (_, i) => list.at(i))).toEqual(scan(store, q));
        }),
        { seed: 20210706, numRuns: 400 },
      );
    });
  }

  it('finds a multi-day event from a day inside it, and year-only events from any day of their year', () => {
    const store = createStore();
    const inside = (d: string) => {
      const list = store.eventList({ from: d, to: d });
      return Array.from({ length: list.length }, (_, i) => list.at(i));
    };
    const multiDay = [...store.events.values()].find((e) => e.startDate && e.endDate && e.endDate > e.startDate)!;
    const dayAfterStart = new Date(Date.parse(`${multiDay.startDate}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    expect(inside(multiDay.endDate!)).toContain(multiDay.slug);
    expect(inside(dayAfterStart)).toContain(multiDay.slug);
    const yearOnly = [...store.events.values()].find((e) => !e.startDate)!;
    expect(inside(`${yearOnly.year}-06-15`)).toContain(yearOnly.slug);
    expect(inside(`${yearOnly.year + 1}-06-15`)).not.toContain(yearOnly.slug);
  });
});
