/**
 * Relay documents for test/clients/relay.test.ts (see PartyList.ts). The
 * screen's query: the fragments spread with their arguments.
 */
import { graphql } from 'relay-runtime';

export const summitQuery = graphql`
  query SummitQuery($slug: String!, $pageSize: Int!) {
    event(slug: $slug) {
      id
      ...EventParticipations_event @arguments(count: $pageSize)
    }
    party(slug: "african-national-congress") {
      ...PartyCard_party @arguments(participationCount: 1)
    }
    ...PartyList_query @arguments(count: $pageSize)
  }
`;
