/** Party: a political party. */
import { builder } from '../../builder.ts';
import type { PartyRecord } from '../../store/records.ts';
import { connectionOf, defineConnection, pagesOf, relationConnection } from '../connections.ts';
import { globalIdOf } from '../ids.ts';
import { batch } from '../loaders.ts';
import { defineOrder } from '../order.ts';
import { countryArg, CountryRef, regionArg } from './country.ts';
import { ParticipationConnection, ParticipationFilter, participationQuery } from './participation.ts';
import { PositionRef } from './position.ts';
import { SourceRef } from './source.ts';
import { AbsenceRef } from './absence.ts';
import { inferencesField } from './inference.ts';
import { SpeechConnection } from './speech.ts';
import { StatementConnection } from './statement.ts';

export const PartyRef = builder.loadableNodeRef('Party', {
  id: { resolve: (p: PartyRecord) => p.slug },
  load: batch((store, keys) => store.getParties(keys)),
});

PartyRef.implement({
  description: 'A political party, with the events it took part in and the offices people held in it.',
  fields: (t) => ({
    slug: t.exposeString('slug', {
      description: 'Stable, human-readable key, e.g. "african-national-congress", for `Query.party(slug:)`.',
    }),
    name: t.exposeString('name', { description: "The party's common English name." }),
    abbreviation: t.exposeString('abbreviation', { nullable: true, description: 'Usual abbreviation, e.g. "ANC".' }),
    alternateNames: t.exposeStringList('alternateNames', {
      description: 'Other names and spellings the sources use for this party.',
    }),
    formerNames: t.exposeStringList('formerNames', {
      description: 'Names the party had before it was renamed (e.g. Nur Otan, now Amanat).',
    }),
    country: t.field({
      type: CountryRef,
      nullable: true,
      description: 'The country the party is based in.',
      resolve: (p) => p.country,
    }),
    positions: t.loadableList({
      type: PositionRef,
      description: 'Offices people held in this party, as the sources report them.',
      load: async (slugs: string[], ctx) => ctx.store.positionsOfParties(slugs),
      resolve: (p) => p.slug,
    }),
    participations: t.loadable({
      ...relationConnection,
      type: ParticipationConnection,
      description: "The party's participations in events, by event date.",
      args: {
        ...t.arg.connectionArgs(),
        filter: t.arg({ type: ParticipationFilter, description: 'Conditions the participations must meet.' }),
      },
      load: async (slugs: string[], ctx, args) =>
        pagesOf(ctx.store.participationsOfParties(slugs, participationQuery(ctx, args.filter)), args, (keys) => ctx.store.getParticipations(keys)),
      resolve: (p) => p.slug,
    }),
    speeches: t.loadable({
      ...relationConnection,
      type: SpeechConnection,
      description: 'Speeches given for this party, by event date and programme order.',
      args: t.arg.connectionArgs(),
      load: async (slugs: string[], ctx, args) => pagesOf(ctx.store.speechesOfParties(slugs), args, (keys) => ctx.store.getSpeeches(keys)),
      resolve: (p) => p.slug,
    }),
    statements: t.loadable({
      ...relationConnection,
      type: StatementConnection,
      description: 'Statements the sources credit to the party itself, by date.',
      args: t.arg.connectionArgs(),
      load: async (slugs: string[], ctx, args) => pagesOf(ctx.store.statementsOfParties(slugs), args, (keys) => ctx.store.getStatements(keys)),
      resolve: (p) => p.slug,
    }),
    absences: t.loadableList({
      type: AbsenceRef,
      description: 'Events the sources report the party (or its leaders) absent from.',
      load: async (slugs: string[], ctx) => ctx.store.absencesOfParties(slugs),
      resolve: (p) => p.slug,
    }),
    sources: t.field({ type: [SourceRef], description: 'The sources that name this party.', resolve: (p) => p.sources }),
    inferences: t.field(inferencesField<PartyRecord>('party')),
  }),
});

export const PartyConnection = defineConnection(PartyRef, 'Party', 'parties');

const PartyFilter = builder.inputType('PartyFilter', {
  description: 'Conditions on parties; all given conditions must hold.',
  fields: (t) => ({
    country: t.string({ description: "The party's country: ISO 3166-1 alpha-2 or alpha-3 code, any letter case." }),
    region: t.string({ description: 'The region of the party\'s country, any letter case, e.g. "Africa" (see `Country.region`).' }),
    attended: t.id({ description: "Global ID of an Event the party took part in (any role, or as a speaker's party)." }),
  }),
});

const PartyOrder = defineOrder('Party', 'parties', {
  NAME: "The party's name.",
  COUNTRY: "The name of the party's country, then the party's name; parties with no country last.",
  PARTICIPATION_COUNT: "Number of the party's participations in events, then name.",
});

builder.queryFields((t) => ({
  party: t.field({
    type: PartyRef,
    nullable: true,
    description: 'A party by slug, e.g. "african-national-congress"; null when there is none.',
    args: { slug: t.arg.string({ required: true, description: "The party's slug." }) },
    resolve: (_root, { slug }) => slug,
  }),
  parties: t.connection(
    {
      type: PartyRef,
      description: 'Parties, by name unless `orderBy` says otherwise.',
      args: {
        filter: t.arg({ type: PartyFilter, description: 'Conditions the parties must meet.' }),
        orderBy: t.arg({ type: PartyOrder, description: 'Sort order; by name ascending when omitted.' }),
      },
      resolve: (_root, args, ctx) => {
        const f = args.filter;
        const list = ctx.store.partyList({
          country: f?.country != null ? countryArg(ctx, f.country, 'filter.country') : undefined,
          region: f?.region != null ? regionArg(ctx, f.region, 'filter.region') : undefined,
          attended: f?.attended != null ? globalIdOf(String(f.attended), ['Event'], 'filter.attended').key : undefined,
          order: args.orderBy ?? undefined,
        });
        return connectionOf(list, args, (keys) => ctx.store.getParties(keys));
      },
    },
    PartyConnection,
  ),
}));
