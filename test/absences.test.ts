/** Absences and refusals: sourced facts, queryable ("which parties were reported absent?"). */
import { describe, expect, it } from 'vitest';
import { data } from './helpers.ts';

describe('absences and refusals', () => {
  it('answers "which parties were reported absent?"', async () => {
    const { absences } = await data(`{ absences(kind: [ABSENT]) { totalCount nodes {
      subject event { slug } parties { name country { code } } country { code } region quotes sources { slug } inferences { field } } } }`);
    expect(absences.totalCount).toBe(2);
    const [us, europe] = absences.nodes;
    expect(us.parties.map((p: { name: string }) => p.name).sort()).toEqual(['Democratic Party', 'Republican Party']);
    expect(us.country).toEqual({ code: 'USA' });
    expect(us.quotes).toEqual(['Leaders of the two major parties in the USA were absent']);
    // The source names no party: the link is marked as inferred.
    expect(us.inferences).toEqual([{ field: 'parties' }]);
    expect(europe).toMatchObject({ region: 'Europe', parties: [], quotes: ['as were leaders of most European political parties'] });
    for (const a of absences.nodes) expect(a.event.slug).toBe('cpc-and-world-political-parties-summit-2021');
  });

  it('the International Department did not answer the request for the list of participants', async () => {
    const { absences } = await data('{ absences(kind: [NO_RESPONSE]) { nodes { organization { slug } quotes sources { slug } } } }');
    expect(absences.nodes).toEqual([
      {
        organization: { slug: 'international-department-of-the-cpc-central-committee' },
        quotes: ['It did not respond to requests for a list of the political parties taking part.'],
        sources: [{ slug: 'cnsnews-china-seeks-closer-cooperation-with-political-parties' }],
      },
    ]);
  });

  it('an event and a party list their absences; an absence round-trips through node(id:)', async () => {
    const d = await data(`{
      event(slug: "cpc-and-world-political-parties-summit-2021") { absences { id kind } }
      party(slug: "republican-party") { absences { subject } participations { totalCount } }
    }`);
    expect(d.event.absences.map((a: { kind: string }) => a.kind)).toEqual(['ABSENT', 'ABSENT', 'NO_RESPONSE']);
    expect(d.party.absences).toEqual([{ subject: 'Leaders of the two major parties of the United States' }]);
    expect(d.party.participations.totalCount).toBe(0); // an absence is not a participation
    const id = d.event.absences[2].id;
    const { node } = await data(`{ node(id: "${id}") { id ... on Absence { kind } } }`);
    expect(node).toEqual({ id, kind: 'NO_RESPONSE' });
  });
});
