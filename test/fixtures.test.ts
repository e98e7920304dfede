/**
 * Fixture validation: bad data stops start-up with every problem named as
 * file, record, field. Each case writes a small fixtures folder of literal
 * records and expects the loader's whole message, word for word.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_FIXTURES_DIR, createStore } from '../src/store/index.ts';
import { FixtureError, loadFixtures } from '../src/store/load.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const SOURCE = {
  slug: 'cpusa-summit-report',
  title: 'CPC and world political parties summit',
  kind: 'REPORT',
  publishedOn: '2021-07-30',
  document: '001_73e3e4c9078d8d3c.txt',
};

/**
 * A fixtures folder holding one valid source and otherwise empty files,
 * with `files` written over it: file name to its contents (a value is
 * written as JSON, a string as is, null leaves the file out).
 */
function fixtures(files: Record<string, unknown> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'summit-fixtures-'));
  dirs.push(dir);
  const all: Record<string, unknown> = {
    'sources.json': [SOURCE],
    'events.json': [],
    'parties.json': [],
    'organizations.json': [],
    'people.json': [],
    'positions.json': [],
    'participations.json': [],
    'speeches.json': [],
    'statements.json': [],
    'topics.json': [],
    'absences.json': [],
    'figures.json': [],
    ...files,
  };
  for (const [file, contents] of Object.entries(all)) {
    if (contents === null) continue;
    writeFileSync(join(dir, file), typeof contents === 'string' ? contents : JSON.stringify(contents));
  }
  return dir;
}

function problemsOf(dir: string): string {
  try {
    loadFixtures(dir);
  } catch (error) {
    expect(error).toBeInstanceOf(FixtureError);
    return (error as Error).message;
  }
  throw new Error('expected the fixtures to be refused');
}

describe('fixture validation', () => {
  it('accepts the shipped fixtures', () => {
    const store = createStore();
    expect(store.sources.size).toBe(5);
    expect(store.countries.size).toBe(249);
  });

  it('accepts the one-source folder the other cases start from', () => {
    expect(loadFixtures(fixtures()).sources.map((s) => s.slug)).toEqual(['cpusa-summit-report']);
  });

  it('counts a single problem in the singular', () => {
    const dir = fixtures({ 'sources.json': [{ ...SOURCE, title: '  ' }] });
    expect(problemsOf(dir)).toBe('Invalid fixture data (1 problem):\n  sources.json, record "cpusa-summit-report" (#0), field title: must not be empty');
  });

  it('names file, record and field for a bad enum, date and a missing field', () => {
    const dir = fixtures({
      'sources.json': [
        { ...SOURCE, slug: 'a-blog', kind: 'BLOG' },
        { ...SOURCE, slug: 'a-leap-day', publishedOn: '2021-02-29' },
        { slug: 'untitled', kind: 'NEWS', document: '003_x.txt' },
        { ...SOURCE, slug: 'Not A Slug', url: 'not a url' },
      ],
    });
    expect(problemsOf(dir)).toBe(
      [
        'Invalid fixture data (5 problems):',
        '  sources.json, record "a-blog" (#0), field kind: Invalid option: expected one of "ENCYCLOPEDIA"|"NEWS"|"REPORT"|"REFERENCE"|"OTHER"',
        '  sources.json, record "a-leap-day" (#1), field publishedOn: is not a real calendar date',
        '  sources.json, record "untitled" (#2), field title: Invalid input: expected string, received undefined',
        '  sources.json, record "Not A Slug" (#3), field slug: must be lower-case ASCII kebab-case, e.g. "african-national-congress"',
        '  sources.json, record "Not A Slug" (#3), field url: Invalid URL',
      ].join('\n'),
    );
  });

  it('refuses a reference to a record or country that does not exist', () => {
    const dir = fixtures({
      'parties.json': [{ slug: 'test-party', name: 'Test Party', country: 'XYZ', sources: ['no-such-source'] }],
      'organizations.json': [{ slug: 'test-office', name: 'Test Office', kind: 'PARTY_BODY', party: 'no-such-party', sources: ['cpusa-summit-report'] }],
    });
    expect(problemsOf(dir)).toBe(
      [
        'Invalid fixture data (3 problems):',
        '  parties.json, record "test-party" (#0), field country: unknown ISO 3166-1 alpha-3 country code "XYZ"',
        '  parties.json, record "test-party" (#0), field sources.0: names source "no-such-source", which is not in sources.json',
        '  organizations.json, record "test-office" (#0), field party: names party "no-such-party", which is not in parties.json',
      ].join('\n'),
    );
  });

  it('refuses a record with no source, a duplicate key and an unknown field', () => {
    const sources = ['cpusa-summit-report'];
    const dir = fixtures({
      'people.json': [
        { slug: 'no-source', name: 'No Source', sources: [] },
        { slug: 'jane-doe', name: 'Jane Doe', sources },
        { slug: 'jane-doe', name: 'Jane Doe', sources },
        { slug: 'john-doe', name: 'John Doe', nickname: 'JD', sources },
      ],
    });
    expect(problemsOf(dir)).toBe(
      [
        'Invalid fixture data (3 problems):',
        '  people.json, record "no-source" (#0), field sources: must name at least one source',
        '  people.json, record "jane-doe" (#2), field slug: duplicates record "jane-doe" (#1)',
        '  people.json, record "john-doe" (#3), field nickname: is not a field of this kind of record (see src/store/records.ts)',
      ].join('\n'),
    );
  });

  it('checks the rules between fields of an event, a participation and a speech', () => {
    const sources = ['cpusa-summit-report'];
    const event = { slug: 'summit', name: 'Summit', kind: 'SUMMIT', format: 'VIDEOCONFERENCE', year: 2021, sources };
    const dir = fixtures({
      'events.json': [
        { ...event, startDate: '2021-07-06', endDate: '2021-07-05', year: 2020 },
        { ...event, slug: 'loop', partOf: 'loop', endDate: '2021-07-06' },
      ],
      'people.json': [{ slug: 'speaker', name: 'Speaker', sources }],
      'participations.json': [{ id: 'summit/nobody', event: 'summit', role: 'ATTENDEE', sources }],
      'speeches.json': [
        {
          id: 'summit/speaker',
          event: 'summit',
          speaker: 'speaker',
          quotes: [{ text: 'Words.', source: 'cpusa-summit-report' }],
          sources: ['cpusa-summit-report'],
        },
        { id: 'summit/speaker-2', event: 'summit', speaker: 'speaker', quotes: [{ text: 'Words.', source: 'other-report' }], sources },
      ],
    });
    expect(problemsOf(dir)).toBe(
      [
        'Invalid fixture data (7 problems):',
        '  events.json, record "summit" (#0), field year: is 2020 but startDate is 2021-07-06',
        '  events.json, record "summit" (#0), field endDate: 2021-07-05 is before startDate 2021-07-06',
        '  events.json, record "loop" (#1), field partOf: an event cannot be part of itself',
        '  events.json, record "loop" (#1), field endDate: is set but startDate is not',
        '  participations.json, record "summit/nobody" (#0), field party: a participation must name a party, an organization or at least one delegate',
        '  speeches.json, record "summit/speaker-2" (#1), field quotes.0.source: names source "other-report", which is not in sources.json',
        '  speeches.json, record "summit/speaker-2" (#1), field quotes.0.source: "other-report" is not among the speech\'s sources',
      ].join('\n'),
    );
  });

  it('checks statements, absences, standalone figures, inferences and one-day events', () => {
    const sources = ['cpusa-summit-report'];
    const event = { slug: 'summit', name: 'Summit', kind: 'SUMMIT', format: 'VIDEOCONFERENCE', year: 2021, sources };
    const dir = fixtures({
      'events.json': [
        { ...event, startDate: '2021-07-06', endDate: '2021-07-06' },
        { ...event, slug: 'marx', year: 2018, inferences: [{ field: 'year', value: '1818', note: 'Wrong year.' }] },
      ],
      'people.json': [{ slug: 'jane-doe', name: 'Jane Doe', sources, inferences: [{ field: 'nickname', note: 'No such field.' }] }],
      'statements.json': [
        { id: 'nobody/said', kind: 'COMMENTARY', summary: 'Words.', date: '2021-13', sources },
        { id: 'jane-doe/said', kind: 'COMMENTARY', speaker: 'jane-doe', summary: 'Words.', respondsTo: 'no/such', topics: ['no-topic'], sources },
      ],
      'absences.json': [
        {
          id: 'summit/europe',
          event: 'summit',
          kind: 'ABSENT',
          subject: 'Some',
          region: 'Atlantis',
          quotes: [{ text: 'Absent.', source: 'cpusa-summit-report' }],
          sources,
        },
      ],
      'figures.json': [{ id: 'loose', metric: 'OTHER', value: 1, qualifier: 'EXACT', text: 'One.', source: 'cpusa-summit-report' }],
    });
    expect(problemsOf(dir)).toBe(
      [
        'Invalid fixture data (8 problems):',
        '  statements.json, record "nobody/said" (#0), field date: is not a real calendar month or date',
        '  events.json, record "summit" (#0), field endDate: equals startDate: leave endDate out for a one-day event (Event.endDate is null for one)',
        '  statements.json, record "jane-doe/said" (#1), field respondsTo: names statement "no/such", which is not in statements.json',
        '  statements.json, record "jane-doe/said" (#1), field topics.0: names topic "no-topic", which is not in topics.json',
        '  absences.json, record "summit/europe" (#0), field region: "Atlantis" is not a region of the country dataset (Africa, Americas, Antarctic, Asia, Europe, Oceania)',
        '  figures.json, record "loose" (#0), field speech: a figure must be attached to a speech, a statement, an event, a country or a topic',
        '  events.json, record "marx" (#1), field inferences.0.value: "1818" is not a value of year ("2018")',
        '  people.json, record "jane-doe" (#0), field inferences.0.field: "nickname" is not a field this record has a value for',
      ].join('\n'),
    );
  });

  it('reports a file that is missing, not JSON or not an array, and not the references into it', () => {
    const dir = fixtures({
      'events.json': '[{',
      'speeches.json': null,
      'people.json': { slug: 'jane-doe' },
      // Names an event and a person, whose files are reported above: no problem of its own.
      'participations.json': [{ id: 'summit/jane-doe', event: 'summit', delegates: ['jane-doe'], role: 'ATTENDEE', sources: ['cpusa-summit-report'] }],
    });
    const [head, events, speeches, people, ...rest] = problemsOf(dir).split('\n');
    expect(head).toBe('Invalid fixture data (3 problems):');
    // After the colon, the JSON parser's own words, which vary with the Node version.
    expect(events).toMatch(/^ {2}events\.json, record -, field -: is not valid JSON: \S/);
    expect(speeches).toBe('  speeches.json, record -, field -: cannot be read (ENOENT)');
    expect(people).toBe('  people.json, record -, field -: must be a JSON array of records');
    expect(rest).toEqual([]);
  });

  it('is what the shipped fixtures folder holds', () => {
    expect(DEFAULT_FIXTURES_DIR).toBe(fileURLToPath(new URL('../fixtures', import.meta.url)));
  });
});
