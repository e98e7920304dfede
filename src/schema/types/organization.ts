/** Organization: a party body, an international organization, a university, a medium. */
import { builder } from '../../builder.ts';
import type { OrganizationRecord } from '../../store/records.ts';
import { connectionOf, defineConnection, pagesOf, relationConnection } from '../connections.ts';
import { batch } from '../loaders.ts';
import { CountryRef } from './country.ts';
import { EventConnection } from './event.ts';
import { ParticipationConnection, ParticipationFilter, participationQuery } from './participation.ts';
import { PartyRef } from './party.ts';
import { PositionRef } from './position.ts';
import { inferencesField } from './inference.ts';
import { SourceRef } from './source.ts';
import { StatementConnection } from './statement.ts';

export const OrganizationRef = builder.loadableNodeRef('Organization', {
  id: { resolve: (o: OrganizationRecord) => o.slug },
  load: batch((store, keys) => store.getOrganizations(keys)),
});

export const OrganizationKind = builder.enumType('OrganizationKind', {
  description: 'What kind of body an organization is.',
  values: {
    PARTY_BODY: { description: "A body of a party, e.g. a party's international department." },
    INTERNATIONAL_ORGANIZATION: { description: 'An international organization, e.g. an association of parties.' },
    GOVERNMENT_BODY: { description: 'A body of a state: a parliament, a ministry.' },
    ACADEMIC: { description: 'A university or research institute.' },
    MEDIA: { description: 'A newspaper, broadcaster or other medium.' },
    OTHER: { description: 'Any other kind of organization.' },
  } as const,
});

OrganizationRef.implement({
  description: 'An organization other than a party: a party body, an international organization, a university, a medium.',
  fields: (t) => ({
    slug: t.exposeString('slug', { description: 'Stable, human-readable key, for `Query.organization(slug:)`.' }),
    name: t.exposeString('name', { description: "The organization's common English name." }),
    abbreviation: t.exposeString('abbreviation', { nullable: true, description: 'Usual abbreviation, e.g. "ICAPP".' }),
    alternateNames: t.exposeStringList('alternateNames', {
      description: 'Other names and spellings the sources use for this organization.',
    }),
    kind: t.field({ type: OrganizationKind, description: 'What kind of body this is.', resolve: (o) => o.kind }),
    country: t.field({
      type: CountryRef,
      nullable: true,
      description: 'The country the organization is based in, where it has one.',
      resolve: (o) => o.country,
    }),
    party: t.field({
      type: PartyRef,
      nullable: true,
      description: "For a body of a party, e.g. a party's international department: the party.",
      resolve: (o) => o.party,
    }),
    positions: t.loadableList({
      type: PositionRef,
      description: 'Posts people held in this organization, as the sources report them.',
      load: async (slugs: string[], ctx) => ctx.store.positionsOfOrganizations(slugs),
      resolve: (o) => o.slug,
    }),
    organizedEvents: t.loadable({
      ...relationConnection,
      type: EventConnection,
      description: 'Events this organization organized, by date.',
      args: t.arg.connectionArgs(),
      load: async (slugs: string[], ctx, args) => pagesOf(ctx.store.eventsOrganizedByEach(slugs), args, (keys) => ctx.store.getEvents(keys)),
      resolve: (o) => o.slug,
    }),
    participations: t.loadable({
      ...relationConnection,
      type: ParticipationConnection,
      description: "The organization's participations in events, by event date.",
      args: {
        ...t.arg.connectionArgs(),
        filter: t.arg({ type: ParticipationFilter, description: 'Conditions the participations must meet.' }),
      },
      load: async (slugs: string[], ctx, args) =>
        pagesOf(ctx.store.participationsOfOrganizations(slugs, participationQuery(ctx, args.filter)), args, (keys) => ctx.store.getParticipations(keys)),
      resolve: (o) => o.slug,
    }),
    statements: t.loadable({
      ...relationConnection,
      type: StatementConnection,
      description: 'Statements made by or for the organization, by date.',
      args: t.arg.connectionArgs(),
      load: async (slugs: string[], ctx, args) => pagesOf(ctx.store.statementsOfOrganizations(slugs), args, (keys) => ctx.store.getStatements(keys)),
      resolve: (o) => o.slug,
    }),
    sources: t.field({
      type: [SourceRef],
      description: 'The sources that name this organization.',
      resolve: (o) => o.sources,
    }),
    inferences: t.field(inferencesField<OrganizationRecord>('organization')),
  }),
});

export const OrganizationConnection = defineConnection(OrganizationRef, 'Organization', 'organizations');

builder.queryFields((t) => ({
  organization: t.field({
    type: OrganizationRef,
    nullable: true,
    description: 'An organization by slug; null when there is none.',
    args: { slug: t.arg.string({ required: true, description: "The organization's slug." }) },
    resolve: (_root, { slug }) => slug,
  }),
  organizations: t.connection(
    {
      type: OrganizationRef,
      description: 'Every organization, by name.',
      resolve: (_root, args, ctx) => connectionOf(ctx.store.organizationList(), args, (keys) => ctx.store.getOrganizations(keys)),
    },
    OrganizationConnection,
  ),
}));
