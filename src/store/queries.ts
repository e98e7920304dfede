/**
 * The filtered, ordered collection lists behind the Store's list methods.
 * Each starts from its most selective index (a country's parties, the
 * events a year or a participant has, the events that can overlap some
 * dates) and checks the remaining conditions, so a filter costs O(the
 * candidates of that index), not O(the collection).
 */
import type { Indexes } from './indexes.ts';
import { EMPTY, intersect, isFresh, listOf, sortedBy, type KeyList } from './key-lists.ts';
import type { CountryOrderField, Direction, EventOrderField, PartyOrderField, PersonOrderField } from './orderings.ts';
import type { EventRecord } from './records.ts';
import { lowerBound, upperBound } from './sorted.ts';

export interface EventQuery {
  kinds?: readonly string[];
  year?: number;
  from?: string;
  to?: string;
  hostCountry?: string;
  participant?: { type: 'party' | 'organization' | 'person'; key: string };
  order?: { field: EventOrderField; direction: Direction };
}

export interface PartyQuery {
  country?: string;
  /** A region of the country dataset, any letter case. */
  region?: string;
  attended?: string;
  order?: { field: PartyOrderField; direction: Direction };
}

export interface PersonQuery {
  country?: string;
  attended?: string;
  party?: string;
  order?: { field: PersonOrderField; direction: Direction };
}

export interface CountryQuery {
  region?: string;
  participatedIn?: string;
  hasParties?: boolean;
  order?: { field: CountryOrderField; direction: Direction };
}

export interface ParticipationQuery {
  country?: string;
  roles?: readonly string[];
  /** The event's slug. */
  event?: string;
  /** The event's year. */
  year?: number;
}

export function eventList(ix: Indexes, q: EventQuery): KeyList {
  const order = q.order ?? { field: 'START_DATE', direction: 'ASC' };
  const kinds = q.kinds && q.kinds.length > 0 ? new Set(q.kinds) : undefined;
  const dated = q.from !== undefined || q.to !== undefined;
  const participantEvents = q.participant ? (ix.eventsByParticipant[q.participant.type].get(q.participant.key) ?? EMPTY) : undefined;
  const byHost = q.hostCountry !== undefined ? (ix.eventsByHostCountry.get(q.hostCountry) ?? EMPTY) : undefined;
  const byYear = q.year !== undefined ? (ix.eventsByYear.get(q.year) ?? EMPTY) : undefined;
  const ordered = ix.orders.events[order.field];
  const rank = () => ordered.rank(order.direction);
  if (!participantEvents && !byHost && !byYear) {
    if (!kinds && !dated) return listOf(ordered[order.direction]);
    // Kinds alone: a kept list per set of kinds, sorted once per ordering.
    if (!dated) return listOf(sortedBy(eventsOfKinds(ix, kinds!), rank()));
  }
  // Start from the most selective index (a participant's, a host
  // country's or a year's events, the events of the kinds, or those
  // that can overlap the dates), then check the remaining conditions.
  let candidates: readonly string[];
  if (participantEvents || byHost || byYear) {
    candidates = intersect(participantEvents, byHost, byYear);
  } else {
    const window = eventsMaybeIn(ix, q.from, q.to);
    const ofKinds = kinds && eventsOfKinds(ix, kinds);
    candidates = ofKinds && ofKinds.length < window.length ? ofKinds : window;
  }
  const keys = candidates.filter((slug) => {
    const e = ix.events.get(slug)!;
    return (!kinds || kinds.has(e.kind)) && inDateRange(e, q.from, q.to);
  });
  return listOf(sortedBy(keys, rank(), true));
}

/** The events of any of `kinds`, in date order (kept per set of kinds). */
function eventsOfKinds(ix: Indexes, kinds: ReadonlySet<string>): readonly string[] {
  const key = [...kinds].sort().join(' ');
  let list = ix.eventsOfKindSet.get(key);
  if (!list) {
    list = ix.orders.events.START_DATE.ASC.filter((slug) => kinds.has(ix.events.get(slug)!.kind));
    ix.eventsOfKindSet.set(key, list);
  }
  return list;
}

/**
 * Every event that can overlap `from`..`to` (and some that do not): dated
 * events starting in the range or up to the longest event's length before
 * it (two binary searches), and year-only events of the years it touches.
 * Costs O(log n + the events found), not O(all events).
 */
function eventsMaybeIn(ix: Indexes, from?: string, to?: string): string[] {
  const { slugs, starts, longestDays } = ix.datedEvents;
  const first = from === undefined ? 0 : lowerBound(starts, addDays(from, -longestDays));
  const end = to === undefined ? starts.length : upperBound(starts, to);
  const found = slugs.slice(first, Math.max(first, end));
  const fromYear = from === undefined ? -Infinity : Number(from.slice(0, 4));
  const toYear = to === undefined ? Infinity : Number(to.slice(0, 4));
  for (const [year, list] of ix.yearOnlyEvents) if (year >= fromYear && year <= toYear) found.push(...list);
  return found;
}

/**
 * `from`/`to` (inclusive) keep events that overlap the range; an event
 * with no exact date counts as spanning its whole year.
 */
function inDateRange(e: EventRecord, from?: string, to?: string): boolean {
  if (from === undefined && to === undefined) return true;
  const start = e.startDate ?? `${e.year}-01-01`;
  const end = e.endDate ?? e.startDate ?? `${e.year}-12-31`;
  return (from === undefined || end >= from) && (to === undefined || start <= to);
}

/** ISO date `date` plus `days` days. */
function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

export function partyList(ix: Indexes, q: PartyQuery): KeyList {
  const order = q.order ?? { field: 'NAME', direction: 'ASC' };
  const ordered = ix.orders.parties[order.field];
  if (q.country === undefined && q.attended === undefined && q.region === undefined) return listOf(ordered[order.direction]);
  const byCountry = q.country !== undefined ? (ix.partiesByCountry.get(q.country) ?? EMPTY) : undefined;
  const byEvent = q.attended !== undefined ? (ix.partiesByEvent.get(q.attended) ?? EMPTY) : undefined;
  const byRegion = q.region !== undefined ? (ix.partiesByRegion.get(q.region.trim().toLowerCase()) ?? EMPTY) : undefined;
  const keys = intersect(byCountry, byEvent, byRegion);
  return listOf(sortedBy(keys, ordered.rank(order.direction), isFresh(keys, byCountry, byEvent, byRegion)));
}

export function personList(ix: Indexes, q: PersonQuery): KeyList {
  const order = q.order ?? { field: 'NAME', direction: 'ASC' };
  const byCountry = q.country !== undefined ? (ix.peopleByCountry.get(q.country) ?? EMPTY) : undefined;
  const byEvent = q.attended !== undefined ? (ix.peopleByEvent.get(q.attended) ?? EMPTY) : undefined;
  const byParty = q.party !== undefined ? (ix.peopleOfParty.get(q.party) ?? EMPTY) : undefined;
  const ordered = ix.orders.people[order.field];
  if (!byCountry && !byEvent && !byParty) return listOf(ordered[order.direction]);
  const keys = intersect(byCountry, byEvent, byParty);
  return listOf(sortedBy(keys, ordered.rank(order.direction), isFresh(keys, byCountry, byEvent, byParty)));
}

export function countryList(ix: Indexes, q: CountryQuery): KeyList {
  const order = q.order ?? { field: 'NAME', direction: 'ASC' };
  const byRegion = q.region !== undefined ? (ix.countriesByRegion.get(q.region.trim().toLowerCase()) ?? EMPTY) : undefined;
  const byEvent = q.participatedIn !== undefined ? (ix.countriesByEvent.get(q.participatedIn) ?? EMPTY) : undefined;
  const ordered = ix.orders.countries[order.field];
  if (!byRegion && !byEvent && q.hasParties === undefined) {
    return listOf(ordered[order.direction]);
  }
  let keys = byRegion || byEvent ? intersect(byRegion, byEvent) : ordered[order.direction];
  if (q.hasParties !== undefined) {
    keys = keys.filter((code) => ix.partiesByCountry.has(code) === q.hasParties);
  }
  return listOf(sortedBy(keys, ordered.rank(order.direction), isFresh(keys, byRegion, byEvent, ordered[order.direction])));
}

/**
 * The participations in `keys` that meet `q`: one of `q.roles`, counting
 * for `q.country`, at `q.event`, in `q.year`. With no condition, the stored
 * list itself (no copy).
 */
export function filterParticipations(ix: Indexes, keys: readonly string[], q: ParticipationQuery): KeyList {
  const roles = q.roles && q.roles.length > 0 ? new Set(q.roles) : undefined;
  if (!roles && q.country === undefined && q.event === undefined && q.year === undefined) return listOf(keys);
  return listOf(
    keys.filter((id) => {
      const p = ix.participations.get(id)!;
      return (
        (!roles || roles.has(p.role)) &&
        (q.country === undefined || ix.participationCountry.get(id) === q.country) &&
        (q.event === undefined || p.event === q.event) &&
        (q.year === undefined || ix.events.get(p.event)!.year === q.year)
      );
    }),
  );
}
