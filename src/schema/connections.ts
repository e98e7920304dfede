/**
 * The one connection helper. Every connection in the schema is a page of a
 * store KeyList (see paging.ts), with `totalCount` and `nodes`. Edge nodes
 * are record keys, loaded through the node type's per-request DataLoader
 * (batched). Relationship connections are loaded as pages, batched over
 * their parents (`relationConnection`, `pagesOf`).
 */
import type { ObjectRef } from '@pothos/core';
import { builder } from '../builder.ts';
import type { KeyList } from '../store/store.ts';
import { offsetToCursor, pageOf, type PageArgs } from './paging.ts';

/** The connection result for a page of `list`: edge nodes are keys for the node type's loader. */
export function connectionOf(list: KeyList, args: PageArgs) {
  const page = pageOf(list.length, args);
  const edges: { cursor: string; node: string }[] = [];
  for (let i = page.start; i < page.end; i++) edges.push({ cursor: offsetToCursor(i), node: list.at(i) });
  return {
    totalCount: list.length,
    edges,
    pageInfo: {
      hasNextPage: page.hasNextPage,
      hasPreviousPage: page.hasPreviousPage,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges[edges.length - 1]?.cursor ?? null,
    },
  };
}

/**
 * Options for a relationship connection field declared with `t.loadable`
 * (with `args: t.arg.connectionArgs()` and any filter): the cost
 * `t.connection` would give it, and `byPath`, so that each selection of the
 * field gets its own per-request loader whose batch sees that selection's
 * arguments (page, filter). Every parent under a list shares the path, so
 * the batch is one store call for all of them; a differently filtered
 * selection has another path (GraphQL forbids one path with two argument
 * sets), so it never shares a loader, and no key is built from the filter.
 */
export const relationConnection = { ...builder.options.relay?.defaultConnectionFieldOptions, byPath: true } as const;

/**
 * One page per parent: the result of a relationship connection's batch.
 * The `load` that calls it must be `async`: a client mistake in its
 * arguments (a bad cursor or filter) then rejects the batch with its
 * GraphQLError, which the client sees; a synchronous throw is wrapped by
 * DataLoader in a TypeError and masked as "Unexpected error.".
 */
export async function pagesOf(lists: readonly KeyList[], args: PageArgs) {
  return lists.map((list) => connectionOf(list, args));
}

/**
 * Declares `<Name>Connection` and `<Name>Edge` for a node type, with
 * `totalCount` and `nodes`. Fields use it as the second argument of
 * `t.connection(...)` so the same connection type serves every field.
 */
export function defineConnection<T extends ObjectRef<typeof builder.$inferSchemaTypes, unknown>>(type: T, name: string, plural: string) {
  return builder.connectionObject(
    {
      type,
      name: `${name}Connection`,
      description: `A page of ${plural}, with cursors for paging forwards (first/after) and backwards (last/before).`,
      fields: (t) => ({
        totalCount: t.int({
          description: `Number of ${plural} in the whole list (after filters), not only this page.`,
          resolve: (connection) => connection.totalCount,
        }),
      }),
    },
    {
      name: `${name}Edge`,
      description: `One ${name} in a page, with its cursor.`,
    },
  );
}
