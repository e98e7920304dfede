/** Lookups by slug and code, and the node round trip of every node type. */
import { describe, expect, it } from 'vitest';
import { data, graphql } from './helpers.ts';

const SUMMIT = 'cpc-and-world-political-parties-summit-2021';

describe('lookups', () => {
  it('finds an event by slug, with its date, theme, chair and host country', async () => {
    const { event } = await data(`{ event(slug: "${SUMMIT}") {
      slug name year startDate format theme chair { name } hostCountry { code name } } }`);
    expect(event).toMatchObject({
      slug: SUMMIT,
      year: 2021,
      startDate: '2021-07-06',
      format: 'VIDEOCONFERENCE',
      chair: { name: 'Xi Jinping' },
      hostCountry: { code: 'CHN', name: 'China' },
    });
    expect(event.theme).toMatch(/People's Wellbeing/);
  });

  it('finds the 2017 and 2023 High-level Meetings with their dates and themes', async () => {
    const { a, b } = await data(`{
      a: event(slug: "cpc-in-dialogue-with-world-political-parties-high-level-meeting-2017") { startDate endDate city theme }
      b: event(slug: "cpc-in-dialogue-with-world-political-parties-high-level-meeting-2023") { startDate format theme }
    }`);
    expect(a).toMatchObject({ startDate: '2017-11-30', city: 'Beijing' });
    expect(a.theme).toMatch(/shared future for mankind/i);
    expect(b).toMatchObject({ startDate: '2023-03-15', format: 'VIDEOCONFERENCE' });
    expect(b.theme).toMatch(/Path to Modernization/);
  });

  it('finds a party, a person, an organization and a source by slug', async () => {
    const d = await data(`{
      party(slug: "african-national-congress") { name abbreviation country { code } }
      person(slug: "nguyen-phu-trong") { name alternateNames country { code } }
      source(slug: "cnsnews-china-seeks-closer-cooperation-with-political-parties") { author publishedOn kind document }
    }`);
    expect(d.party).toMatchObject({ name: 'African National Congress', abbreviation: 'ANC', country: { code: 'ZAF' } });
    expect(d.person.name).toBe('Nguyễn Phú Trọng');
    expect(d.person.alternateNames).toContain('Nguyen Phu Trong');
    expect(d.person.country).toEqual({ code: 'VNM' });
    expect(d.source).toEqual({
      author: 'Patrick Goodenough',
      publishedOn: '2021-07-06',
      kind: 'NEWS',
      document: '004_b5a55b479b132219.txt',
    });
  });

  it('finds a country by alpha-2 or alpha-3 code in any letter case', async () => {
    const d = await data(`{
      a: country(code: "ZAF") { code alpha2 name officialName region subregion flag }
      b: country(code: "za") { code }
      c: country(code: "zaf") { code }
      d: country(code: "Za") { code }
    }`);
    expect(d.a).toEqual({
      code: 'ZAF',
      alpha2: 'ZA',
      name: 'South Africa',
      officialName: 'Republic of South Africa',
      region: 'Africa',
      subregion: 'Southern Africa',
      flag: '🇿🇦',
    });
    expect([d.b, d.c, d.d]).toEqual([{ code: 'ZAF' }, { code: 'ZAF' }, { code: 'ZAF' }]);
  });

  it('answers null, not an error, for an unknown slug or code', async () => {
    const result = await graphql(`
      {
        event(slug: "no-such-event") {
          name
        }
        party(slug: "") {
          name
        }
        person(slug: "nobody") {
          name
        }
        organization(slug: "none") {
          name
        }
        source(slug: "none") {
          title
        }
        a: country(code: "XX") {
          name
        }
        b: country(code: "South Africa") {
          name
        }
      }
    `);
    expect(result.errors).toBeUndefined();
    expect(Object.values(result.data)).toEqual([null, null, null, null, null, null, null]);
  });
});

describe('node(id:) and nodes(ids:)', () => {
  it('round-trips a global ID of every node type', async () => {
    const d = await data(`{
      event(slug: "${SUMMIT}") {
        id
        participations(first: 1) { nodes { id party { id country { id } } delegates { id } } }
        speeches(first: 1) { nodes { id } }
        organizers { id }
        sources { id }
      }
    }`);
    const e = d.event;
    const ids: [string, string][] = [
      ['Event', e.id],
      ['Participation', e.participations.nodes[0].id],
      ['Party', e.participations.nodes[0].party.id],
      ['Country', e.participations.nodes[0].party.country.id],
      ['Person', e.participations.nodes[0].delegates[0].id],
      ['Speech', e.speeches.nodes[0].id],
      ['Organization', e.organizers[0].id],
      ['Source', e.sources[0].id],
    ];
    for (const [typename, id] of ids) {
      const { node } = await data('query ($id: ID!) { node(id: $id) { __typename id } }', { id });
      expect(node, typename).toEqual({ __typename: typename, id });
    }
    const { nodes } = await data('query ($ids: [ID!]!) { nodes(ids: $ids) { __typename id } }', {
      ids: ids.map(([, id]) => id).reverse(),
    });
    expect(nodes).toEqual(ids.map(([__typename, id]) => ({ __typename, id })).reverse());
  });

  it('gives opaque IDs that differ between types with the same key', async () => {
    const { country } = await data('{ country(code: "CHN") { id } }');
    expect(country.id).not.toContain('CHN');
    expect(Buffer.from(country.id, 'base64').toString()).toBe('Country:CHN');
  });

  it('answers null in place of a malformed or unknown ID, keeping the order', async () => {
    const { country } = await data('{ country(code: "CUB") { id } }');
    const ids = [
      'garbage',
      '',
      Buffer.from('Country:XXX').toString('base64'),
      country.id,
      Buffer.from('Nope:CUB').toString('base64'),
      Buffer.from('Party').toString('base64'),
      '%%%',
    ];
    const result = await graphql('query ($ids: [ID!]!) { nodes(ids: $ids) { id ... on Country { name } } }', { ids });
    expect(result.errors).toBeUndefined();
    expect(result.data.nodes).toEqual([null, null, null, { id: country.id, name: 'Cuba' }, null, null, null]);
    const single = await graphql('{ node(id: "not base64!") { id } }');
    expect(single).toMatchObject({ status: 200, data: { node: null } });
    expect(single.errors).toBeUndefined();
  });

  it('refuses more than 100 IDs in one nodes call', async () => {
    const result = await graphql('query ($ids: [ID!]!) { nodes(ids: $ids) { id } }', { ids: Array(101).fill('x') });
    expect(result.errors![0]!.message).toBe('`ids` takes at most 100 IDs; got 101.');
  });
});
