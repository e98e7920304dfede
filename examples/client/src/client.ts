/**
 * The smallest GraphQL client a frontend needs: POST a typed operation,
 * get typed data back, or an error carrying the API's own messages.
 */
import type { TypedDocumentString } from './gql/graphql.js';

/** A fetch-compatible function: the browser's `fetch`, Node's, or `yoga.fetch` in tests. */
export type Fetch = (url: string, init: RequestInit) => Promise<Response>;

export class GraphQLRequestError extends Error {
  readonly status: number;
  readonly errors: readonly { message: string }[];

  constructor(message: string, status: number, errors: readonly { message: string }[] = []) {
    super(message);
    this.status = status;
    this.errors = errors;
    this.name = 'GraphQLRequestError';
  }
}

export interface Client {
  request<TResult, TVariables>(
    document: TypedDocumentString<TResult, TVariables>,
    ...[variables]: TVariables extends Record<string, never> ? [] : [TVariables]
  ): Promise<TResult>;
}

export function createClient(endpoint: string, fetchImpl: Fetch = fetch): Client {
  return {
    async request(document, ...[variables]) {
      const response = await fetchImpl(endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
        body: JSON.stringify({ query: document.toString(), variables }),
      });
      const body = (await response.json().catch(() => null)) as { data?: unknown; errors?: { message: string }[] } | null;
      if (!body) throw new GraphQLRequestError(`${endpoint} answered ${response.status} without a GraphQL response.`, response.status);
      if (body.errors?.length) throw new GraphQLRequestError(body.errors.map((error) => error.message).join('\n'), response.status, body.errors);
      if (!body.data) throw new GraphQLRequestError(`${endpoint} answered ${response.status} with no data.`, response.status);
      return body.data as never;
    },
  };
}
