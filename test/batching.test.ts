/**
 * Batching: every loader is per request and batched, so a page costs a
 * constant number of store calls whatever its size. Counts come from the
 * per-request counting view of the store (the `Store-Calls` header, which
 * the test helper reads into `extensions.storeCalls`).
 */
import { describe, expect, it } from 'vitest';
import { freshApp, graphql } from './helpers.js';

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
  // A fresh app each time: a repeated request is answered from the response cache and makes no store calls.
  const result = await graphql(SUMMIT, { first }, freshApp());
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
      participationsOfEvents: 1, // the page of participation keys (the batched relationship call)
      getParticipations: 1, // the page's participations, in one batch
      getParties: 1, // every participation's party
      getPeople: 1, // every participation's delegates
      getCountries: 1, // parties' and delegates' countries: one batch for both, as they resolve in the same tick
    });
    expect(total(calls)).toBe(6);
  });

  it('costs one call per relationship and tree level under a list of parents', async () => {
    // Two hops under 20 events: each event's participations, their parties
    // and the parties' countries. Without batched relationship lists the
    // participations alone would be one store call per event.
    const result = await graphql(`{
      events(first: 20) {
        nodes {
          name
          participations(first: 50) { nodes { role party { name country { name } } } }
          speeches(first: 5) { nodes { speaker { name positions { title } parties { name } } } }
        }
      }
    }`);
    expect(result.errors).toBeUndefined();
    const events = result.data.events.nodes;
    expect(events).toHaveLength(20);
    expect(events.filter((e: any) => e.participations.nodes.length > 0).length).toBeGreaterThan(3);
    expect(result.extensions!.storeCalls).toEqual({
      eventList: 1,
      getEvents: 1,
      participationsOfEvents: 1,
      speechesOfEvents: 1,
      getParticipations: 1,
      getSpeeches: 1,
      getParties: 1, // participations' parties and speakers' parties: the same type, resolved in the same tick
      getPeople: 1,
      positionsOfPeople: 1,
      partiesOfPeopleLists: 1,
      getCountries: 1,
    });
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

  it('a repeated request is answered from the response cache, with no store calls', async () => {
    const app = freshApp();
    const first = await graphql(SUMMIT, { first: 5 }, app);
    const second = await graphql(SUMMIT, { first: 5 }, app);
    expect(total(first.extensions!.storeCalls!)).toBe(6);
    expect(second.extensions?.storeCalls).toBeUndefined();
    expect(second.data).toEqual(first.data);
  });
});
