/**
 * The in-memory store: validated fixture records, indexed once at start-up.
 *
 * Every lookup is O(1) or O(answer): records by key, reverse indexes for
 * every relationship, and each ordering of each collection pre-sorted, so a
 * connection page costs O(page) and a filter costs O(candidates of its most
 * selective index). The store is immutable after construction and shared
 * by all requests; it knows nothing of GraphQL.
 */
import { COUNTRIES, countryByCode, type CountryRecord } from './countries.js';
import type {
  EventRecord,
  Fixtures,
  OrganizationRecord,
  ParticipationRecord,
  PartyRecord,
  PersonRecord,
  PositionRecord,
  SourceRecord,
  SpeechRecord,
} from './records.js';
import { SearchIndex, type SearchHit, type SearchKind } from './search.js';
import { lowerBound, upperBound } from './sorted.js';
import { compareNames } from './text.js';

export type { CountryRecord };
export type { SearchHit, SearchKind };

/** A read-only ordered list of keys, read by position (a page is a slice). */
export interface KeyList {
  readonly length: number;
  at(index: number): string;
}

export type Direction = 'ASC' | 'DESC';
export type EventOrderField = 'START_DATE' | 'NAME';
export type PartyOrderField = 'NAME' | 'COUNTRY' | 'PARTICIPATION_COUNT';
export type PersonOrderField = 'NAME';
export type CountryOrderField = 'NAME' | 'CODE' | 'PARTY_COUNT';

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
}

const EMPTY: readonly string[] = Object.freeze([]);

/** A key list over an array. */
function listOf(keys: readonly string[]): KeyList {
  return { length: keys.length, at: (i) => keys[i]! };
}

/**
 * One ordering in both directions, and each key's rank for sorting
 * subsets. Built from keys sorted ascending by `primary` (ties in name
 * order). Descending reverses the primary key but keeps ties in name
 * order, so "most participations first" lists equal counts A to Z. A rank
 * map is built on first use: most orderings never sort a filtered subset.
 */
class Ordering {
  readonly DESC: readonly string[];
  private readonly ranks: { ASC?: Map<string, number>; DESC?: Map<string, number> } = {};

  constructor(
    readonly ASC: readonly string[],
    primary: (key: string) => unknown,
  ) {
    // Runs of equal primary values, last run first, each run in its own order.
    const values = ASC.map(primary);
    const desc: string[] = new Array(ASC.length);
    let out = 0;
    for (let end = ASC.length; end > 0; ) {
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
function rankOf(keys: readonly string[]): Map<string, number> {
  return new Map(keys.map((key, index) => [key, index]));
}

/**
 * `records` sorted by the numbers `first` (then `second`) gives each, stably.
 * The numbers are computed once per record rather than in every comparison.
 */
function byRankOf<T>(records: readonly T[], first: (record: T) => number, second: (record: T) => number = () => 0): T[] {
  const a = Float64Array.from(records, first);
  const b = Float64Array.from(records, second);
  const order = Array.from(records, (_, i) => i);
  order.sort((i, j) => a[i]! - a[j]! || b[i]! - b[j]! || i - j);
  return order.map((i) => records[i]!);
}

function push<K, V>(index: Map<K, V[]>, key: K | undefined, value: V): void {
  if (key === undefined) return;
  const list = index.get(key);
  if (list) list.push(value);
  else index.set(key, [value]);
}

function addUnique<K>(index: Map<K, string[]>, key: K | undefined, value: string): void {
  if (key === undefined) return;
  const list = index.get(key);
  if (!list) index.set(key, [value]);
  else if (!list.includes(value)) list.push(value);
}

/** How long each step of loading took, in milliseconds, and how many records were loaded. */
export interface LoadStats {
  records: number;
  /** Reading and parsing the JSON files. */
  readMs: number;
  /** Validating records and references. */
  validateMs: number;
  /** Building the maps, orderings and reverse indexes. */
  indexMs: number;
  /** Building the full-text index from the indexed records. */
  searchMs: number;
}

export class Store {
  readonly sources = new Map<string, SourceRecord>();
  readonly events = new Map<string, EventRecord>();
  readonly parties = new Map<string, PartyRecord>();
  readonly organizations = new Map<string, OrganizationRecord>();
  readonly people = new Map<string, PersonRecord>();
  readonly countries = new Map<string, CountryRecord>();
  readonly participations = new Map<string, ParticipationRecord>();
  readonly speeches = new Map<string, SpeechRecord>();

  /** Each ordering of each collection, both directions, computed once. */
  private readonly orders: {
    events: Record<EventOrderField, Ordering>;
    parties: Record<PartyOrderField, Ordering>;
    people: Record<PersonOrderField, Ordering>;
    countries: Record<CountryOrderField, Ordering>;
    organizations: readonly string[];
    sources: readonly string[];
  };

  /** Reverse indexes, each list in its default order. */
  private readonly participationsByEvent = new Map<string, string[]>();
  private readonly participationsByParty = new Map<string, string[]>();
  private readonly participationsByOrganization = new Map<string, string[]>();
  private readonly participationsByPerson = new Map<string, string[]>();
  private readonly participationsByCountry = new Map<string, string[]>();
  private readonly participationCountry = new Map<string, string>();
  private readonly speechesByEvent = new Map<string, string[]>();
  private readonly speechesByPerson = new Map<string, string[]>();
  private readonly speechesByParty = new Map<string, string[]>();
  private readonly positionsByPerson = new Map<string, PositionRecord[]>();
  private readonly positionsByParty = new Map<string, PositionRecord[]>();
  private readonly positionsByOrganization = new Map<string, PositionRecord[]>();
  private readonly positionsByCountry = new Map<string, PositionRecord[]>();
  private readonly partiesByCountry = new Map<string, string[]>();
  private readonly peopleByCountry = new Map<string, string[]>();
  private readonly partiesOfPerson = new Map<string, string[]>();
  private readonly peopleOfParty = new Map<string, string[]>();
  private readonly eventsByHostCountry = new Map<string, string[]>();
  private readonly eventsByOrganizer = new Map<string, string[]>();
  private readonly eventsByYear = new Map<number, string[]>();
  /** Events with an exact start date, by start date, with those dates; the longest any lasts, in days. */
  private readonly datedEvents: { slugs: string[]; starts: string[]; longestDays: number } = { slugs: [], starts: [], longestDays: 0 };
  /** Events with only a year (they count as spanning it), by year. */
  private readonly yearOnlyEvents = new Map<number, string[]>();
  /** Events of each set of kinds, in date order, built on first use (at most one per subset of the kinds). */
  private readonly eventsOfKindSet = new Map<string, readonly string[]>();
  /** Events each party, organization and person took part in (participation or speech). */
  private readonly eventsByParticipant = {
    party: new Map<string, string[]>(),
    organization: new Map<string, string[]>(),
    person: new Map<string, string[]>(),
  };
  private readonly partiesByEvent = new Map<string, string[]>();
  private readonly peopleByEvent = new Map<string, string[]>();
  private readonly countriesByEvent = new Map<string, string[]>();
  private readonly countriesByRegion = new Map<string, string[]>();

  /** Full-text index over this store's own records (never over files), so every hit is a key of the store. */
  private readonly searchIndex: SearchIndex;

  /** Timings of this store's loading (read and validate are 0 when the fixtures were given already validated). */
  readonly loadStats: LoadStats;

  /** Indexes validated `fixtures`, then builds the full-text index from the indexed records. */
  constructor(
    readonly fixtures: Fixtures,
    loading: { readMs: number; validateMs: number } = { readMs: 0, validateMs: 0 },
  ) {
    const started = performance.now();
    for (const r of fixtures.sources) this.sources.set(r.slug, r);
    for (const r of fixtures.events) this.events.set(r.slug, r);
    for (const r of fixtures.parties) this.parties.set(r.slug, r);
    for (const r of fixtures.organizations) this.organizations.set(r.slug, r);
    for (const r of fixtures.people) this.people.set(r.slug, r);
    for (const r of COUNTRIES) this.countries.set(r.code, r);

    // Orderings. Each is computed once; DESC reads the ASC array backwards.
    const byName = <T extends { name: string; slug: string }>(records: Iterable<T>) =>
      [...records].sort((a, b) => compareNames(a.name, b.name) || (a.slug < b.slug ? -1 : 1)).map((r) => r.slug);
    const eventDateKey = (e: EventRecord) => e.startDate ?? `${e.year}-99`;
    const eventsByName = byName(this.events.values());
    const eventNameRank = rankOf(eventsByName);
    const eventsByDate = [...this.events.values()]
      .sort((a, b) => {
        const ka = eventDateKey(a);
        const kb = eventDateKey(b);
        return ka < kb ? -1 : ka > kb ? 1 : eventNameRank.get(a.slug)! - eventNameRank.get(b.slug)!;
      })
      .map((e) => e.slug);

    // Participations, in fixture order within each owner, events by date.
    const eventDateRank = rankOf(eventsByDate);
    const participations = byRankOf(fixtures.participations, (p) => eventDateRank.get(p.event)!);
    for (const p of participations) {
      this.participations.set(p.id, p);
      push(this.participationsByEvent, p.event, p.id);
      push(this.participationsByParty, p.party, p.id);
      push(this.participationsByOrganization, p.organization, p.id);
      const country = this.participantCountry(p);
      if (country) {
        this.participationCountry.set(p.id, country);
        push(this.participationsByCountry, country, p.id);
        addUnique(this.countriesByEvent, p.event, country);
      }
      for (const person of new Set(p.delegates)) {
        push(this.participationsByPerson, person, p.id);
        addUnique(this.peopleByEvent, p.event, person);
        addUnique(this.eventsByParticipant.person, person, p.event);
      }
      if (p.party) {
        addUnique(this.partiesByEvent, p.event, p.party);
        addUnique(this.eventsByParticipant.party, p.party, p.event);
      }
      if (p.organization) addUnique(this.eventsByParticipant.organization, p.organization, p.event);
    }

    // Speeches: by event in programme order (unnumbered after, in fixture order).
    const speeches = byRankOf(fixtures.speeches, (s) => eventDateRank.get(s.event)!, (s) => s.order ?? Number.MAX_SAFE_INTEGER);
    for (const s of speeches) {
      this.speeches.set(s.id, s);
      push(this.speechesByEvent, s.event, s.id);
      push(this.speechesByPerson, s.speaker, s.id);
      push(this.speechesByParty, s.party, s.id);
      addUnique(this.peopleByEvent, s.event, s.speaker);
      addUnique(this.eventsByParticipant.person, s.speaker, s.event);
      const speaker = this.people.get(s.speaker);
      const country = (s.party && this.parties.get(s.party)?.country) ?? speaker?.country;
      if (country) addUnique(this.countriesByEvent, s.event, country);
      if (s.party) {
        addUnique(this.partiesByEvent, s.event, s.party);
        addUnique(this.eventsByParticipant.party, s.party, s.event);
      }
    }

    for (const pos of fixtures.positions) {
      push(this.positionsByPerson, pos.person, pos);
      push(this.positionsByParty, pos.party, pos);
      push(this.positionsByOrganization, pos.organization, pos);
      push(this.positionsByCountry, pos.country, pos);
      if (pos.party) {
        addUnique(this.partiesOfPerson, pos.person, pos.party);
        addUnique(this.peopleOfParty, pos.party, pos.person);
      }
    }

    const partiesByName = byName(this.parties.values());
    const peopleByName = byName(this.people.values());
    for (const slug of partiesByName) push(this.partiesByCountry, this.parties.get(slug)!.country, slug);
    for (const slug of peopleByName) push(this.peopleByCountry, this.people.get(slug)!.country, slug);
    for (const slug of eventsByDate) {
      const e = this.events.get(slug)!;
      push(this.eventsByHostCountry, e.hostCountry, slug);
      push(this.eventsByYear, e.year, slug);
      for (const org of e.organizers) push(this.eventsByOrganizer, org, slug);
      if (e.startDate) {
        // eventsByDate lists dated events by start date (undated ones of a year after them).
        this.datedEvents.slugs.push(slug);
        this.datedEvents.starts.push(e.startDate);
        this.datedEvents.longestDays = Math.max(this.datedEvents.longestDays, daysBetween(e.startDate, e.endDate ?? e.startDate));
      } else {
        push(this.yearOnlyEvents, e.year, slug);
      }
    }
    // Reverse indexes filled in participation order are re-sorted to their default order.
    const partyNameRank = rankOf(partiesByName);
    const personNameRank = rankOf(peopleByName);
    for (const list of this.partiesByEvent.values()) list.sort((a, b) => partyNameRank.get(a)! - partyNameRank.get(b)!);
    for (const list of this.peopleByEvent.values()) list.sort((a, b) => personNameRank.get(a)! - personNameRank.get(b)!);
    for (const list of this.partiesOfPerson.values()) list.sort((a, b) => partyNameRank.get(a)! - partyNameRank.get(b)!);
    for (const byParticipant of Object.values(this.eventsByParticipant)) {
      for (const list of byParticipant.values()) list.sort((a, b) => eventDateRank.get(a)! - eventDateRank.get(b)!);
    }

    const countriesByName = byName(
      [...this.countries.values()].map((c) => ({ name: c.name, slug: c.code })),
    );
    const countryNameRank = rankOf(countriesByName);
    for (const list of this.countriesByEvent.values()) list.sort((a, b) => countryNameRank.get(a)! - countryNameRank.get(b)!);
    for (const code of countriesByName) push(this.countriesByRegion, this.countries.get(code)!.region.toLowerCase(), code);

    const participationCount = (slug: string) => this.participationsByParty.get(slug)?.length ?? 0;
    const partyCount = (code: string) => this.partiesByCountry.get(code)?.length ?? 0;
    const partyCountryRank = (slug: string) => {
      const country = this.parties.get(slug)!.country;
      return country ? countryNameRank.get(country)! : Number.MAX_SAFE_INTEGER; // no country: last
    };
    const byKey = (keys: readonly string[], key: (k: string) => number) =>
      [...keys].sort((a, b) => key(a) - key(b)); // stable: ties keep the (name) order of `keys`
    const unique = (k: string) => k;
    const eventDay = (slug: string) => eventDateKey(this.events.get(slug)!);
    this.orders = {
      events: {
        START_DATE: new Ordering(eventsByDate, eventDay),
        NAME: new Ordering(eventsByName, unique),
      },
      parties: {
        NAME: new Ordering(partiesByName, unique),
        COUNTRY: new Ordering(byKey(partiesByName, partyCountryRank), partyCountryRank),
        PARTICIPATION_COUNT: new Ordering(byKey(partiesByName, participationCount), participationCount),
      },
      people: { NAME: new Ordering(peopleByName, unique) },
      countries: {
        NAME: new Ordering(countriesByName, unique),
        CODE: new Ordering([...this.countries.keys()].sort(), unique),
        PARTY_COUNT: new Ordering(byKey(countriesByName, partyCount), partyCount),
      },
      organizations: byName(this.organizations.values()),
      sources: [...this.sources.values()]
        .sort((a, b) => compareNames(a.title, b.title) || (a.slug < b.slug ? -1 : 1))
        .map((s) => s.slug),
    };

    const indexed = performance.now();
    this.searchIndex = new SearchIndex({
      events: this.events.values(),
      parties: this.parties.values(),
      people: this.people.values(),
      organizations: this.organizations.values(),
      countries: this.countries.values(),
      sources: this.sources.values(),
    });
    this.loadStats = {
      records: Object.values(fixtures).reduce((sum, records: readonly unknown[]) => sum + records.length, 0),
      ...loading,
      indexMs: indexed - started,
      searchMs: performance.now() - indexed,
    };
  }

  /** The country a participation counts for: its party's, organization's or first delegate's. */
  private participantCountry(p: ParticipationRecord): string | undefined {
    if (p.party) return this.parties.get(p.party)?.country;
    if (p.organization) return this.organizations.get(p.organization)?.country;
    for (const person of p.delegates) {
      const country = this.people.get(person)?.country;
      if (country) return country;
    }
    return undefined;
  }

  // ------------------------------------------------------------ batch loads

  getSources(keys: readonly string[]) {
    return keys.map((k) => this.sources.get(k));
  }
  getEvents(keys: readonly string[]) {
    return keys.map((k) => this.events.get(k));
  }
  getParties(keys: readonly string[]) {
    return keys.map((k) => this.parties.get(k));
  }
  getOrganizations(keys: readonly string[]) {
    return keys.map((k) => this.organizations.get(k));
  }
  getPeople(keys: readonly string[]) {
    return keys.map((k) => this.people.get(k));
  }
  getCountries(keys: readonly string[]) {
    return keys.map((k) => this.countries.get(k));
  }
  getParticipations(keys: readonly string[]) {
    return keys.map((k) => this.participations.get(k));
  }
  getSpeeches(keys: readonly string[]) {
    return keys.map((k) => this.speeches.get(k));
  }

  /** Resolves an ISO alpha-2 or alpha-3 code in any case to the alpha-3 key. */
  countryCode(code: string): string | undefined {
    return countryByCode(code)?.code;
  }

  // ------------------------------------------------------------ collections

  eventList(q: EventQuery = {}): KeyList {
    const order = q.order ?? { field: 'START_DATE', direction: 'ASC' };
    const kinds = q.kinds && q.kinds.length > 0 ? new Set(q.kinds) : undefined;
    const dated = q.from !== undefined || q.to !== undefined;
    const participantEvents = q.participant
      ? (this.eventsByParticipant[q.participant.type].get(q.participant.key) ?? EMPTY)
      : undefined;
    const byHost = q.hostCountry !== undefined ? (this.eventsByHostCountry.get(q.hostCountry) ?? EMPTY) : undefined;
    const byYear = q.year !== undefined ? (this.eventsByYear.get(q.year) ?? EMPTY) : undefined;
    const ordered = this.orders.events[order.field];
    const rank = () => ordered.rank(order.direction);
    if (!participantEvents && !byHost && !byYear) {
      if (!kinds && !dated) return listOf(ordered[order.direction]);
      // Kinds alone: a kept list per set of kinds, sorted once per ordering.
      if (!dated) return listOf(this.sortBy(this.eventsOfKinds(kinds!), rank()));
    }
    // Start from the most selective index (a participant's, a host
    // country's or a year's events, the events of the kinds, or those
    // that can overlap the dates), then check the remaining conditions.
    let candidates: readonly string[];
    if (participantEvents || byHost || byYear) {
      candidates = intersect(participantEvents, byHost, byYear);
    } else {
      const window = this.eventsMaybeIn(q.from, q.to);
      const ofKinds = kinds && this.eventsOfKinds(kinds);
      candidates = ofKinds && ofKinds.length < window.length ? ofKinds : window;
    }
    const keys = candidates.filter((slug) => {
      const e = this.events.get(slug)!;
      return (!kinds || kinds.has(e.kind)) && this.inDateRange(e, q.from, q.to);
    });
    return listOf(this.sortBy(keys, rank()));
  }

  /** The events of any of `kinds`, in date order (kept per set of kinds). */
  private eventsOfKinds(kinds: ReadonlySet<string>): readonly string[] {
    const key = [...kinds].sort().join(' ');
    let list = this.eventsOfKindSet.get(key);
    if (!list) {
      list = this.orders.events.START_DATE.ASC.filter((slug) => kinds.has(this.events.get(slug)!.kind));
      this.eventsOfKindSet.set(key, list);
    }
    return list;
  }

  /**
   * Every event that can overlap `from`..`to` (and some that do not): dated
   * events starting in the range or up to the longest event's length before
   * it (two binary searches), and year-only events of the years it touches.
   * Costs O(log n + the events found), not O(all events).
   */
  private eventsMaybeIn(from?: string, to?: string): string[] {
    const { slugs, starts, longestDays } = this.datedEvents;
    const first = from === undefined ? 0 : lowerBound(starts, addDays(from, -longestDays));
    const end = to === undefined ? starts.length : upperBound(starts, to);
    const found = slugs.slice(first, Math.max(first, end));
    const fromYear = from === undefined ? -Infinity : Number(from.slice(0, 4));
    const toYear = to === undefined ? Infinity : Number(to.slice(0, 4));
    for (const [year, list] of this.yearOnlyEvents) if (year >= fromYear && year <= toYear) found.push(...list);
    return found;
  }

  /**
   * `from`/`to` (inclusive) keep events that overlap the range; an event
   * with no exact date counts as spanning its whole year.
   */
  private inDateRange(e: EventRecord, from?: string, to?: string): boolean {
    if (from === undefined && to === undefined) return true;
    const start = e.startDate ?? `${e.year}-01-01`;
    const end = e.endDate ?? e.startDate ?? `${e.year}-12-31`;
    return (from === undefined || end >= from) && (to === undefined || start <= to);
  }

  partyList(q: PartyQuery = {}): KeyList {
    const order = q.order ?? { field: 'NAME', direction: 'ASC' };
    const ordered = this.orders.parties[order.field];
    if (q.country === undefined && q.attended === undefined) return listOf(ordered[order.direction]);
    const byCountry = q.country !== undefined ? (this.partiesByCountry.get(q.country) ?? EMPTY) : undefined;
    const byEvent = q.attended !== undefined ? (this.partiesByEvent.get(q.attended) ?? EMPTY) : undefined;
    const keys = intersect(byCountry, byEvent);
    return listOf(this.sortBy(keys, ordered.rank(order.direction)));
  }

  personList(q: PersonQuery = {}): KeyList {
    const order = q.order ?? { field: 'NAME', direction: 'ASC' };
    const byCountry = q.country !== undefined ? (this.peopleByCountry.get(q.country) ?? EMPTY) : undefined;
    const byEvent = q.attended !== undefined ? (this.peopleByEvent.get(q.attended) ?? EMPTY) : undefined;
    const byParty = q.party !== undefined ? (this.peopleOfParty.get(q.party) ?? EMPTY) : undefined;
    const ordered = this.orders.people[order.field];
    if (!byCountry && !byEvent && !byParty) return listOf(ordered[order.direction]);
    const keys = intersect(byCountry, byEvent, byParty);
    return listOf(this.sortBy(keys, ordered.rank(order.direction)));
  }

  countryList(q: CountryQuery = {}): KeyList {
    const order = q.order ?? { field: 'NAME', direction: 'ASC' };
    const byRegion = q.region !== undefined ? (this.countriesByRegion.get(q.region.trim().toLowerCase()) ?? EMPTY) : undefined;
    const byEvent = q.participatedIn !== undefined ? (this.countriesByEvent.get(q.participatedIn) ?? EMPTY) : undefined;
    const ordered = this.orders.countries[order.field];
    if (!byRegion && !byEvent && q.hasParties === undefined) {
      return listOf(ordered[order.direction]);
    }
    let keys = byRegion || byEvent ? intersect(byRegion, byEvent) : ordered[order.direction];
    if (q.hasParties !== undefined) {
      keys = keys.filter((code) => this.partiesByCountry.has(code) === q.hasParties);
    }
    return listOf(this.sortBy(keys, ordered.rank(order.direction)));
  }

  organizationList(): KeyList {
    return listOf(this.orders.organizations);
  }

  sourceList(): KeyList {
    return listOf(this.orders.sources);
  }

  /** The regions of the country dataset, for error messages. */
  regions(): string[] {
    return [...new Set([...this.countries.values()].map((c) => c.region))].sort();
  }

  // ------------------------------------------------------------ relationships

  participationsOfEvent(slug: string, q: ParticipationQuery = {}): KeyList {
    return listOf(this.filterParticipations(this.participationsByEvent.get(slug) ?? EMPTY, q));
  }
  participationsOfParty(slug: string): KeyList {
    return listOf(this.participationsByParty.get(slug) ?? EMPTY);
  }
  participationsOfOrganization(slug: string): KeyList {
    return listOf(this.participationsByOrganization.get(slug) ?? EMPTY);
  }
  participationsOfPerson(slug: string): KeyList {
    return listOf(this.participationsByPerson.get(slug) ?? EMPTY);
  }
  participationsOfCountry(code: string): KeyList {
    return listOf(this.participationsByCountry.get(code) ?? EMPTY);
  }

  private filterParticipations(keys: readonly string[], q: ParticipationQuery): readonly string[] {
    const roles = q.roles && q.roles.length > 0 ? new Set(q.roles) : undefined;
    if (!roles && q.country === undefined) return keys;
    return keys.filter(
      (id) =>
        (!roles || roles.has(this.participations.get(id)!.role)) &&
        (q.country === undefined || this.participationCountry.get(id) === q.country),
    );
  }

  speechesOfEvent(slug: string): KeyList {
    return listOf(this.speechesByEvent.get(slug) ?? EMPTY);
  }
  speechesOfPerson(slug: string): KeyList {
    return listOf(this.speechesByPerson.get(slug) ?? EMPTY);
  }
  speechesOfParty(slug: string): KeyList {
    return listOf(this.speechesByParty.get(slug) ?? EMPTY);
  }

  positionsOfPerson(slug: string): readonly PositionRecord[] {
    return this.positionsByPerson.get(slug) ?? [];
  }
  positionsOfParty(slug: string): readonly PositionRecord[] {
    return this.positionsByParty.get(slug) ?? [];
  }
  positionsOfOrganization(slug: string): readonly PositionRecord[] {
    return this.positionsByOrganization.get(slug) ?? [];
  }
  positionsOfCountry(code: string): readonly PositionRecord[] {
    return this.positionsByCountry.get(code) ?? [];
  }

  partiesOfPersonList(slug: string): readonly string[] {
    return this.partiesOfPerson.get(slug) ?? EMPTY;
  }
  partiesOfCountry(code: string): KeyList {
    return listOf(this.partiesByCountry.get(code) ?? EMPTY);
  }
  peopleOfCountry(code: string): KeyList {
    return listOf(this.peopleByCountry.get(code) ?? EMPTY);
  }
  eventsHostedBy(code: string): KeyList {
    return listOf(this.eventsByHostCountry.get(code) ?? EMPTY);
  }
  eventsOrganizedBy(slug: string): KeyList {
    return listOf(this.eventsByOrganizer.get(slug) ?? EMPTY);
  }

  // ------------------------------------------------------------ relationship batches
  // Each answers one relationship for many owners in one call (in the order
  // of `keys`), so a nested connection costs one store call per tree level
  // (see src/schema/relations.ts).

  participationsOfEvents(keys: readonly string[], q: ParticipationQuery = {}): KeyList[] {
    return keys.map((key) => this.participationsOfEvent(key, q));
  }
  speechesOfEvents(keys: readonly string[]): KeyList[] {
    return keys.map((key) => this.speechesOfEvent(key));
  }
  participationsOfParties(keys: readonly string[]): KeyList[] {
    return keys.map((key) => this.participationsOfParty(key));
  }
  speechesOfParties(keys: readonly string[]): KeyList[] {
    return keys.map((key) => this.speechesOfParty(key));
  }
  positionsOfParties(keys: readonly string[]): (readonly PositionRecord[])[] {
    return keys.map((key) => this.positionsOfParty(key));
  }
  participationsOfPeople(keys: readonly string[]): KeyList[] {
    return keys.map((key) => this.participationsOfPerson(key));
  }
  speechesOfPeople(keys: readonly string[]): KeyList[] {
    return keys.map((key) => this.speechesOfPerson(key));
  }
  positionsOfPeople(keys: readonly string[]): (readonly PositionRecord[])[] {
    return keys.map((key) => this.positionsOfPerson(key));
  }
  partiesOfPeopleLists(keys: readonly string[]): (readonly string[])[] {
    return keys.map((key) => this.partiesOfPersonList(key));
  }
  participationsOfOrganizations(keys: readonly string[]): KeyList[] {
    return keys.map((key) => this.participationsOfOrganization(key));
  }
  positionsOfOrganizations(keys: readonly string[]): (readonly PositionRecord[])[] {
    return keys.map((key) => this.positionsOfOrganization(key));
  }
  eventsOrganizedByEach(keys: readonly string[]): KeyList[] {
    return keys.map((key) => this.eventsOrganizedBy(key));
  }
  participationsOfCountries(keys: readonly string[]): KeyList[] {
    return keys.map((key) => this.participationsOfCountry(key));
  }
  positionsOfCountries(keys: readonly string[]): (readonly PositionRecord[])[] {
    return keys.map((key) => this.positionsOfCountry(key));
  }
  partiesOfCountries(keys: readonly string[]): KeyList[] {
    return keys.map((key) => this.partiesOfCountry(key));
  }
  peopleOfCountries(keys: readonly string[]): KeyList[] {
    return keys.map((key) => this.peopleOfCountry(key));
  }
  eventsHostedByEach(keys: readonly string[]): KeyList[] {
    return keys.map((key) => this.eventsHostedBy(key));
  }

  /** Full-text search hits, best first (see search.ts); each is a key of this store. */
  search(query: string, kinds?: ReadonlySet<SearchKind>): SearchHit[] {
    return this.searchIndex.search(query, kinds);
  }

  // ------------------------------------------------------------ helpers

  /**
   * `keys` in the order of `rank`. A stored index list (a country's
   * parties, a year's events) is sorted once per ordering and the result
   * kept, so a filtered, ordered page costs O(page) on every later request
   * rather than O(k log k) in the size of the filtered list.
   */
  private sortBy(keys: readonly string[], rank: Map<string, number>): readonly string[] {
    let byRank = this.sorted.get(keys);
    if (!byRank) {
      byRank = new Map();
      this.sorted.set(keys, byRank);
    }
    let result = byRank.get(rank);
    if (!result) {
      result = [...keys].sort((a, b) => rank.get(a)! - rank.get(b)!);
      byRank.set(rank, result);
    }
    return result;
  }

  /** Sorted copies of key lists, per ordering (weak: a one-off list goes with its last use). */
  private readonly sorted = new WeakMap<readonly string[], Map<Map<string, number>, readonly string[]>>();
}

/** Days from ISO date `a` to ISO date `b`. */
function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
}

/** ISO date `date` plus `days` days. */
function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** Membership sets of stored key lists, built on first use and kept (the lists never change). */
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
function intersect(...lists: (readonly string[] | undefined)[]): readonly string[] {
  const given = lists.filter((l): l is readonly string[] => l !== undefined);
  if (given.length === 0) return EMPTY;
  given.sort((a, b) => a.length - b.length);
  const [smallest, ...rest] = given;
  if (rest.length === 0) return smallest!;
  const sets = rest.map(setOf);
  return smallest!.filter((key) => sets.every((s) => s.has(key)));
}
