/**
 * The in-memory store: validated fixture records, indexed once at start-up
 * (indexes.ts), and the queries the schema asks of them.
 *
 * Every lookup is O(1) or O(answer): records by key, reverse indexes for
 * every relationship, and each ordering of each collection pre-sorted, so a
 * connection page costs O(page) and a filter costs O(candidates of its most
 * selective index) (queries.ts). The store is immutable after construction
 * and shared by all requests; it knows nothing of GraphQL.
 */
import { countryByCode, type CountryRecord } from './countries.ts';
import { Indexes } from './indexes.ts';
import { EMPTY, listOf, type KeyList } from './key-lists.ts';
import {
  countryList,
  eventList,
  partyList,
  filterParticipations,
  personList,
  type CountryQuery,
  type EventQuery,
  type ParticipationQuery,
  type PartyQuery,
  type PersonQuery,
} from './queries.ts';
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
import { SearchIndex, type SearchHit, type SearchKind } from './search.ts';

export type { CountryRecord };
export type { SearchHit, SearchKind };
export type { KeyList };
export type { CountryOrderField, Direction, EventOrderField, PartyOrderField, PersonOrderField } from './orderings.ts';
export type { CountryQuery, EventQuery, ParticipationQuery, PartyQuery, PersonQuery };

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
  readonly sources: Map<string, SourceRecord>;
  readonly events: Map<string, EventRecord>;
  readonly parties: Map<string, PartyRecord>;
  readonly organizations: Map<string, OrganizationRecord>;
  readonly people: Map<string, PersonRecord>;
  readonly countries: Map<string, CountryRecord>;
  readonly participations: Map<string, ParticipationRecord>;
  readonly speeches: Map<string, SpeechRecord>;
  readonly statements: Map<string, StatementRecord>;
  readonly topics: Map<string, TopicRecord>;
  readonly absences: Map<string, AbsenceRecord>;
  /** Figures beyond an event's counts (figures.json), by id. */
  readonly figures: Map<string, StandaloneFigureRecord>;

  /** Reverse indexes and orderings, read by the queries below. */
  private readonly ix: Indexes;

  /** Full-text index over this store's own records (never over files), so every hit is a key of the store. */
  private readonly searchIndex: SearchIndex;

  /** Timings of this store's loading (read and validate are 0 when the fixtures were given already validated). */
  readonly loadStats: LoadStats;

  /** Indexes validated `fixtures`, then builds the full-text index from the indexed records. */
  readonly fixtures: Fixtures;

  constructor(fixtures: Fixtures, loading: { readMs: number; validateMs: number } = { readMs: 0, validateMs: 0 }) {
    this.fixtures = fixtures;
    const started = performance.now();
    const ix = (this.ix = new Indexes(fixtures));
    this.sources = ix.sources;
    this.events = ix.events;
    this.parties = ix.parties;
    this.organizations = ix.organizations;
    this.people = ix.people;
    this.countries = ix.countries;
    this.participations = ix.participations;
    this.speeches = ix.speeches;
    this.statements = ix.statements;
    this.topics = ix.topics;
    this.absences = ix.absences;
    this.figures = ix.figures;

    const indexed = performance.now();
    this.searchIndex = new SearchIndex({
      events: this.events.values(),
      parties: this.parties.values(),
      people: this.people.values(),
      organizations: this.organizations.values(),
      countries: this.countries.values(),
      sources: this.sources.values(),
      statements: this.statements.values(),
      topics: this.topics.values(),
    });
    this.loadStats = {
      records: Object.values(fixtures).reduce((sum, records: readonly unknown[]) => sum + records.length, 0),
      ...loading,
      indexMs: indexed - started,
      searchMs: performance.now() - indexed,
    };
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
  getStatements(keys: readonly string[]) {
    return keys.map((k) => this.statements.get(k));
  }
  getTopics(keys: readonly string[]) {
    return keys.map((k) => this.topics.get(k));
  }
  getAbsences(keys: readonly string[]) {
    return keys.map((k) => this.absences.get(k));
  }

  /** Resolves an ISO alpha-2 or alpha-3 code in any case to the alpha-3 key. */
  countryCode(code: string): string | undefined {
    return countryByCode(code)?.code;
  }

  // ------------------------------------------------------------ collections

  eventList(q: EventQuery = {}): KeyList {
    return eventList(this.ix, q);
  }

  partyList(q: PartyQuery = {}): KeyList {
    return partyList(this.ix, q);
  }

  personList(q: PersonQuery = {}): KeyList {
    return personList(this.ix, q);
  }

  countryList(q: CountryQuery = {}): KeyList {
    return countryList(this.ix, q);
  }

  organizationList(): KeyList {
    return listOf(this.ix.orders.organizations);
  }

  sourceList(): KeyList {
    return listOf(this.ix.orders.sources);
  }

  /** Statements by date (undated last). */
  statementList(): KeyList {
    return listOf(this.ix.orders.statements);
  }

  /** Topics by name. */
  topicList(): KeyList {
    return listOf(this.ix.orders.topics);
  }

  /** Absences and refusals by event date, optionally of some kinds only. */
  absenceList(q: { kinds?: readonly string[] } = {}): KeyList {
    const all = this.ix.orders.absences;
    if (!q.kinds || q.kinds.length === 0) return listOf(all);
    const kinds = new Set(q.kinds);
    return listOf(all.filter((id) => kinds.has(this.absences.get(id)!.kind)));
  }

  /** Figures beyond an event's counts, in fixture order. */
  figureList(): readonly StandaloneFigureRecord[] {
    return this.ix.orders.figures.map((id) => this.figures.get(id)!);
  }

  /** The regions of the country dataset, for error messages. */
  regions(): string[] {
    return [...new Set([...this.countries.values()].map((c) => c.region))].sort();
  }

  // ------------------------------------------------------------ relationships

  participationsOfEvent(slug: string, q: ParticipationQuery = {}): KeyList {
    return filterParticipations(this.ix, this.ix.participationsByEvent.get(slug) ?? EMPTY, q);
  }
  participationsOfParty(slug: string, q: ParticipationQuery = {}): KeyList {
    return filterParticipations(this.ix, this.ix.participationsByParty.get(slug) ?? EMPTY, q);
  }
  participationsOfOrganization(slug: string, q: ParticipationQuery = {}): KeyList {
    return filterParticipations(this.ix, this.ix.participationsByOrganization.get(slug) ?? EMPTY, q);
  }
  participationsOfPerson(slug: string, q: ParticipationQuery = {}): KeyList {
    return filterParticipations(this.ix, this.ix.participationsByPerson.get(slug) ?? EMPTY, q);
  }
  participationsOfCountry(code: string, q: ParticipationQuery = {}): KeyList {
    return filterParticipations(this.ix, this.ix.participationsByCountry.get(code) ?? EMPTY, q);
  }

  speechesOfEvent(slug: string): KeyList {
    return listOf(this.ix.speechesByEvent.get(slug) ?? EMPTY);
  }
  speechesOfPerson(slug: string): KeyList {
    return listOf(this.ix.speechesByPerson.get(slug) ?? EMPTY);
  }
  speechesOfParty(slug: string): KeyList {
    return listOf(this.ix.speechesByParty.get(slug) ?? EMPTY);
  }

  positionsOfPerson(slug: string): readonly PositionRecord[] {
    return this.ix.positionsByPerson.get(slug) ?? [];
  }
  positionsOfParty(slug: string): readonly PositionRecord[] {
    return this.ix.positionsByParty.get(slug) ?? [];
  }
  positionsOfOrganization(slug: string): readonly PositionRecord[] {
    return this.ix.positionsByOrganization.get(slug) ?? [];
  }
  positionsOfCountry(code: string): readonly PositionRecord[] {
    return this.ix.positionsByCountry.get(code) ?? [];
  }

  partiesOfPersonList(slug: string): readonly string[] {
    return this.ix.partiesOfPerson.get(slug) ?? EMPTY;
  }
  partiesOfCountry(code: string): KeyList {
    return listOf(this.ix.partiesByCountry.get(code) ?? EMPTY);
  }
  peopleOfCountry(code: string): KeyList {
    return listOf(this.ix.peopleByCountry.get(code) ?? EMPTY);
  }
  eventsHostedBy(code: string): KeyList {
    return listOf(this.ix.eventsByHostCountry.get(code) ?? EMPTY);
  }
  eventsOrganizedBy(slug: string): KeyList {
    return listOf(this.ix.eventsByOrganizer.get(slug) ?? EMPTY);
  }

  statementsOfPerson(slug: string): KeyList {
    return listOf(this.ix.statementsByPerson.get(slug) ?? EMPTY);
  }
  statementsOfOrganization(slug: string): KeyList {
    return listOf(this.ix.statementsByOrganization.get(slug) ?? EMPTY);
  }
  statementsOfParty(slug: string): KeyList {
    return listOf(this.ix.statementsByParty.get(slug) ?? EMPTY);
  }
  statementsAboutEvent(slug: string): KeyList {
    return listOf(this.ix.statementsByEvent.get(slug) ?? EMPTY);
  }
  statementsOfTopic(slug: string): KeyList {
    return listOf(this.ix.statementsByTopic.get(slug) ?? EMPTY);
  }
  responsesToStatement(id: string): readonly string[] {
    return this.ix.responsesTo.get(id) ?? EMPTY;
  }
  eventsOfTopic(slug: string): KeyList {
    return listOf(this.ix.eventsByTopic.get(slug) ?? EMPTY);
  }
  speechesOfTopic(slug: string): KeyList {
    return listOf(this.ix.speechesByTopic.get(slug) ?? EMPTY);
  }
  absencesOfEvent(slug: string): readonly string[] {
    return this.ix.absencesByEvent.get(slug) ?? EMPTY;
  }
  absencesOfParty(slug: string): readonly string[] {
    return this.ix.absencesByParty.get(slug) ?? EMPTY;
  }
  figuresOfSpeech(id: string): readonly StandaloneFigureRecord[] {
    return this.ix.figuresBySpeech.get(id) ?? [];
  }
  figuresOfStatement(id: string): readonly StandaloneFigureRecord[] {
    return this.ix.figuresByStatement.get(id) ?? [];
  }
  figuresOfCountry(code: string): readonly StandaloneFigureRecord[] {
    return this.ix.figuresByCountry.get(code) ?? [];
  }
  figuresOfTopic(slug: string): readonly StandaloneFigureRecord[] {
    return this.ix.figuresByTopic.get(slug) ?? [];
  }
  figuresOfEvent(slug: string): readonly StandaloneFigureRecord[] {
    return this.ix.figuresByEvent.get(slug) ?? [];
  }

  // ------------------------------------------------------------ relationship batches
  // Each answers one relationship for many owners in one call (in the order
  // of `keys`), so a nested connection costs one store call per tree level
  // (the loadable fields of src/schema/connections.ts batch through these).

  participationsOfEvents(keys: readonly string[], q: ParticipationQuery = {}): KeyList[] {
    return keys.map((key) => this.participationsOfEvent(key, q));
  }
  speechesOfEvents(keys: readonly string[]): KeyList[] {
    return keys.map((key) => this.speechesOfEvent(key));
  }
  participationsOfParties(keys: readonly string[], q: ParticipationQuery = {}): KeyList[] {
    return keys.map((key) => this.participationsOfParty(key, q));
  }
  speechesOfParties(keys: readonly string[]): KeyList[] {
    return keys.map((key) => this.speechesOfParty(key));
  }
  positionsOfParties(keys: readonly string[]): (readonly PositionRecord[])[] {
    return keys.map((key) => this.positionsOfParty(key));
  }
  participationsOfPeople(keys: readonly string[], q: ParticipationQuery = {}): KeyList[] {
    return keys.map((key) => this.participationsOfPerson(key, q));
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
  participationsOfOrganizations(keys: readonly string[], q: ParticipationQuery = {}): KeyList[] {
    return keys.map((key) => this.participationsOfOrganization(key, q));
  }
  positionsOfOrganizations(keys: readonly string[]): (readonly PositionRecord[])[] {
    return keys.map((key) => this.positionsOfOrganization(key));
  }
  eventsOrganizedByEach(keys: readonly string[]): KeyList[] {
    return keys.map((key) => this.eventsOrganizedBy(key));
  }
  participationsOfCountries(keys: readonly string[], q: ParticipationQuery = {}): KeyList[] {
    return keys.map((key) => this.participationsOfCountry(key, q));
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
  statementsOfPeople(keys: readonly string[]): KeyList[] {
    return keys.map((key) => this.statementsOfPerson(key));
  }
  statementsOfOrganizations(keys: readonly string[]): KeyList[] {
    return keys.map((key) => this.statementsOfOrganization(key));
  }
  statementsOfParties(keys: readonly string[]): KeyList[] {
    return keys.map((key) => this.statementsOfParty(key));
  }
  statementsAboutEvents(keys: readonly string[]): KeyList[] {
    return keys.map((key) => this.statementsAboutEvent(key));
  }
  statementsOfTopics(keys: readonly string[]): KeyList[] {
    return keys.map((key) => this.statementsOfTopic(key));
  }
  responsesToStatements(keys: readonly string[]): (readonly string[])[] {
    return keys.map((key) => this.responsesToStatement(key));
  }
  eventsOfTopics(keys: readonly string[]): KeyList[] {
    return keys.map((key) => this.eventsOfTopic(key));
  }
  speechesOfTopics(keys: readonly string[]): KeyList[] {
    return keys.map((key) => this.speechesOfTopic(key));
  }
  absencesOfEvents(keys: readonly string[]): (readonly string[])[] {
    return keys.map((key) => this.absencesOfEvent(key));
  }
  absencesOfParties(keys: readonly string[]): (readonly string[])[] {
    return keys.map((key) => this.absencesOfParty(key));
  }
  figuresOfSpeeches(keys: readonly string[]): (readonly StandaloneFigureRecord[])[] {
    return keys.map((key) => this.figuresOfSpeech(key));
  }
  figuresOfStatements(keys: readonly string[]): (readonly StandaloneFigureRecord[])[] {
    return keys.map((key) => this.figuresOfStatement(key));
  }
  figuresOfCountries(keys: readonly string[]): (readonly StandaloneFigureRecord[])[] {
    return keys.map((key) => this.figuresOfCountry(key));
  }
  figuresOfTopics(keys: readonly string[]): (readonly StandaloneFigureRecord[])[] {
    return keys.map((key) => this.figuresOfTopic(key));
  }

  /** Full-text search hits, best first (see search.ts); each is a key of this store. */
  search(query: string, kinds?: ReadonlySet<SearchKind>): SearchHit[] {
    return this.searchIndex.search(query, kinds);
  }
}
