/**
 * Relay documents for test/clients/relay.test.ts (see PartyList.ts). A
 * party, refetchable by its global ID (Relay generates a node(id:) query).
 */
import { graphql } from 'relay-runtime';

export const partyCard = graphql`
  fragment PartyCard_party on Party
  @argumentDefinitions(participationCount: { type: "Int", defaultValue: 0 })
  @refetchable(queryName: "PartyCardRefetchQuery") {
    id
    name
    abbreviation
    participations(first: $participationCount) {
      totalCount
      nodes {
        id
        role
      }
    }
  }
`;
