/**
 * Apollo Client 4 against the real server: `relayStylePagination` paging a
 * connection to its end with `fetchMore` (forwards, and backwards with
 * last/before), cache normalization by `id`, and
 * refetching a node by global ID through `node(id:)` with `possibleTypes`
 * generated from introspection. (APQ and @defer have their own files.)
 */
import { ApolloClient, HttpLink, InMemoryCache, gql, type PossibleTypesMap, type TypedDocumentNode } from '@apollo/client';
import { relayStylePagination } from '@apollo/client/utilities';
import { filter, firstValueFrom } from 'rxjs';
import { describe, expect, it, vi } from 'vitest';
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
interface Connection<N> {
  totalCount: number;
  edges: { cursor: string; node: N }[];
  pageInfo: PageInfo;
}

/** `possibleTypes` for Apollo's cache, from the server's introspection (abstract types and their members). */
async function possibleTypesOf(endpoint: string): Promise<PossibleTypesMap> {
  const data = await plainQuery<{ __schema: { types: { name: string; possibleTypes: { name: string }[] | null }[] } }>(
    endpoint,
    '{ __schema { types { name possibleTypes { name } } } }',
  );
  const map: PossibleTypesMap = {};
  for (const type of data.__schema.types) if (type.possibleTypes) map[type.name] = type.possibleTypes.map((t) => t.name);
  return map;
}

function client(endpoint: string, possibleTypes?: PossibleTypesMap) {
  return new ApolloClient({
    link: new HttpLink({ uri: endpoint }),
    cache: new InMemoryCache({
      possibleTypes,
      typePolicies: {
        Query: { fields: { parties: relayStylePagination(['filter', 'orderBy']) } },
        Event: { fields: { participations: relayStylePagination(['filter']) } },
      },
    }),
  });
}

type Direction = 'forward' | 'backward';

/**
 * Pages `query` to its end with `fetchMore` (forward: `after` = the last
 * page's endCursor; backward: `before` = its startCursor), and returns each
 * page as the server sent it and the connection as the cache merged it.
 */
async function pageToEnd<N extends { id: string }>(
  apollo: ApolloClient,
  query: TypedDocumentNode<any, any>,
  variables: Record<string, unknown>,
  connectionOf: (data: any) => Connection<N>,
  direction: Direction = 'forward',
) {
  const size = direction === 'forward' ? { first: PAGE } : { last: PAGE };
  const observable = apollo.watchQuery({ query, variables: { ...variables, ...size } });
  const subscription = observable.subscribe(() => {});
  try {
    const first = await firstValueFrom(observable.pipe(filter((result) => result.dataState === 'complete')));
    let page = connectionOf(first.data);
    const pages = [page];
    while (direction === 'forward' ? page.pageInfo.hasNextPage : page.pageInfo.hasPreviousPage) {
      expect(pages.length, 'more pages than totalCount allows').toBeLessThanOrEqual(Math.ceil(page.totalCount / PAGE));
      const cursor = direction === 'forward' ? { after: page.pageInfo.endCursor } : { before: page.pageInfo.startCursor };
      const more = await observable.fetchMore({ variables: cursor });
      page = connectionOf(more.data);
      pages.push(page);
    }
    // The cache's read function merges every page under one field (keyed without the paging arguments).
    const merged = connectionOf(apollo.readQuery({ query, variables: { ...variables, ...size } }));
    // The watching query is told too (after fetchMore resolves: Apollo broadcasts asynchronously).
    const watched = await firstValueFrom(
      observable.pipe(filter((result) => result.data != null && connectionOf(result.data).edges.length === merged.edges.length)),
    );
    expect(connectionOf(watched.data)).toEqual(merged);
    return { pages, merged };
  } finally {
    subscription.unsubscribe();
  }
}

/** Each page's pageInfo agrees with its edges, and the pages follow one another. */
function expectPagesConsistent<N>(pages: Connection<N>[], direction: Direction = 'forward') {
  pages.forEach((page, i) => {
    const last = i === pages.length - 1;
    expect(page.edges.length).toBe(last ? page.totalCount - PAGE * i : PAGE);
    expect(page.pageInfo.startCursor).toBe(page.edges[0]!.cursor);
    expect(page.pageInfo.endCursor).toBe(page.edges[page.edges.length - 1]!.cursor);
    // Paging forwards, the spec lets the server say whether items lie before `after` (backwards:
    // after `before`); this one does.
    expect(page.pageInfo.hasNextPage).toBe(direction === 'forward' ? !last : i > 0);
    expect(page.pageInfo.hasPreviousPage).toBe(direction === 'forward' ? i > 0 : !last);
  });
}

/** The merged connection holds every node once, in the server's order, with the outer pageInfo. */
function expectMergedConnection<N extends { id: string }>(merged: Connection<N>, expectedIds: string[]) {
  const ids = merged.edges.map((edge) => edge.node.id);
  expect(new Set(ids).size).toBe(ids.length);
  expect(ids.length).toBe(merged.totalCount);
  expect(ids).toEqual(expectedIds);
  expect(merged.pageInfo.hasNextPage).toBe(false);
  expect(merged.pageInfo.hasPreviousPage).toBe(false);
  expect(merged.pageInfo.startCursor).toBe(merged.edges[0]!.cursor);
  expect(merged.pageInfo.endCursor).toBe(merged.edges[merged.edges.length - 1]!.cursor);
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
  query SummitParticipations($slug: String!, $first: Int, $after: String) {
    event(slug: $slug) {
      id
      participations(first: $first, after: $after) {
        totalCount
        edges {
          cursor
          node {
            id
            role
            party {
              id
              name
            }
          }
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

describe('Apollo Client: relayStylePagination', () => {
  it('pages every party, 7 at a time, to the end: no duplicates, totalCount items, in order', async () => {
    const all = await plainQuery(server.endpoint(), '{ parties(first: 100) { totalCount nodes { id } } }');
    expect(all.parties.totalCount).toBeGreaterThan(3 * PAGE);

    const { pages, merged } = await pageToEnd(client(server.endpoint()), PARTIES, {}, (data) => data.parties);
    expect(pages.length).toBe(Math.ceil(all.parties.totalCount / PAGE));
    expectPagesConsistent(pages);
    expect(merged.totalCount).toBe(all.parties.totalCount);
    expectMergedConnection(
      merged,
      all.parties.nodes.map((node: { id: string }) => node.id),
    );
  });

  it('pages every party backwards (last/before) to the start, merged in order', async () => {
    const all = await plainQuery(server.endpoint(), '{ parties(first: 100) { nodes { id } } }');
    const { pages, merged } = await pageToEnd(client(server.endpoint()), PARTIES, {}, (data) => data.parties, 'backward');
    expectPagesConsistent(pages, 'backward');
    expectMergedConnection(
      merged,
      all.parties.nodes.map((node: { id: string }) => node.id),
    );
  });

  it("pages an event's participations (a nested connection) to the end", async () => {
    const all = await plainQuery(
      server.endpoint(),
      'query ($slug: String!) { event(slug: $slug) { participations(first: 100) { totalCount nodes { id } } } }',
      { slug: SUMMIT },
    );
    const expected = all.event.participations.nodes.map((node: { id: string }) => node.id);
    expect(expected.length).toBeGreaterThan(3 * PAGE);

    const { pages, merged } = await pageToEnd(client(server.endpoint()), SUMMIT_PARTICIPATIONS, { slug: SUMMIT }, (data) => data.event.participations);
    expectPagesConsistent(pages);
    expectMergedConnection(merged, expected);
  });
});

describe('Apollo Client: cache normalization by id', () => {
  const BY_SLUG = gql`
    query PartyBySlug {
      party(slug: "african-national-congress") {
        id
        name
        abbreviation
      }
    }
  `;
  const BY_COUNTRY = gql`
    query PartiesOfSouthAfrica {
      country(code: "ZA") {
        id
        parties(first: 100) {
          nodes {
            id
            name
            country {
              id
              code
            }
          }
        }
      }
    }
  `;

  it('two queries that reach the same party share one cache entry, keyed by __typename and id', async () => {
    const apollo = client(server.endpoint());
    const bySlug = await apollo.query({ query: BY_SLUG });
    const party = (bySlug.data as any).party as { id: string; name: string; abbreviation: string };
    expect(party.name).toBe('African National Congress');
    expect(party.abbreviation).toBe('ANC');

    const byCountry = await apollo.query({ query: BY_COUNTRY });
    const again = (byCountry.data as any).country.parties.nodes.find((p: { id: string }) => p.id === party.id);
    expect(again, 'the ANC among South Africa parties').toBeDefined();

    const key = apollo.cache.identify({ __typename: 'Party', id: party.id });
    expect(key).toBe(`Party:${party.id}`);
    const entries = apollo.cache.extract() as Record<string, any>;
    expect(Object.keys(entries).filter((k) => k.includes(party.id))).toEqual([key]);
    // One entry holds what both queries asked for.
    expect(entries[key!]).toMatchObject({ id: party.id, name: party.name, abbreviation: 'ANC', country: { __ref: expect.stringMatching(/^Country:/) } });
    expect(entries.ROOT_QUERY['party({"slug":"african-national-congress"})']).toEqual({ __ref: key });

    // A change to that entry shows in both queries' results.
    apollo.cache.modify({ id: key, fields: { name: () => 'Renamed in the cache' } });
    expect((apollo.readQuery({ query: BY_SLUG }) as any).party.name).toBe('Renamed in the cache');
    const fromCountry = (apollo.readQuery({ query: BY_COUNTRY }) as any).country.parties.nodes.find((p: { id: string }) => p.id === party.id);
    expect(fromCountry.name).toBe('Renamed in the cache');
  });
});

describe('Apollo Client: refetching a node by global id', () => {
  const NODE = gql`
    query Node($id: ID!) {
      node(id: $id) {
        __typename
        id
        ... on Party {
          name
          abbreviation
        }
        ... on Event {
          name
          startDate
        }
      }
    }
  `;
  const PARTY_FIELDS = gql`
    fragment NodeParty on Node {
      id
      ... on Party {
        name
        abbreviation
      }
    }
  `;

  it('node(id:) answers the party under its own cache entry, and fragments on Node match it with possibleTypes from introspection', async () => {
    const possibleTypes = await possibleTypesOf(server.endpoint());
    expect(possibleTypes.Node).toEqual(expect.arrayContaining(['Event', 'Participation', 'Speech', 'Party', 'Person', 'Organization', 'Country', 'Source']));

    const apollo = client(server.endpoint(), possibleTypes);
    const bySlug = await apollo.query({ query: gql('query { party(slug: "african-national-congress") { id name } }') });
    const id = (bySlug.data as any).party.id as string;

    const refetched = await apollo.query({ query: NODE, variables: { id }, fetchPolicy: 'network-only' });
    expect(refetched.data).toEqual({ node: { __typename: 'Party', id, name: 'African National Congress', abbreviation: 'ANC' } });

    const key = apollo.cache.identify({ __typename: 'Party', id })!;
    const entries = apollo.cache.extract() as Record<string, any>;
    expect(entries.ROOT_QUERY[`node({"id":"${id}"})`]).toEqual({ __ref: key });
    expect(apollo.cache.readFragment({ id: key, fragment: PARTY_FIELDS })).toEqual({
      __typename: 'Party',
      id,
      name: 'African National Congress',
      abbreviation: 'ANC',
    });

    // An event through the same field, into its own entry.
    const event = await plainQuery(server.endpoint(), `{ event(slug: "${SUMMIT}") { id } }`);
    const eventNode = await apollo.query({ query: NODE, variables: { id: event.event.id } });
    expect(eventNode.data).toMatchObject({ node: { __typename: 'Event', id: event.event.id, startDate: '2021-07-06' } });
    expect(apollo.cache.identify({ __typename: 'Event', id: event.event.id })).toBe(`Event:${event.event.id}`);
  });

  it('without possibleTypes, the same fragment on Node does not match the cached party (why they are generated)', async () => {
    const apollo = client(server.endpoint());
    const bySlug = await apollo.query({ query: gql('query { party(slug: "african-national-congress") { id name abbreviation } }') });
    const id = (bySlug.data as any).party.id as string;
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const read = apollo.cache.readFragment({ id: apollo.cache.identify({ __typename: 'Party', id })!, fragment: PARTY_FIELDS });
    expect(read).not.toHaveProperty('name');
    expect(read).not.toHaveProperty('abbreviation');
    expect(warn.mock.calls.flat().join(' ')).toMatch(/missing `possibleTypes` entry/);
    warn.mockRestore();
  });
});
