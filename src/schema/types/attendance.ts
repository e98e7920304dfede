/** Attendance: how a participant or speaker took part (in person or online), in one source's words. */
import { builder } from '../../builder.ts';
import type { AttendanceRecord } from '../../store/records.ts';
import { SourceRef } from './source.ts';

export const AttendanceMode = builder.enumType('AttendanceMode', {
  description: 'How someone took part in an event.',
  values: {
    IN_PERSON: { description: 'In person, at the venue.' },
    ONLINE: { description: 'Online, by video link.' },
  } as const,
});

export const AttendanceRef = builder.objectRef<AttendanceRecord>('Attendance');

AttendanceRef.implement({
  description: 'How a participant or speaker took part in an event, in person or online, as one source says; each source that says so is kept.',
  fields: (t) => ({
    mode: t.field({ type: AttendanceMode, description: 'In person or online.', resolve: (a) => a.mode }),
    text: t.exposeString('text', { description: "The source's own words." }),
    source: t.field({ type: SourceRef, description: 'The source that says so.', resolve: (a) => a.source }),
  }),
});
