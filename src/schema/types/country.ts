/** Country: every ISO 3166-1 country, from the world-countries dataset. */
import { builder } from '../../builder.ts';
import type { Context } from '../../context.ts';
import type { CountryRecord } from '../../store/store.ts';
import { connectionOf, defineConnection, pagesOf, relationConnection } from '../connections.ts';
import { badInput } from '../errors.ts';
import { globalIdOf } from '../ids.ts';
import { batch } from '../loaders.ts';
import { defineOrder } from '../order.ts';
import { EventConnection } from './event.ts';
import { ParticipationConnection, ParticipationFilter, participationQuery } from './participation.ts';
import { PartyConnection } from './party.ts';
import { PersonConnection } from './person.ts';
import { ReportedFigureRef } from './figure.ts';
import { PositionRef } from './position.ts';

export const CountryRef = builder.loadableNodeRef('Country', {
  id: { resolve: (c: CountryRecord) => c.code },
  load: batch((store, keys) => store.getCountries(keys)),
});

/**
 * Resolves a country argument (ISO alpha-2 or alpha-3, any case) to its
 * alpha-3 key; an unknown code is a client error naming the argument.
 */
export function countryArg(ctx: Context, code: string, argument: string): string {
  const key = ctx.store.countryCode(code);
  if (!key) {
    throw badInput(`\`${argument}\` must be an ISO 3166-1 alpha-2 or alpha-3 country code such as "ZA" or "ZAF"; got ${JSON.stringify(code)}.`, argument);
  }
  return key;
}

/** A region argument: one of the country dataset's regions, any letter case; anything else is a client error listing them. */
export function regionArg(ctx: Context, value: string, argument: string): string {
  const regions = ctx.store.regions();
  const found = regions.find((r) => r.toLowerCase() === value.trim().toLowerCase());
  if (found === undefined) {
    throw badInput(`\`${argument}\` must be one of ${regions.map((r) => `"${r}"`).join(', ')}; got ${JSON.stringify(value)}.`, argument);
  }
  return found;
}

CountryRef.implement({
  description:
    'A country or territory with an ISO 3166-1 code. All 249 are in the graph (from the world-countries dataset), whether or not any party of theirs is.',
  fields: (t) => ({
    code: t.exposeString('code', { description: 'ISO 3166-1 alpha-3 code, e.g. "ZAF".' }),
    alpha2: t.exposeString('alpha2', { description: 'ISO 3166-1 alpha-2 code, e.g. "ZA".' }),
    name: t.exposeString('name', { description: 'Common English name, e.g. "South Africa".' }),
    officialName: t.exposeString('officialName', {
      nullable: true,
      description: 'Official English name, e.g. "Republic of South Africa".',
    }),
    region: t.exposeString('region', { nullable: true, description: 'Region, e.g. "Africa", "Asia", "Americas".' }),
    subregion: t.exposeString('subregion', { nullable: true, description: 'Subregion, e.g. "Southern Africa".' }),
    flag: t.exposeString('flag', { nullable: true, description: 'Flag emoji.' }),
    positions: t.loadableList({
      type: PositionRef,
      description: 'Offices held in or for this country (state offices, mostly), as the sources report them.',
      load: async (codes: string[], ctx) => ctx.store.positionsOfCountries(codes),
      resolve: (c) => c.code,
    }),
    reportedFigures: t.loadableList({
      type: ReportedFigureRef,
      description: 'Figures the sources give about the country (e.g. people lifted out of poverty), each with its text and source.',
      load: async (codes: string[], ctx) => ctx.store.figuresOfCountries(codes),
      resolve: (c) => c.code,
    }),
    parties: t.loadable({
      ...relationConnection,
      type: PartyConnection,
      description: 'Parties of this country in the graph, by name.',
      args: t.arg.connectionArgs(),
      load: async (codes: string[], ctx, args) => pagesOf(ctx.store.partiesOfCountries(codes), args, (keys) => ctx.store.getParties(keys)),
      resolve: (c) => c.code,
    }),
    people: t.loadable({
      ...relationConnection,
      type: PersonConnection,
      description: 'People of this country in the graph, by name.',
      args: t.arg.connectionArgs(),
      load: async (codes: string[], ctx, args) => pagesOf(ctx.store.peopleOfCountries(codes), args, (keys) => ctx.store.getPeople(keys)),
      resolve: (c) => c.code,
    }),
    hostedEvents: t.loadable({
      ...relationConnection,
      type: EventConnection,
      description: 'Events this country hosted, by date.',
      args: t.arg.connectionArgs(),
      load: async (codes: string[], ctx, args) => pagesOf(ctx.store.eventsHostedByEach(codes), args, (keys) => ctx.store.getEvents(keys)),
      resolve: (c) => c.code,
    }),
    participations: t.loadable({
      ...relationConnection,
      type: ParticipationConnection,
      description:
        "Participations of this country's parties, organizations or people in events, by event date. A participation counts for the country of its party, else its organization, else its first delegate.",
      args: {
        ...t.arg.connectionArgs(),
        filter: t.arg({ type: ParticipationFilter, description: 'Conditions the participations must meet.' }),
      },
      load: async (codes: string[], ctx, args) =>
        pagesOf(ctx.store.participationsOfCountries(codes, participationQuery(ctx, args.filter)), args, (keys) => ctx.store.getParticipations(keys)),
      resolve: (c) => c.code,
    }),
  }),
});

export const CountryConnection = defineConnection(CountryRef, 'Country', 'countries');

const CountryFilter = builder.inputType('CountryFilter', {
  description: 'Conditions on countries; all given conditions must hold.',
  fields: (t) => ({
    region: t.string({ description: 'Region name, any letter case, e.g. "Africa" (see `Country.region`).' }),
    participatedIn: t.id({
      description: 'Global ID of an Event in which a party, organization or person of the country took part.',
    }),
    hasParties: t.boolean({ description: 'Only countries with (true) or without (false) at least one party in the graph.' }),
  }),
});

const CountryOrder = defineOrder('Country', 'countries', {
  NAME: 'Common English name.',
  CODE: 'ISO alpha-3 code.',
  PARTY_COUNT: "Number of the country's parties in the graph (then name).",
});

builder.queryFields((t) => ({
  country: t.field({
    type: CountryRef,
    nullable: true,
    description: 'A country by ISO 3166-1 code; null when no country has the code.',
    args: {
      code: t.arg.string({ required: true, description: 'ISO 3166-1 alpha-2 or alpha-3 code, any letter case.' }),
    },
    resolve: (_root, { code }, ctx) => ctx.store.countryCode(code) ?? null,
  }),
  countries: t.connection(
    {
      type: CountryRef,
      description: 'Countries, by name unless `orderBy` says otherwise.',
      args: {
        filter: t.arg({ type: CountryFilter, description: 'Conditions the countries must meet.' }),
        orderBy: t.arg({ type: CountryOrder, description: 'Sort order; by name ascending when omitted.' }),
      },
      resolve: (_root, args, ctx) => {
        const f = args.filter;
        const list = ctx.store.countryList({
          region: f?.region != null ? regionArg(ctx, f.region, 'filter.region') : undefined,
          participatedIn: f?.participatedIn != null ? globalIdOf(String(f.participatedIn), ['Event'], 'filter.participatedIn').key : undefined,
          hasParties: f?.hasParties ?? undefined,
          order: args.orderBy ?? undefined,
        });
        return connectionOf(list, args, (keys) => ctx.store.getCountries(keys));
      },
    },
    CountryConnection,
  ),
}));
