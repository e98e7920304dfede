/** EventClaim: one source's value for a field of an event where sources disagree. */
import { builder } from '../../builder.ts';
import type { ClaimRecord, EventRecord } from '../../store/records.ts';
import { SourceRef } from './source.ts';

export const EventClaimField = builder.enumType('EventClaimField', {
  description: 'The field of an event a claim is about.',
  values: {
    NAME: { description: "The event's name." },
    START_DATE: { description: 'The first day (value in ISO 8601 form).' },
    END_DATE: { description: 'The last day (value in ISO 8601 form).' },
    THEME: { description: "The theme's wording." },
    VENUE: { description: 'The venue.' },
    CITY: { description: 'The city.' },
    FORMAT: { description: 'In person, by video or both (value is an EventFormat name).' },
    CHAIR: { description: "Who chaired it (value is the person's slug)." },
  } as const,
});

export interface ClaimParent {
  claim: ClaimRecord;
  event: EventRecord;
}

/** The event's own value of a claimed field, to tell whether the event adopts the claim. */
function adoptedValue(event: EventRecord, field: ClaimRecord['field']): string | undefined {
  switch (field) {
    case 'NAME':
      return event.name;
    case 'START_DATE':
      return event.startDate;
    case 'END_DATE':
      return event.endDate;
    case 'THEME':
      return event.theme;
    case 'VENUE':
      return event.venue;
    case 'CITY':
      return event.city;
    case 'FORMAT':
      return event.format;
    case 'CHAIR':
      return event.chair;
  }
}

export const EventClaimRef = builder.objectRef<ClaimParent>('EventClaim');

EventClaimRef.implement({
  description:
    "One source's value for a field of an event, kept where sources disagree (a date, the wording of a theme). The event's own field holds the value it uses; `adopted` says which claim that is.",
  fields: (t) => ({
    field: t.field({ type: EventClaimField, description: 'Which field of the event.', resolve: (c) => c.claim.field }),
    value: t.string({
      description: 'The value this source gives, normalised (ISO 8601 for dates).',
      resolve: (c) => c.claim.value,
    }),
    text: t.string({ description: "The source's own words.", resolve: (c) => c.claim.text }),
    source: t.field({ type: SourceRef, description: 'The source that makes this claim.', resolve: (c) => c.claim.source }),
    adopted: t.boolean({
      description: "True when the event's own field has this value.",
      resolve: (c) => adoptedValue(c.event, c.claim.field) === c.claim.value,
    }),
  }),
});
