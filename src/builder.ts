/**
 * The Pothos schema builder: plugins, settings and scalars only. Object
 * types live in src/schema/types/, one file per type.
 */
import SchemaBuilder from '@pothos/core';
import ComplexityPlugin from '@pothos/plugin-complexity';
import DataloaderPlugin from '@pothos/plugin-dataloader';
import RelayPlugin from '@pothos/plugin-relay';
import { GraphQLError, Kind } from 'graphql';
import type { Context } from './context.ts';
import { pageSizeForCost, type PageArgs } from './schema/paging.ts';
import { encodeGlobalId, type NodeTypeName } from './schema/ids.ts';
import { isoDate } from './store/records.ts';

export const builder = new SchemaBuilder<{
  Context: Context;
  Scalars: { Date: { Input: string; Output: string } };
  // Fields are non-null unless a field says otherwise: most data always has a value.
  DefaultFieldNullability: false;
  DefaultEdgesNullability: { list: false; items: false };
  DefaultNodeNullability: false;
  // Every connection result carries the size of the whole list.
  Connection: { totalCount: number };
}>({
  plugins: [RelayPlugin, DataloaderPlugin, ComplexityPlugin],
  defaultFieldNullability: false,
  // The cost model (see src/limits.ts): every field costs 1, a plain list
  // multiplies what it contains by 10, a connection by its page size. The
  // limit is checked once per request before execution, not per resolver.
  complexity: { defaultComplexity: 1, defaultListMultiplier: 10 },
  relay: {
    clientMutationId: 'omit',
    encodeGlobalID: (typename, id) => encodeGlobalId(typename as NodeTypeName, String(id)),
    cursorType: 'String',
    // `node` and `nodes` are written in schema/types/node.ts so that a
    // malformed or unknown ID gives null instead of an error.
    nodeQueryOptions: false,
    nodesQueryOptions: false,
    nodesOnConnection: {
      description: 'The nodes of `edges`, for clients that need no cursors.',
      complexity: { field: 1, multiplier: 1 },
    },
    // A connection multiplies the cost of what it contains by its page size.
    defaultConnectionFieldOptions: {
      complexity: (args: PageArgs) => ({ field: 1, multiplier: pageSizeForCost(args) }),
    },
    nodeTypeOptions: {
      description: 'An object with a globally unique, opaque ID that `Query.node` and `Query.nodes` can refetch (Relay Global Object Identification).',
    },
    idFieldOptions: {
      description: 'Globally unique, opaque ID of this object, for `Query.node(id:)`.',
    },
    pageInfoTypeOptions: {
      description: 'Where a page of a connection sits in the whole list (Relay Cursor Connections).',
    },
    hasNextPageFieldOptions: { description: 'True when more items follow this page in the paging direction.' },
    hasPreviousPageFieldOptions: { description: 'True when more items precede this page in the paging direction.' },
    startCursorFieldOptions: { description: 'Cursor of the first edge of the page; null when the page is empty.' },
    endCursorFieldOptions: { description: 'Cursor of the last edge of the page; null when the page is empty.' },
    cursorFieldOptions: { description: 'Opaque cursor of this edge, for `after` or `before`.' },
    nodeFieldOptions: { description: 'The item at the end of this edge.' },
    edgesFieldOptions: {
      description: 'The items of this page, each with its cursor.',
      // The connection field already multiplies by the page size.
      complexity: { field: 1, multiplier: 1 },
    },
    pageInfoFieldOptions: { description: 'Cursors and page boundaries of this page.' },
    firstArgOptions: { description: 'Return the first N items (0 to 100; 20 when neither first nor last is given).' },
    lastArgOptions: { description: 'Return the last N items (0 to 100).' },
    afterArgOptions: { description: 'Return items after this cursor.' },
    beforeArgOptions: { description: 'Return items before this cursor.' },
    defaultConnectionTypeOptions: {},
    defaultEdgeTypeOptions: {},
    defaultPayloadTypeOptions: {},
    defaultMutationInputTypeOptions: {},
    mutationInputArgOptions: {},
    clientMutationIdInputOptions: {},
    clientMutationIdFieldOptions: {},
  },
});

function parseDate(value: unknown): string {
  if (typeof value !== 'string' || !isoDate.safeParse(value).success) {
    throw new GraphQLError(`Date must be an ISO 8601 calendar date such as "2021-07-06"; got ${JSON.stringify(value)}.`);
  }
  return value;
}

builder.scalarType('Date', {
  description: 'A calendar date, e.g. 2021-07-06: RFC 3339 `full-date` (ISO 8601 extended format).',
  specifiedByURL: 'https://www.rfc-editor.org/rfc/rfc3339#section-5.6',
  serialize: (value) => value,
  parseValue: parseDate,
  parseLiteral: (ast) => {
    if (ast.kind !== Kind.STRING) {
      throw new GraphQLError('Date must be a string such as "2021-07-06".');
    }
    return parseDate(ast.value);
  },
});

builder.queryType({
  description: 'The entry points of the knowledge graph.',
});
