/**
 * The response cache inside Yoga's pipeline (src/perf/response-cache.ts):
 * answers equal to an app without the cache, keys from the declared
 * variables only, bounded in bytes, HTTP validators, and a deployer's
 * plugins that see every request and can refuse it or keep its answer out
 * of the cache. Every app here is the production configuration, with a
 * cache the test can inspect.
 */
import { describe, expect, it } from 'vitest';
import type { Plugin } from 'graphql-yoga';
import { QUERIES } from '../bench/queries.ts';
import { GraphQLError, parse } from 'graphql';
import { loadExamples } from '../src/explorer/examples.ts';
import { graphiqlBundle } from '../src/explorer/graphiql.ts';
import { hasIncrementalDirectives } from '../src/incremental.ts';
import { canonicalJson, GET_CACHE_CONTROL, ResponseCache, yogaMediaType } from '../src/perf/response-cache.ts';
import { createApp, type App } from '../src/yoga.ts';
import { store } from './helpers.ts';

const uncached = createApp({ store, graphiql: false, responseCache: false });

function appWith(options: { cache?: ResponseCache; plugins?: Plugin[] } = {}) {
  const cache = options.cache ?? new ResponseCache();
  return { cache, app: createApp({ store, graphiql: false, responseCache: cache, plugins: options.plugins }) };
}

const post = (app: App, body: unknown, headers: Record<string, string> = {}) =>
  app.fetch('http://yoga/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
const get = (app: App, query: string, variables?: unknown, headers: Record<string, string> = {}) =>
  app.fetch(
    `http://yoga/graphql?query=${encodeURIComponent(query)}${variables === undefined ? '' : `&variables=${encodeURIComponent(JSON.stringify(variables))}`}`,
    {
      headers: { accept: 'application/json', ...headers },
    },
  );

const PARTY = '{ party(slug: "african-national-congress") { name country { name } } }';
const PARTY_JSON = '{"data":{"party":{"name":"African National Congress","country":{"name":"South Africa"}}}}';
const NODE = 'query Node($id: ID!) { node(id: $id) { id ... on Country { name } } }';

async function countryId(code: string): Promise<string> {
  const response = await post(uncached, { query: `{ country(code: "${code}") { id } }` });
  return ((await response.json()) as { data: { country: { id: string } } }).data.country.id;
}

describe('answers from the cache are the answers without it', () => {
  const cases = [
    ...QUERIES.map((q) => ({ name: `benchmark (${q.id})`, body: { query: q.query, variables: q.variables } })),
    // An example with @defer/@stream has no JSON answer to cache (406 here; test/defer.test.ts covers it).
    ...loadExamples()
      .filter((e) => !hasIncrementalDirectives(parse(e.document)))
      .map((e) => ({ name: `example ${e.file}`, body: { query: e.document } })),
  ];
  const { app, cache } = appWith();

  it.each(cases.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const expected = await (await post(uncached, c.body)).text();
    const hits = cache.stats.hits;
    const first = await post(app, c.body);
    const second = await post(app, c.body);
    expect(cache.stats.hits).toBe(hits + 1); // the second was a hit…
    expect(await first.text()).toBe(expected);
    expect(await second.text()).toBe(expected); // …with the uncached app's bytes
    expect(second.headers.get('content-type')).toBe(first.headers.get('content-type'));
  });

  it('a different value of a declared variable is a different answer, not a hit', async () => {
    const [vn, cu] = [await countryId('VN'), await countryId('CU')];
    await post(app, { query: NODE, variables: { id: vn } });
    const hits = cache.stats.hits;
    const cuba = await (await post(app, { query: NODE, variables: { id: cu } })).json();
    expect(cuba).toEqual({ data: { node: { id: cu, name: 'Cuba' } } });
    expect(cache.stats.hits).toBe(hits);
    const vietnam = await (await post(app, { query: NODE, variables: { id: vn } })).json();
    expect(vietnam).toEqual({ data: { node: { id: vn, name: 'Vietnam' } } });
    expect(cache.stats.hits).toBe(hits + 1);
  });

  it('an absent variable (its default applies) and an explicit null are different answers', async () => {
    const query = 'query P($first: Int = 2) { parties(first: $first) { nodes { name } } }';
    await post(app, { query });
    const withNull = await (await post(app, { query, variables: { first: null } })).json();
    const withDefault = await (await post(app, { query })).json();
    expect(withDefault.data.parties.nodes).toHaveLength(2);
    expect(withNull.data.parties.nodes).toHaveLength(20); // null: no page size given, the connection's default
  });

  it('never stores an error: every request with one goes through the whole pipeline', async () => {
    const bytes = cache.bytes;
    for (let i = 0; i < 3; i++) {
      const response = await post(app, { query: '{ parties(first: 500) { totalCount } }' });
      expect(response.headers.get('etag')).toBeNull();
      expect(((await response.json()) as { errors: { message: string }[] }).errors[0]!.message).toMatch(/between 0 and 100/);
    }
    expect(cache.bytes).toBe(bytes);
  });
});

describe('keys and bounds under hostile input', () => {
  it('ignores undeclared variables: 95 KB of padding per request neither misses nor grows the cache', async () => {
    const { app, cache } = appWith();
    const id = await countryId('VN');
    const expected = await (await post(uncached, { query: NODE, variables: { id } })).text();
    await post(app, { query: NODE, variables: { id } });
    const bytes = cache.bytes;
    for (let i = 0; i < 50; i++) {
      const padded = await post(app, { query: NODE, variables: { id, [`pad${i}`]: 'x'.repeat(95_000) } });
      expect(padded.status).toBe(200);
      expect(await padded.text()).toBe(expected);
    }
    expect(cache.stats.hits).toBe(50);
    expect(cache.bytes).toBe(bytes);
    expect(cache.bytes).toBeLessThan(10_000);
  });

  it('a variable nested 10,000 levels on a repeated operation is refused with a 400, and the server goes on', async () => {
    const { app } = appWith();
    const query = 'query Country($code: String!) { country(code: $code) { name } }';
    expect((await post(app, { query, variables: { code: 'VN' } })).status).toBe(200);
    const deep = '['.repeat(10_000) + ']'.repeat(10_000);
    const response = await post(app, `{"query":${JSON.stringify(query)},"variables":{"code":${deep}}}`);
    expect(response.status).toBe(400);
    expect(((await response.json()) as { errors: { message: string }[] }).errors[0]!.message).toMatch(/\$code/);
    // The same, as an undeclared variable: ignored, answered from the cache.
    const undeclared = await post(app, `{"query":${JSON.stringify(query)},"variables":{"code":"VN","junk":${deep}}}`);
    expect(undeclared.status).toBe(200);
    // And in a GET, 6,000 levels.
    const viaGet = await get(app, query, undefined, { accept: 'application/graphql-response+json' });
    expect(viaGet.status).toBe(400); // $code missing
    const deepGet = await app.fetch(
      `http://yoga/graphql?query=${encodeURIComponent(query)}&variables=${encodeURIComponent(`{"code":${'['.repeat(6000)}${']'.repeat(6000)}}`)}`,
      {
        headers: { accept: 'application/graphql-response+json' },
      },
    );
    expect(deepGet.status).toBe(400);
    expect((await post(app, { query, variables: { code: 'VN' } })).status).toBe(200);
  });

  it('holds at most its byte budget, keys included, however many distinct answers are stored', async () => {
    const cache = new ResponseCache({ maxBytes: 64 * 1024 });
    const { app } = appWith({ cache });
    for (let i = 0; i < 300; i++) {
      // Distinct long query texts (aliases differ) with small answers: the keys dominate.
      const alias = `a${i}_${'x'.repeat(200)}`;
      expect((await post(app, { query: `{ ${alias}: sources { totalCount } }` })).status).toBe(200);
    }
    expect(cache.stats.stored).toBe(300);
    expect(cache.bytes).toBeLessThanOrEqual(64 * 1024);
    expect(cache.size).toBeLessThan(300);
  });

  it('does not key 1e400 (Infinity after JSON.parse) as null: it is refused, not served the null answer', async () => {
    const { app, cache } = appWith();
    const query = 'query P($first: Int) { countries(first: $first) { totalCount } }';
    expect((await post(app, { query, variables: { first: null } })).status).toBe(200);
    for (const value of ['1e400', '-1e400']) {
      const response = await post(app, `{"query":${JSON.stringify(query)},"variables":{"first":${value}}}`);
      expect(response.status).toBe(400);
      expect(((await response.json()) as { errors: { message: string }[] }).errors[0]!.message).toMatch(/Infinity/);
    }
    expect(cache.stats.hits).toBe(0);
  });

  it('never answers from the cache parameters that Yoga refuses', async () => {
    const { app, cache } = appWith();
    await post(app, { query: PARTY });
    for (const body of [
      { query: PARTY, variables: 'x' },
      { query: PARTY, extensions: [1] },
      { query: PARTY, operationName: 5 },
      { query: PARTY, unknown: 1 },
    ]) {
      expect((await post(app, body)).status, JSON.stringify(body)).toBe(400);
    }
    expect(cache.stats.hits).toBe(0);
  });

  it('canonical variables: key order does not matter; too deep or too long is not cacheable, never an exception', () => {
    expect(canonicalJson({ b: [1, { d: null, c: 'x' }], a: true }, { left: 100 }, 0)).toBe('{"a":true,"b":[1,{"c":"x","d":null}]}');
    let deep: unknown = 'x';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(canonicalJson(deep, { left: 4096 }, 0)).toBeUndefined();
    expect(canonicalJson('x'.repeat(5000), { left: 4096 }, 0)).toBeUndefined();
    expect(canonicalJson(Array(5000).fill(1), { left: 4096 }, 0)).toBeUndefined();
  });

  it('predicts the content type Yoga negotiates, and nothing for a very long Accept', () => {
    expect(yogaMediaType(null)).toBe('application/json');
    expect(yogaMediaType('application/graphql-response+json, application/json;q=0.9')).toBe('application/graphql-response+json');
    expect(yogaMediaType('application/json;charset=latin1')).toBeNull();
    expect(yogaMediaType('text/html')).toBeNull();
    expect(yogaMediaType(`application/json, ${'x/y, '.repeat(200)}`)).toBeNull();
  });
});

describe('HTTP validators for the caches in front', () => {
  const { app, cache } = appWith();

  it('gives GET answers an ETag, Cache-Control and Vary, and answers If-None-Match with 304', async () => {
    const first = await get(app, PARTY);
    expect(first.status).toBe(200);
    expect(await first.text()).toBe(PARTY_JSON);
    expect(first.headers.get('cache-control')).toBe(GET_CACHE_CONTROL);
    expect(first.headers.get('vary')).toMatch(/Accept/);
    const etag = first.headers.get('etag')!;
    expect(etag).toMatch(/^"[\w-]{27}"$/);
    const notModified = await get(app, PARTY, undefined, { 'if-none-match': etag });
    expect(notModified.status).toBe(304);
    expect(await notModified.text()).toBe('');
    expect(notModified.headers.get('etag')).toBe(etag);
    expect(notModified.headers.get('cache-control')).toBe(GET_CACHE_CONTROL);
    const other = await get(app, PARTY, undefined, { 'if-none-match': '"something-else"' });
    expect(other.status).toBe(200);
    expect(await other.text()).toBe(PARTY_JSON);
  });

  it('answers If-None-Match with 304 on a fresh execution too (after a restart the tag is the same)', async () => {
    const etag = (await get(app, PARTY)).headers.get('etag')!;
    const fresh = appWith().app;
    const response = await get(fresh, PARTY, undefined, { 'if-none-match': `W/${etag}` });
    expect(response.status).toBe(304);
  });

  it('gives each content type its own ETag, and a 304 never crosses them', async () => {
    const json = await get(app, PARTY, undefined, { accept: 'application/json' });
    const gql = await get(app, PARTY, undefined, { accept: 'application/graphql-response+json' });
    expect(json.headers.get('content-type')).toMatch(/^application\/json/);
    expect(gql.headers.get('content-type')).toMatch(/^application\/graphql-response\+json/);
    expect(json.headers.get('etag')).not.toBe(gql.headers.get('etag'));
    const crossed = await get(app, PARTY, undefined, { accept: 'application/graphql-response+json', 'if-none-match': json.headers.get('etag')! });
    expect(crossed.status).toBe(200);
  });

  it('gives POST answers an ETag but Cache-Control: no-store (only the GET is the shared answer)', async () => {
    const response = await post(app, { query: PARTY });
    expect(response.headers.get('etag')).toMatch(/^"/);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(varyOf(response)).toEqual(['accept']);
    expect(cache.size).toBeGreaterThan(0);
  });
});

const varyOf = (response: Response) => (response.headers.get('vary') ?? '').split(',').map((name) => name.trim().toLowerCase());

describe('answers the cache does not store are marked no-store, and every answer varies on Accept', () => {
  const NOPE = '{ nope }';
  const DEFERRED = '{ country(code: "CU") { name } ... @defer { party(slug: "african-national-congress") { name } } }';
  const SSE = 'text/event-stream';

  it('a GET with an error, whose status depends on Accept (200 as JSON, 400 as GraphQL response JSON)', async () => {
    const { app, cache } = appWith();
    for (const [accept, status] of [
      ['application/json', 200],
      ['application/graphql-response+json', 400],
    ] as const) {
      for (let i = 0; i < 2; i++) {
        const response = await get(app, NOPE, undefined, { accept });
        expect(response.status).toBe(status);
        expect(response.headers.get('cache-control')).toBe('no-store');
        expect(varyOf(response)).toEqual(['accept']);
        expect(response.headers.get('etag')).toBeNull();
      }
    }
    expect(cache.stats.stored).toBe(0);
  });

  it('a GET refused before execution (no query) and a 405', async () => {
    const { app } = appWith();
    const empty = await app.fetch('http://yoga/graphql', { headers: { accept: 'application/json' } });
    expect(empty.headers.get('cache-control')).toBe('no-store');
    expect(varyOf(empty)).toEqual(['accept']);
    const put = await app.fetch('http://yoga/graphql', { method: 'PUT', headers: { accept: 'application/json' } });
    expect(put.status).toBe(405);
    expect(put.headers.get('cache-control')).toBe('no-store');
  });

  it('an incremental GET (multipart/mixed, event stream), which must never be handed to a JSON client', async () => {
    const { app, cache } = appWith();
    const multipart = await get(app, DEFERRED, undefined, { accept: 'multipart/mixed' });
    expect(multipart.headers.get('content-type')).toMatch(/^multipart\/mixed/);
    expect(multipart.headers.get('cache-control')).toBe('no-store');
    expect(varyOf(multipart)).toEqual(['accept']);
    expect(await multipart.text()).toContain('"African National Congress"');
    const events = await get(app, DEFERRED, undefined, { accept: SSE });
    expect(events.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(events.headers.get('cache-control')).toBe('no-cache'); // Yoga's own, kept
    expect(varyOf(events)).toEqual(['accept']);
    expect(await events.text()).toContain('"African National Congress"');
    expect(cache.stats.stored).toBe(0);
  });

  it('a cached GET keeps its public Cache-Control and one Vary: Accept, fresh, hit and 304', async () => {
    const { app } = appWith();
    const first = await get(app, PARTY);
    const hit = await get(app, PARTY);
    const notModified = await get(app, PARTY, undefined, { 'if-none-match': first.headers.get('etag')! });
    expect(notModified.status).toBe(304);
    for (const response of [first, hit, notModified]) {
      expect(response.headers.get('cache-control')).toBe(GET_CACHE_CONTROL);
      expect(varyOf(response)).toEqual(['accept']);
    }
  });

  it("keeps a deployer's Cache-Control (private), and merges Vary with theirs", async () => {
    const markPrivate: Plugin = {
      onResponse({ response }) {
        response.headers.set('cache-control', 'private, max-age=60');
        response.headers.set('vary', 'Authorization');
      },
    };
    const { app } = appWith({ plugins: [markPrivate] });
    for (const response of [await get(app, PARTY), await get(app, NOPE), await post(app, { query: PARTY })]) {
      expect(response.headers.get('cache-control')).toBe('private, max-age=60');
      expect(varyOf(response)).toEqual(['authorization', 'accept']);
    }
  });

  it('with the response cache off nothing is cacheable: every GraphQL answer is no-store', async () => {
    for (const response of [await get(uncached, PARTY), await get(uncached, NOPE), await post(uncached, { query: PARTY })]) {
      expect(response.status).toBeLessThan(500);
      expect(response.headers.get('cache-control')).toBe('no-store');
      expect(varyOf(response)).toEqual(['accept']);
    }
  });

  it('leaves other paths and CORS preflights alone', async () => {
    const { app } = appWith();
    const ready = await app.fetch('http://yoga/ready');
    expect(ready.headers.get('vary')).toBeNull();
    const preflight = await app.fetch('http://yoga/graphql', {
      method: 'OPTIONS',
      headers: { origin: 'https://example.org', 'access-control-request-method': 'GET' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('cache-control')).toBeNull();
    expect(varyOf(preflight)).toEqual(['access-control-request-headers']);
  });
});

describe("a deployer's plugins see every request", () => {
  it('an onRequest plugin added through createApp({ plugins }) sees and can refuse every request, repeated or not', async () => {
    const seen: string[] = [];
    const requireKey: Plugin = {
      onRequest({ request, endResponse, fetchAPI }) {
        seen.push(request.method);
        if (request.headers.get('x-api-key') !== 'secret') {
          endResponse(new fetchAPI.Response(JSON.stringify({ errors: [{ message: 'An API key is required.' }] }), { status: 401 }));
        }
      },
    };
    const { app, cache } = appWith({ plugins: [requireKey] });
    for (let i = 0; i < 3; i++) {
      const allowed = await post(app, { query: PARTY }, { 'x-api-key': 'secret' });
      expect(allowed.status).toBe(200);
      expect(await allowed.text()).toBe(PARTY_JSON);
    }
    expect(cache.stats.hits).toBe(2);
    for (let i = 0; i < 3; i++) {
      expect((await post(app, { query: PARTY })).status).toBe(401);
      expect((await get(app, PARTY)).status).toBe(401);
    }
    expect(seen).toHaveLength(9);
    expect(cache.stats.hits).toBe(2); // the refused repeats were never answered from the cache
  });

  it("an onRequest plugin also sees and can refuse the probes, GraphiQL's page and assets, /export, preflights and APQ hashes", async () => {
    const seen: string[] = [];
    const refuseAll: Plugin = {
      onRequest({ request, url, endResponse, fetchAPI }) {
        seen.push(`${request.method} ${url.pathname}`);
        endResponse(new fetchAPI.Response('no', { status: 401 }));
      },
    };
    const app = createApp({ store, plugins: [refuseAll] });
    const graphiqlAsset = [...(await graphiqlBundle()).assets.values()][0]!.path;
    const requests: [string, RequestInit][] = [
      ['/health', {}],
      ['/ready', {}],
      ['/export', {}],
      ['/export/parties.csv', {}],
      ['/schema.graphql', {}],
      ['/', {}],
      ['/graphql', { headers: { accept: 'text/html' } }],
      ['/graphql/', { headers: { accept: 'text/html,application/xhtml+xml' } }],
      ['/graphql', { method: 'HEAD', headers: { accept: 'text/html' } }],
      [graphiqlAsset, {}],
      ['/graphql', { method: 'OPTIONS', headers: { origin: 'https://a.example', 'access-control-request-method': 'POST' } }],
      [
        '/graphql?extensions=' + encodeURIComponent(JSON.stringify({ persistedQuery: { version: 1, sha256Hash: 'a'.repeat(64) } })),
        { headers: { accept: 'application/json' } },
      ],
    ];
    for (const [path, init] of requests) expect((await app.fetch(`http://yoga${path}`, init)).status, path).toBe(401);
    expect(seen).toHaveLength(requests.length);
  });

  it("a HEAD is one request: a plugin sees it once, as one GET request object, and it answers with GET's status and headers and no body", async () => {
    const seen: string[] = [];
    const started = new WeakSet<Request>();
    const app = createApp({
      store,
      plugins: [
        {
          onRequest: ({ request }) => {
            started.add(request);
            seen.push(`onRequest ${request.method}`);
          },
          onResponse: ({ request }) => void seen.push(`onResponse ${request.method} ${started.has(request) ? 'same request' : 'another request'}`),
        },
      ],
    });
    for (const path of ['/graphql', '/graphql/']) {
      for (const accept of ['application/json', 'text/html']) {
        const target = `http://yoga${path}?query=${encodeURIComponent(PARTY)}`;
        const headers = { accept, 'accept-encoding': 'br' };
        const get = await app.fetch(target, { headers });
        await get.arrayBuffer();
        seen.length = 0;
        const head = await app.fetch(target, { method: 'HEAD', headers });
        const label = `${path} ${accept}`;
        expect(seen, label).toEqual(['onRequest GET', 'onResponse GET same request']);
        expect(head.status, label).toBe(get.status);
        expect(await head.text(), label).toBe('');
        for (const name of ['content-type', 'content-length', 'content-encoding', 'etag', 'cache-control', 'vary']) {
          expect(head.headers.get(name), `${label} ${name}`).toBe(get.headers.get(name));
        }
      }
    }
  });

  it('a refusal an onParams plugin sets with setResult is sent, never a stored answer, for GET and POST', async () => {
    const requireToken: Plugin = {
      onParams({ request, setResult }) {
        if (!request.headers.get('x-token')) setResult({ errors: [new GraphQLError('Unauthorized.', { extensions: { http: { status: 401 } } })] });
      },
    };
    const { app, cache } = appWith({ plugins: [requireToken] });
    for (const send of [
      (headers: Record<string, string>) => get(app, PARTY, undefined, headers),
      (headers: Record<string, string>) => post(app, { query: PARTY }, headers),
    ]) {
      expect((await send({})).status).toBe(401);
      const allowed = await send({ 'x-token': 't' });
      expect(allowed.status).toBe(200);
      expect(await allowed.text()).toBe(PARTY_JSON);
      const etag = allowed.headers.get('etag');
      const conditional: Record<string, string> = etag ? { 'if-none-match': etag } : {};
      for (const headers of [{}, conditional]) {
        const refused = await send(headers);
        expect(refused.status).toBe(401);
        expect(await refused.text()).not.toContain('African National Congress');
        expect(refused.headers.get('etag')).toBeNull();
        expect(refused.headers.get('cache-control')).toBe('no-store');
      }
    }
    const served = cache.stats.hits;
    await get(app, PARTY, undefined, { 'x-token': 't' });
    expect(cache.stats.hits).toBe(served + 1); // a hit counts when it is served
  });

  it('an onParams plugin sees the parameters of every request, hits included', async () => {
    const operations: unknown[] = [];
    const { app, cache } = appWith({ plugins: [{ onParams: ({ params }) => void operations.push(params.query) }] });
    for (let i = 0; i < 3; i++) await post(app, { query: PARTY });
    expect(operations).toEqual([PARTY, PARTY, PARTY]);
    expect(cache.stats.hits).toBe(2);
  });

  it('an answer a plugin marks private, or makes vary on a header the key does not hold, is never stored or served from the cache', async () => {
    const markPrivate: Plugin = {
      onResponse({ request, response }) {
        if (request.headers.get('authorization')) response.headers.set('cache-control', 'private, no-store');
        if (request.headers.get('x-tenant')) response.headers.set('vary', 'X-Tenant');
      },
    };
    const { app, cache } = appWith({ plugins: [markPrivate] });
    for (let i = 0; i < 2; i++) {
      const response = await get(app, PARTY, undefined, { authorization: 'Bearer x' });
      expect(response.status).toBe(200);
      expect(response.headers.get('cache-control')).toBe('private, no-store');
      expect(response.headers.get('etag')).toBeNull();
      expect((await get(app, PARTY, undefined, { 'x-tenant': 'a' })).headers.get('etag')).toBeNull();
    }
    expect(cache.stats.stored).toBe(0);
    expect(cache.stats.hits).toBe(0);
    // Once an anonymous answer is stored, a request the plugin marks private gets no validators from it.
    await get(app, PARTY);
    const marked = await get(app, PARTY, undefined, { authorization: 'Bearer x' });
    expect(cache.stats.hits).toBe(1);
    expect(marked.headers.get('cache-control')).toBe('private, no-store');
    expect(marked.headers.get('etag')).toBeNull();
  });
});
