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
 * - Relationship records (positions, participations, speeches) carry an
 *   `id`, unique in their file.
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

/** A quotation, exactly as it stands in the document of `source`. */
const quote = z.strictObject({ text, source: slug });

export const sourceRecord = z.strictObject({
  slug,
  title: text,
  kind: z.enum(SOURCE_KINDS),
  publisher: text.optional(),
  author: text.optional(),
  publishedOn: isoDate.optional(),
  url: z.url().optional(),
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
  /** The source's own words, verbatim. */
  text,
  source: slug,
});

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
  startDate: isoDate.optional(),
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
  sources: sourceRefs,
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
});

export const personRecord = z.strictObject({
  slug,
  name: text,
  alternateNames: names,
  country: alpha3.optional(),
  sources: sourceRefs,
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
  sources: sourceRefs,
});

export const speechRecord = z.strictObject({
  id: relationId,
  event: slug,
  speaker: slug,
  party: slug.optional(),
  organization: slug.optional(),
  order: z.number().int().positive().optional(),
  title: text.optional(),
  summary: text.optional(),
  quotes: z.array(quote).default([]),
  sources: sourceRefs,
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
}
