/**
 * Dates less precise than a day, interpretation languages, attendance in
 * person or online, a source's own dates and website, lineage claims that
 * sources disagree on, and one-day events' endDate.
 */
import { describe, expect, it } from 'vitest';
import { data } from './helpers.ts';

const SUMMIT = 'cpc-and-world-political-parties-summit-2021';

describe('dates as precise as the sources give them', () => {
  it('a day, a month ("held in October"), a bound ("by June 2020") and a year', async () => {
    const d = await data(`{
      summit: event(slug: "${SUMMIT}") { date { value precision year month day qualifier } }
      congress: event(slug: "19th-national-congress-of-the-communist-party-of-china-2017") { startDate date { value precision month } }
      appeal: event(slug: "joint-appeal-of-political-parties-on-covid-19-2020") { date { value precision qualifier } }
      african: event(slug: "african-dialogue-2018") { date { value precision month day } }
    }`);
    expect(d.summit.date).toEqual({ value: '2021-07-06', precision: 'DAY', year: 2021, month: 7, day: 6, qualifier: 'ON' });
    expect(d.congress).toEqual({ startDate: null, date: { value: '2017-10', precision: 'MONTH', month: 10 } });
    expect(d.appeal.date).toEqual({ value: '2020-06', precision: 'MONTH', qualifier: 'BY' });
    expect(d.african.date).toEqual({ value: '2018', precision: 'YEAR', month: null, day: null });
  });

  it('endDate is null for a one-day event, as its description says, and set for one of several days', async () => {
    const d = await data(`{
      summit: event(slug: "${SUMMIT}") { startDate endDate }
      hlm: event(slug: "cpc-in-dialogue-with-world-political-parties-high-level-meeting-2017") { startDate endDate }
      __type(name: "Event") { fields { name description } }
    }`);
    expect(d.summit).toEqual({ startDate: '2021-07-06', endDate: null });
    expect(d.hlm).toEqual({ startDate: '2017-11-30', endDate: '2017-12-03' });
    const endDate = d.__type.fields.find((f: { name: string }) => f.name === 'endDate');
    expect(endDate.description).toMatch(/null for a one-day or undated event/);
  });

  it('a one-day event still falls inside a date filter on its day', async () => {
    const { events } = await data('{ events(filter: { from: "2021-07-06", to: "2021-07-06" }) { nodes { slug } } }');
    expect(events.nodes.map((e: { slug: string }) => e.slug)).toContain(SUMMIT);
  });
});

describe('languages, attendance, lineage', () => {
  it('the 2021 summit: Chinese among 13 languages, with the source words', async () => {
    const { event } = await data(`{ event(slug: "${SUMMIT}") { interpretationLanguages { name text source { slug } } reportedFigures { metric value } } }`);
    expect(event.interpretationLanguages).toEqual([
      {
        name: 'Chinese',
        text: 'Translation was provided in 13 languages, including Chinese',
        source: { slug: 'cpusa-cpc-and-world-political-parties-summit' },
      },
    ]);
    expect(event.reportedFigures).toContainEqual({ metric: 'LANGUAGES', value: 13 });
  });

  it("Vietnam's delegation in person, Xi by video link", async () => {
    const { event } = await data(`{ event(slug: "${SUMMIT}") {
      participations(filter: { country: "VN" }) { nodes { attendance { mode text } } }
      speeches(first: 1) { nodes { speaker { name } attendance { mode source { slug } } } } } }`);
    expect(event.participations.nodes[0].attendance[0].mode).toBe('IN_PERSON');
    expect(event.speeches.nodes[0]).toEqual({
      speaker: { name: 'Xi Jinping' },
      attendance: [{ mode: 'ONLINE', source: { slug: 'globalsecurity-world-political-parties-summit' } }],
    });
  });

  it("keeps each source's lineage of the 2021 summit: 001's Moscow–Shenzhen–Athens series, 002's extension of 2017, 000's follow-up", async () => {
    const { event } = await data(`{ event(slug: "${SUMMIT}") { lineage { relation events { slug city } source { slug } } } }`);
    const bySource = Object.fromEntries(event.lineage.map((l: { source: { slug: string } }) => [l.source.slug, l]));
    expect(bySource['cpusa-cpc-and-world-political-parties-summit'].relation).toBe('CONTINUES_SERIES');
    expect(bySource['cpusa-cpc-and-world-political-parties-summit'].events.map((e: { city: string }) => e.city)).toEqual(['Moscow', 'Shenzhen', 'Athens']);
    expect(bySource['globalsecurity-world-political-parties-summit']).toMatchObject({
      relation: 'EXTENSION',
      events: [{ slug: 'cpc-in-dialogue-with-world-political-parties-high-level-meeting-2017' }],
    });
    expect(bySource['wikipedia-cpc-and-world-political-parties-summit'].relation).toBe('FOLLOW_UP');
  });
});

describe("a source's own dates and website", () => {
  it("002's last-modified date, with its dateline verbatim and the reading marked", async () => {
    const { source } = await data(`{ source(slug: "globalsecurity-world-political-parties-summit") {
      modifiedOn dateText website url inferences { field } } }`);
    expect(source).toEqual({
      modifiedOn: '2021-08-01',
      dateText: 'Page last modified: 01-08-2021 14:06:39 ZULU',
      website: 'https://globalsecurity.org',
      url: null,
      inferences: [{ field: 'modifiedOn' }],
    });
  });
});
