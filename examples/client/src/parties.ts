/**
 * What a frontend does with the API's connections and global IDs: page
 * through every party (a list view with "load more"), then refetch one
 * party by its `id` (a detail view that refreshes what it already shows).
 */
import type { Client } from './client.js';
import { getFragmentData, graphql, type FragmentType } from './gql/index.js';
import type { PartiesPageQuery } from './gql/graphql.js';

/** The fields a party row shows; both queries below use it, so the row renders either answer. */
export const PartyRowFragment = graphql(`
  fragment PartyRow on Party {
    id
    name
    abbreviation
    country {
      id
      name
    }
  }
`);

const partiesPage = graphql(`
  query PartiesPage($first: Int!, $after: String) {
    parties(first: $first, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        cursor
        node {
          ...PartyRow
        }
      }
    }
  }
`);

const refetchPartyQuery = graphql(`
  query RefetchParty($id: ID!) {
    node(id: $id) {
      __typename
      ... on Party {
        ...PartyRow
        participations(first: 10) {
          totalCount
        }
      }
    }
  }
`);

export interface PartyRow {
  id: string;
  name: string;
  abbreviation: string | null;
  country: string | null;
}

function toRow(fragment: FragmentType<typeof PartyRowFragment>): PartyRow {
  const party = getFragmentData(PartyRowFragment, fragment);
  return { id: party.id, name: party.name, abbreviation: party.abbreviation ?? null, country: party.country?.name ?? null };
}

/** Every party, one page of `pageSize` at a time, following `pageInfo.endCursor` until `hasNextPage` is false. */
export async function* allParties(client: Client, pageSize = 25): AsyncGenerator<{ rows: PartyRow[]; totalCount: number }> {
  let after: string | null = null;
  for (;;) {
    // Annotated: `after` is read from the previous answer, which TypeScript cannot infer through the loop.
    const { parties }: PartiesPageQuery = await client.request(partiesPage, { first: pageSize, after });
    yield { rows: parties.edges.map((edge) => toRow(edge.node)), totalCount: parties.totalCount };
    if (!parties.pageInfo.hasNextPage) return;
    after = parties.pageInfo.endCursor ?? null;
  }
}

/** Refetches a party by global ID; null when the ID names nothing or names something else. */
export async function refetchParty(client: Client, id: string): Promise<(PartyRow & { participations: number }) | null> {
  const { node } = await client.request(refetchPartyQuery, { id });
  if (node?.__typename !== 'Party') return null;
  return { ...toRow(node), participations: node.participations.totalCount };
}
