/**
 * Apollo Client 4 with @defer and @stream against the real server process:
 * HttpLink asks for multipart/mixed (Defer20220824Handler, the format
 * Yoga's executor sends), the first result arrives without the deferred
 * fragment and the later ones complete it, and the cache ends up holding
 * the same data as a plain query.
 */
import { ApolloClient, gql, HttpLink, InMemoryCache, type TypedDocumentNode } from '@apollo/client';
import { Defer20220824Handler } from '@apollo/client/incremental';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, within, type ServerProcess } from '../helpers.ts';

const SUMMIT = 'cpc-and-world-political-parties-summit-2021';

let server: ServerProcess;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server?.stop();
});

function client() {
  return new ApolloClient({
    link: new HttpLink({ uri: `${server.url}/graphql` }),
    cache: new InMemoryCache(),
    incrementalHandler: new Defer20220824Handler(),
  });
}

interface Speeches {
  event: {
    __typename: 'Event';
    id: string;
    name: string;
    speeches?: {
      __typename: string;
      totalCount: number;
      nodes: { __typename: string; id: string; title: string | null; speaker: { __typename: string; id: string; name: string } | null }[];
    };
  };
}

const DEFERRED: TypedDocumentNode<Speeches> = gql`
  query DeferredSpeeches {
    event(slug: "${SUMMIT}") {
      id
      name
      ... @defer(label: "speeches") {
        speeches(first: 5) { totalCount nodes { id title speaker { id name } } }
      }
    }
  }
`;
const PLAIN: TypedDocumentNode<Speeches> = gql`
  query PlainSpeeches {
    event(slug: "${SUMMIT}") {
      id
      name
      speeches(first: 5) { totalCount nodes { id title speaker { id name } } }
    }
  }
`;

/**
 * Every result a watched query emits until `done` says so (by default, until
 * it is complete: with only @stream, Apollo calls the first part complete).
 */
function resultsUntil<T>(
  apollo: ApolloClient,
  query: TypedDocumentNode<T>,
  done = (result: { dataState: string; data: unknown }) => result.dataState === 'complete',
) {
  return within(
    new Promise<{ dataState: string; data: unknown }[]>((resolve, reject) => {
      const results: { dataState: string; data: unknown }[] = [];
      const subscription = apollo.watchQuery({ query, fetchPolicy: 'network-only' }).subscribe({
        next: (result) => {
          if (result.error) {
            subscription.unsubscribe();
            reject(result.error);
            return;
          }
          if (result.dataState === 'empty') return;
          const seen = { dataState: result.dataState, data: structuredClone(result.data) };
          results.push(seen);
          if (done(seen)) {
            subscription.unsubscribe();
            resolve(results);
          }
        },
        error: reject,
      });
    }),
    30_000,
    'the deferred query',
  );
}

describe('Apollo Client 4 with @defer (HttpLink, multipart/mixed)', () => {
  it('gets the first part without the deferred fragment, then the complete result', async () => {
    const results = await resultsUntil(client(), DEFERRED);
    const streaming = results.filter((r) => r.dataState === 'streaming');
    expect(streaming.length, 'a result before the deferred part arrived').toBeGreaterThanOrEqual(1);
    expect(streaming[0]!.data).toMatchObject({ event: { name: 'CPC and World Political Parties Summit' } });
    expect((streaming[0]!.data as Speeches).event.speeches).toBeUndefined();
    const complete = results.at(-1)!.data as Speeches;
    expect(complete.event.speeches!.nodes.length).toBeGreaterThan(0);

    const plain = await client().query({ query: PLAIN });
    expect(complete).toEqual(plain.data);
  });

  it('gets the same complete result again (nothing cached wrongly on the server)', async () => {
    const first = (await resultsUntil(client(), DEFERRED)).at(-1)!.data;
    const second = await resultsUntil(client(), DEFERRED);
    expect(second.some((r) => r.dataState === 'streaming')).toBe(true);
    expect(second.at(-1)!.data).toEqual(first);
  });

  it('streams a list with @stream', async () => {
    const STREAMED: TypedDocumentNode<{ events: { nodes: { id: string; name: string }[] } }> = gql`
      query StreamedEvents {
        events(first: 5) {
          nodes @stream(initialCount: 2) {
            id
            name
          }
        }
      }
    `;
    const length = (result: { data: unknown }) => (result.data as { events: { nodes: unknown[] } }).events.nodes.length;
    const results = await resultsUntil(client(), STREAMED, (result) => length(result) === 5);
    expect(length(results[0]!), 'the initial items first').toBe(2);
    expect(results.length).toBeGreaterThanOrEqual(2);
    const plain = await client().query({
      query: gql`
        query FiveEvents {
          events(first: 5) {
            nodes {
              id
              name
            }
          }
        }
      `,
    });
    expect(results.at(-1)!.data).toEqual(plain.data);
  });

  it('shows the server refusal of a query over the cost limit, deferred or not', async () => {
    const EXPENSIVE = gql`
      query Expensive {
        events(first: 100) {
          nodes {
            id
            ... @defer {
              participations(first: 100) {
                nodes {
                  id
                  role
                  party {
                    id
                    name
                    country {
                      id
                      name
                    }
                  }
                }
              }
            }
          }
        }
      }
    `;
    await expect(client().query({ query: EXPENSIVE })).rejects.toThrow(/Query cost \d+ exceeds the limit of 50000/);
  });
});
