/**
 * Statements: attributed words that are not a speech at an event (press
 * remarks, an organizer's description, an analyst's comment, a post), with
 * speaker, date as precise as the sources give it, the event they are
 * about, verbatim quotes and sources; searchable and refetchable by ID.
 */
import { describe, expect, it } from 'vitest';
import { loadFixtures } from '../src/store/load.ts';
import { DEFAULT_FIXTURES_DIR } from '../src/store/index.ts';
import { data } from './helpers.ts';

const fixtures = loadFixtures(DEFAULT_FIXTURES_DIR);
const SUMMIT = 'cpc-and-world-political-parties-summit-2021';

describe('statements in the fixtures', () => {
  it('holds the statements the issue names: Guo Yezhou 2017 and 2021, the International Department, Hu Xijin, an analyst', () => {
    const ids = fixtures.statements.map((s) => s.id);
    expect(ids).toEqual(
      expect.arrayContaining([
        'guo-yezhou/registrations-for-the-high-level-meeting-2017',
        'guo-yezhou/purpose-of-the-summit-2021',
        'international-department-of-the-cpc-central-committee/summit-2021-announcement',
        'communist-party-of-china/summit-2021-highest-level-meeting',
        'hu-xijin/reply-to-biden-2021',
        'zhou-shuai/summit-2021-approval',
      ]),
    );
  });

  it('keeps quotes short and every quote among the statement sources', () => {
    for (const s of fixtures.statements) {
      for (const q of s.quotes) {
        expect(q.text.length, s.id).toBeLessThanOrEqual(160);
        expect(s.sources, s.id).toContain(q.source);
      }
    }
  });

  it("moves source 000's undated words of Guo Yezhou out of the briefing's speech", () => {
    const speech = fixtures.speeches.find((s) => s.id === 'briefing-on-the-cpc-and-world-political-parties-summit-2021/guo-yezhou')!;
    expect(speech.quotes.map((q) => q.text)).not.toContain('help the international community adjust more quickly to the rise of China');
    const statement = fixtures.statements.find((s) => s.id === 'guo-yezhou/purpose-of-the-summit-2021')!;
    expect([statement.event, statement.date]).toEqual([SUMMIT, undefined]);
  });
});

describe('statements in the API', () => {
  it("the International Department's description of the 2021 summit, about the event, dated by the report", async () => {
    const { event } = await data(`{ event(slug: "${SUMMIT}") {
      statements(first: 20) { totalCount nodes { id kind organization { slug } party { slug } date { value precision qualifier } quotes sources { slug } } } } }`);
    const byQuote = (text: string) => event.statements.nodes.find((s: { quotes: string[] }) => s.quotes.includes(text));
    expect(event.statements.totalCount).toBe(4);
    expect(byQuote('the highest-level and largest meeting of global political parties it has ever hosted')).toMatchObject({
      kind: 'ANNOUNCEMENT',
      party: { slug: 'communist-party-of-china' },
      date: { value: '2021-07-06', precision: 'DAY', qualifier: 'BY' },
    });
    const multilateral = byQuote(
      'This meeting is an important multilateral diplomatic event organized by the Communist Party of China on the occasion of the 100th anniversary of its founding',
    );
    expect(multilateral.organization).toEqual({ slug: 'international-department-of-the-cpc-central-committee' });
    expect(multilateral.sources).toEqual([{ slug: 'cnsnews-china-seeks-closer-cooperation-with-political-parties' }]);
  });

  it("Hu Xijin's reply answers Biden's post, and each is on its speaker", async () => {
    const d = await data(`{
      hu: person(slug: "hu-xijin") { statements { nodes { kind quotes organization { name } respondsTo { speaker { name } quotes } } } }
      biden: person(slug: "joe-biden") { statements { nodes { responses { speaker { name } } } } }
    }`);
    expect(d.hu.statements.nodes).toEqual([
      {
        kind: 'SOCIAL_MEDIA_POST',
        quotes: ['Is it so?', 'Does the Republican Party agree?'],
        organization: { name: 'Global Times' },
        respondsTo: {
          speaker: { name: 'Joe Biden' },
          quotes: ['This year, the Fourth of July is a day of special celebration', 'America is coming back together.'],
        },
      },
    ]);
    expect(d.biden.statements.nodes[0].responses).toEqual([{ speaker: { name: 'Hu Xijin' } }]);
  });

  it("Guo Yezhou's statements: 2017 to the year, with the inference marked, and 2021 undated", async () => {
    const { person } = await data(`{ person(slug: "guo-yezhou") {
      statements { nodes { id date { value precision month } event { slug } inferences { field note } } } } }`);
    const keyOf = (id: string) =>
      Buffer.from(id, 'base64')
        .toString('utf8')
        .replace(/^Statement:/, '');
    expect(person.statements.nodes.map((s: { id: string }) => keyOf(s.id))).toEqual([
      'guo-yezhou/registrations-for-the-high-level-meeting-2017',
      'guo-yezhou/purpose-of-the-summit-2021',
    ]);
    const [y2017, y2021] = person.statements.nodes;
    expect(y2017.date).toEqual({ value: '2017', precision: 'YEAR', month: null });
    expect(y2017.event.slug).toBe('cpc-in-dialogue-with-world-political-parties-high-level-meeting-2017');
    expect(y2017.inferences.map((i: { field: string }) => i.field)).toEqual(['date']);
    expect(y2021.date).toBeNull();
  });

  it('lists every statement by date, round-trips its ID, and finds one by search', async () => {
    const { statements } = await data('{ statements(first: 100) { totalCount nodes { id } } }');
    expect(statements.totalCount).toBe(fixtures.statements.length);
    const id = statements.nodes[0].id;
    const { node } = await data(`{ node(id: "${id}") { id ... on Statement { summary } } }`);
    expect(node.id).toBe(id);
    const { search } = await data('{ search(query: "circle of friends", types: [STATEMENT]) { nodes { ... on Statement { speaker { name } } } } }');
    expect(search.nodes[0]).toEqual({ speaker: { name: 'Zhou Shuai' } });
  });

  it('an organization lists the statements made for it', async () => {
    const { organization } = await data(
      '{ organization(slug: "international-department-of-the-cpc-central-committee") { statements(first: 10) { totalCount } } }',
    );
    expect(organization.statements.totalCount).toBe(3);
  });
});
