/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
export type PartyRowFragment = { id: string, name: string, abbreviation: string | null, country: { id: string, name: string } | null } & { ' $fragmentName'?: 'PartyRowFragment' };

export type PartiesPageQueryVariables = Exact<{
  first: number;
  after?: string | null | undefined;
}>;


export type PartiesPageQuery = { parties: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ cursor: string, node: { ' $fragmentRefs'?: { 'PartyRowFragment': PartyRowFragment } } }> } };

export type RefetchPartyQueryVariables = Exact<{
  id: string | number;
}>;


export type RefetchPartyQuery = { node:
    | { __typename: 'Absence' }
    | { __typename: 'Country' }
    | { __typename: 'Event' }
    | { __typename: 'Organization' }
    | { __typename: 'Participation' }
    | (
      { __typename: 'Party', participations: { totalCount: number } }
      & { ' $fragmentRefs'?: { 'PartyRowFragment': PartyRowFragment } }
    )
    | { __typename: 'Person' }
    | { __typename: 'Source' }
    | { __typename: 'Speech' }
    | { __typename: 'Statement' }
    | { __typename: 'Topic' }
   | null };

export class TypedDocumentString<TResult, TVariables>
  extends String
  implements DocumentTypeDecoration<TResult, TVariables>
{
  __apiType?: NonNullable<DocumentTypeDecoration<TResult, TVariables>['__apiType']>;
  private value: string;
  public __meta__?: Record<string, any> | undefined;

  constructor(value: string, __meta__?: Record<string, any> | undefined) {
    super(value);
    this.value = value;
    this.__meta__ = __meta__;
  }

  override toString(): string & DocumentTypeDecoration<TResult, TVariables> {
    return this.value;
  }
}
export const PartyRowFragmentDoc = new TypedDocumentString(`
    fragment PartyRow on Party {
  id
  name
  abbreviation
  country {
    id
    name
  }
}
    `, {"fragmentName":"PartyRow"}) as unknown as TypedDocumentString<PartyRowFragment, unknown>;
export const PartiesPageDocument = new TypedDocumentString(`
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
    fragment PartyRow on Party {
  id
  name
  abbreviation
  country {
    id
    name
  }
}`) as unknown as TypedDocumentString<PartiesPageQuery, PartiesPageQueryVariables>;
export const RefetchPartyDocument = new TypedDocumentString(`
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
    fragment PartyRow on Party {
  id
  name
  abbreviation
  country {
    id
    name
  }
}`) as unknown as TypedDocumentString<RefetchPartyQuery, RefetchPartyQueryVariables>;