/** Participation: one party's, organization's or person's presence at one event. */
import { builder } from '../../builder.ts';
import type { Context } from '../../context.ts';
import type { ParticipationRecord } from '../../store/records.ts';
import type { ParticipationQuery } from '../../store/store.ts';
import { defineConnection } from '../connections.ts';
import { batch } from '../loaders.ts';
import { globalIdOf } from '../ids.ts';
import { countryArg } from './country.ts';
import { EventRef } from './event.ts';
import { OrganizationRef } from './organization.ts';
import { PartyRef } from './party.ts';
import { PersonRef } from './person.ts';
import { AttendanceRef } from './attendance.ts';
import { inferencesField } from './inference.ts';
import { SourceRef } from './source.ts';

export const ParticipationRef = builder.loadableNodeRef('Participation', {
  id: { resolve: (p: ParticipationRecord) => p.id },
  load: batch((store, keys) => store.getParticipations(keys)),
});

export const ParticipationRole = builder.enumType('ParticipationRole', {
  description: 'The part a participant played at an event.',
  values: {
    HOST: { description: 'Hosted or organized the event.' },
    SPEAKER: { description: 'Spoke at the event.' },
    ATTENDEE: { description: 'Attended, as the sources confirm.' },
    INVITED: { description: 'Announced, invited or accepted an invitation; attendance not confirmed by the sources.' },
  } as const,
});

ParticipationRef.implement({
  description: "One party's, organization's or person's presence at one event: who, in what role, represented by whom, according to which sources.",
  fields: (t) => ({
    event: t.field({ type: EventRef, description: 'The event.', resolve: (p) => p.event }),
    party: t.field({ type: PartyRef, nullable: true, description: 'The party that took part, if a party.', resolve: (p) => p.party }),
    organization: t.field({
      type: OrganizationRef,
      nullable: true,
      description: 'The organization that took part, if an organization.',
      resolve: (p) => p.organization,
    }),
    delegates: t.field({
      type: [PersonRef],
      description: 'The people named as representing the participant (delegation head first).',
      resolve: (p) => p.delegates,
    }),
    role: t.field({ type: ParticipationRole, description: 'The part the participant played.', resolve: (p) => p.role }),
    note: t.exposeString('note', {
      nullable: true,
      description: 'As the source words it, e.g. the office a delegate held at the time.',
    }),
    attendance: t.field({
      type: [AttendanceRef],
      description: 'Whether the participant took part in person or online, where a source says.',
      resolve: (p) => p.attendance,
    }),
    sources: t.field({
      type: [SourceRef],
      description: 'The sources that report this participation.',
      resolve: (p) => p.sources,
    }),
    inferences: t.field(inferencesField<ParticipationRecord>('participation')),
  }),
});

export const ParticipationConnection = defineConnection(ParticipationRef, 'Participation', 'participations');

export const ParticipationFilter = builder.inputType('ParticipationFilter', {
  description: 'Conditions on participations; all given conditions must hold.',
  fields: (t) => ({
    country: t.string({
      description:
        "The participant's country (its party's, else its organization's, else its first delegate's): ISO 3166-1 alpha-2 or alpha-3 code, any letter case.",
    }),
    role: t.field({ type: [ParticipationRole], description: 'Any of these roles.' }),
    event: t.id({ description: 'Global ID of the Event the participations are in.' }),
    year: t.int({ description: 'The year of the event the participations are in.' }),
  }),
});

/** The store query for a ParticipationFilter argument. */
export function participationQuery(
  ctx: Context,
  filter: { country?: string | null; role?: readonly string[] | null; event?: string | number | null; year?: number | null } | null | undefined,
): ParticipationQuery {
  return {
    country: filter?.country != null ? countryArg(ctx, filter.country, 'filter.country') : undefined,
    roles: filter?.role ?? undefined,
    event: filter?.event != null ? globalIdOf(String(filter.event), ['Event'], 'filter.event').key : undefined,
    year: filter?.year ?? undefined,
  };
}
