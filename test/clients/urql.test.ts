/**
 * urql with Graphcache against the real server: `relayPagination()` paging
 * connections forwards (first/after) and backwards (last/before), each page
 * merged into one list, in the server's order, without duplicates. Every
 * connection in the schema takes both directions (src/schema/paging.ts
 * implements the Relay Cursor Connections algorithm for first/after and
 * last/before), so both are tested on a root connection and on a nested one.
 */
import { Client, fetchExchange, gql, type AnyVariables, type TypedDocumentNode } from '@urql/core';
import { cacheExchange } from '@urql/exchange-graphcache';
import { relayPagination } from '@urql/exchange-graphcache/extras';
import { describe, expect, it } from 'vitest';
import { plainQuery, useLoopbackServer } from './loopback-server.ts';

const server = useLoopbackServer();

const PAGE = 7;
const SUMMIT = 'cpc-and-world-political-parties-summit-2021';

interface PageInfo {
  hasNextPage: boolean;
  hasPreviousPage: boolean;
  startCursor: string | null;
  endCursor: string | null;
}
interface Connection {
  totalCount: number;
  edges: { cursor: string; node: { id: string } }[];
  nodes: { id: string }[];
  pageInfo: PageInfo;
}

function client(endpoint: string) {
  return new Client({
    url: endpoint,
    exchanges: [
      cacheExchange({
        // Connections, edges and PageInfo have no id: they are embedded in their parent's entry.
        keys: Object.fromEntries(
          ['PartyConnection', 'PartyEdge', 'ParticipationConnection', 'ParticipationEdge', 'PageInfo'].map((type) => [type, () => null]),
        ),
        resolvers: {
          Query: { parties: relayPagination() },
          Event: { participations: relayPagination() },
        },
      }),
      fetchExchange,
    ],
  });
}

const PARTIES = gql`
  query Parties($first: Int, $after: String, $last: Int, $before: String) {
    parties(first: $first, after: $after, last: $last, before: $before) {
      totalCount
      edges {
        cursor
        node {
          id
          name
        }
      }
      nodes {
        id
      }
      pageInfo {
        hasNextPage
        hasPreviousPage
        startCursor
        endCursor
      }
    }
  }
`;

const SUMMIT_PARTICIPATIONS = gql`
  query SummitParticipations($slug: String!, $first: Int, $after: String, $last: Int, $before: String) {
    event(slug: $slug) {
      id
      participations(first: $first, after: $after, last: $last, before: $before) {
        totalCount
        edges {
          cursor
          node {
            id
            role
          }
        }
        nodes {
          id
        }
        pageInfo {
          hasNextPage
          hasPreviousPage
          startCursor
          endCursor
        }
      }
    }
  }
`;

type Direction = 'forward' | 'backward';

/**
 * Pages a connection to its end in one direction, one query per page, and
 * returns the merged connection Graphcache answers after each page.
 */
async function walk(
  urql: Client,
  query: TypedDocumentNode<any, AnyVariables>,
  variables: Record<string, unknown>,
  direction: Direction,
  connectionOf: (data: any) => Connection,
): Promise<Connection[]> {
  const merged: Connection[] = [];
  let cursor: string | null = null;
  for (;;) {
    const pageVariables = direction === 'forward' ? { ...variables, first: PAGE, after: cursor } : { ...variables, last: PAGE, before: cursor };
    const result = await urql.query(query, pageVariables).toPromise();
    expect(result.error, result.error?.message).toBeUndefined();
    const connection = connectionOf(result.data);
    merged.push(connection);
    expect(merged.length, 'more pages than totalCount allows').toBeLessThanOrEqual(Math.ceil(connection.totalCount / PAGE));
    const more = direction === 'forward' ? connection.pageInfo.hasNextPage : connection.pageInfo.hasPreviousPage;
    if (!more) return merged;
    cursor = direction === 'forward' ? connection.pageInfo.endCursor : connection.pageInfo.startCursor;
  }
}

/** After each page, the merged list is the stretch of the whole list paged so far, in order, once each. */
function expectMergedPages(merged: Connection[], expectedIds: string[], direction: Direction) {
  expect(merged.length).toBe(Math.ceil(expectedIds.length / PAGE));
  merged.forEach((connection, i) => {
    const seen = Math.min((i + 1) * PAGE, expectedIds.length);
    const stretch = direction === 'forward' ? expectedIds.slice(0, seen) : expectedIds.slice(expectedIds.length - seen);
    const ids = connection.edges.map((edge) => edge.node.id);
    expect(ids).toEqual(stretch);
    expect(new Set(ids).size).toBe(ids.length);
    expect(connection.nodes.map((node) => node.id)).toEqual(stretch);
    expect(connection.totalCount).toBe(expectedIds.length);
    // The merged pageInfo spans the merged edges.
    expect(connection.pageInfo.startCursor).toBe(connection.edges[0]!.cursor);
    expect(connection.pageInfo.endCursor).toBe(connection.edges[connection.edges.length - 1]!.cursor);
    const last = i === merged.length - 1;
    if (direction === 'forward') expect(connection.pageInfo.hasNextPage).toBe(!last);
    else expect(connection.pageInfo.hasPreviousPage).toBe(!last);
  });
  const end = merged[merged.length - 1]!;
  expect(end.edges.length).toBe(end.totalCount);
}

describe('urql + Graphcache: relayPagination()', () => {
  it.each<Direction>(['forward', 'backward'])('pages every party %s, 7 at a time, merged in order without duplicates', async (direction) => {
    const all = await plainQuery(server.endpoint(), '{ parties(first: 100) { totalCount nodes { id } } }');
    const expected = all.parties.nodes.map((node: { id: string }) => node.id);
    expect(expected.length).toBe(all.parties.totalCount);
    expect(expected.length).toBeGreaterThan(3 * PAGE);

    const merged = await walk(client(server.endpoint()), PARTIES, {}, direction, (data) => data.parties);
    expectMergedPages(merged, expected, direction);
  });

  it.each<Direction>(['forward', 'backward'])("pages an event's participations (a nested connection) %s", async (direction) => {
    const all = await plainQuery(server.endpoint(), 'query ($slug: String!) { event(slug: $slug) { participations(first: 100) { nodes { id } } } }', {
      slug: SUMMIT,
    });
    const expected = all.event.participations.nodes.map((node: { id: string }) => node.id);
    expect(expected.length).toBeGreaterThan(3 * PAGE);

    const merged = await walk(client(server.endpoint()), SUMMIT_PARTICIPATIONS, { slug: SUMMIT }, direction, (data) => data.event.participations);
    expectMergedPages(merged, expected, direction);
  });

  it('the server pages the same list both ways: the backward pages are the forward list, from its end', async () => {
    const forward = await walk(client(server.endpoint()), PARTIES, {}, 'forward', (data) => data.parties);
    const backward = await walk(client(server.endpoint()), PARTIES, {}, 'backward', (data) => data.parties);
    const cursorsForward = forward[forward.length - 1]!.edges.map((edge) => [edge.cursor, edge.node.id]);
    const cursorsBackward = backward[backward.length - 1]!.edges.map((edge) => [edge.cursor, edge.node.id]);
    // The same cursor names the same item whichever way it was reached.
    expect(cursorsBackward).toEqual(cursorsForward);
  });
});
