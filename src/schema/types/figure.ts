/** ReportedFigure: a count as one source reports it. */
import { builder } from '../../builder.ts';
import type { FigureRecord, StandaloneFigureRecord } from '../../store/records.ts';
import { CountryRef } from './country.ts';
import { SourceRef } from './source.ts';

export const FigureMetric = builder.enumType('FigureMetric', {
  description: 'What a reported figure counts.',
  values: {
    PARTIES: { description: 'Political parties (and, as sources often put it, political organizations).' },
    COUNTRIES: { description: 'Countries (and regions, where a source counts them together).' },
    REPRESENTATIVES: { description: 'Party representatives or delegates.' },
    POLITICAL_LEADERS: { description: 'Leaders of parties or states.' },
    VENUES: { description: 'Venues or conference rooms.' },
    SPEAKERS: { description: 'Speakers.' },
    LANGUAGES: { description: 'Languages of interpretation.' },
    DURATION_MINUTES: { description: 'Duration, in minutes.' },
    OTHER: { description: 'Anything else; `text` says what.' },
  } as const,
});

export const FigureQualifier = builder.enumType('FigureQualifier', {
  description: 'How exact a reported figure is, as the source words it.',
  values: {
    EXACT: { description: 'The source gives the number as exact.' },
    ABOUT: { description: '"About", "approximately", "some".' },
    NEARLY: { description: '"Nearly", "almost": a little under the value.' },
    AT_LEAST: { description: '"At least".' },
    MORE_THAN: { description: '"More than", "over".' },
  } as const,
});

/** An event's figure, or one of figures.json attached to a speech, statement, country or topic. */
type AnyFigure = FigureRecord & Partial<Pick<StandaloneFigureRecord, 'speech' | 'statement' | 'country' | 'topic'>>;

export const ReportedFigureRef = builder.objectRef<AnyFigure>('ReportedFigure');

ReportedFigureRef.implement({
  description: 'A count as one source reports it, e.g. how many parties took part. Sources may disagree; each claim is kept with its source.',
  fields: (t) => ({
    metric: t.field({ type: FigureMetric, description: 'What is counted.', resolve: (f) => f.metric }),
    value: t.exposeInt('value', { description: 'The number the source gives.' }),
    qualifier: t.field({ type: FigureQualifier, description: 'How exact the number is.', resolve: (f) => f.qualifier }),
    group: t.exposeString('group', {
      nullable: true,
      description:
        'For one part of a breakdown, the part counted (e.g. "Africa" among the speakers by region); null for a figure of the whole. A source\'s parts need not add up to its total: each is kept as the source gives it.',
    }),
    unit: t.exposeString('unit', {
      nullable: true,
      description: 'What is counted, in a few words, where `metric` does not say (e.g. "medical teams").',
    }),
    country: t.field({
      type: CountryRef,
      nullable: true,
      description: 'The country the figure is about, for a figure attached to a country (e.g. people China lifted out of poverty).',
      resolve: (f) => f.country,
    }),
    text: t.exposeString('text', {
      description: 'The source\'s own words, e.g. "more than 500 political parties and organizations".',
    }),
    source: t.field({ type: SourceRef, description: 'The source that reports the figure.', resolve: (f) => f.source }),
  }),
});
