/**
 * The one connection helper. Every connection in the schema is a page of a
 * store KeyList (see paging.ts), with `totalCount` and `nodes`. Edge nodes
 * are the page's records, fetched with the page in one store call through
 * the node type's store getter (`nodesOf`); a connection without it gives
 * keys, which the node type's per-request DataLoader loads (batched).
 * Relationship connections are loaded as pages, batched over their parents
 * (`relationConnection`, `pagesOf`): one store call for the pages of all
 * parents, one for all their records.
 */
import type { ObjectRef } from '@pothos/core';
import { builder } from '../builder.ts';
import type { KeyList } from '../store/store.ts';
import { offsetToCursor, pageOf, type Page, type PageArgs } from './paging.ts';

/** The page of `list` that `args` ask for, and its keys. */
function pageKeys(list: KeyList, args: PageArgs) {
  const page = pageOf(list.length, args);
  const keys: string[] = [];
  for (let i = page.start; i < page.end; i++) keys.push(list.at(i));
  return { list, page, keys };
}

/**
 * An edge of a page. Its cursor is encoded when read, by the `cursor` field
 * a client selected: many clients ask a page for `nodes` only, and a
 * two-hop query that does spent about 3% of its CPU encoding (base64) the
 * 420 cursors it never sent.
 */
export class Edge<T> {
  readonly offset: number;
  readonly node: string | T;
  constructor(offset: number, node: string | T) {
    this.offset = offset;
    this.node = node;
  }
  get cursor(): string {
    return offsetToCursor(this.offset);
  }
}

/** A page's PageInfo; its cursors too are encoded only when selected. */
export class PageInfo {
  readonly hasNextPage: boolean;
  readonly hasPreviousPage: boolean;
  /** Offsets of the page's first and last items; undefined for an empty page. */
  readonly first: number | undefined;
  readonly last: number | undefined;
  constructor(page: Page) {
    this.hasNextPage = page.hasNextPage;
    this.hasPreviousPage = page.hasPreviousPage;
    this.first = page.end > page.start ? page.start : undefined;
    this.last = page.end > page.start ? page.end - 1 : undefined;
  }
  get startCursor(): string | null {
    return this.first === undefined ? null : offsetToCursor(this.first);
  }
  get endCursor(): string | null {
    return this.last === undefined ? null : offsetToCursor(this.last);
  }
}

/** The connection result for a page: edge nodes are `nodes` (records) or, without them, keys for the node type's loader. */
function connectionFrom<T>({ list, page, keys }: ReturnType<typeof pageKeys>, nodes?: readonly (T | undefined)[]) {
  const edges: Edge<T>[] = [];
  for (let i = 0; i < keys.length; i++) edges.push(new Edge<T>(page.start + i, nodes?.[i] ?? keys[i]!));
  return { totalCount: list.length, edges, pageInfo: new PageInfo(page) };
}

/**
 * The connection result for a page of `list`. With `nodesOf` (the node
 * type's store getter), the page's records are fetched in one store call and
 * become the edge nodes; without it, edge nodes are keys that the node
 * type's per-request DataLoader loads. The store is in memory: fetching the
 * records with the page saves a DataLoader promise per edge (a third of the
 * CPU of a two-hop query), and keeps one store call per type and level.
 */
export function connectionOf<T = never>(list: KeyList, args: PageArgs, nodesOf?: (keys: readonly string[]) => readonly (T | undefined)[]) {
  const page = pageKeys(list, args);
  return connectionFrom(page, nodesOf?.(page.keys));
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
export async function pagesOf<T = never>(lists: readonly KeyList[], args: PageArgs, nodesOf?: (keys: readonly string[]) => readonly (T | undefined)[]) {
  const pages = lists.map((list) => pageKeys(list, args));
  if (!nodesOf) return pages.map((page) => connectionFrom<T>(page));
  // One store call for the records of every parent's page.
  const nodes = nodesOf(pages.flatMap((page) => page.keys));
  let offset = 0;
  return pages.map((page) => {
    const own = nodes.slice(offset, (offset += page.keys.length));
    return connectionFrom(page, own);
  });
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
