/** Statement: attributed words that are not a speech at an event. */
import { builder } from '../../builder.ts';
import type { StatementRecord } from '../../store/records.ts';
import { connectionOf, defineConnection } from '../connections.ts';
import { batch } from '../loaders.ts';
import { EventRef } from './event.ts';
import { ReportedFigureRef } from './figure.ts';
import { inferencesField } from './inference.ts';
import { OrganizationRef } from './organization.ts';
import { PartialDateRef } from './partial-date.ts';
import { PartyRef } from './party.ts';
import { PersonRef } from './person.ts';
import { SourceRef } from './source.ts';
import { TopicRef } from './topic.ts';

export const StatementRef = builder.loadableNodeRef('Statement', {
  id: { resolve: (s: StatementRecord) => s.id },
  load: batch((store, keys) => store.getStatements(keys)),
});

export const StatementKind = builder.enumType('StatementKind', {
  description: 'What kind of statement it is.',
  values: {
    PRESS_REMARKS: { description: 'Remarks to the press or at a briefing, reported outside a speech record.' },
    ANNOUNCEMENT: { description: "An organizer's announcement or description of an event." },
    COMMENTARY: { description: "An analyst's or observer's comment." },
    SOCIAL_MEDIA_POST: { description: 'A post on social media, e.g. a tweet.' },
    OTHER: { description: 'Any other attributed words.' },
  } as const,
});

StatementRef.implement({
  description:
    "Attributed words that are not a speech at an event: press remarks, an organizer's description of an event, an analyst's comment, a post. Its quotes are verbatim from the source; its summary is written for this graph.",
  fields: (t) => ({
    kind: t.field({ type: StatementKind, description: 'What kind of statement it is.', resolve: (s) => s.kind }),
    speaker: t.field({ type: PersonRef, nullable: true, description: 'The person who said it, where a person is named.', resolve: (s) => s.speaker }),
    organization: t.field({
      type: OrganizationRef,
      nullable: true,
      description: 'The organization that said it, or that the speaker spoke for.',
      resolve: (s) => s.organization,
    }),
    party: t.field({ type: PartyRef, nullable: true, description: 'The party that said it, where the source credits a party.', resolve: (s) => s.party }),
    date: t.field({
      type: PartialDateRef,
      nullable: true,
      description: 'When it was said, as precisely as the sources give it; null where they do not say.',
      resolve: (s) => (s.date ? { value: s.date, qualifier: s.dateQualifier ?? 'ON' } : null),
    }),
    event: t.field({ type: EventRef, nullable: true, description: 'The event the statement is about, where there is one.', resolve: (s) => s.event }),
    respondsTo: t.field({ type: StatementRef, nullable: true, description: 'The statement this one answers.', resolve: (s) => s.respondsTo }),
    responses: t.loadableList({
      type: StatementRef,
      description: 'Statements that answer this one, by date.',
      load: async (ids: string[], ctx) => ctx.store.responsesToStatements(ids),
      resolve: (s) => s.id,
    }),
    summary: t.exposeString('summary', { description: 'What was said, summarised for this graph from the sources.' }),
    quotes: t.stringList({
      description: 'Short quotations, exactly as the sources print them.',
      resolve: (s) => s.quotes.map((q) => q.text),
    }),
    topics: t.field({ type: [TopicRef], description: 'Topics the statement touches.', resolve: (s) => s.topics }),
    reportedFigures: t.loadableList({
      type: ReportedFigureRef,
      description: 'Numbers given in the statement, each with its text and source.',
      load: async (ids: string[], ctx) => ctx.store.figuresOfStatements(ids),
      resolve: (s) => s.id,
    }),
    sources: t.field({ type: [SourceRef], description: 'The sources that report the statement.', resolve: (s) => s.sources }),
    inferences: t.field(inferencesField<StatementRecord>('statement')),
  }),
});

export const StatementConnection = defineConnection(StatementRef, 'Statement', 'statements');

builder.queryFields((t) => ({
  statements: t.connection(
    {
      type: StatementRef,
      description: 'Every statement (attributed words that are not a speech at an event), by date; undated ones last.',
      resolve: (_root, args, ctx) => connectionOf(ctx.store.statementList(), args, (keys) => ctx.store.getStatements(keys)),
    },
    StatementConnection,
  ),
}));
