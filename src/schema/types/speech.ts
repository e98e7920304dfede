/** Speech: one speaker's address at one event. */
import { builder } from '../../builder.ts';
import type { SpeechRecord } from '../../store/records.ts';
import { defineConnection } from '../connections.ts';
import { batch } from '../loaders.ts';
import { EventRef } from './event.ts';
import { OrganizationRef } from './organization.ts';
import { PartyRef } from './party.ts';
import { PersonRef } from './person.ts';
import { AttendanceRef } from './attendance.ts';
import { ReportedFigureRef } from './figure.ts';
import { inferencesField } from './inference.ts';
import { SourceRef } from './source.ts';
import { TopicRef } from './topic.ts';

export const SpeechRef = builder.loadableNodeRef('Speech', {
  id: { resolve: (s: SpeechRecord) => s.id },
  load: batch((store, keys) => store.getSpeeches(keys)),
});

SpeechRef.implement({
  description: 'A speech given at an event: who spoke, for which party, in what place in the programme, and what they said.',
  fields: (t) => ({
    event: t.field({ type: EventRef, description: 'The event it was given at.', resolve: (s) => s.event }),
    speaker: t.field({ type: PersonRef, description: 'Who spoke.', resolve: (s) => s.speaker }),
    party: t.field({ type: PartyRef, nullable: true, description: 'The party the speaker spoke for.', resolve: (s) => s.party }),
    organization: t.field({
      type: OrganizationRef,
      nullable: true,
      description: 'The organization the speaker spoke for.',
      resolve: (s) => s.organization,
    }),
    order: t.exposeInt('order', {
      nullable: true,
      description:
        'Place in the programme, 1 = first speaker; null where the sources give no order. Where the sources give only groups (the opening ceremony, then the plenary session), the order within a group is their order of mention: see `inferences`.',
    }),
    session: t.exposeString('session', {
      nullable: true,
      description: 'The part of the programme the speech was given in, where a source names it (e.g. "opening ceremony").',
    }),
    title: t.exposeString('title', { nullable: true, description: "The speech's title, where the sources give one." }),
    summary: t.exposeString('summary', {
      nullable: true,
      description: 'What the speaker said, summarised for this graph from the sources.',
    }),
    quotes: t.stringList({
      description: 'Short quotations from the speech, exactly as the sources print them.',
      resolve: (s) => s.quotes.map((q) => q.text),
    }),
    attendance: t.field({
      type: [AttendanceRef],
      description: 'Whether the speaker spoke in person or by video link, where a source says.',
      resolve: (s) => s.attendance,
    }),
    topics: t.field({ type: [TopicRef], description: 'Topics the speech takes up.', resolve: (s) => s.topics }),
    reportedFigures: t.loadableList({
      type: ReportedFigureRef,
      description: 'Numbers given in the speech (e.g. vaccines donated to 80 countries), each with its text and source.',
      load: async (ids: string[], ctx) => ctx.store.figuresOfSpeeches(ids),
      resolve: (s) => s.id,
    }),
    sources: t.field({ type: [SourceRef], description: 'The sources that report the speech.', resolve: (s) => s.sources }),
    inferences: t.field(inferencesField<SpeechRecord>('speech')),
  }),
});

export const SpeechConnection = defineConnection(SpeechRef, 'Speech', 'speeches');
