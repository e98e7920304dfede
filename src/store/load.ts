/**
 * Reading and validating fixtures. Every problem is collected (not only the
 * first) and reported as `file, record, field: message`, so that one run of
 * the loader shows everything that is wrong with the data.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { z } from 'zod';
import { COLLECTIONS, type CollectionName, type Fixtures } from './records.ts';
import { COUNTRIES, countryByAlpha3 } from './countries.ts';

export interface FixtureProblem {
  file: string;
  /** The record's key (slug or id) where it has one, else its index. */
  record: string;
  field: string;
  message: string;
}

export class FixtureError extends Error {
  readonly problems: FixtureProblem[];

  constructor(problems: FixtureProblem[]) {
    super(
      `Invalid fixture data (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n` +
        problems.map((p) => `  ${p.file}, record ${p.record}, field ${p.field}: ${p.message}`).join('\n'),
    );
    this.name = 'FixtureError';
    this.problems = problems;
  }
}

export type RawFixtures = Partial<Record<CollectionName, unknown>>;

/** Reads every collection file from `dir`; a missing or unparsable file is a problem. */
export function readFixtureFiles(dir: string): { raw: RawFixtures; problems: FixtureProblem[] } {
  const raw: RawFixtures = {};
  const problems: FixtureProblem[] = [];
  for (const [name, { file }] of Object.entries(COLLECTIONS) as [CollectionName, (typeof COLLECTIONS)[CollectionName]][]) {
    let textContent: string;
    try {
      textContent = readFileSync(join(dir, file), 'utf8');
    } catch (error) {
      problems.push({ file, record: '-', field: '-', message: `cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})` });
      continue;
    }
    try {
      raw[name] = JSON.parse(textContent);
    } catch (error) {
      problems.push({ file, record: '-', field: '-', message: `is not valid JSON: ${(error as Error).message}` });
    }
  }
  return { raw, problems };
}

function recordLabel(value: unknown, index: number, key: string): string {
  if (value && typeof value === 'object' && typeof (value as Record<string, unknown>)[key] === 'string') {
    return `"${(value as Record<string, string>)[key]}" (#${index})`;
  }
  return `#${index}`;
}

/**
 * Validates raw collections: the shape of each record (zod), unique keys,
 * and every reference between records. Returns typed fixtures or throws a
 * FixtureError listing every problem.
 */
export function validateFixtures(raw: RawFixtures, earlier: FixtureProblem[] = []): Fixtures {
  const problems = [...earlier];
  const out: Record<string, unknown[]> = {};
  // For each valid record, its position in its file: a problem found later
  // is labelled from it, so no label is built for a record without one.
  const positions: Record<string, number[]> = {};
  // Keys of every record, valid or not, so that one bad record is reported
  // once rather than again by every record that refers to it.
  const declared: Record<string, Set<string> | undefined> = {};

  for (const [name, { file, schema, key }] of Object.entries(COLLECTIONS) as [CollectionName, (typeof COLLECTIONS)[CollectionName]][]) {
    out[name] = [];
    positions[name] = [];
    const value = raw[name];
    // A file that could not be read is reported once; references into it are not checked.
    if (value === undefined) continue;
    if (!Array.isArray(value)) {
      problems.push({ file, record: '-', field: '-', message: 'must be a JSON array of records' });
      continue;
    }
    const keys = new Set<string>();
    declared[name] = keys;
    const seen = new Map<string, number>();
    const records = out[name]!;
    const at = positions[name]!;
    for (let index = 0; index < value.length; index++) {
      const item: unknown = value[index];
      const rawKey = item && typeof item === 'object' ? (item as Record<string, unknown>)[key] : undefined;
      if (typeof rawKey === 'string') keys.add(rawKey);
      const parsed = (schema as z.ZodType).safeParse(item);
      if (!parsed.success) {
        const label = recordLabel(item, index, key);
        for (const issue of parsed.error.issues) {
          const path = issue.path.join('.');
          if (issue.code === 'unrecognized_keys') {
            for (const unknown of issue.keys) {
              const field = path ? `${path}.${unknown}` : unknown;
              problems.push({ file, record: label, field, message: 'is not a field of this kind of record (see src/store/records.ts)' });
            }
          } else {
            problems.push({ file, record: label, field: path || '-', message: issue.message });
          }
        }
        continue;
      }
      const record = parsed.data as Record<string, unknown>;
      const id = record[key] as string;
      const previous = seen.get(id);
      if (previous !== undefined) {
        problems.push({ file, record: recordLabel(item, index, key), field: key, message: `duplicates record ${recordLabel(value[previous], previous, key)}` });
        continue;
      }
      seen.set(id, index);
      records.push(record);
      at.push(index);
    }
  }

  const fixtures = out as unknown as Fixtures;
  const labelOf = (collection: CollectionName, i: number) => recordLabel(out[collection]![i], positions[collection]![i]!, COLLECTIONS[collection].key);
  problems.push(...checkReferences(fixtures, labelOf, declared));
  if (problems.length > 0) throw new FixtureError(problems);
  return fixtures;
}

/** Checks that every slug, id and country code a record names exists. */
function checkReferences(
  f: Fixtures,
  labelOf: (collection: CollectionName, index: number) => string,
  declared: Record<string, Set<string> | undefined>,
): FixtureProblem[] {
  const problems: FixtureProblem[] = [];
  const keys = {
    sources: declared.sources,
    events: declared.events,
    parties: declared.parties,
    organizations: declared.organizations,
    people: declared.people,
    speeches: declared.speeches,
    statements: declared.statements,
    topics: declared.topics,
  };
  type Target = keyof typeof keys | 'countries';
  const SINGULAR: Record<keyof typeof keys, string> = {
    sources: 'source',
    events: 'event',
    parties: 'party',
    organizations: 'organization',
    people: 'person',
    speeches: 'speech',
    statements: 'statement',
    topics: 'topic',
  };
  // The country dataset's regions, for absences that name one.
  const REGIONS = new Set(COUNTRIES.map((c) => c.region));

  const report = (collection: CollectionName, index: number, field: string, message: string) =>
    problems.push({ file: COLLECTIONS[collection].file, record: labelOf(collection, index), field, message });
  const check = (collection: CollectionName, index: number, field: string, target: Target, value: string | undefined, item?: number): void => {
    if (value === undefined) return;
    if (target !== 'countries' && keys[target] === undefined) return; // its file is already reported
    const ok = target === 'countries' ? countryByAlpha3(value) !== undefined : keys[target]!.has(value);
    if (!ok) {
      report(
        collection,
        index,
        item === undefined ? field : `${field}.${item}`,
        target === 'countries'
          ? `unknown ISO 3166-1 alpha-3 country code "${value}"`
          : `names ${SINGULAR[target]} "${value}", which is not in ${COLLECTIONS[target].file}`,
      );
    }
  };
  const checkAll = (collection: CollectionName, index: number, field: string, target: Target, values: string[]) => {
    for (let i = 0; i < values.length; i++) check(collection, index, field, target, values[i], i);
  };

  f.events.forEach((r, i) => {
    check('events', i, 'hostCountry', 'countries', r.hostCountry);
    checkAll('events', i, 'organizers', 'organizations', r.organizers);
    check('events', i, 'chair', 'people', r.chair);
    check('events', i, 'partOf', 'events', r.partOf);
    if (r.partOf === r.slug) report('events', i, 'partOf', 'an event cannot be part of itself');
    checkAll('events', i, 'sources', 'sources', r.sources);
    r.figures.forEach((fig, j) => check('events', i, `figures.${j}.source`, 'sources', fig.source));
    r.claims.forEach((claim, j) => check('events', i, `claims.${j}.source`, 'sources', claim.source));
    if (r.startDate && Number(r.startDate.slice(0, 4)) !== r.year) {
      report('events', i, 'year', `is ${r.year} but startDate is ${r.startDate}`);
    }
    if (r.startDate && r.endDate && r.endDate < r.startDate) {
      report('events', i, 'endDate', `${r.endDate} is before startDate ${r.startDate}`);
    }
    if (r.endDate && !r.startDate) report('events', i, 'endDate', 'is set but startDate is not');
    if (r.endDate && r.endDate === r.startDate) {
      report('events', i, 'endDate', 'equals startDate: leave endDate out for a one-day event (Event.endDate is null for one)');
    }
    if (r.month !== undefined && r.startDate) report('events', i, 'month', 'is set but so is startDate: give the month only where the day is unknown');
    if (r.dateQualifier !== undefined && !r.startDate && r.month === undefined)
      report('events', i, 'dateQualifier', 'qualifies no date: give startDate or month');
    checkAll('events', i, 'topics', 'topics', r.topics);
    r.languages.forEach((l, j) => check('events', i, `languages.${j}.source`, 'sources', l.source));
    r.lineage.forEach((l, j) => {
      check('events', i, `lineage.${j}.source`, 'sources', l.source);
      checkAll('events', i, `lineage.${j}.events`, 'events', l.events);
      if (l.events.includes(r.slug)) report('events', i, `lineage.${j}.events`, 'an event cannot continue itself');
    });
  });
  f.parties.forEach((r, i) => {
    check('parties', i, 'country', 'countries', r.country);
    checkAll('parties', i, 'sources', 'sources', r.sources);
  });
  f.organizations.forEach((r, i) => {
    check('organizations', i, 'country', 'countries', r.country);
    check('organizations', i, 'party', 'parties', r.party);
    checkAll('organizations', i, 'sources', 'sources', r.sources);
  });
  f.people.forEach((r, i) => {
    check('people', i, 'country', 'countries', r.country);
    checkAll('people', i, 'sources', 'sources', r.sources);
  });
  f.positions.forEach((r, i) => {
    check('positions', i, 'person', 'people', r.person);
    check('positions', i, 'party', 'parties', r.party);
    check('positions', i, 'organization', 'organizations', r.organization);
    check('positions', i, 'country', 'countries', r.country);
    checkAll('positions', i, 'sources', 'sources', r.sources);
  });
  f.participations.forEach((r, i) => {
    check('participations', i, 'event', 'events', r.event);
    check('participations', i, 'party', 'parties', r.party);
    check('participations', i, 'organization', 'organizations', r.organization);
    checkAll('participations', i, 'delegates', 'people', r.delegates);
    checkAll('participations', i, 'sources', 'sources', r.sources);
    if (!r.party && !r.organization && r.delegates.length === 0) {
      report('participations', i, 'party', 'a participation must name a party, an organization or at least one delegate');
    }
  });
  f.speeches.forEach((r, i) => {
    check('speeches', i, 'event', 'events', r.event);
    check('speeches', i, 'speaker', 'people', r.speaker);
    check('speeches', i, 'party', 'parties', r.party);
    check('speeches', i, 'organization', 'organizations', r.organization);
    checkAll('speeches', i, 'sources', 'sources', r.sources);
    checkQuotes('speeches', i, r.quotes, r.sources, "speech's");
    checkAll('speeches', i, 'topics', 'topics', r.topics);
    checkAttendance('speeches', i, r.attendance, r.sources);
  });
  f.participations.forEach((r, i) => checkAttendance('participations', i, r.attendance, r.sources));
  f.statements.forEach((r, i) => {
    check('statements', i, 'speaker', 'people', r.speaker);
    check('statements', i, 'organization', 'organizations', r.organization);
    check('statements', i, 'party', 'parties', r.party);
    check('statements', i, 'event', 'events', r.event);
    check('statements', i, 'respondsTo', 'statements', r.respondsTo);
    if (r.respondsTo === r.id) report('statements', i, 'respondsTo', 'a statement cannot answer itself');
    if (!r.speaker && !r.organization && !r.party) {
      report('statements', i, 'speaker', 'a statement must name its speaker: a person, an organization or a party');
    }
    if (r.dateQualifier !== undefined && r.date === undefined) report('statements', i, 'dateQualifier', 'qualifies no date');
    checkAll('statements', i, 'topics', 'topics', r.topics);
    checkAll('statements', i, 'sources', 'sources', r.sources);
    checkQuotes('statements', i, r.quotes, r.sources, "statement's");
  });
  f.topics.forEach((r, i) => checkAll('topics', i, 'sources', 'sources', r.sources));
  f.absences.forEach((r, i) => {
    check('absences', i, 'event', 'events', r.event);
    checkAll('absences', i, 'parties', 'parties', r.parties);
    check('absences', i, 'organization', 'organizations', r.organization);
    check('absences', i, 'country', 'countries', r.country);
    if (r.region !== undefined && !REGIONS.has(r.region)) {
      report('absences', i, 'region', `"${r.region}" is not a region of the country dataset (${[...REGIONS].sort().join(', ')})`);
    }
    checkAll('absences', i, 'sources', 'sources', r.sources);
    checkQuotes('absences', i, r.quotes, r.sources, "absence's");
  });
  f.figures.forEach((r, i) => {
    check('figures', i, 'speech', 'speeches', r.speech);
    check('figures', i, 'statement', 'statements', r.statement);
    check('figures', i, 'event', 'events', r.event);
    check('figures', i, 'country', 'countries', r.country);
    check('figures', i, 'topic', 'topics', r.topic);
    check('figures', i, 'source', 'sources', r.source);
    if (!r.speech && !r.statement && !r.event && !r.country && !r.topic) {
      report('figures', i, 'speech', 'a figure must be attached to a speech, a statement, an event, a country or a topic');
    }
  });
  for (const collection of Object.keys(COLLECTIONS) as CollectionName[]) {
    (f[collection] as Record<string, unknown>[]).forEach((r, i) => checkInferences(collection, i, r, report));
  }
  return problems;

  function checkQuotes(collection: CollectionName, i: number, quotes: readonly { source: string }[], sources: readonly string[], whose: string) {
    quotes.forEach((q, j) => {
      check(collection, i, `quotes.${j}.source`, 'sources', q.source);
      if (!sources.includes(q.source)) report(collection, i, `quotes.${j}.source`, `"${q.source}" is not among the ${whose} sources`);
    });
  }
  function checkAttendance(collection: CollectionName, i: number, attendance: readonly { source: string }[], sources: readonly string[]) {
    attendance.forEach((a, j) => {
      check(collection, i, `attendance.${j}.source`, 'sources', a.source);
      if (!sources.includes(a.source)) report(collection, i, `attendance.${j}.source`, `"${a.source}" is not among the record's sources`);
    });
  }
}

/** Fields an inference may not name: keys, links to sources, and the inferences themselves. */
const NOT_INFERABLE = new Set(['slug', 'id', 'sources', 'inferences']);

/**
 * Checks a record's `inferences`: each names a field the record has, and a
 * `value` given must be that field's value (or one item of a list field).
 */
function checkInferences(
  collection: CollectionName,
  index: number,
  record: Record<string, unknown>,
  report: (collection: CollectionName, index: number, field: string, message: string) => void,
): void {
  const list = record.inferences as { field: string; value?: string }[] | undefined;
  list?.forEach((inference, j) => {
    const current = record[inference.field];
    if (NOT_INFERABLE.has(inference.field) || current === undefined) {
      report(collection, index, `inferences.${j}.field`, `"${inference.field}" is not a field this record has a value for`);
      return;
    }
    if (inference.value === undefined) return;
    const values = Array.isArray(current) ? current.map(String) : [String(current)];
    if (!values.includes(inference.value)) {
      report(
        collection,
        index,
        `inferences.${j}.value`,
        `"${inference.value}" is not a value of ${inference.field} (${values.map((v) => JSON.stringify(v)).join(', ')})`,
      );
    }
  });
}

/** Reads and validates the fixtures in `dir`; throws FixtureError on any problem. */
export function loadFixtures(dir: string): Fixtures {
  const { raw, problems } = readFixtureFiles(dir);
  return validateFixtures(raw, problems);
}
