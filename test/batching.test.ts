/**
 * Batching: every loader is per request and batched, so a page costs a
 * constant number of store calls whatever its size. Counts come from the
 * per-request counting view of the store (the `Store-Calls` header, which
 * the test helper reads into `extensions.storeCalls`).
 */
import { describe, expect, it } from 'vitest';
import { executingApp, freshApp, graphql } from './helpers.ts';

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
    const result = await graphql(`
      {
        events(first: 20) {
          nodes {
            name
            participations(first: 50) {
              nodes {
                role
                party {
                  name
                  country {
                    name
                  }
                }
              }
            }
            speeches(first: 5) {
              nodes {
                speaker {
                  name
                  positions {
                    title
                  }
                  parties {
                    name
                  }
                }
              }
            }
          }
        }
      }
    `);
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
    const { data: ids } = await graphql(`
      {
        parties(first: 30) {
          nodes {
            id
          }
        }
        countries(first: 30) {
          nodes {
            id
          }
        }
      }
    `);
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

describe('relationship loaders with arguments', () => {
  // Each selection of a relationship gets its own loader (Pothos's `byPath`),
  // so aliases with different filters or pages never share a batch's answer.
  const FILTERED = `{
    events(first: 20, filter: { year: 2021 }) {
      nodes {
        slug
        all: participations(first: 100) { nodes { id role } }
        speakers: participations(first: 100, filter: { role: [SPEAKER] }) { nodes { id role } }
        attendees: participations(first: 100, filter: { role: [ATTENDEE] }) { nodes { id role } }
        southAfrica: participations(first: 100, filter: { country: "ZAF" }) { nodes { party { name } } }
      }
    }
  }`;

  it('answers differently filtered selections each with its own filter, one store call each', async () => {
    const result = await graphql(FILTERED);
    expect(result.errors).toBeUndefined();
    const events = result.data.events.nodes;
    expect(events.length).toBeGreaterThan(1);
    for (const e of events) {
      expect(e.speakers.nodes).toEqual(e.all.nodes.filter((p: any) => p.role === 'SPEAKER'));
      expect(e.attendees.nodes).toEqual(e.all.nodes.filter((p: any) => p.role === 'ATTENDEE'));
    }
    const summit = events.find((e: any) => e.slug === 'cpc-and-world-political-parties-summit-2021');
    expect(summit.speakers.nodes.length).toBeGreaterThan(0);
    expect(summit.attendees.nodes.length).toBeGreaterThan(summit.speakers.nodes.length);
    expect(summit.southAfrica.nodes).toEqual([{ party: { name: 'African National Congress' } }]);
    expect(result.extensions!.storeCalls).toMatchObject({
      participationsOfEvents: 4, // one per selection, whatever the number of events
      countryCode: 1, // the filter's country, resolved once for the selection, not once per event
    });
  });

  it('answers a repeated request as the first: its loaders are new (and repeats run compiled by graphql-jit)', async () => {
    // The response cache off, so that the repeat executes (compiled) rather than being answered from the cache.
    const app = executingApp();
    const first = await graphql(FILTERED, undefined, app);
    const second = await graphql(FILTERED, undefined, app);
    expect(first.extensions!.storeCalls!.participationsOfEvents).toBe(4);
    expect(second).toEqual(first);
  });

  it('pages each aliased selection with its own arguments', async () => {
    const result = await graphql(`
      {
        event(slug: "cpc-and-world-political-parties-summit-2021") {
          all: participations(first: 100) {
            nodes {
              id
            }
          }
          head: participations(first: 2) {
            nodes {
              id
            }
          }
          tail: participations(last: 2) {
            nodes {
              id
            }
          }
        }
      }
    `);
    expect(result.errors).toBeUndefined();
    const { all, head, tail } = result.data.event;
    expect(all.nodes.length).toBeGreaterThan(4);
    expect(head.nodes).toEqual(all.nodes.slice(0, 2));
    expect(tail.nodes).toEqual(all.nodes.slice(-2));
    expect(result.extensions!.storeCalls!.participationsOfEvents).toBe(3);
  });
});
