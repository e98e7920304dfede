/** Search: case-, accent- and punctuation-insensitive, alternate spellings, types, ranking. */
import { describe, expect, it } from 'vitest';
import { data, errorOf } from './helpers.ts';

const SEARCH = `query ($q: String!, $types: [SearchType!], $first: Int, $after: String) {
  search(query: $q, types: $types, first: $first, after: $after) {
    totalCount
    edges { cursor score node { __typename ... on Person { slug } ... on Party { slug } ... on Country { code } ... on Event { slug } ... on Source { slug } ... on Organization { slug } } }
    pageInfo { hasNextPage endCursor }
  }
}`;

async function search(q: string, types?: string[], first?: number, after?: string) {
  const d = await data(SEARCH, { q, types, first, after });
  return d.search;
}
const keys = (s: any) => s.edges.map((e: any) => e.node.slug ?? e.node.code);

describe('search', () => {
  it('ignores accents and letter case', async () => {
    for (const q of ['nguyen phu trong', 'NGUYỄN PHÚ TRỌNG', 'Nguyen']) {
      expect(keys(await search(q, ['PERSON']))[0], q).toBe('nguyen-phu-trong');
    }
    expect(keys(await search('vucic', ['PERSON']))[0]).toBe('aleksandar-vucic');
  });

  it('finds alternate spellings of one person', async () => {
    expect(keys(await search('Nazarbaev'))[0]).toBe('nursultan-nazarbayev');
    expect(keys(await search('Nazarbayev'))[0]).toBe('nursultan-nazarbayev');
    expect(keys(await search('Dmitri Medvedev'))[0]).toBe('dmitry-medvedev');
  });

  it('ignores punctuation', async () => {
    expect(keys(await search('zanu pf', ['PARTY']))[0]).toBe('zanu-pf');
    expect(keys(await search('ZANU–PF', ['PARTY']))[0]).toBe('zanu-pf');
    expect(keys(await search('cote divoire', ['COUNTRY']))[0]).toBe('CIV');
    expect(keys(await search("Côte d'Ivoire", ['COUNTRY']))[0]).toBe('CIV');
  });

  it('matches abbreviations and former names', async () => {
    expect(keys(await search('ANC', ['PARTY']))[0]).toBe('african-national-congress');
    const amanat = keys(await search('Amanat', ['PARTY']));
    const nurOtan = keys(await search('Nur Otan', ['PARTY']));
    expect(amanat[0]).toBe(nurOtan[0]);
  });

  it('ranks exact and prefix matches above fuzzy ones, best first', async () => {
    const s = await search('Cuba');
    expect(s.edges[0].node).toEqual({ __typename: 'Country', code: 'CUB' });
    const scores = s.edges.map((e: any) => e.score);
    expect(scores).toEqual([...scores].sort((a: number, b: number) => b - a));
    const fuzzy = await search('Vietnm', ['COUNTRY']);
    expect(keys(fuzzy)[0]).toBe('VNM');
    const prefix = await search('Viet', ['COUNTRY']);
    expect(keys(prefix)[0]).toBe('VNM');
  });

  it('matches fuzzily only words that are not in the index', async () => {
    // A known word is not a misspelling: Gambia is not also Zambia, Australia not Austria.
    expect(keys(await search('Gambia', ['COUNTRY']))).toEqual(['GMB']);
    expect(keys(await search('Australia', ['COUNTRY']))).toEqual(['AUS']);
    // An unknown word is: one edit away from Gambia and from Zambia.
    expect(keys(await search('Gambla', ['COUNTRY']))).toEqual(['GMB']);
    expect(keys(await search('Zambla', ['COUNTRY']))).toEqual(['ZMB']);
    // The start of a known word is a prefix, not a misspelling.
    expect(keys(await search('Gamb', ['COUNTRY']))).toEqual(['GMB']);
  });

  it('restricts results to the given types', async () => {
    const s = await search('communist', ['PARTY'], 100);
    expect(s.totalCount).toBeGreaterThanOrEqual(8);
    expect(s.edges.every((e: any) => e.node.__typename === 'Party')).toBe(true);
    const mixed = await search('world political parties summit');
    expect(mixed.edges.map((e: any) => e.node.__typename)).toEqual(expect.arrayContaining(['Event', 'Source']));
  });

  it('pages with first/after', async () => {
    const all = await search('communist', undefined, 100);
    const first = await search('communist', undefined, 3);
    const next = await search('communist', undefined, 3, first.pageInfo.endCursor);
    expect(keys(first).concat(keys(next))).toEqual(keys(all).slice(0, 6));
    expect(first.pageInfo.hasNextPage).toBe(true);
  });

  it('pages backwards with last/before too', async () => {
    const all = await search('communist', undefined, 100);
    const d = await data('{ search(query: "communist", last: 3) { edges { cursor } pageInfo { hasPreviousPage hasNextPage } } }');
    expect(d.search.edges.map((e: any) => e.cursor)).toEqual(all.edges.slice(-3).map((e: any) => e.cursor));
    expect(d.search.pageInfo).toEqual({ hasPreviousPage: true, hasNextPage: false });
  });

  it('refuses an empty or overlong query', async () => {
    expect(await errorOf('{ search(query: "  ") { totalCount } }')).toBe('`query` must not be empty.');
    expect(await errorOf(`{ search(query: "${'a'.repeat(201)}") { totalCount } }`)).toBe('`query` must be at most 200 characters; got 201.');
  });
});

describe('SearchConnection', () => {
  it('is made like every other connection: nodes beside edges, a score on each edge, paging both ways', async () => {
    const d = await data(`{
      forward: search(query: "communist party", first: 5) {
        totalCount
        nodes { __typename ... on Party { name } }
        edges { score cursor node { __typename ... on Party { name } } }
        pageInfo { hasNextPage endCursor }
      }
      backward: search(query: "communist party", last: 5) { nodes { ... on Party { name } } pageInfo { hasPreviousPage } }
    }`);
    const { forward, backward } = d;
    expect(forward.nodes).toEqual(forward.edges.map((e: any) => e.node));
    expect(forward.nodes[0].__typename).toBe('Party');
    const scores = forward.edges.map((e: any) => e.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    expect(forward.pageInfo.hasNextPage).toBe(forward.totalCount > 5);
    expect(backward.pageInfo.hasPreviousPage).toBe(forward.totalCount > 5);
    expect(backward.nodes).toHaveLength(Math.min(5, forward.totalCount));
  });
});
