/**
 * The indexes the store reads, built once from validated records at load:
 * records by key, a reverse index for every relationship (each list in its
 * default order), and each ordering of each collection pre-sorted. Never
 * changed after construction, except the lists of events per set of kinds,
 * which are built on first use.
 */
import { COUNTRIES, type CountryRecord } from './countries.ts';
import { byName, byRankOf, Ordering, rankOf, type CountryOrderField, type EventOrderField, type PartyOrderField, type PersonOrderField } from './orderings.ts';
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
  StandaloneFigureRecord,
  StatementRecord,
  TopicRecord,
  AbsenceRecord,
} from './records.ts';
import { compareNames } from './text.ts';

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

/** Days from ISO date `a` to ISO date `b`. */
function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
}

export class Indexes {
  readonly sources = new Map<string, SourceRecord>();
  readonly events = new Map<string, EventRecord>();
  readonly parties = new Map<string, PartyRecord>();
  readonly organizations = new Map<string, OrganizationRecord>();
  readonly people = new Map<string, PersonRecord>();
  readonly countries = new Map<string, CountryRecord>();
  readonly participations = new Map<string, ParticipationRecord>();
  readonly speeches = new Map<string, SpeechRecord>();
  readonly statements = new Map<string, StatementRecord>();
  readonly topics = new Map<string, TopicRecord>();
  readonly absences = new Map<string, AbsenceRecord>();
  readonly figures = new Map<string, StandaloneFigureRecord>();

  /** Each ordering of each collection, both directions, computed once. */
  readonly orders: {
    events: Record<EventOrderField, Ordering>;
    parties: Record<PartyOrderField, Ordering>;
    people: Record<PersonOrderField, Ordering>;
    countries: Record<CountryOrderField, Ordering>;
    organizations: readonly string[];
    sources: readonly string[];
    /** Statements by date (undated last), then id. */
    statements: readonly string[];
    topics: readonly string[];
    /** Absences by event date, in fixture order within an event. */
    absences: readonly string[];
    /** Figures in fixture order. */
    figures: readonly string[];
  };

  /** Statements by speaker, organization, party, event they are about, topic and the statement they answer (each by date). */
  readonly statementsByPerson = new Map<string, string[]>();
  readonly statementsByOrganization = new Map<string, string[]>();
  readonly statementsByParty = new Map<string, string[]>();
  readonly statementsByEvent = new Map<string, string[]>();
  readonly statementsByTopic = new Map<string, string[]>();
  readonly responsesTo = new Map<string, string[]>();
  /** Events and speeches by topic (events by date, speeches by event date and programme order). */
  readonly eventsByTopic = new Map<string, string[]>();
  readonly speechesByTopic = new Map<string, string[]>();
  /** Absences by event and by party named. */
  readonly absencesByEvent = new Map<string, string[]>();
  readonly absencesByParty = new Map<string, string[]>();
  /** Standalone figures by what they are attached to. */
  readonly figuresBySpeech = new Map<string, StandaloneFigureRecord[]>();
  readonly figuresByStatement = new Map<string, StandaloneFigureRecord[]>();
  readonly figuresByCountry = new Map<string, StandaloneFigureRecord[]>();
  readonly figuresByTopic = new Map<string, StandaloneFigureRecord[]>();
  readonly figuresByEvent = new Map<string, StandaloneFigureRecord[]>();

  /** Reverse indexes, each list in its default order. */
  readonly participationsByEvent = new Map<string, string[]>();
  readonly participationsByParty = new Map<string, string[]>();
  readonly participationsByOrganization = new Map<string, string[]>();
  readonly participationsByPerson = new Map<string, string[]>();
  readonly participationsByCountry = new Map<string, string[]>();
  readonly participationCountry = new Map<string, string>();
  readonly speechesByEvent = new Map<string, string[]>();
  readonly speechesByPerson = new Map<string, string[]>();
  readonly speechesByParty = new Map<string, string[]>();
  readonly positionsByPerson = new Map<string, PositionRecord[]>();
  readonly positionsByParty = new Map<string, PositionRecord[]>();
  readonly positionsByOrganization = new Map<string, PositionRecord[]>();
  readonly positionsByCountry = new Map<string, PositionRecord[]>();
  readonly partiesByCountry = new Map<string, string[]>();
  /** Parties by their country's region, lower case, in name order. */
  readonly partiesByRegion = new Map<string, string[]>();
  readonly peopleByCountry = new Map<string, string[]>();
  readonly partiesOfPerson = new Map<string, string[]>();
  readonly peopleOfParty = new Map<string, string[]>();
  readonly eventsByHostCountry = new Map<string, string[]>();
  readonly eventsByOrganizer = new Map<string, string[]>();
  readonly eventsByYear = new Map<number, string[]>();
  /** Events with an exact start date, by start date, with those dates; the longest any lasts, in days. */
  readonly datedEvents: { slugs: string[]; starts: string[]; longestDays: number } = { slugs: [], starts: [], longestDays: 0 };
  /** Events with only a year (they count as spanning it), by year. */
  readonly yearOnlyEvents = new Map<number, string[]>();
  /** Events of each set of kinds, in date order, built on first use (at most one per subset of the kinds). */
  readonly eventsOfKindSet = new Map<string, readonly string[]>();
  /** Events each party, organization and person took part in (participation or speech). */
  readonly eventsByParticipant = {
    party: new Map<string, string[]>(),
    organization: new Map<string, string[]>(),
    person: new Map<string, string[]>(),
  };
  readonly partiesByEvent = new Map<string, string[]>();
  readonly peopleByEvent = new Map<string, string[]>();
  readonly countriesByEvent = new Map<string, string[]>();
  readonly countriesByRegion = new Map<string, string[]>();

  constructor(fixtures: Fixtures) {
    for (const r of fixtures.sources) this.sources.set(r.slug, r);
    for (const r of fixtures.events) this.events.set(r.slug, r);
    for (const r of fixtures.parties) this.parties.set(r.slug, r);
    for (const r of fixtures.organizations) this.organizations.set(r.slug, r);
    for (const r of fixtures.people) this.people.set(r.slug, r);
    for (const r of COUNTRIES) this.countries.set(r.code, r);

    // Orderings, each computed once (see Ordering for the descending direction).
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
    const speeches = byRankOf(
      fixtures.speeches,
      (s) => eventDateRank.get(s.event)!,
      (s) => s.order ?? Number.MAX_SAFE_INTEGER,
    );
    for (const s of speeches) {
      this.speeches.set(s.id, s);
      push(this.speechesByEvent, s.event, s.id);
      push(this.speechesByPerson, s.speaker, s.id);
      push(this.speechesByParty, s.party, s.id);
      for (const topic of s.topics) push(this.speechesByTopic, topic, s.id);
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

    // Statements by date (a year sorts before its months and days), undated last, then id.
    const statementKey = (st: StatementRecord) => `${st.date ?? '9999'}|${st.id}`;
    const statementsByDate = [...fixtures.statements].sort((a, b) => (statementKey(a) < statementKey(b) ? -1 : 1));
    for (const st of statementsByDate) {
      this.statements.set(st.id, st);
      push(this.statementsByPerson, st.speaker, st.id);
      push(this.statementsByOrganization, st.organization, st.id);
      push(this.statementsByParty, st.party, st.id);
      push(this.statementsByEvent, st.event, st.id);
      push(this.responsesTo, st.respondsTo, st.id);
      for (const topic of st.topics) push(this.statementsByTopic, topic, st.id);
    }
    for (const t of fixtures.topics) this.topics.set(t.slug, t);
    const absences = byRankOf(fixtures.absences, (a) => eventDateRank.get(a.event)!);
    for (const a of absences) {
      this.absences.set(a.id, a);
      push(this.absencesByEvent, a.event, a.id);
      for (const party of a.parties) push(this.absencesByParty, party, a.id);
    }
    for (const fig of fixtures.figures) {
      this.figures.set(fig.id, fig);
      push(this.figuresBySpeech, fig.speech, fig);
      push(this.figuresByStatement, fig.statement, fig);
      push(this.figuresByCountry, fig.country, fig);
      push(this.figuresByTopic, fig.topic, fig);
      push(this.figuresByEvent, fig.event, fig);
    }

    const partiesByName = byName(this.parties.values());
    const peopleByName = byName(this.people.values());
    for (const slug of partiesByName) {
      const country = this.parties.get(slug)!.country;
      push(this.partiesByCountry, country, slug);
      if (country !== undefined) push(this.partiesByRegion, this.countries.get(country)?.region.toLowerCase(), slug);
    }
    for (const slug of peopleByName) push(this.peopleByCountry, this.people.get(slug)!.country, slug);
    for (const slug of eventsByDate) {
      const e = this.events.get(slug)!;
      push(this.eventsByHostCountry, e.hostCountry, slug);
      push(this.eventsByYear, e.year, slug);
      for (const org of e.organizers) push(this.eventsByOrganizer, org, slug);
      for (const topic of e.topics) push(this.eventsByTopic, topic, slug);
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

    const countriesByName = byName([...this.countries.values()].map((c) => ({ name: c.name, slug: c.code })));
    const countryNameRank = rankOf(countriesByName);
    for (const list of this.countriesByEvent.values()) list.sort((a, b) => countryNameRank.get(a)! - countryNameRank.get(b)!);
    for (const code of countriesByName) push(this.countriesByRegion, this.countries.get(code)!.region.toLowerCase(), code);

    const participationCount = (slug: string) => this.participationsByParty.get(slug)?.length ?? 0;
    const partyCount = (code: string) => this.partiesByCountry.get(code)?.length ?? 0;
    const partyCountryRank = (slug: string) => {
      const country = this.parties.get(slug)!.country;
      return country ? countryNameRank.get(country)! : Number.MAX_SAFE_INTEGER; // no country: last
    };
    const byKey = (keys: readonly string[], key: (k: string) => number) => [...keys].sort((a, b) => key(a) - key(b)); // stable: ties keep the (name) order of `keys`
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
      sources: [...this.sources.values()].sort((a, b) => compareNames(a.title, b.title) || (a.slug < b.slug ? -1 : 1)).map((s) => s.slug),
      statements: statementsByDate.map((st) => st.id),
      topics: byName(this.topics.values()),
      absences: absences.map((a) => a.id),
      figures: fixtures.figures.map((fig) => fig.id),
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
}
