/** Topics: subjects and initiatives linked from events, speeches and statements, searchable. */
import { describe, expect, it } from 'vitest';
import { data } from './helpers.ts';

describe('topics', () => {
  it('has the six topics the issue names, each with sources', async () => {
    const { topics } = await data('{ topics(first: 100) { totalCount nodes { slug name sources { slug } } } }');
    const slugs = topics.nodes.map((t: { slug: string }) => t.slug);
    for (const slug of [
      'belt-and-road-initiative',
      'community-with-a-shared-future-for-mankind',
      'xi-jinping-thought',
      'poverty-alleviation',
      'covid-19-response',
      'xinjiang',
    ]) {
      expect(slugs, slug).toContain(slug);
    }
    for (const t of topics.nodes) expect(t.sources.length, t.slug).toBeGreaterThan(0);
    // By name.
    const names = topics.nodes.map((t: { name: string }) => t.name);
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b, 'en', { sensitivity: 'base' })));
  });

  it('the Belt and Road Initiative: the speeches of the 2021 summit that take it up', async () => {
    const { topic } = await data(`{ topic(slug: "belt-and-road-initiative") {
      name alternateNames speeches(first: 20) { nodes { speaker { name } } } events { nodes { slug } } } }`);
    expect(topic.alternateNames).toContain('Belt and Road development initiative');
    expect(topic.speeches.nodes.map((s: { speaker: { name: string } }) => s.speaker.name)).toEqual([
      'Xi Jinping',
      'Cyril Ramaphosa',
      'Nursultan Nazarbayev',
      'Dmitry Medvedev',
    ]);
    expect(topic.events.nodes).toEqual([{ slug: 'cpc-and-world-political-parties-summit-2021' }]);
  });

  it('a community with a shared future: the 2017 meeting, its keynote, and events by date', async () => {
    const { topic } = await data(`{ topic(slug: "community-with-a-shared-future-for-mankind") {
      events(first: 20) { nodes { slug year } } speeches(first: 20) { totalCount } } }`);
    const years = topic.events.nodes.map((e: { year: number }) => e.year);
    expect(years).toEqual([...years].sort());
    expect(topic.events.nodes.map((e: { slug: string }) => e.slug)).toContain('cpc-in-dialogue-with-world-political-parties-high-level-meeting-2017');
    expect(topic.speeches.totalCount).toBeGreaterThanOrEqual(3);
  });

  it('events, speeches and statements link to their topics', async () => {
    const d = await data(`{
      event(slug: "thematic-briefing-on-xinjiang-2021") { topics { slug } }
      statements(first: 100) { nodes { topics { slug } } }
    }`);
    expect(d.event.topics.map((t: { slug: string }) => t.slug)).toEqual(expect.arrayContaining(['xinjiang', 'human-rights']));
    expect(d.statements.nodes.some((s: { topics: unknown[] }) => s.topics.length > 0)).toBe(true);
  });

  it('search finds a topic by a wording the sources use, and its ID round-trips', async () => {
    const { search } = await data('{ search(query: "community of human destiny", types: [TOPIC]) { nodes { ... on Topic { id slug } } } }');
    expect(search.nodes[0].slug).toBe('community-with-a-shared-future-for-mankind');
    const { node } = await data(`{ node(id: "${search.nodes[0].id}") { ... on Topic { slug } } }`);
    expect(node.slug).toBe('community-with-a-shared-future-for-mankind');
  });
});
