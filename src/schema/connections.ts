/**
 * The one connection helper. Every connection in the schema is a page of a
 * store KeyList (see paging.ts), with `totalCount` and `nodes`. Edge nodes
 * are record keys, loaded through the node type's per-request DataLoader
 * (batched).
 */
import type { ObjectRef } from '@pothos/core';
import { builder } from '../builder.js';
import type { KeyList } from '../store/store.js';
import { offsetToCursor, pageOf, type PageArgs } from './paging.js';

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
 * Declares `<Name>Connection` and `<Name>Edge` for a node type, with
 * `totalCount` and `nodes`. Fields use it as the second argument of
 * `t.connection(...)` so the same connection type serves every field.
 */
export function defineConnection<T extends ObjectRef<any, any>>(type: T, name: string, plural: string) {
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
