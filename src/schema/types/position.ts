/** Position: an office a person held, as the sources report it. */
import { builder } from '../../builder.ts';
import type { PositionRecord } from '../../store/records.ts';
import { CountryRef } from './country.ts';
import { OrganizationRef } from './organization.ts';
import { PartyRef } from './party.ts';
import { PersonRef } from './person.ts';
import { inferencesField } from './inference.ts';
import { SourceRef } from './source.ts';

export const PositionRef = builder.objectRef<PositionRecord>('Position');

PositionRef.implement({
  description:
    'An office or role a person held, as the sources report it: a party office (with `party`), a state office (with `country`) or a post in an organization.',
  fields: (t) => ({
    person: t.field({ type: PersonRef, description: 'Who held the office.', resolve: (p) => p.person }),
    title: t.exposeString('title', { description: 'The office as the sources name it, e.g. "General Secretary".' }),
    party: t.field({
      type: PartyRef,
      nullable: true,
      description: 'The party the office is in, for a party office.',
      resolve: (p) => p.party,
    }),
    organization: t.field({
      type: OrganizationRef,
      nullable: true,
      description: 'The organization the office is in, for a post in an organization.',
      resolve: (p) => p.organization,
    }),
    country: t.field({
      type: CountryRef,
      nullable: true,
      description: 'The country of a state office, e.g. South Africa for its President.',
      resolve: (p) => p.country,
    }),
    former: t.exposeBoolean('former', {
      description: 'True when the sources describe it as a former office at the time they report.',
    }),
    asOf: t.field({
      type: 'Date',
      nullable: true,
      description: "The date the sources describe the office at (usually an event's date).",
      resolve: (p) => p.asOf,
    }),
    sources: t.field({ type: [SourceRef], description: 'The sources that report this office.', resolve: (p) => p.sources }),
    inferences: t.field(inferencesField<PositionRecord>('office')),
  }),
});
