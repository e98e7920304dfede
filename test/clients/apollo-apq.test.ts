/**
 * Apollo Client 4's Automatic Persisted Queries against the real server:
 * `PersistedQueryLink` (hashing with node:crypto) chained with `HttpLink`,
 * with hash-only requests sent as GET (`useGETForHashedQueries`) and as
 * POST. The first query is unknown to the server, which answers
 * PersistedQueryNotFound; the link then sends the query with its hash, and
 * from then on the hash alone runs it.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApolloClient, HttpLink, InMemoryCache, gql } from '@apollo/client';
import { PersistedQueryLink } from '@apollo/client/link/persisted-queries';
import { startServer, type ServerProcess } from '../../scripts/server-process.ts';

let server: ServerProcess;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server?.stop();
});

interface Sent {
  method: string;
  /** Whether the request carried the query text (in the URL or the body). */
  withQuery: boolean;
  withHash: boolean;
  status: number;
  etag: string | null;
  cacheControl: string | null;
}

/** An Apollo client whose requests are recorded. */
function apolloClient(useGETForHashedQueries: boolean) {
  const sent: Sent[] = [];
  const recording: typeof fetch = async (input, init) => {
    const url = new URL(String(input));
    const method = init?.method ?? 'GET';
    const body = typeof init?.body === 'string' ? (JSON.parse(init.body) as Record<string, unknown>) : {};
    const response = await fetch(input, init);
    sent.push({
      method,
      withQuery: method === 'GET' ? url.searchParams.has('query') : typeof body.query === 'string',
      withHash: (method === 'GET' ? (url.searchParams.get('extensions') ?? '') : JSON.stringify(body.extensions ?? {})).includes('sha256Hash'),
      status: response.status,
      etag: response.headers.get('etag'),
      cacheControl: response.headers.get('cache-control'),
    });
    return response;
  };
  const link = new PersistedQueryLink({
    sha256: (text: string) => createHash('sha256').update(text).digest('hex'),
    useGETForHashedQueries,
  }).concat(new HttpLink({ uri: `${server.url}/graphql`, fetch: recording }));
  return { client: new ApolloClient({ link, cache: new InMemoryCache() }), sent };
}

describe.each([
  ['GET', true],
  ['POST', false],
])('PersistedQueryLink, hash-only requests as %s', (method, useGETForHashedQueries) => {
  // A query of its own per case, so that the server has not seen its hash yet.
  const query = gql`
    query ApqParty${method}($slug: String!) {
      party(slug: $slug) {
        id
        name
        country {
          name
        }
      }
    }
  `;
  const variables = { slug: 'african-national-congress' };

  it('falls back to the query once, then runs the hash alone', async () => {
    const { client, sent } = apolloClient(useGETForHashedQueries);
    const first = await client.query({ query, variables, fetchPolicy: 'network-only' });
    expect(first.data).toMatchObject({ party: { name: 'African National Congress', country: { name: 'South Africa' } } });
    // The hash alone (not found), then the query with its hash (Apollo sends that as POST).
    expect(sent.map(({ method: m, withQuery, withHash }) => ({ method: m, withQuery, withHash }))).toEqual([
      { method, withQuery: false, withHash: true },
      { method: 'POST', withQuery: true, withHash: true },
    ]);
    expect(sent[0]!.cacheControl).toBe('no-store');

    const second = await client.query({ query, variables, fetchPolicy: 'network-only' });
    expect(second.data).toEqual(first.data);
    expect(sent).toHaveLength(3);
    expect(sent[2]).toMatchObject({ method, withQuery: false, withHash: true, status: 200 });
    // A hash-only GET is labelled for HTTP caches like any GET; a POST carries an ETag only.
    expect(sent[2]!.etag).toMatch(/^"[\w-]+"$/);
    if (method === 'GET') expect(sent[2]!.cacheControl).toMatch(/^public, max-age=\d+/);

    // Another client (another browser) that knows nothing: its first request is hash-only and succeeds.
    const other = apolloClient(useGETForHashedQueries);
    expect((await other.client.query({ query, variables })).data).toEqual(first.data);
    expect(other.sent).toMatchObject([{ method, withQuery: false, status: 200 }]);
  });
});
