/** Search covers venues, cities, summaries and the sources' words about events, statements and topics. */
import { describe, expect, it } from 'vitest';
import { data } from './helpers.ts';

async function slugsFor(query: string, types = '[EVENT]'): Promise<string[]> {
  const { search } = await data(`{ search(query: "${query}", types: ${types}, first: 50) { nodes { ... on Event { slug } ... on Topic { slug } } } }`);
  return search.nodes.map((n: { slug: string }) => n.slug);
}

describe('search coverage', () => {
  it('"Great Hall" finds the 2021 summit, held at the Great Hall of the People', async () => {
    expect((await slugsFor('Great Hall'))[0]).toBe('cpc-and-world-political-parties-summit-2021');
  });

  it('"Zoom" finds the 2021 summit, which source 001 says took place via Zoom', async () => {
    expect(await slugsFor('Zoom')).toContain('cpc-and-world-political-parties-summit-2021');
  });

  it('"Tiananmen" finds the centenary celebrations at Tiananmen Square', async () => {
    expect((await slugsFor('Tiananmen'))[0]).toBe('centenary-of-the-communist-party-of-china-2021');
  });

  it('a city finds the events held there', async () => {
    // The meeting held there first; the 2021 summit too, whose lineage in source 001 names it.
    expect(await slugsFor('Shenzhen')).toEqual(['meeting-of-political-parties-in-shenzhen-2018', 'cpc-and-world-political-parties-summit-2021']);
    expect(await slugsFor('Athens')).toContain('meeting-of-political-parties-in-athens-2018');
  });

  it('a word of a summary finds its event, and a topic is found by name', async () => {
    expect(await slugsFor('genocide')).toContain('thematic-briefing-on-xinjiang-2021');
    expect((await slugsFor('Belt and Road', '[TOPIC]'))[0]).toBe('belt-and-road-initiative');
  });

  it('a name still ranks its own node first', async () => {
    const { search } = await data('{ search(query: "Xi Jinping", first: 3) { nodes { __typename ... on Person { slug } } } }');
    expect(search.nodes[0]).toEqual({ __typename: 'Person', slug: 'xi-jinping' });
  });
});
