/** Person: someone the sources name in a political role. */
import { builder } from '../../builder.ts';
import type { PersonRecord } from '../../store/records.ts';
import { connectionOf, defineConnection, pagesOf, relationConnection } from '../connections.ts';
import { globalIdOf } from '../ids.ts';
import { batch } from '../loaders.ts';
import { defineOrder } from '../order.ts';
import { countryArg, CountryRef } from './country.ts';
import { ParticipationConnection, ParticipationFilter, participationQuery } from './participation.ts';
import { PartyRef } from './party.ts';
import { PositionRef } from './position.ts';
import { SourceRef } from './source.ts';
import { inferencesField } from './inference.ts';
import { SpeechConnection } from './speech.ts';
import { StatementConnection } from './statement.ts';

export const PersonRef = builder.loadableNodeRef('Person', {
  id: { resolve: (p: PersonRecord) => p.slug },
  load: batch((store, keys) => store.getPeople(keys)),
});

PersonRef.implement({
  description: 'A person the sources name in a political role: a leader, delegate, official or speaker.',
  fields: (t) => ({
    slug: t.exposeString('slug', {
      description: 'Stable, human-readable key, e.g. "nguyen-phu-trong", for `Query.person(slug:)`.',
    }),
    name: t.exposeString('name', { description: "The person's name as usually written in English." }),
    alternateNames: t.exposeStringList('alternateNames', {
      description: 'Other spellings the sources use, e.g. "Nguyen Phu Trong" for "Nguyễn Phú Trọng".',
    }),
    country: t.field({
      type: CountryRef,
      nullable: true,
      description: 'The country the person is from or serves.',
      resolve: (p) => p.country,
    }),
    positions: t.loadableList({
      type: PositionRef,
      description: 'Offices the person held, as the sources report them.',
      load: async (slugs: string[], ctx) => ctx.store.positionsOfPeople(slugs),
      resolve: (p) => p.slug,
    }),
    parties: t.loadableList({
      type: PartyRef,
      description: 'Parties the person held an office in, by name.',
      load: async (slugs: string[], ctx) => ctx.store.partiesOfPeopleLists(slugs),
      resolve: (p) => p.slug,
    }),
    participations: t.loadable({
      ...relationConnection,
      type: ParticipationConnection,
      description: 'Participations in which the person is named as a delegate, by event date.',
      args: {
        ...t.arg.connectionArgs(),
        filter: t.arg({ type: ParticipationFilter, description: 'Conditions the participations must meet.' }),
      },
      load: async (slugs: string[], ctx, args) =>
        pagesOf(ctx.store.participationsOfPeople(slugs, participationQuery(ctx, args.filter)), args, (keys) => ctx.store.getParticipations(keys)),
      resolve: (p) => p.slug,
    }),
    speeches: t.loadable({
      ...relationConnection,
      type: SpeechConnection,
      description: 'Speeches the person gave, by event date.',
      args: t.arg.connectionArgs(),
      load: async (slugs: string[], ctx, args) => pagesOf(ctx.store.speechesOfPeople(slugs), args, (keys) => ctx.store.getSpeeches(keys)),
      resolve: (p) => p.slug,
    }),
    statements: t.loadable({
      ...relationConnection,
      type: StatementConnection,
      description: 'Statements the person made outside a speech (press remarks, comments, posts), by date.',
      args: t.arg.connectionArgs(),
      load: async (slugs: string[], ctx, args) => pagesOf(ctx.store.statementsOfPeople(slugs), args, (keys) => ctx.store.getStatements(keys)),
      resolve: (p) => p.slug,
    }),
    sources: t.field({ type: [SourceRef], description: 'The sources that name this person.', resolve: (p) => p.sources }),
    inferences: t.field(inferencesField<PersonRecord>('person')),
  }),
});

export const PersonConnection = defineConnection(PersonRef, 'Person', 'people');

const PersonFilter = builder.inputType('PersonFilter', {
  description: 'Conditions on people; all given conditions must hold.',
  fields: (t) => ({
    country: t.string({ description: "The person's country: ISO 3166-1 alpha-2 or alpha-3 code, any letter case." }),
    attended: t.id({ description: 'Global ID of an Event the person took part in, as a delegate or a speaker.' }),
    party: t.id({ description: 'Global ID of a Party the person held a position in.' }),
  }),
});

const PersonOrder = defineOrder('Person', 'people', { NAME: "The person's name." });

builder.queryFields((t) => ({
  person: t.field({
    type: PersonRef,
    nullable: true,
    description: 'A person by slug, e.g. "xi-jinping"; null when there is none.',
    args: { slug: t.arg.string({ required: true, description: "The person's slug." }) },
    resolve: (_root, { slug }) => slug,
  }),
  people: t.connection(
    {
      type: PersonRef,
      description: 'People, by name.',
      args: {
        filter: t.arg({ type: PersonFilter, description: 'Conditions the people must meet.' }),
        orderBy: t.arg({ type: PersonOrder, description: 'Sort order; by name ascending when omitted.' }),
      },
      resolve: (_root, args, ctx) => {
        const f = args.filter;
        const list = ctx.store.personList({
          country: f?.country != null ? countryArg(ctx, f.country, 'filter.country') : undefined,
          attended: f?.attended != null ? globalIdOf(String(f.attended), ['Event'], 'filter.attended').key : undefined,
          party: f?.party != null ? globalIdOf(String(f.party), ['Party'], 'filter.party').key : undefined,
          order: args.orderBy ?? undefined,
        });
        return connectionOf(list, args, (keys) => ctx.store.getPeople(keys));
      },
    },
    PersonConnection,
  ),
}));
