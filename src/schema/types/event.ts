/** Event: a summit, dialogue, conference, briefing or joint statement. */
import { builder } from '../../builder.ts';
import type { EventRecord } from '../../store/records.ts';
import { connectionOf, defineConnection, pagesOf, relationConnection } from '../connections.ts';
import { badInput } from '../errors.ts';
import { globalIdOf } from '../ids.ts';
import { batch } from '../loaders.ts';
import { defineOrder } from '../order.ts';
import { AbsenceRef } from './absence.ts';
import { EventClaimRef } from './claim.ts';
import { countryArg, CountryRef } from './country.ts';
import { EventLanguageRef, LineageClaimRef } from './event-details.ts';
import { ReportedFigureRef } from './figure.ts';
import { inferencesField } from './inference.ts';
import { OrganizationRef } from './organization.ts';
import { ParticipationConnection, ParticipationFilter, participationQuery } from './participation.ts';
import { PersonRef } from './person.ts';
import { SourceRef } from './source.ts';
import { PartialDateRef } from './partial-date.ts';
import { SpeechConnection } from './speech.ts';
import { StatementConnection } from './statement.ts';
import { TopicRef } from './topic.ts';

export const EventRef = builder.loadableNodeRef('Event', {
  id: { resolve: (e: EventRecord) => e.slug },
  load: batch((store, keys) => store.getEvents(keys)),
});

export const EventKind = builder.enumType('EventKind', {
  description: 'What kind of event it is.',
  values: {
    SUMMIT: { description: 'A summit of party leaders, e.g. the 2021 CPC and World Political Parties Summit.' },
    DIALOGUE: { description: 'A dialogue or high-level meeting, e.g. the CPC in Dialogue with World Political Parties.' },
    CONFERENCE: { description: 'A conference or other meeting of parties.' },
    BRIEFING: { description: 'A press or thematic briefing.' },
    JOINT_STATEMENT: { description: 'A joint statement, appeal or consensus issued by parties.' },
    OTHER: { description: 'Any other kind of event.' },
  } as const,
});

export const EventFormat = builder.enumType('EventFormat', {
  description: 'How participants met.',
  values: {
    IN_PERSON: { description: 'Participants met in person.' },
    VIDEOCONFERENCE: { description: 'Online, by video link.' },
    HYBRID: { description: 'Partly in person, partly online.' },
    UNKNOWN: { description: 'The sources do not say.' },
  } as const,
});

EventRef.implement({
  description:
    'An event: a summit, dialogue, conference, briefing or joint statement, with who took part, who spoke, the figures sources report and where sources disagree.',
  fields: (t) => ({
    slug: t.exposeString('slug', {
      description: 'Stable, human-readable key ending in the year, e.g. "cpc-and-world-political-parties-summit-2021".',
    }),
    name: t.exposeString('name', { description: "The event's name in English." }),
    alternateNames: t.exposeStringList('alternateNames', { description: 'Other names the sources use for the event.' }),
    kind: t.field({ type: EventKind, description: 'What kind of event it is.', resolve: (e) => e.kind }),
    format: t.field({ type: EventFormat, description: 'In person, by video, or both.', resolve: (e) => e.format }),
    year: t.exposeInt('year', { description: 'The year it took place (known even where the exact day is not).' }),
    date: t.field({
      type: PartialDateRef,
      description: 'When it took place (its first day), as precisely as the sources give it: a day, a month or only a year.',
      resolve: (e) => ({
        value: e.startDate ?? (e.month !== undefined ? `${e.year}-${String(e.month).padStart(2, '0')}` : String(e.year)),
        qualifier: e.dateQualifier ?? 'ON',
      }),
    }),
    startDate: t.field({
      type: 'Date',
      nullable: true,
      description: 'The first day. Null where the sources give no exact day; see `claims` where they disagree.',
      resolve: (e) => e.startDate,
    }),
    endDate: t.field({
      type: 'Date',
      nullable: true,
      description: 'The last day, for an event of several days; null for a one-day or undated event.',
      resolve: (e) => e.endDate,
    }),
    theme: t.exposeString('theme', { nullable: true, description: 'The theme, as the sources word it.' }),
    summary: t.exposeString('summary', { nullable: true, description: 'A short summary, written for this graph from the sources.' }),
    venue: t.exposeString('venue', { nullable: true, description: 'Where it was held (a building, or "videoconference").' }),
    city: t.exposeString('city', { nullable: true, description: 'The city it was held in or hosted from.' }),
    hostCountry: t.field({
      type: CountryRef,
      nullable: true,
      description: 'The country that hosted it.',
      resolve: (e) => e.hostCountry,
    }),
    organizers: t.field({
      type: [OrganizationRef],
      description: 'The organizations that organized it.',
      resolve: (e) => e.organizers,
    }),
    chair: t.field({ type: PersonRef, nullable: true, description: 'Who chaired it.', resolve: (e) => e.chair }),
    partOf: t.field({
      type: EventRef,
      nullable: true,
      description: 'The larger event or series this event belongs to, if any.',
      resolve: (e) => e.partOf,
    }),
    participations: t.loadable({
      ...relationConnection,
      type: ParticipationConnection,
      description: 'Who took part (parties, organizations, individuals) and in what role, in the order the sources list them.',
      args: {
        ...t.arg.connectionArgs(),
        filter: t.arg({ type: ParticipationFilter, description: 'Conditions the participations must meet.' }),
      },
      load: async (slugs: string[], ctx, args) =>
        pagesOf(ctx.store.participationsOfEvents(slugs, participationQuery(ctx, args.filter)), args, (keys) => ctx.store.getParticipations(keys)),
      resolve: (e) => e.slug,
    }),
    speeches: t.loadable({
      ...relationConnection,
      type: SpeechConnection,
      description: 'Speeches, in programme order where the sources give it (the keynote first).',
      args: t.arg.connectionArgs(),
      load: async (slugs: string[], ctx, args) => pagesOf(ctx.store.speechesOfEvents(slugs), args, (keys) => ctx.store.getSpeeches(keys)),
      resolve: (e) => e.slug,
    }),
    reportedFigures: t.field({
      type: [ReportedFigureRef],
      description:
        'Counts the sources report (parties, countries, delegates…), one per source claim; a breakdown (speakers by region) is one figure per part, with `group` set.',
      resolve: (e) => e.figures,
    }),
    interpretationLanguages: t.field({
      type: [EventLanguageRef],
      description: 'Languages of interpretation the sources name (see `reportedFigures` for how many there were).',
      resolve: (e) => e.languages,
    }),
    lineage: t.field({
      type: [LineageClaimRef],
      description: 'What earlier events each source says this one continues or follows; sources disagree, and every claim is kept.',
      resolve: (e) => e.lineage,
    }),
    topics: t.field({ type: [TopicRef], description: 'Topics the event takes up.', resolve: (e) => e.topics }),
    statements: t.loadable({
      ...relationConnection,
      type: StatementConnection,
      description: 'Statements about the event (press remarks, announcements, comments), by date.',
      args: t.arg.connectionArgs(),
      load: async (slugs: string[], ctx, args) => pagesOf(ctx.store.statementsAboutEvents(slugs), args, (keys) => ctx.store.getStatements(keys)),
      resolve: (e) => e.slug,
    }),
    absences: t.loadableList({
      type: AbsenceRef,
      description: 'Absences and unanswered requests the sources report about the event.',
      load: async (slugs: string[], ctx) => ctx.store.absencesOfEvents(slugs),
      resolve: (e) => e.slug,
    }),
    inferences: t.field(inferencesField<EventRecord>('event')),
    claims: t.field({
      type: [EventClaimRef],
      description: "Where sources disagree on a field (a date, a theme's wording): each source's value.",
      resolve: (e) => e.claims.map((claim) => ({ claim, event: e })),
    }),
    sources: t.field({ type: [SourceRef], description: 'The sources that report the event.', resolve: (e) => e.sources }),
  }),
});

export const EventConnection = defineConnection(EventRef, 'Event', 'events');

const EventFilter = builder.inputType('EventFilter', {
  description: 'Conditions on events; all given conditions must hold.',
  fields: (t) => ({
    kind: t.field({ type: [EventKind], description: 'Any of these kinds.' }),
    year: t.int({ description: 'Held in this year.' }),
    from: t.field({
      type: 'Date',
      description: 'Ending on or after this day (an event with no exact day counts as spanning its year).',
    }),
    to: t.field({
      type: 'Date',
      description: 'Starting on or before this day (an event with no exact day counts as spanning its year).',
    }),
    hostCountry: t.string({ description: 'Hosted by this country: ISO 3166-1 alpha-2 or alpha-3 code, any letter case.' }),
    participant: t.id({
      description: 'Global ID of a Party, Organization or Person that took part (as a participant, delegate or speaker).',
    }),
  }),
});

const EventOrder = defineOrder('Event', 'events', {
  START_DATE: 'The first day; an event with no exact day sorts after the dated events of its year.',
  NAME: "The event's name.",
});

const PARTICIPANT_TYPES = { Party: 'party', Organization: 'organization', Person: 'person' } as const;

builder.queryFields((t) => ({
  event: t.field({
    type: EventRef,
    nullable: true,
    description: 'An event by slug, e.g. "cpc-and-world-political-parties-summit-2021"; null when there is none.',
    args: { slug: t.arg.string({ required: true, description: "The event's slug." }) },
    resolve: (_root, { slug }) => slug,
  }),
  events: t.connection(
    {
      type: EventRef,
      description: 'Events, by start date (earliest first) unless `orderBy` says otherwise.',
      args: {
        filter: t.arg({ type: EventFilter, description: 'Conditions the events must meet.' }),
        orderBy: t.arg({ type: EventOrder, description: 'Sort order; by start date ascending when omitted.' }),
      },
      resolve: (_root, args, ctx) => {
        const f = args.filter;
        if (f?.from != null && f.to != null && f.from > f.to) {
          throw badInput(`\`filter.from\` (${f.from}) must not be after \`filter.to\` (${f.to}).`, 'filter.from');
        }
        const participant = f?.participant != null ? globalIdOf(String(f.participant), ['Party', 'Organization', 'Person'], 'filter.participant') : undefined;
        const list = ctx.store.eventList({
          kinds: f?.kind ?? undefined,
          year: f?.year ?? undefined,
          from: f?.from ?? undefined,
          to: f?.to ?? undefined,
          hostCountry: f?.hostCountry != null ? countryArg(ctx, f.hostCountry, 'filter.hostCountry') : undefined,
          participant: participant && { type: PARTICIPANT_TYPES[participant.typename], key: participant.key },
          order: args.orderBy ?? undefined,
        });
        return connectionOf(list, args, (keys) => ctx.store.getEvents(keys));
      },
    },
    EventConnection,
  ),
}));
