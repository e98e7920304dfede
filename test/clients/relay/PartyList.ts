/**
 * Relay documents for test/clients/relay.test.ts, compiled there by
 * relay-compiler; never imported (the `graphql` tag throws when run).
 * Every party, paged with a Relay connection on Query.
 */
import { graphql } from 'relay-runtime';

export const partyList = graphql`
  fragment PartyList_query on Query
  @argumentDefinitions(count: { type: "Int", defaultValue: 5 }, cursor: { type: "String" })
  @refetchable(queryName: "PartyListPaginationQuery") {
    parties(first: $count, after: $cursor) @connection(key: "PartyList_parties") {
      totalCount
      edges {
        node {
          id
          name
        }
      }
    }
  }
`;
