/** Filters and orderBy of the top-level lists and of Event.participations. */
import { describe, expect, it } from 'vitest';
import { data, errorOf } from './helpers.ts';

const SUMMIT = 'cpc-and-world-political-parties-summit-2021';
const HLM_2023 = 'cpc-in-dialogue-with-world-political-parties-high-level-meeting-2023';

async function idOf(field: 'event' | 'party' | 'person', slug: string): Promise<string> {
  const d = await data(`{ ${field}(slug: "${slug}") { id } }`);
  return d[field].id;
}

const names = (connection: { nodes: { name: string }[] }) => connection.nodes.map((n) => n.name);

describe('events', () => {
  it('filters by year, kind, host country and date range', async () => {
    const d = await data(`{
      y: events(filter: { year: 2021 }, first: 100) { nodes { slug year } }
      k: events(filter: { kind: [SUMMIT] }, first: 100) { nodes { slug kind } }
      h: events(filter: { hostCountry: "cn" }, first: 100) { totalCount nodes { hostCountry { code } } }
      r: events(filter: { from: "2021-07-06", to: "2021-07-06" }, first: 100) { nodes { slug } }
    }`);
    expect(d.y.nodes.map((n: any) => n.slug)).toContain(SUMMIT);
    expect(d.y.nodes.every((n: any) => n.year === 2021)).toBe(true);
    expect(d.k.nodes.map((n: any) => n.slug)).toContain(SUMMIT);
    expect(d.k.nodes.every((n: any) => n.kind === 'SUMMIT')).toBe(true);
    expect(d.h.totalCount).toBeGreaterThanOrEqual(3);
    expect(d.h.nodes.every((n: any) => n.hostCountry.code === 'CHN')).toBe(true);
    expect(d.r.nodes.map((n: any) => n.slug)).toContain(SUMMIT);
  });

  it('filters by participant: the events a party took part in', async () => {
    const anc = await idOf('party', 'african-national-congress');
    const d = await data('query ($p: ID!) { events(filter: { participant: $p }) { nodes { slug } } }', { p: anc });
    expect(d.events.nodes.map((n: any) => n.slug)).toEqual(expect.arrayContaining([SUMMIT, HLM_2023]));
  });

  it('orders by start date ascending by default, and by name or descending on request', async () => {
    const d = await data(`{
      a: events(first: 100) { nodes { slug startDate year } }
      b: events(first: 100, orderBy: { field: START_DATE, direction: DESC }) { nodes { slug year name } }
      c: events(first: 100, orderBy: { field: NAME, direction: ASC }) { nodes { name } }
    }`);
    const years = d.a.nodes.map((n: any) => n.year);
    expect(years).toEqual([...years].sort((x: number, y: number) => x - y));
    const dated = d.a.nodes.filter((n: any) => n.startDate).map((n: any) => n.startDate);
    expect(dated).toEqual([...dated].sort());
    // Descending: latest first; events on the same day (or undated in the same year) stay A to Z.
    const down = d.b.nodes.map((n: any) => n.year);
    expect(down).toEqual([...down].sort((x: number, y: number) => y - x));
    expect(new Set(d.b.nodes.map((n: any) => n.slug))).toEqual(new Set(d.a.nodes.map((n: any) => n.slug)));
    expect(d.b.nodes[d.b.nodes.length - 1].slug).toBe(d.a.nodes[0].slug);
    const eventNames = d.c.nodes.map((n: any) => n.name);
    expect(eventNames).toEqual([...eventNames].sort((x: string, y: string) => x.localeCompare(y, 'en', { sensitivity: 'base' })));
  });

  it('refuses an unknown country code, a non-participant ID and an inverted range', async () => {
    expect(await errorOf('{ events(filter: { hostCountry: "Narnia" }) { totalCount } }')).toBe(
      '`filter.hostCountry` must be an ISO 3166-1 alpha-2 or alpha-3 country code such as "ZA" or "ZAF"; got "Narnia".',
    );
    const { country } = await data('{ country(code: "CN") { id } }');
    expect(await errorOf('query ($p: ID!) { events(filter: { participant: $p }) { totalCount } }', { p: country.id })).toMatch(
      /^`filter.participant` must be the global ID of a Party, Organization or Person; got "/,
    );
    expect(await errorOf('{ events(filter: { from: "2022-01-01", to: "2021-01-01" }) { totalCount } }')).toBe(
      '`filter.from` (2022-01-01) must not be after `filter.to` (2021-01-01).',
    );
    expect(await errorOf('{ events(filter: { from: "2021-13-01" }) { totalCount } }')).toMatch(
      /Date must be an ISO 8601 calendar date such as "2021-07-06"; got "2021-13-01"/,
    );
  });
});

describe('parties', () => {
  it('answers "which Bangladeshi parties attended the 2021 summit?"', async () => {
    const summit = await idOf('event', SUMMIT);
    const d = await data('query ($e: ID!) { parties(filter: { country: "BD", attended: $e }) { totalCount nodes { name } } }', {
      e: summit,
    });
    expect(names(d.parties)).toEqual([
      'Bangladesh Awami League',
      'Bangladesh Nationalist Party',
      'Communist Party of Bangladesh',
      'Jatiya Party',
      'Jatiya Samajtantrik Dal',
      'Samyabadi Dal',
      'Workers Party of Bangladesh',
    ]);
  });

  it('orders by country name, and by participation count', async () => {
    const d = await data(`{
      c: parties(first: 100, orderBy: { field: COUNTRY, direction: ASC }) { nodes { country { name } } }
      p: parties(first: 3, orderBy: { field: PARTICIPATION_COUNT, direction: DESC }) { nodes { slug participations { totalCount } } }
    }`);
    const countries = d.c.nodes.map((n: any) => n.country?.name).filter(Boolean);
    expect(countries).toEqual([...countries].sort((x: string, y: string) => x.localeCompare(y, 'en', { sensitivity: 'base' })));
    const counts = d.p.nodes.map((n: any) => n.participations.totalCount);
    expect(counts).toEqual([...counts].sort((x: number, y: number) => y - x));
    expect(d.p.nodes[0].slug).toBe('communist-party-of-china');
  });
});

describe('people', () => {
  it('filters by party, country and attendance', async () => {
    const anc = await idOf('party', 'african-national-congress');
    const summit = await idOf('event', SUMMIT);
    const d = await data(
      `query ($anc: ID!, $e: ID!) {
        byParty: people(filter: { party: $anc }) { nodes { name } }
        byCountry: people(filter: { country: "ZWE" }) { nodes { name } }
        attended: people(filter: { attended: $e, country: "bd" }) { nodes { name } }
      }`,
      { anc, e: summit },
    );
    expect(names(d.byParty)).toContain('Cyril Ramaphosa');
    expect(names(d.byCountry)).toContain('Emmerson Mnangagwa');
    expect(names(d.attended)).toEqual(expect.arrayContaining(['Sheikh Hasina', 'Khaleda Zia']));
  });
});

describe('countries', () => {
  it('filters by region (any case), participation and having parties', async () => {
    const summit = await idOf('event', SUMMIT);
    const d = await data(
      `query ($e: ID!) {
        africa: countries(filter: { region: "africa" }, first: 100) { totalCount nodes { region } }
        took: countries(filter: { participatedIn: $e }, first: 100) { nodes { code } }
        withParties: countries(filter: { hasParties: true }, first: 100) { totalCount }
        top: countries(first: 1, orderBy: { field: PARTY_COUNT, direction: DESC }) { nodes { code parties { totalCount } } }
      }`,
      { e: summit },
    );
    expect(d.africa.totalCount).toBe(59);
    expect(d.africa.nodes.every((n: any) => n.region === 'Africa')).toBe(true);
    expect(d.took.nodes.map((n: any) => n.code)).toEqual(expect.arrayContaining(['ZAF', 'BGD', 'VUT', 'MYS', 'CHN']));
    expect(d.took.nodes.map((n: any) => n.code)).not.toContain('MAS');
    expect(d.withParties.totalCount).toBeGreaterThanOrEqual(30);
    expect(d.top.nodes[0].code).toBe('BGD');
  });

  it('refuses an unknown region, listing the regions', async () => {
    expect(await errorOf('{ countries(filter: { region: "Atlantis" }) { totalCount } }')).toBe(
      '`filter.region` must be one of "Africa", "Americas", "Antarctic", "Asia", "Europe", "Oceania"; got "Atlantis".',
    );
  });
});

describe('event participations', () => {
  it('filters by country and role', async () => {
    const d = await data(`{ event(slug: "${SUMMIT}") {
      india: participations(filter: { country: "IND" }) { nodes { party { name } } }
      host: participations(filter: { role: [HOST] }) { nodes { party { slug } } }
    } }`);
    expect(d.event.india.nodes.map((n: any) => n.party?.name)).toEqual(
      expect.arrayContaining(['Communist Party of India (Marxist)', 'Communist Party of India', 'All India Forward Bloc']),
    );
    expect(d.event.host.nodes).toEqual([{ party: { slug: 'communist-party-of-china' } }]);
  });
});

describe('parties by region', () => {
  it('keeps the parties whose country is in the region, any letter case, and refuses an unknown region naming the allowed ones', async () => {
    const d = await data(`{
      africa: parties(filter: { region: "africa" }, first: 100) { totalCount nodes { name country { region } } }
      all: parties(first: 100) { totalCount nodes { country { region } } }
      both: parties(filter: { region: "Africa", country: "ZA" }, first: 100) { nodes { name } }
    }`);
    expect(d.africa.totalCount).toBeGreaterThan(0);
    expect(d.africa.nodes.every((p: any) => p.country.region === 'Africa')).toBe(true);
    expect(names(d.africa)).toContain('African National Congress');
    expect(d.africa.totalCount).toBe(d.all.nodes.filter((p: any) => p.country?.region === 'Africa').length);
    expect(names(d.both)).toContain('African National Congress');
    expect(await errorOf('{ parties(filter: { region: "Atlantis" }) { totalCount } }')).toMatch(
      /^`filter.region` must be one of "Africa", .*"Europe".*; got "Atlantis"\.$/,
    );
  });
});

describe('participations of a party, person or country, filtered', () => {
  it('filters by event, year and role, and the filters agree with the unfiltered list', async () => {
    const summit = await idOf('event', SUMMIT);
    const d = await data(`{
      party(slug: "african-national-congress") {
        all: participations(first: 100) { nodes { role event { id year } } }
        atSummit: participations(filter: { event: "${summit}" }, first: 100) { nodes { event { id } } }
        in2021: participations(filter: { year: 2021 }, first: 100) { nodes { event { year } } }
        speaking: participations(filter: { role: [SPEAKER] }, first: 100) { nodes { role } }
      }
      country(code: "ZA") {
        all: participations(first: 100) { totalCount nodes { event { year } } }
        in2021: participations(filter: { year: 2021 }, first: 100) { totalCount }
      }
    }`);
    const all = d.party.all.nodes;
    expect(all.length).toBeGreaterThan(1);
    expect(d.party.atSummit.nodes).toEqual(all.filter((p: any) => p.event.id === summit).map(() => ({ event: { id: summit } })));
    expect(d.party.atSummit.nodes.length).toBeGreaterThan(0);
    expect(d.party.in2021.nodes.length).toBe(all.filter((p: any) => p.event.year === 2021).length);
    expect(d.party.speaking.nodes.length).toBe(all.filter((p: any) => p.role === 'SPEAKER').length);
    expect(d.country.in2021.totalCount).toBe(d.country.all.nodes.filter((p: any) => p.event.year === 2021).length);
    // A bad filter on a batched relationship is the client's mistake, named as such (it was masked as "Unexpected error.").
    expect(await errorOf(`{ person(slug: "cyril-ramaphosa") { participations(filter: { event: "not-an-id" }) { totalCount } } }`)).toBe(
      '`filter.event` must be the global ID of an Event; got "not-an-id".',
    );
    expect(await errorOf(`{ event(slug: "${SUMMIT}") { participations(filter: { country: "XX" }) { totalCount } } }`)).toMatch(/^`filter.country`/);
  });
});
