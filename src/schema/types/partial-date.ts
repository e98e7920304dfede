/** PartialDate: a date as precise as the sources give it (a year, a month or a day). */
import { builder } from '../../builder.ts';

export const DatePrecision = builder.enumType('DatePrecision', {
  description: 'How precise a date is.',
  values: {
    DAY: { description: 'The day is known.' },
    MONTH: { description: 'Only the month is known.' },
    YEAR: { description: 'Only the year is known.' },
  } as const,
});

export const DateQualifier = builder.enumType('DateQualifier', {
  description: 'How a date relates to what it dates.',
  values: {
    ON: { description: 'It happened on (or in) this date.' },
    BY: { description: 'It had happened by this date: the date is an upper bound ("by June 2020").' },
  } as const,
});

export interface PartialDateValue {
  /** YYYY, YYYY-MM or YYYY-MM-DD. */
  value: string;
  qualifier: 'ON' | 'BY';
}

export const PartialDateRef = builder.objectRef<PartialDateValue>('PartialDate');

PartialDateRef.implement({
  description: 'A date as precise as the sources give it: a day, a month or only a year.',
  fields: (t) => ({
    value: t.exposeString('value', { description: 'The date in ISO 8601 form at its precision: "2021-07-06", "2017-10" or "2018".' }),
    precision: t.field({
      type: DatePrecision,
      description: 'Whether the day, the month or only the year is known.',
      resolve: (d) => (d.value.length === 10 ? 'DAY' : d.value.length === 7 ? 'MONTH' : 'YEAR'),
    }),
    year: t.int({ description: 'The year.', resolve: (d) => Number(d.value.slice(0, 4)) }),
    month: t.int({
      nullable: true,
      description: 'The month, 1 to 12; null when only the year is known.',
      resolve: (d) => (d.value.length >= 7 ? Number(d.value.slice(5, 7)) : null),
    }),
    day: t.int({
      nullable: true,
      description: 'The day of the month; null unless the day is known.',
      resolve: (d) => (d.value.length === 10 ? Number(d.value.slice(8)) : null),
    }),
    qualifier: t.field({ type: DateQualifier, description: 'On this date, or by it.', resolve: (d) => d.qualifier }),
  }),
});
