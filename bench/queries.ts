/**
 * The benchmark's operations, (a) to (e) of issue 5. Each is sent as the
 * same JSON body to every server; test/perf.test.ts also runs them to check
 * that JIT execution answers exactly as the reference executor.
 */
import { getIntrospectionQuery } from 'graphql';

export interface BenchQuery {
  id: 'a' | 'b' | 'c' | 'd' | 'e';
  /** Short label for the table. */
  label: string;
  query: string;
  variables?: Record<string, unknown>;
}

/** (a) Two hops: 20 events, each with its participations' party and the party's country. */
const TWO_HOP = `query TwoHop {
  events(first: 20) {
    totalCount
    nodes {
      name
      startDate
      participations(first: 20) {
        totalCount
        nodes {
          role
          party {
            name
            country { name code }
          }
        }
      }
    }
  }
}`;

/** (b) One node by global ID. */
const NODE = `query Node($id: ID!) {
  node(id: $id) {
    id
    ... on Party { name abbreviation country { name } }
  }
}`;

/** (c) A page of a filtered, ordered list. */
const LIST = `query PartiesOfCountry($country: String!) {
  parties(first: 20, filter: { country: $country }, orderBy: { field: PARTICIPATION_COUNT, direction: DESC }) {
    totalCount
    pageInfo { hasNextPage endCursor }
    nodes { name abbreviation country { name } }
  }
}`;

/** (d) Full-text search. */
const SEARCH = `query Search($text: String!) {
  search(query: $text, first: 20) {
    totalCount
    edges {
      score
      node {
        __typename
        ... on Party { name }
        ... on Person { name }
        ... on Organization { name }
        ... on Event { name }
        ... on Country { name }
        ... on Source { title }
      }
    }
  }
}`;

export const QUERIES: BenchQuery[] = [
  { id: 'a', label: 'two-hop', query: TWO_HOP },
  // Party:african-national-congress
  { id: 'b', label: 'node(id:)', query: NODE, variables: { id: Buffer.from('Party:african-national-congress').toString('base64') } },
  { id: 'c', label: 'list+filter+order', query: LIST, variables: { country: 'BD' } },
  { id: 'd', label: 'search', query: SEARCH, variables: { text: 'communist party' } },
  { id: 'e', label: 'introspection', query: getIntrospectionQuery() },
];

/** The JSON request body of a query, byte for byte what every server gets. */
export function requestBody(q: BenchQuery): string {
  return JSON.stringify(q.variables ? { query: q.query, variables: q.variables } : { query: q.query });
}
