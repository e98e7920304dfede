/**
 * `@defer` and `@stream`, declared in the schema itself, as the incremental
 * delivery RFC defines them (graphql-js 17's definitions), so that
 * schema.graphql, introspection and codegen tools see what the server runs.
 * `@graphql-yoga/plugin-defer-stream` would add its own copies at start-up
 * (it adds each one the schema lacks, by name); with these in place it only
 * adds its validation rules. Yoga's executor reads the arguments by name.
 */
import { DirectiveLocation, GraphQLBoolean, GraphQLDirective, GraphQLInt, GraphQLNonNull, GraphQLString } from 'graphql';
import { MAX_PAGE_SIZE } from './paging.ts';

export const deferDirective = new GraphQLDirective({
  name: 'defer',
  description:
    'Delivers this fragment later, in a separate part of the answer, so that the rest arrives sooner. Needs `Accept: multipart/mixed` or `text/event-stream`. A deferred fragment counts toward the cost limit as if it were not deferred.',
  locations: [DirectiveLocation.FRAGMENT_SPREAD, DirectiveLocation.INLINE_FRAGMENT],
  args: {
    if: { type: new GraphQLNonNull(GraphQLBoolean), defaultValue: true, description: 'Deferred when true (the default); delivered at once when false.' },
    label: { type: GraphQLString, description: 'A name for this deferred part, unique in the operation; each of its parts carries it.' },
  },
});

export const streamDirective = new GraphQLDirective({
  name: 'stream',
  description:
    'Delivers the items of this list after the first `initialCount`, in separate parts of the answer. Needs `Accept: multipart/mixed` or `text/event-stream`. A streamed list counts toward the cost limit as if it were not streamed.',
  locations: [DirectiveLocation.FIELD],
  args: {
    if: { type: new GraphQLNonNull(GraphQLBoolean), defaultValue: true, description: 'Streamed when true (the default); delivered at once when false.' },
    label: { type: GraphQLString, description: 'A name for this streamed list, unique in the operation; each of its parts carries it.' },
    initialCount: {
      type: GraphQLInt,
      defaultValue: 0,
      description: `How many items come in the first part (0 to ${MAX_PAGE_SIZE}); the rest follow in later parts.`,
    },
  },
});
