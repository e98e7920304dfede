/** Absence: who a source reports absent from an event, or a request that went unanswered. */
import { builder } from '../../builder.ts';
import type { AbsenceRecord } from '../../store/records.ts';
import { connectionOf, defineConnection } from '../connections.ts';
import { batch } from '../loaders.ts';
import { CountryRef } from './country.ts';
import { EventRef } from './event.ts';
import { inferencesField } from './inference.ts';
import { OrganizationRef } from './organization.ts';
import { PartyRef } from './party.ts';
import { SourceRef } from './source.ts';

export const AbsenceRef = builder.loadableNodeRef('Absence', {
  id: { resolve: (a: AbsenceRecord) => a.id },
  load: batch((store, keys) => store.getAbsences(keys)),
});

export const AbsenceKind = builder.enumType('AbsenceKind', {
  description: 'What a source reports as missing.',
  values: {
    ABSENT: { description: 'Did not take part in the event, as the source reports.' },
    NO_RESPONSE: { description: 'Did not answer a request about the event (e.g. for the list of participants).' },
  } as const,
});

AbsenceRef.implement({
  description:
    'An absence or refusal a source reports about an event: parties (or a group of them by country or region) that stayed away, or an organization that did not answer a request. A sourced fact, kept apart from participations.',
  fields: (t) => ({
    kind: t.field({ type: AbsenceKind, description: 'Absent, or a request not answered.', resolve: (a) => a.kind }),
    event: t.field({ type: EventRef, description: 'The event.', resolve: (a) => a.event }),
    subject: t.exposeString('subject', { description: 'Who, in a few words written for this graph (e.g. "Leaders of most European political parties").' }),
    parties: t.field({
      type: [PartyRef],
      description: 'The parties the absence concerns, where they can be named (see `inferences` where the source does not name them).',
      resolve: (a) => a.parties,
    }),
    organization: t.field({
      type: OrganizationRef,
      nullable: true,
      description: 'The organization that did not answer or take part.',
      resolve: (a) => a.organization,
    }),
    country: t.field({ type: CountryRef, nullable: true, description: 'The country of those absent, where the source gives one.', resolve: (a) => a.country }),
    region: t.exposeString('region', {
      nullable: true,
      description: 'The region of those absent, where the source gives a region rather than a country (a region of `Country.region`, e.g. "Europe").',
    }),
    quotes: t.stringList({ description: "The source's own words, verbatim.", resolve: (a) => a.quotes.map((q) => q.text) }),
    sources: t.field({ type: [SourceRef], description: 'The sources that report it.', resolve: (a) => a.sources }),
    inferences: t.field(inferencesField<AbsenceRecord>('absence')),
  }),
});

export const AbsenceConnection = defineConnection(AbsenceRef, 'Absence', 'absences');

builder.queryFields((t) => ({
  absences: t.connection(
    {
      type: AbsenceRef,
      description: 'Absences and unanswered requests the sources report, by event date ("which parties were reported absent?").',
      args: { kind: t.arg({ type: [AbsenceKind], description: 'Only these kinds (all when omitted).' }) },
      resolve: (_root, args, ctx) => connectionOf(ctx.store.absenceList({ kinds: args.kind ?? undefined }), args, (keys) => ctx.store.getAbsences(keys)),
    },
    AbsenceConnection,
  ),
}));
