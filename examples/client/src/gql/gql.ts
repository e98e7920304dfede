/* eslint-disable */
import * as types from './graphql.js';



/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  fragment PartyRow on Party {\n    id\n    name\n    abbreviation\n    country {\n      id\n      name\n    }\n  }\n": typeof types.PartyRowFragmentDoc,
    "\n  query PartiesPage($first: Int!, $after: String) {\n    parties(first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        cursor\n        node {\n          ...PartyRow\n        }\n      }\n    }\n  }\n": typeof types.PartiesPageDocument,
    "\n  query RefetchParty($id: ID!) {\n    node(id: $id) {\n      __typename\n      ... on Party {\n        ...PartyRow\n        participations(first: 10) {\n          totalCount\n        }\n      }\n    }\n  }\n": typeof types.RefetchPartyDocument,
};
const documents: Documents = {
    "\n  fragment PartyRow on Party {\n    id\n    name\n    abbreviation\n    country {\n      id\n      name\n    }\n  }\n": types.PartyRowFragmentDoc,
    "\n  query PartiesPage($first: Int!, $after: String) {\n    parties(first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        cursor\n        node {\n          ...PartyRow\n        }\n      }\n    }\n  }\n": types.PartiesPageDocument,
    "\n  query RefetchParty($id: ID!) {\n    node(id: $id) {\n      __typename\n      ... on Party {\n        ...PartyRow\n        participations(first: 10) {\n          totalCount\n        }\n      }\n    }\n  }\n": types.RefetchPartyDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment PartyRow on Party {\n    id\n    name\n    abbreviation\n    country {\n      id\n      name\n    }\n  }\n"): typeof import('./graphql.js').PartyRowFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PartiesPage($first: Int!, $after: String) {\n    parties(first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        cursor\n        node {\n          ...PartyRow\n        }\n      }\n    }\n  }\n"): typeof import('./graphql.js').PartiesPageDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query RefetchParty($id: ID!) {\n    node(id: $id) {\n      __typename\n      ... on Party {\n        ...PartyRow\n        participations(first: 10) {\n          totalCount\n        }\n      }\n    }\n  }\n"): typeof import('./graphql.js').RefetchPartyDocument;


export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}
