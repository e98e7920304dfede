/**
 * Query.node and Query.nodes (Relay Global Object Identification). Every
 * node type resolves through its own per-request loader, so a `nodes` call
 * costs one store call per type. A malformed or unknown ID is null in its
 * place, never an error.
 */
import { brandWithType } from '@pothos/core';
import { builder } from '../../builder.ts';
import type { Context } from '../../context.ts';
import { badInput } from '../errors.ts';
import { decodeGlobalId, type NodeTypeName } from '../ids.ts';
import { CountryRef } from './country.ts';
import { EventRef } from './event.ts';
import { OrganizationRef } from './organization.ts';
import { ParticipationRef } from './participation.ts';
import { PartyRef } from './party.ts';
import { PersonRef } from './person.ts';
import { SourceRef } from './source.ts';
import { SpeechRef } from './speech.ts';
import { StatementRef } from './statement.ts';
import { TopicRef } from './topic.ts';
import { AbsenceRef } from './absence.ts';

export const MAX_NODES = 100;

const REFS: Record<NodeTypeName, { getDataloader(ctx: Context): { load(key: string): Promise<unknown> } }> = {
  Event: EventRef,
  Party: PartyRef,
  Person: PersonRef,
  Organization: OrganizationRef,
  Country: CountryRef,
  Source: SourceRef,
  Participation: ParticipationRef,
  Speech: SpeechRef,
  Statement: StatementRef,
  Topic: TopicRef,
  Absence: AbsenceRef,
};

/**
 * Loads the record of type `typename` with `key` through the type's
 * per-request loader and marks it with its type, so that the Node
 * interface and the SearchResult union know which object type it is.
 */
export async function loadTyped(ctx: Context, typename: NodeTypeName, key: string): Promise<object | null> {
  const record = (await REFS[typename].getDataloader(ctx).load(key)) as object | null;
  if (record) brandWithType(record, typename as never);
  return record;
}

function loadNode(ctx: Context, id: string): Promise<object | null> | null {
  const decoded = decodeGlobalId(id);
  return decoded ? loadTyped(ctx, decoded.typename, decoded.key) : null;
}

builder.queryFields((t) => ({
  node: t.field({
    type: builder.nodeInterfaceRef(),
    nullable: true,
    description: 'Refetches any object by its global ID; null when the ID is malformed or names nothing.',
    args: { id: t.arg.id({ required: true, description: 'A global ID, as returned in any `id` field.' }) },
    resolve: (_root, { id }, ctx) => loadNode(ctx, String(id)),
  }),
  nodes: t.field({
    type: [builder.nodeInterfaceRef()],
    nullable: { list: false, items: true },
    description: `Refetches up to ${MAX_NODES} objects by global ID, in the order given; null in the place of a malformed or unknown ID. An ID may be repeated: each place is answered and counted in the query's cost.`,
    args: {
      ids: t.arg.idList({ required: true, description: `Global IDs, at most ${MAX_NODES}; repeats allowed.` }),
    },
    // The cost multiplies what each node selects by the number of IDs (duplicates included), not by a flat 10.
    complexity: (args) => ({ field: 1, multiplier: Math.min(Array.isArray(args.ids) ? args.ids.length : MAX_NODES, MAX_NODES) }),
    resolve: (_root, { ids }, ctx) => {
      if (ids.length > MAX_NODES) {
        throw badInput(`\`ids\` takes at most ${MAX_NODES} IDs; got ${ids.length}.`, 'ids');
      }
      return ids.map((id) => loadNode(ctx, String(id)));
    },
  }),
}));
