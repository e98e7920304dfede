/**
 * Relay documents for test/clients/relay.test.ts (see PartyList.ts). An
 * event's participations, a connection on a Node type: Relay pages it with
 * a node(id:) query.
 */
import { graphql } from 'relay-runtime';

export const eventParticipations = graphql`
  fragment EventParticipations_event on Event
  @argumentDefinitions(count: { type: "Int", defaultValue: 5 }, cursor: { type: "String" })
  @refetchable(queryName: "EventParticipationsPaginationQuery") {
    name
    participations(first: $count, after: $cursor) @connection(key: "EventParticipations_participations") {
      totalCount
      edges {
        node {
          id
          role
          party {
            ...PartyCard_party
          }
        }
      }
    }
  }
`;
