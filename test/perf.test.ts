/**
 * Correctness of the performance work (no timings here; `npm run bench`
 * measures): JIT execution answers byte for byte as the reference executor,
 * errors included; the response cache's ETag, 304 and Cache-Control; the
 * synthetic dataset generator's output validates and serves.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QUERIES } from '../bench/queries.js';
import { syntheticFixtures, writeFixtures } from '../scripts/synthetic-fixtures.js';
import { loadExamples } from '../src/explorer/examples.js';
import { parse } from 'graphql';
import { JitCache } from '../src/perf/jit.js';
import { ResponseCache, GET_CACHE_CONTROL } from '../src/perf/response-cache.js';
import { schema } from '../src/schema/index.js';
import { createStore } from '../src/store/index.js';
import { createApp } from '../src/yoga.js';

const reference = createApp({ graphiql: false, optimized: false });
const jit = createApp({ graphiql: false, optimized: true, responseCache: false });

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

describe('response cache: ETag, 304, Cache-Control', () => {
  let server: Server;
  let url: string;
  const cache = new ResponseCache();
  const QUERY = '{ party(slug: "african-national-congress") { name country { name } } }';
  const EXPECTED = '{"data":{"party":{"name":"African National Congress","country":{"name":"South Africa"}}}}';

  beforeAll(async () => {
    server = createServer(createApp({ graphiql: false, responseCache: cache }));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as { port: number }).port}/graphql`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const post = (query: string, headers: Record<string, string> = {}) =>
    fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json', ...headers }, body: JSON.stringify({ query }) });
  const get = (query: string, headers: Record<string, string> = {}) =>
    fetch(`${url}?query=${encodeURIComponent(query)}`, { headers: { accept: 'application/json', ...headers } });

  it('answers a repeated POST from the cache with the same bytes and ETag', async () => {
    const before = { ...cache.stats };
    const first = await post(QUERY);
    const second = await post(QUERY);
    expect(first.status).toBe(200);
    expect(await first.text()).toBe(EXPECTED);
    expect(await second.text()).toBe(EXPECTED);
    expect(first.headers.get('etag')).toMatch(/^"[\w-]{27}"$/);
    expect(second.headers.get('etag')).toBe(first.headers.get('etag'));
    expect(second.headers.get('content-type')).toBe(first.headers.get('content-type'));
    expect(first.headers.get('cache-control')).toBeNull(); // POST: not for shared caches
    expect(cache.stats.hits - before.hits).toBe(1);
    expect(cache.stats.misses - before.misses).toBe(1);
  });

  it('gives GET responses Cache-Control and answers If-None-Match with 304', async () => {
    const first = await get(QUERY);
    expect(first.status).toBe(200);
    expect(first.headers.get('cache-control')).toBe(GET_CACHE_CONTROL);
    expect(first.headers.get('vary')).toMatch(/Accept/);
    const etag = first.headers.get('etag')!;
    const hits = cache.stats.hits;
    const notModified = await get(QUERY, { 'if-none-match': etag });
    expect(notModified.status).toBe(304);
    expect(await notModified.text()).toBe('');
    expect(notModified.headers.get('etag')).toBe(etag);
    expect(notModified.headers.get('cache-control')).toBe(GET_CACHE_CONTROL);
    expect(cache.stats.hits).toBe(hits + 1);
    const changed = await get(QUERY, { 'if-none-match': '"something-else"' });
    expect(changed.status).toBe(200);
    expect(await changed.text()).toBe(EXPECTED);
  });

  it('answers If-None-Match with 304 on a fresh execution too (e.g. after a restart)', async () => {
    const query = '{ country(code: "VN") { name } }';
    const etag = (await get(query)).headers.get('etag')!;
    cache.clear();
    const response = await get(query, { 'if-none-match': `W/${etag}` });
    expect(response.status).toBe(304);
  });

  it('keys on Accept: each content type gets its own entry', async () => {
    const json = await post(QUERY);
    const gql = await post(QUERY, { accept: 'application/graphql-response+json' });
    expect(json.headers.get('content-type')).toMatch(/^application\/json/);
    expect(gql.headers.get('content-type')).toMatch(/^application\/graphql-response\+json/);
    expect(await gql.text()).toBe(EXPECTED);
  });

  it('never caches errors: they go through the whole pipeline every time', async () => {
    const size = cache.size;
    const misses = cache.stats.misses;
    for (let i = 0; i < 2; i++) {
      const response = await post('{ parties(first: 500) { totalCount } }');
      expect(response.headers.get('etag')).toBeNull();
      expect((await response.json()).errors[0].message).toMatch(/first/);
    }
    expect(cache.size).toBe(size);
    expect(cache.stats.misses).toBe(misses + 2);
  });

  it('passes other routes and bodies it does not read straight to Yoga', async () => {
    const health = await fetch(url.replace('/graphql', '/health'));
    expect(health.status).toBe(200);
    const malformed = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query": ' });
    expect(malformed.status).toBe(400);
  });

  it('evicts the least recently used entry beyond its bounds', () => {
    const small = new ResponseCache({ maxEntries: 2 });
    const entry = (text: string) => ({ status: 200, headers: {}, notModifiedHeaders: {}, body: Buffer.from(text), etag: '"x"' });
    small.set('a', entry('a'));
    small.set('b', entry('b'));
    small.get('a');
    small.set('c', entry('c'));
    expect(small.get('b')).toBeUndefined();
    expect(small.get('a')?.body.toString()).toBe('a');
    expect(small.size).toBe(2);
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
