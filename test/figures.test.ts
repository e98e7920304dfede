/** Figures beyond an event's counts: numbers inside speeches, about countries and topics, each with its text and source. */
import { describe, expect, it } from 'vitest';
import { data } from './helpers.ts';

const SUMMIT = 'cpc-and-world-political-parties-summit-2021';

describe('figures of speeches, countries and topics', () => {
  it("Díaz-Canel's speech: vaccines to 80 countries, 57 medical teams to 40 countries", async () => {
    const { event } = await data(`{ event(slug: "${SUMMIT}") { speeches(first: 30) { nodes {
      speaker { slug } reportedFigures { metric value qualifier unit text source { slug } country { code } } } } } }`);
    const speech = event.speeches.nodes.find((s: { speaker: { slug: string } }) => s.speaker.slug === 'miguel-diaz-canel');
    const figure = (unit: string) => speech.reportedFigures.find((f: { unit: string }) => f.unit === unit);
    expect(figure('countries China donated its vaccine to')).toMatchObject({ metric: 'COUNTRIES', value: 80, qualifier: 'EXACT', country: { code: 'CHN' } });
    expect(figure('Cuban medical teams sent abroad')).toMatchObject({
      value: 57,
      text: '57 medical teams and 2,500 health professionals were sent to 40 countries',
      source: { slug: 'cpusa-cpc-and-world-political-parties-summit' },
    });
    expect(figure('countries Cuban medical teams were sent to').value).toBe(40);
    // A speech without numbers has none.
    const duterte = event.speeches.nodes.find((s: { speaker: { slug: string } }) => s.speaker.slug === 'rodrigo-duterte');
    expect(duterte.reportedFigures).toEqual([]);
  });

  it('a country lists the figures about it; a topic too', async () => {
    const d = await data(`{
      country(code: "CN") { reportedFigures { value unit qualifier } }
      topic(slug: "poverty-alleviation") { reportedFigures { value } }
    }`);
    expect(d.country.reportedFigures).toContainEqual({ value: 800000000, unit: 'people China lifted out of extreme poverty', qualifier: 'MORE_THAN' });
    expect(d.topic.reportedFigures.map((f: { value: number }) => f.value)).toEqual([10, 800000000]);
  });

  it("an event's own figures keep unit and attachments empty", async () => {
    const { event } = await data(`{ event(slug: "${SUMMIT}") { reportedFigures { unit country { code } } } }`);
    for (const f of event.reportedFigures) expect(f).toEqual({ unit: null, country: null });
  });
});
