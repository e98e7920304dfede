/** Fixture validation: bad data stops start-up with every problem named as file, record, field. */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_FIXTURES_DIR, createStore } from '../src/store/index.js';
import { FixtureError, loadFixtures } from '../src/store/load.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A copy of the shipped fixtures with `edit` applied to one file's records. */
function fixturesWith(file: string, edit: (records: any[]) => void): string {
  const dir = mkdtempSync(join(tmpdir(), 'summit-fixtures-'));
  dirs.push(dir);
  cpSync(DEFAULT_FIXTURES_DIR, dir, { recursive: true });
  const records = JSON.parse(readFileSync(join(dir, file), 'utf8'));
  edit(records);
  writeFileSync(join(dir, file), JSON.stringify(records));
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

  it('names file, record and field for a bad enum, date, code and a missing field', () => {
    const dir = fixturesWith('sources.json', (records) => {
      records[0].kind = 'BLOG';
      records[1].publishedOn = '2021-02-30';
      delete records[2].title;
    });
    const message = problemsOf(dir);
    expect(message).toContain('Invalid fixture data (3 problems)');
    expect(message).toMatch(/sources\.json, record "wikipedia-cpc-and-world-political-parties-summit" \(#0\), field kind: .*ENCYCLOPEDIA/);
    expect(message).toMatch(/sources\.json, record "cpusa-cpc-and-world-political-parties-summit" \(#1\), field publishedOn: is not a real calendar date/);
    expect(message).toMatch(/sources\.json, record "globalsecurity-world-political-parties-summit" \(#2\), field title: /);
  });

  it('refuses a reference to a record or country that does not exist', () => {
    const dir = fixturesWith('parties.json', (records) => {
      records.push(
        { slug: 'test-party', name: 'Test Party', country: 'XYZ', sources: ['no-such-source'] },
      );
    });
    const message = problemsOf(dir);
    expect(message).toContain('parties.json, record "test-party"');
    expect(message).toContain('field country: unknown ISO 3166-1 alpha-3 country code "XYZ"');
    expect(message).toContain('field sources.0: names source "no-such-source", which is not in sources.json');
  });

  it('refuses a record with no source, a duplicate key and an unknown field', () => {
    const dir = fixturesWith('people.json', (records) => {
      records.push({ slug: 'no-source', name: 'No Source', sources: [] });
      records.push({ slug: 'jane-doe', name: 'Jane Doe', sources: ['cpusa-cpc-and-world-political-parties-summit'] });
      records.push({ slug: 'jane-doe', name: 'Jane Doe', sources: ['cpusa-cpc-and-world-political-parties-summit'] });
      records.push({ slug: 'john-doe', name: 'John Doe', nickname: 'JD', sources: ['cpusa-cpc-and-world-political-parties-summit'] });
    });
    const message = problemsOf(dir);
    expect(message).toMatch(/people\.json, record "no-source" \(#\d+\), field sources: must name at least one source/);
    expect(message).toMatch(/people\.json, record "jane-doe" \(#\d+\), field slug: duplicates record "jane-doe"/);
    expect(message).toMatch(/people\.json, record "john-doe" \(#\d+\), field nickname: is not a field of this kind of record/);
  });

  it('reports a file that is missing or not JSON', () => {
    const dir = fixturesWith('events.json', () => {});
    writeFileSync(join(dir, 'events.json'), '[{');
    rmSync(join(dir, 'speeches.json'));
    const message = problemsOf(dir);
    expect(message).toContain('events.json, record -, field -: is not valid JSON');
    expect(message).toContain('speeches.json, record -, field -: cannot be read (ENOENT)');
    // References into an unreadable file are not reported again, record by record.
    expect(message).toContain('Invalid fixture data (2 problems)');
  });

  it('is what the shipped fixtures folder holds', () => {
    expect(DEFAULT_FIXTURES_DIR).toBe(fileURLToPath(new URL('../fixtures', import.meta.url)));
  });
});
