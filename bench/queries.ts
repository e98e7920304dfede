/**
 * The benchmark's operations, (a) to (e) of issue 5. Each is sent as the
 * same JSON body to every server; test/perf.test.ts also runs them to check
 * that JIT execution answers exactly as the reference executor.
 */
import { getIntrospectionQuery } from 'graphql';

export interface BenchQuery {
  id: string;
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

/**
 * For bench:scale: the same kinds of work as (a) and (c), over records of
 * the curated data, which every synthetic dataset keeps unchanged (copy 0)
 * and to which no copy links. Their answers are byte-identical at every
 * scale, so their cost at 1000x compares with 1x on exactly the same page.
 */
export const SCALE_INVARIANT: BenchQuery[] = [
  {
    id: 'a*',
    label: 'two-hop, one event',
    query: `query EventTwoHop($slug: String!) {
  event(slug: $slug) {
    name
    participations(first: 20) {
      totalCount
      nodes { role party { name country { name code } } }
    }
  }
}`,
    variables: { slug: 'cpc-and-world-political-parties-summit-2021' },
  },
  {
    id: 'c*',
    label: 'list+filter+order, one event',
    query: `query PartiesAtEvent($event: ID!) {
  parties(first: 20, filter: { attended: $event }, orderBy: { field: COUNTRY, direction: DESC }) {
    totalCount
    pageInfo { hasNextPage endCursor }
    nodes { name abbreviation country { name } }
  }
}`,
    variables: { event: Buffer.from('Event:cpc-and-world-political-parties-summit-2021').toString('base64') },
  },
];

/** The JSON request body of a query, byte for byte what every server gets. */
export function requestBody(q: BenchQuery): string {
  return JSON.stringify(q.variables ? { query: q.query, variables: q.variables } : { query: q.query });
}
