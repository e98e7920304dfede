/** Speech: one speaker's address at one event. */
import { builder } from '../../builder.ts';
import type { SpeechRecord } from '../../store/records.ts';
import { defineConnection } from '../connections.ts';
import { batch } from '../loaders.ts';
import { EventRef } from './event.ts';
import { OrganizationRef } from './organization.ts';
import { PartyRef } from './party.ts';
import { PersonRef } from './person.ts';
import { SourceRef } from './source.ts';

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
      description: 'Place in the programme, 1 = first speaker; null where the sources give no order.',
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
    sources: t.field({ type: [SourceRef], description: 'The sources that report the speech.', resolve: (s) => s.sources }),
  }),
});

export const SpeechConnection = defineConnection(SpeechRef, 'Speech', 'speeches');
