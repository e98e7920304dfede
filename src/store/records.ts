/**
 * The shape of every fixture record, as zod schemas. This file is the
 * contract between the curated data in fixtures/ and the rest of the code:
 * the store validates each file against it at start-up, and the TypeScript
 * record types below are inferred from it. It knows nothing of GraphQL.
 *
 * Conventions (see fixtures/README.md):
 * - Entities (sources, events, parties, organizations, people) are keyed by
 *   `slug`; links between records name that slug.
 * - Countries are named by ISO 3166-1 alpha-3 code and come from the
 *   `world-countries` dataset, not from fixtures.
 * - Relationship records (positions, participations, speeches, statements,
 *   absences, figures) carry an `id`, unique in their file.
 * - A value taken from outside the documents is listed in the record's
 *   `inferences`, with a note.
 * - Every record except a source names at least one source in `sources`.
 */
import { z } from 'zod';

const slug = z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be lower-case ASCII kebab-case, e.g. "african-national-congress"');

const relationId = z
  .string()
  .regex(
    /^[a-z0-9]+(?:-[a-z0-9]+)*(?:\/[a-z0-9]+(?:-[a-z0-9]+)*)*$/,
    'must be kebab-case segments joined by "/", e.g. "cpc-and-world-political-parties-summit-2021/african-national-congress"',
  );

/** A real calendar day in ISO 8601 form. */
export const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be an ISO 8601 date, YYYY-MM-DD')
  .refine((value) => {
    const date = new Date(`${value}T00:00:00Z`);
    return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
  }, 'is not a real calendar date');

const alpha3 = z.string().regex(/^[A-Z]{3}$/, 'must be an upper-case ISO 3166-1 alpha-3 code, e.g. "ZAF"');

const text = z.string().trim().min(1, 'must not be empty');
const names = z.array(text).default([]);
const sourceRefs = z.array(slug).min(1, 'must name at least one source');

export const SOURCE_KINDS = ['ENCYCLOPEDIA', 'NEWS', 'REPORT', 'REFERENCE', 'OTHER'] as const;
export const EVENT_KINDS = ['SUMMIT', 'DIALOGUE', 'CONFERENCE', 'BRIEFING', 'JOINT_STATEMENT', 'OTHER'] as const;
export const EVENT_FORMATS = ['IN_PERSON', 'VIDEOCONFERENCE', 'HYBRID', 'UNKNOWN'] as const;
export const PARTICIPATION_ROLES = ['HOST', 'SPEAKER', 'ATTENDEE', 'INVITED'] as const;
export const FIGURE_METRICS = [
  'PARTIES',
  'COUNTRIES',
  'REPRESENTATIVES',
  'POLITICAL_LEADERS',
  'VENUES',
  'SPEAKERS',
  'LANGUAGES',
  'DURATION_MINUTES',
  'OTHER',
] as const;
export const FIGURE_QUALIFIERS = ['EXACT', 'ABOUT', 'NEARLY', 'AT_LEAST', 'MORE_THAN'] as const;
export const ORGANIZATION_KINDS = ['PARTY_BODY', 'INTERNATIONAL_ORGANIZATION', 'GOVERNMENT_BODY', 'ACADEMIC', 'MEDIA', 'OTHER'] as const;
export const CLAIM_FIELDS = ['NAME', 'START_DATE', 'END_DATE', 'THEME', 'VENUE', 'CITY', 'FORMAT', 'CHAIR'] as const;
export const STATEMENT_KINDS = ['PRESS_REMARKS', 'ANNOUNCEMENT', 'COMMENTARY', 'SOCIAL_MEDIA_POST', 'OTHER'] as const;
export const ABSENCE_KINDS = ['ABSENT', 'NO_RESPONSE'] as const;
export const ATTENDANCE_MODES = ['IN_PERSON', 'ONLINE'] as const;
export const DATE_QUALIFIERS = ['ON', 'BY'] as const;
export const LINEAGE_RELATIONS = ['CONTINUES_SERIES', 'FOLLOW_UP', 'EXTENSION'] as const;

/** A date as precise as a source gives it: a year, a month or a day (YYYY, YYYY-MM or YYYY-MM-DD). */
export const partialDate = z
  .string()
  .regex(/^\d{4}(?:-\d{2}(?:-\d{2})?)?$/, 'must be a year, month or day: YYYY, YYYY-MM or YYYY-MM-DD')
  .refine((value) => {
    if (value.length === 4) return true;
    if (value.length === 7) return Number(value.slice(5)) >= 1 && Number(value.slice(5)) <= 12;
    return isoDate.safeParse(value).success;
  }, 'is not a real calendar month or date');

/**
 * A value of the record that no source document states: knowledge from
 * outside the five documents (a full name where they give a surname) or a
 * reading of them that they do not spell out. `field` names the record's
 * field; `value`, for a list field or to be precise, the inferred value.
 */
export const inferenceRecord = z.strictObject({ field: text, value: text.optional(), note: text });
const inferences = z.array(inferenceRecord).default([]);

/** A quotation, exactly as it stands in the document of `source`. */
const quote = z.strictObject({ text, source: slug });

/** How a participant or speaker took part, in the words of one source. */
export const attendanceRecord = z.strictObject({ mode: z.enum(ATTENDANCE_MODES), text, source: slug });

export const sourceRecord = z.strictObject({
  slug,
  title: text,
  kind: z.enum(SOURCE_KINDS),
  publisher: text.optional(),
  author: text.optional(),
  publishedOn: isoDate.optional(),
  url: z.url().optional(),
  /** The date the document says it was last modified. */
  modifiedOn: isoDate.optional(),
  /** The document's own dateline (publication or modification), verbatim. */
  dateText: text.optional(),
  /** The publisher's website, where known (not the document's own address). */
  website: z.url().optional(),
  inferences,
  /** File name of the document in the source collection. */
  document: z.string().regex(/^[\w.-]+\.txt$/, 'must be a document file name such as "000_f226081cfaa06814.txt"'),
});

/** A count as one source reports it. */
export const figureRecord = z.strictObject({
  metric: z.enum(FIGURE_METRICS),
  value: z.number().int().nonnegative(),
  qualifier: z.enum(FIGURE_QUALIFIERS),
  /**
   * For a breakdown, the part of the whole this figure counts (e.g. the
   * speakers from "Africa"); absent for a figure of the whole.
   */
  group: text.optional(),
  /** What is counted, in a few words, where the metric does not say (e.g. "medical teams"). */
  unit: text.optional(),
  /** The source's own words, verbatim. */
  text,
  source: slug,
});

/**
 * A figure beyond an event's counts, in figures.json: a number said in a
 * speech or statement, or one about a country or topic. It names what it is
 * attached to (at least one of speech, statement, country, topic, event).
 */
export const standaloneFigureRecord = figureRecord.extend({
  id: relationId,
  speech: relationId.optional(),
  statement: relationId.optional(),
  event: slug.optional(),
  country: alpha3.optional(),
  topic: slug.optional(),
});

/** One source's claim that an event continues or follows earlier ones. */
export const lineageRecord = z.strictObject({
  relation: z.enum(LINEAGE_RELATIONS),
  /** Slugs of the earlier events the source names. */
  events: z.array(slug).min(1, 'must name at least one earlier event'),
  text,
  source: slug,
});

/** An interpretation language a source names for an event. */
export const languageRecord = z.strictObject({ name: text, text, source: slug });

/**
 * One source's value for a field of an event where sources disagree (a date,
 * a theme's wording). The event's own field holds the value it uses; the
 * claims keep every alternative with its source.
 */
export const claimRecord = z.strictObject({
  field: z.enum(CLAIM_FIELDS),
  /** Normalised value: ISO date for dates, plain text otherwise. */
  value: text,
  /** The source's own words, verbatim. */
  text,
  source: slug,
});

export const eventRecord = z.strictObject({
  slug,
  name: text,
  alternateNames: names,
  kind: z.enum(EVENT_KINDS),
  format: z.enum(EVENT_FORMATS),
  year: z.number().int().min(1900).max(2100),
  /** The month, where the sources give a month but no day (1 to 12). */
  month: z.number().int().min(1).max(12).optional(),
  /** "BY" where the source gives the date as a limit ("by June 2020"). */
  dateQualifier: z.enum(DATE_QUALIFIERS).optional(),
  startDate: isoDate.optional(),
  /** The last day, for an event of several days only: a one-day event has none. */
  endDate: isoDate.optional(),
  theme: text.optional(),
  summary: text.optional(),
  venue: text.optional(),
  city: text.optional(),
  hostCountry: alpha3.optional(),
  organizers: z.array(slug).default([]),
  chair: slug.optional(),
  /** Slug of a larger event or series this one belongs to. */
  partOf: slug.optional(),
  figures: z.array(figureRecord).default([]),
  claims: z.array(claimRecord).default([]),
  languages: z.array(languageRecord).default([]),
  lineage: z.array(lineageRecord).default([]),
  topics: z.array(slug).default([]),
  sources: sourceRefs,
  inferences,
});

export const partyRecord = z.strictObject({
  slug,
  name: text,
  abbreviation: text.optional(),
  alternateNames: names,
  /** Names the party had before a rename, also searchable. */
  formerNames: names,
  country: alpha3.optional(),
  sources: sourceRefs,
  inferences,
});

export const organizationRecord = z.strictObject({
  slug,
  name: text,
  abbreviation: text.optional(),
  alternateNames: names,
  kind: z.enum(ORGANIZATION_KINDS),
  country: alpha3.optional(),
  party: slug.optional(),
  sources: sourceRefs,
  inferences,
});

export const personRecord = z.strictObject({
  slug,
  name: text,
  alternateNames: names,
  country: alpha3.optional(),
  sources: sourceRefs,
  inferences,
});

export const positionRecord = z.strictObject({
  id: relationId,
  person: slug,
  title: text,
  party: slug.optional(),
  organization: slug.optional(),
  country: alpha3.optional(),
  former: z.boolean().default(false),
  asOf: isoDate.optional(),
  sources: sourceRefs,
  inferences,
});

export const participationRecord = z.strictObject({
  id: relationId,
  event: slug,
  party: slug.optional(),
  organization: slug.optional(),
  /** People representing the participant, delegation head first. */
  delegates: z.array(slug).default([]),
  role: z.enum(PARTICIPATION_ROLES),
  note: text.optional(),
  attendance: z.array(attendanceRecord).default([]),
  sources: sourceRefs,
  inferences,
});

export const speechRecord = z.strictObject({
  id: relationId,
  event: slug,
  speaker: slug,
  party: slug.optional(),
  organization: slug.optional(),
  order: z.number().int().positive().optional(),
  /** The part of the programme, where a source names it (e.g. "opening ceremony"). */
  session: text.optional(),
  title: text.optional(),
  summary: text.optional(),
  quotes: z.array(quote).default([]),
  attendance: z.array(attendanceRecord).default([]),
  topics: z.array(slug).default([]),
  sources: sourceRefs,
  inferences,
});

/**
 * Attributed words that are not a speech at an event: press remarks, an
 * organizer's description, an analyst's comment, a post. The speaker is a
 * person, an organization or a party (at least one).
 */
export const statementRecord = z.strictObject({
  id: relationId,
  kind: z.enum(STATEMENT_KINDS),
  speaker: slug.optional(),
  organization: slug.optional(),
  party: slug.optional(),
  date: partialDate.optional(),
  dateQualifier: z.enum(DATE_QUALIFIERS).optional(),
  /** The event the statement is about, where there is one. */
  event: slug.optional(),
  /** The statement this one answers. */
  respondsTo: relationId.optional(),
  summary: text,
  quotes: z.array(quote).default([]),
  topics: z.array(slug).default([]),
  sources: sourceRefs,
  inferences,
});

/** A topic or initiative that runs through the documents. */
export const topicRecord = z.strictObject({
  slug,
  name: text,
  alternateNames: names,
  summary: text,
  sources: sourceRefs,
  inferences,
});

/**
 * A reported absence or refusal: who a source says stayed away from an
 * event (parties, or a group of them by country or region), or a request
 * that was not answered.
 */
export const absenceRecord = z.strictObject({
  id: relationId,
  event: slug,
  kind: z.enum(ABSENCE_KINDS),
  /** Who, in our own words (e.g. "Leaders of most European political parties"). */
  subject: text,
  parties: z.array(slug).default([]),
  organization: slug.optional(),
  country: alpha3.optional(),
  /** A region of the country dataset, e.g. "Europe". */
  region: text.optional(),
  quotes: z.array(quote).min(1, "must quote the source's words"),
  sources: sourceRefs,
  inferences,
});

export type SourceRecord = z.infer<typeof sourceRecord>;
export type FigureRecord = z.infer<typeof figureRecord>;
export type ClaimRecord = z.infer<typeof claimRecord>;
export type EventRecord = z.infer<typeof eventRecord>;
export type PartyRecord = z.infer<typeof partyRecord>;
export type OrganizationRecord = z.infer<typeof organizationRecord>;
export type PersonRecord = z.infer<typeof personRecord>;
export type PositionRecord = z.infer<typeof positionRecord>;
export type ParticipationRecord = z.infer<typeof participationRecord>;
export type SpeechRecord = z.infer<typeof speechRecord>;
export type StatementRecord = z.infer<typeof statementRecord>;
export type TopicRecord = z.infer<typeof topicRecord>;
export type AbsenceRecord = z.infer<typeof absenceRecord>;
export type StandaloneFigureRecord = z.infer<typeof standaloneFigureRecord>;
export type InferenceRecord = z.infer<typeof inferenceRecord>;
export type AttendanceRecord = z.infer<typeof attendanceRecord>;
export type LineageRecord = z.infer<typeof lineageRecord>;
export type LanguageRecord = z.infer<typeof languageRecord>;

/** Every fixture file: its name in fixtures/, its record schema and key field. */
export const COLLECTIONS = {
  sources: { file: 'sources.json', schema: sourceRecord, key: 'slug' },
  events: { file: 'events.json', schema: eventRecord, key: 'slug' },
  parties: { file: 'parties.json', schema: partyRecord, key: 'slug' },
  organizations: { file: 'organizations.json', schema: organizationRecord, key: 'slug' },
  people: { file: 'people.json', schema: personRecord, key: 'slug' },
  positions: { file: 'positions.json', schema: positionRecord, key: 'id' },
  participations: { file: 'participations.json', schema: participationRecord, key: 'id' },
  speeches: { file: 'speeches.json', schema: speechRecord, key: 'id' },
  statements: { file: 'statements.json', schema: statementRecord, key: 'id' },
  topics: { file: 'topics.json', schema: topicRecord, key: 'slug' },
  absences: { file: 'absences.json', schema: absenceRecord, key: 'id' },
  figures: { file: 'figures.json', schema: standaloneFigureRecord, key: 'id' },
} as const;

export type CollectionName = keyof typeof COLLECTIONS;

export interface Fixtures {
  sources: SourceRecord[];
  events: EventRecord[];
  parties: PartyRecord[];
  organizations: OrganizationRecord[];
  people: PersonRecord[];
  positions: PositionRecord[];
  participations: ParticipationRecord[];
  speeches: SpeechRecord[];
  statements: StatementRecord[];
  topics: TopicRecord[];
  absences: AbsenceRecord[];
  figures: StandaloneFigureRecord[];
}
