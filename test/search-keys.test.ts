/**
 * Search answers only keys the store has: the full-text index is built from
 * the Store's own validated records, never from the fixture files, so a
 * hit always resolves (a hit the store lacked was answered `data: null`).
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_FIXTURES_DIR, createStore, openStore } from '../src/store/index.ts';
import { FixtureError, loadFixtures } from '../src/store/load.ts';
import type { Fixtures } from '../src/store/records.ts';
import type { SearchKind } from '../src/store/search.ts';
import { Store } from '../src/store/store.ts';
import { terms } from '../src/store/text.ts';
import { graphql } from './helpers.ts';

const store = createStore();
const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** The store's record map for each kind of hit. */
function recordsOf(s: Store): Record<SearchKind, ReadonlyMap<string, unknown>> {
  return {
    event: s.events,
    party: s.parties,
    person: s.people,
    organization: s.organizations,
    country: s.countries,
    source: s.sources,
    statement: s.statements,
    topic: s.topics,
  };
}

/** Queries from every indexed text of the store: each whole text, each word, its first three letters, and a misspelling of it. */
function queriesOf(s: Store): string[] {
  const texts: string[] = [];
  for (const e of s.events.values()) texts.push(e.name, ...e.alternateNames, e.theme ?? '');
  for (const p of s.parties.values()) texts.push(p.name, ...p.alternateNames, ...p.formerNames, p.abbreviation ?? '');
  for (const p of s.people.values()) texts.push(p.name, ...p.alternateNames);
  for (const o of s.organizations.values()) texts.push(o.name, ...o.alternateNames, o.abbreviation ?? '');
  for (const c of s.countries.values()) texts.push(c.name, c.officialName, c.alpha2);
  for (const r of s.sources.values()) texts.push(r.title, r.publisher ?? '', r.author ?? '');
  for (const t of s.topics.values()) texts.push(t.name, ...t.alternateNames);
  const queries = new Set<string>();
  for (const text of texts.filter(Boolean)) {
    queries.add(text.slice(0, 200));
    for (const word of terms(text)) {
      queries.add(word).add(word.slice(0, 3));
      if (word.length >= 5) queries.add(`${word.slice(0, 2)}x${word.slice(3)}`);
    }
  }
  return [...queries];
}

/** `kind:key` of every hit of `s` for `queries` that `s` has no record for. */
function unknownHits(s: Store, queries: readonly string[]): { hits: number; unknown: string[] } {
  const records = recordsOf(s);
  let hits = 0;
  const unknown: string[] = [];
  for (const query of queries) {
    for (const hit of s.search(query)) {
      hits++;
      if (!records[hit.kind].has(hit.key)) unknown.push(`${hit.kind}:${hit.key} for "${query}"`);
    }
  }
  return { hits, unknown };
}

describe('search answers only keys the store has', () => {
  const queries = queriesOf(store);

  it('every hit of every query resolves to a record of the store', () => {
    expect(queries.length).toBeGreaterThan(1000);
    const { hits, unknown } = unknownHits(store, queries);
    expect(hits).toBeGreaterThan(queries.length); // not vacuous: most queries find something
    expect(unknown).toEqual([]);
  });

  it('every node of the search field resolves through the API', async () => {
    const query = 'query ($q: String!) { search(query: $q, first: 100) { edges { node { __typename } } } }';
    for (const q of queries.filter((_, i) => i % 25 === 0)) {
      const result = await graphql(query, { q });
      expect(result.errors, q).toBeUndefined();
      expect(
        result.data.search.edges.every((e: { node: unknown }) => e.node !== null),
        q,
      ).toBe(true);
    }
  });

  it('indexes the records given to the Store, not the fixture files', () => {
    // A key and name that exist only in memory: the files still say "african-national-congress".
    const fixtures = JSON.parse(JSON.stringify(loadFixtures(DEFAULT_FIXTURES_DIR)).replaceAll('"african-national-congress"', '"renamed-party"')) as Fixtures;
    const party = fixtures.parties.find((p) => p.slug === 'renamed-party')!;
    party.name = 'Qwertyuiop Congress';
    const renamed = new Store(fixtures);
    expect(renamed.search('Qwertyuiop', new Set(['party'])).map((h) => h.key)).toEqual(['renamed-party']);
    expect(renamed.search('African National Congress').map((h) => h.key)).not.toContain('african-national-congress');
    expect(store.search('Qwertyuiop')).toEqual([]);
    expect(unknownHits(renamed, queries).unknown).toEqual([]);
  });

  it('keeps answering from the loaded records when the files change on disk', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'summit-fixtures-'));
    dirs.push(dir);
    cpSync(DEFAULT_FIXTURES_DIR, dir, { recursive: true });
    const loaded = await openStore(dir);
    const file = join(dir, 'parties.json');
    writeFileSync(file, readFileSync(file, 'utf8').replaceAll('"african-national-congress"', '"changed-on-disk"'));
    expect(loaded.search('African National Congress', new Set(['party']))[0]?.key).toBe('african-national-congress');
    expect(unknownHits(loaded, queries).unknown).toEqual([]);
  });

  it('openStore rejects invalid fixtures with the FixtureError', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'summit-fixtures-'));
    dirs.push(dir);
    cpSync(DEFAULT_FIXTURES_DIR, dir, { recursive: true });
    writeFileSync(join(dir, 'parties.json'), '[42]');
    await expect(openStore(dir)).rejects.toBeInstanceOf(FixtureError);
  });
});
