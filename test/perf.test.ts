/**
 * Correctness of the performance work (no timings here; `npm run bench`
 * measures): JIT execution answers byte for byte as the reference executor,
 * errors included; the synthetic dataset generator's output validates and
 * serves. The response cache has its own file (response-cache.test.ts).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { QUERIES } from '../bench/queries.ts';
import { syntheticFixtures, writeFixtures } from '../scripts/synthetic-fixtures.ts';
import { loadExamples } from '../src/explorer/examples.ts';
import { parse } from 'graphql';
import { JitCache } from '../src/perf/jit.ts';
import { schema } from '../src/schema/index.ts';
import { createStore } from '../src/store/index.ts';
import { createApp } from '../src/yoga.ts';

// The reference executor, and JIT with the response cache off so that every request executes.
const reference = createApp({ graphiql: false, jit: false, responseCache: false });
const jit = createApp({ graphiql: false, responseCache: false });

async function answer(app: typeof reference, body: unknown) {
  const response = await app.fetch('http://yoga/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: await response.text() };
}

const ERRORS: { name: string; body: { query: string; variables?: Record<string, unknown> } }[] = [
  { name: 'page too large', body: { query: '{ parties(first: 500) { totalCount } }' } },
  { name: 'bad cursor in a nested connection', body: { query: '{ events(first: 3) { nodes { participations(after: "nope") { totalCount } } } }' } },
  { name: 'unknown country code in a filter', body: { query: '{ parties(filter: { country: "XX" }) { totalCount } }' } },
  { name: 'bad variable', body: { query: 'query ($c: String!) { country(code: $c) { name } }', variables: { c: 5 } } },
  { name: 'missing variable', body: { query: 'query ($id: ID!) { node(id: $id) { id } }' } },
  { name: 'empty search', body: { query: '{ search(query: "  ") { totalCount } }' } },
  { name: 'partial data: one bad field among good ones', body: { query: '{ a: parties(first: 1) { nodes { name } } b: parties(first: -1) { totalCount } }' } },
  { name: 'unknown field (validation)', body: { query: '{ nope }' } },
];

describe('JIT execution answers exactly as the reference executor', () => {
  const cases = [
    ...QUERIES.map((q) => ({ name: `benchmark query (${q.id}) ${q.label}`, body: { query: q.query, variables: q.variables } })),
    ...loadExamples().map((e) => ({ name: `example ${e.file}`, body: { query: e.document } })),
    ...ERRORS,
  ];

  it.each(cases.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const [expected, actual, again] = [await answer(reference, c.body), await answer(jit, c.body), await answer(jit, c.body)];
    expect(actual).toEqual(expected);
    expect(again).toEqual(expected); // the second run uses the compiled operation
  });

  it('error cases really are errors, with locations as graphql-js gives them', async () => {
    for (const c of ERRORS) {
      const { body } = await answer(jit, c.body);
      expect(JSON.parse(body).errors, c.name).toBeDefined();
    }
    const { body } = await answer(jit, ERRORS[0]!.body);
    expect(JSON.parse(body).errors[0].locations).toEqual([{ line: 1, column: 3 }]);
  });
});

describe('JIT compilation threshold', () => {
  it('keeps at most maxOperations operations, compiled or seen', () => {
    const cache = new JitCache(2, 3);
    for (let i = 0; i < 10; i++) {
      const document = parse(`query Q${i} { country(code: "VN") { name } }`);
      cache.get(schema, document, `Q${i}`);
      expect(cache.get(schema, document, `Q${i}`)).not.toBeNull();
    }
    expect(cache.compilations).toBe(10);
    expect(cache.size).toBe(3);
  });

  it('compiles an operation only from its second sighting, once', () => {
    const cache = new JitCache();
    const document = parse('{ country(code: "VN") { name } }');
    expect(cache.get(schema, document, null)).toBeNull();
    expect(cache.compilations).toBe(0);
    const compiled = cache.get(schema, document, null);
    expect(compiled).not.toBeNull();
    expect(cache.get(schema, document, null)).toBe(compiled);
    expect(cache.compilations).toBe(1);
    // A one-off document never pays for a compilation.
    cache.get(schema, parse('{ country(code: "CU") { name } }'), null);
    expect(cache.compilations).toBe(1);
  });
});

describe('synthetic fixtures', () => {
  const dir = mkdtempSync(join(tmpdir(), 'summit-synthetic-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes N times the data, which validates and serves with the same shape', async () => {
    const real = createStore();
    writeFixtures(syntheticFixtures(3), dir);
    const store = createStore(dir); // throws FixtureError if anything is invalid
    for (const collection of ['events', 'parties', 'people', 'participations', 'speeches'] as const) {
      expect(store[collection].size, collection).toBe(3 * real[collection].size);
    }
    const app = createApp({ store, graphiql: false, responseCache: false });
    const { body } = await answer(app, {
      query: `{
        events { totalCount }
        summit: event(slug: "cpc-and-world-political-parties-summit-2021-x2") { participations { totalCount nodes { party { slug } } } }
        original: event(slug: "cpc-and-world-political-parties-summit-2021") { name participations { totalCount } }
      }`,
    });
    const result = JSON.parse(body);
    expect(result.errors).toBeUndefined();
    expect(result.data.events.totalCount).toBe(3 * real.events.size);
    expect(result.data.original.name).toBe('CPC and World Political Parties Summit');
    // A copy links only within itself, with the same number of links.
    expect(result.data.summit.participations.totalCount).toBe(result.data.original.participations.totalCount);
    const parties = result.data.summit.participations.nodes.map((n: { party: { slug: string } | null }) => n.party?.slug).filter(Boolean);
    expect(parties.length).toBeGreaterThan(0);
    expect(parties.every((slug: string) => slug.endsWith('-x2'))).toBe(true);
  });

  it('refuses a scale that is not a positive integer', () => {
    expect(() => syntheticFixtures(0)).toThrow(/positive integer/);
  });
});
