/**
 * Batching: every loader is per request and batched, so a page costs a
 * constant number of store calls whatever its size. Counts come from the
 * per-request counting view of the store (`extensions.storeCalls`).
 */
import { describe, expect, it } from 'vitest';
import { graphql } from './helpers.js';

const SUMMIT = `query Summit($first: Int!) {
  event(slug: "cpc-and-world-political-parties-summit-2021") {
    participations(first: $first) {
      edges {
        node {
          role
          party { name country { code name } }
          delegates { name country { code } }
        }
      }
    }
  }
}`;

async function callsFor(first: number) {
  const result = await graphql(SUMMIT, { first });
  expect(result.errors).toBeUndefined();
  return { calls: result.extensions!.storeCalls!, edges: result.data.event.participations.edges.length };
}

const total = (calls: Record<string, number>) => Object.values(calls).reduce((a, b) => a + b, 0);

describe('store calls per request', () => {
  it('costs the same for a page of 10 participations as for a page of 50', async () => {
    const small = await callsFor(10);
    const large = await callsFor(50);
    expect(small.edges).toBe(10);
    expect(large.edges).toBeGreaterThanOrEqual(42); // every row of the participants table, and more
    expect(large.calls).toEqual(small.calls);
  });

  it('makes one batched call per type and tree level', async () => {
    const { calls } = await callsFor(50);
    expect(calls).toEqual({
      getEvents: 1, // the event by slug
      participationsOfEvent: 1, // the page of participation keys
      getParticipations: 1, // the page's participations, in one batch
      getParties: 1, // every participation's party
      getPeople: 1, // every participation's delegates
      getCountries: 1, // parties' and delegates' countries: one batch for both, as they resolve in the same tick
    });
    expect(total(calls)).toBe(6);
  });

  it('batches node lookups of many types into one call per type', async () => {
    const { data: ids } = await graphql(`{
      parties(first: 30) { nodes { id } }
      countries(first: 30) { nodes { id } }
    }`);
    const all = [...ids.parties.nodes, ...ids.countries.nodes].map((n: { id: string }) => n.id);
    const result = await graphql('query ($ids: [ID!]!) { nodes(ids: $ids) { id } }', { ids: all });
    expect(result.data.nodes.map((n: { id: string }) => n.id)).toEqual(all);
    expect(result.extensions!.storeCalls).toEqual({ getParties: 1, getCountries: 1 });
  });
});
