/** Details of an event kept per source: interpretation languages and lineage claims. */
import { builder } from '../../builder.ts';
import type { LanguageRecord, LineageRecord } from '../../store/records.ts';
import { EventRef } from './event.ts';
import { SourceRef } from './source.ts';

export const EventLanguageRef = builder.objectRef<LanguageRecord>('EventLanguage');

EventLanguageRef.implement({
  description: 'A language of interpretation at an event that a source names.',
  fields: (t) => ({
    name: t.exposeString('name', { description: 'The language, in English, e.g. "Chinese".' }),
    text: t.exposeString('text', { description: "The source's own words." }),
    source: t.field({ type: SourceRef, description: 'The source that names it.', resolve: (l) => l.source }),
  }),
});

export const LineageRelation = builder.enumType('LineageRelation', {
  description: 'How a source relates an event to earlier ones.',
  values: {
    CONTINUES_SERIES: { description: 'It continues a series of meetings the earlier events began.' },
    FOLLOW_UP: { description: 'It is a follow-up to the earlier efforts.' },
    EXTENSION: { description: 'It is an extension of an earlier meeting.' },
  } as const,
});

export const LineageClaimRef = builder.objectRef<LineageRecord>('LineageClaim');

LineageClaimRef.implement({
  description:
    "One source's claim of what an event continues or follows. Sources disagree on an event's lineage; each claim is kept with its source, and none is adopted.",
  fields: (t) => ({
    relation: t.field({ type: LineageRelation, description: 'How the source relates the event to the earlier ones.', resolve: (l) => l.relation }),
    events: t.field({ type: [EventRef], description: 'The earlier events the source names, in its order.', resolve: (l) => l.events }),
    text: t.exposeString('text', { description: "The source's own words." }),
    source: t.field({ type: SourceRef, description: 'The source that makes the claim.', resolve: (l) => l.source }),
  }),
});
