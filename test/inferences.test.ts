/**
 * Marked inferences: every value taken from outside the five documents is
 * listed in its record's `inferences` with a note, and the API shows which
 * values are the documents' and which are inferred.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { auditSources } from '../scripts/audit-sources.ts';
import { DEFAULT_FIXTURES_DIR } from '../src/store/index.ts';
import { loadFixtures } from '../src/store/load.ts';
import type { Fixtures } from '../src/store/records.ts';
import { data } from './helpers.ts';

const fixtures = loadFixtures(DEFAULT_FIXTURES_DIR);
const SOURCES_DIR = fileURLToPath(new URL('../../shared/sources', import.meta.url));

/** `collection/key field` of every inference in the fixtures. */
function marked(f: Fixtures): string[] {
  const out: string[] = [];
  for (const [collection, records] of Object.entries(f)) {
    for (const r of records as { slug?: string; id?: string; inferences?: { field: string; value?: string }[] }[]) {
      for (const i of r.inferences ?? []) out.push(`${collection}/${r.slug ?? r.id} ${i.field}${i.value ? `=${i.value}` : ''}`);
    }
  }
  return out;
}

describe('inferences in the fixtures', () => {
  const all = marked(fixtures);

  it('marks the full names where the sources give a surname', () => {
    for (const slug of ['james-marape', 'daniel-ortega', 'boris-gryzlov', 'dickon-mitchell', 'taur-matan-ruak', 'luvsannamsrain-oyun-erdene']) {
      expect(all, slug).toContain(`people/${slug} name`);
    }
  });

  it("marks Togo's party and its treasurer's name, the Kazakh chairman's name and the Karl Marx dialogue's year", () => {
    expect(all).toEqual(
      expect.arrayContaining([
        'parties/union-for-the-republic name',
        'people/yawa-djigbodi-tsegan name',
        'people/yerlan-koshanov name',
        'events/dialogue-on-the-200th-birthday-of-karl-marx-2018 year',
      ]),
    );
  });

  it('marks alternate names that appear in no source, one by one', () => {
    expect(all).toEqual(
      expect.arrayContaining([
        'parties/zanu-pf alternateNames=Zimbabwe African National Union – Patriotic Front',
        'parties/frelimo alternateNames=Mozambique Liberation Front',
        "parties/swapo alternateNames=South West Africa People's Organisation",
        'parties/pdp-laban alternateNames=Partido Demokratiko Pilipino–Lakas ng Bayan',
      ]),
    );
  });

  it('marks the speech order of the 2023 meeting, where source 003 gives only two groups', () => {
    const speeches = fixtures.speeches.filter((s) => s.event === 'cpc-in-dialogue-with-world-political-parties-high-level-meeting-2023');
    expect(speeches).toHaveLength(13);
    for (const s of speeches) {
      expect(
        s.inferences.map((i) => i.field),
        s.id,
      ).toContain('order');
      expect(['opening ceremony', 'plenary session']).toContain(s.session);
    }
  });

  it.skipIf(!existsSync(SOURCES_DIR))('every name not found in its sources is marked (the source audit checks it)', () => {
    const { failures, counts } = auditSources(fixtures, SOURCES_DIR);
    expect(failures).toEqual([]);
    expect(counts.inferred).toBeGreaterThanOrEqual(20);
    expect(counts.names).toBeGreaterThan(150);
  });

  it.skipIf(!existsSync(SOURCES_DIR))('the audit catches an unmarked inferred name', () => {
    const people = fixtures.people.map((p) => (p.slug === 'james-marape' ? { ...p, inferences: [] } : p));
    const { failures } = auditSources({ ...fixtures, people }, SOURCES_DIR);
    expect(failures.map((f) => `${f.file} ${f.record} ${f.field}`)).toEqual(['people.json james-marape name']);
  });
});

describe('inferences in the API', () => {
  it('a person: the inferred name has a note; a document name has none', async () => {
    const d = await data(`{
      marape: person(slug: "james-marape") { name alternateNames inferences { field value note } }
      ramaphosa: person(slug: "cyril-ramaphosa") { inferences { field } }
    }`);
    expect(d.marape.name).toBe('James Marape');
    expect(d.marape.alternateNames).toEqual(['Marape']);
    expect(d.marape.inferences).toHaveLength(1);
    expect(d.marape.inferences[0]).toMatchObject({ field: 'name', value: null });
    expect(d.marape.inferences[0].note).toMatch(/only the surname, Marape/);
    expect(d.ramaphosa.inferences).toEqual([]);
  });

  it('a party: the one inferred alternate name among others', async () => {
    const { party } = await data('{ party(slug: "zanu-pf") { alternateNames inferences { field value } } }');
    expect(party.inferences).toEqual([{ field: 'alternateNames', value: 'Zimbabwe African National Union – Patriotic Front' }]);
  });

  it('offices, speeches and events expose theirs', async () => {
    const d = await data(`{
      person(slug: "dickon-mitchell") { positions { title country { code } inferences { field } } }
      event(slug: "dialogue-on-the-200th-birthday-of-karl-marx-2018") { year date { value precision } inferences { field } }
      e23: event(slug: "cpc-in-dialogue-with-world-political-parties-high-level-meeting-2023") {
        speeches(first: 20) { nodes { order session inferences { field } } } }
    }`);
    const pm = d.person.positions.find((p: { title: string }) => p.title === 'Prime Minister');
    expect(pm).toEqual({ title: 'Prime Minister', country: { code: 'GRD' }, inferences: [{ field: 'country' }] });
    expect(d.event).toEqual({ year: 2018, date: { value: '2018', precision: 'YEAR' }, inferences: [{ field: 'year' }] });
    const speeches = d.e23.speeches.nodes;
    expect(speeches.map((s: { order: number }) => s.order)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13]);
    expect(speeches[0].session).toBe('opening ceremony');
    expect(speeches[12].session).toBe('plenary session');
    expect(speeches.every((s: { inferences: { field: string }[] }) => s.inferences.some((i) => i.field === 'order'))).toBe(true);
  });
});
