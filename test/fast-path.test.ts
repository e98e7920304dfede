/**
 * The uncached fast path (src/perf/fast-path.ts) answers exactly as Yoga:
 * real servers on loopback ports, with and without the fast path, get the
 * same sequences of requests, and every answer must have the same status,
 * headers (all but Date and the connection's) and body bytes. Two pairs:
 * uncached (the plain configuration against JIT + fast path) and cached
 * (response cache without against with the fast path, where the cache's
 * ETag, Vary, Cache-Control and 304 are part of the answer). Each sequence
 * first sends an operation once (Yoga records it), then variants that the
 * fast path takes, and the counters show it did. No timings here.
 */
import { createServer, request, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QUERIES, requestBody } from '../bench/queries.js';
import { loadExamples } from '../src/explorer/examples.js';
import { FastPath, yogaMediaType } from '../src/perf/fast-path.js';
import { JitCache } from '../src/perf/jit.js';
import { etagOf, ResponseCache } from '../src/perf/response-cache.js';
import { schema } from '../src/schema/index.js';
import { createStore } from '../src/store/index.js';
import { createApp, MAX_BODY_BYTES } from '../src/yoga.js';

const store = createStore();
const newFastPath = () => new FastPath({ store, schema, jit: new JitCache(), maxRequestBytes: MAX_BODY_BYTES });
const newCache = () => new ResponseCache({ maxRequestBytes: MAX_BODY_BYTES });

const uncachedFast = newFastPath();
const cachedFast = newFastPath();
const apps = {
  plain: createApp({ store, optimized: false }),
  uncachedFast: createApp({ store, responseCache: false, fastPath: uncachedFast }),
  cachedYoga: createApp({ store, responseCache: newCache(), fastPath: false }),
  cachedFast: createApp({ store, responseCache: newCache(), fastPath: cachedFast }),
};
const PAIRS = [
  { name: 'uncached', reference: 'plain', fast: 'uncachedFast', stats: uncachedFast.stats },
  { name: 'cached', reference: 'cachedYoga', fast: 'cachedFast', stats: cachedFast.stats },
] as const;

const servers = new Map<string, Server>();
const ports = new Map<string, number>();
beforeAll(async () => {
  for (const [name, app] of Object.entries(apps)) {
    const server = createServer(app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    servers.set(name, server);
    ports.set(name, (server.address() as { port: number }).port);
  }
});
afterAll(() => Promise.all([...servers.values()].map((server) => new Promise<void>((resolve) => server.close(() => resolve())))));

interface Req {
  method: 'GET' | 'POST';
  /** Path and query string. */
  path?: string;
  body?: string;
  headers?: Record<string, string>;
}

interface Answer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Headers about the connection, not the response. */
const IGNORED = new Set(['date', 'connection', 'keep-alive']);

/** One request with exactly the given headers (fetch would add an Accept of its own). */
function send(server: string, { method, path = '/graphql', body, headers = {} }: Req): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const all = body === undefined ? headers : { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)), ...headers };
    const req = request({ host: '127.0.0.1', port: ports.get(server), method, path, headers: all }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const received: Record<string, string> = {};
        for (let i = 0; i < res.rawHeaders.length; i += 2) {
          const name = res.rawHeaders[i]!.toLowerCase();
          if (!IGNORED.has(name)) received[name] = received[name] === undefined ? res.rawHeaders[i + 1]! : `${received[name]}, ${res.rawHeaders[i + 1]}`;
        }
        resolve({ status: res.statusCode!, headers: received, body: Buffer.concat(chunks).toString('latin1') });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

const post = (body: unknown, headers: Record<string, string> = {}): Req => ({ method: 'POST', body: typeof body === 'string' ? body : JSON.stringify(body), headers });
const get = (params: Record<string, string>, headers: Record<string, string> = {}): Req => ({
  method: 'GET',
  path: `/graphql?${new URLSearchParams(params).toString()}`,
  headers,
});

const JSON_TYPE = { accept: 'application/json' };
const GQL_TYPE = { accept: 'application/graphql-response+json' };
const ORIGIN = { origin: 'https://newsroom.example' };

/**
 * Sends the same sequence to both servers of each pair, in order, and
 * expects identical answers. Returns how many requests each pair's fast
 * path answered.
 */
async function compare(sequence: Req[]): Promise<{ answers: Answer[]; cached: Answer[]; fast: Record<string, number> }> {
  const fast: Record<string, number> = {};
  let answers: Answer[] = [];
  let cached: Answer[] = [];
  for (const pair of PAIRS) {
    const before = pair.stats.answered;
    const expected: Answer[] = [];
    const actual: Answer[] = [];
    for (const req of sequence) {
      expected.push(await send(pair.reference, req));
      actual.push(await send(pair.fast, req));
    }
    for (let i = 0; i < sequence.length; i++) {
      expect(actual[i], `${pair.name}, request ${i + 1}: ${JSON.stringify(sequence[i])}`).toEqual(expected[i]);
    }
    fast[pair.name] = pair.stats.answered - before;
    if (pair.name === 'uncached') answers = expected;
    else cached = expected;
  }
  return { answers, cached, fast };
}

/** The variants of one successful operation: the first records it, the others differ in cache key but not in operation. */
function variants(params: { query: string; variables?: Record<string, unknown>; operationName?: string }): Req[] {
  const query: Record<string, string> = { query: params.query };
  if (params.variables) query.variables = JSON.stringify(params.variables);
  if (params.operationName) query.operationName = params.operationName;
  return [
    post(params, JSON_TYPE),
    post(params, GQL_TYPE),
    post(params),
    post(params, { ...JSON_TYPE, ...ORIGIN }),
    post(params, { accept: 'application/json, text/event-stream' }),
    get(query, GQL_TYPE),
    get(query, { ...JSON_TYPE, ...ORIGIN }),
    post(params, JSON_TYPE), // a repeat: the response cache's hit, the fast path again when uncached
  ];
}

describe('the fast path answers successful operations exactly as Yoga', () => {
  const cases = [
    ...QUERIES.map((q) => ({ name: `benchmark query (${q.id}) ${q.label}`, params: JSON.parse(requestBody(q)) as { query: string; variables?: Record<string, unknown> } })),
    ...loadExamples().map((e) => ({ name: `example ${e.file}`, params: { query: e.document, operationName: e.name } })),
    ...loadExamples().map((e) => ({ name: `example ${e.file}, no operation name`, params: { query: e.document } })),
  ];

  it.each(cases.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const { answers, fast } = await compare(variants(c.params));
    for (const answer of answers) {
      expect(answer.status).toBe(200);
      expect(JSON.parse(answer.body).errors).toBeUndefined();
    }
    // All but the first (Yoga records the operation) when uncached; the cached pair answers the repeat from the cache.
    expect(fast).toEqual({ uncached: 7, cached: 6 });
  });
});

/** The two-hop benchmark query with page sizes from a variable: three nested connections. */
const NESTED = `query Nested($n: Int) {
  events(first: $n) { nodes { participations(first: $n) { nodes { party { country { parties(first: $n) { nodes { name } } } } } } } }
}`;

describe('requests the fast path hands to Yoga get Yoga’s answer', () => {
  const cases: { name: string; sequence: Req[]; status: number[]; handedOver?: number }[] = [
    {
      name: 'bad variable type, after a good one',
      sequence: [
        post({ query: 'query ($c: String!) { country(code: $c) { name } }', variables: { c: 'CU' } }, GQL_TYPE),
        post({ query: 'query ($c: String!) { country(code: $c) { name } }', variables: { c: 5 } }, GQL_TYPE),
        post({ query: 'query ($c: String!) { country(code: $c) { name } }', variables: { c: 5 } }, JSON_TYPE),
        post({ query: 'query ($c: String!) { country(code: $c) { name } }' }, GQL_TYPE),
      ],
      status: [200, 400, 400, 400],
      handedOver: 3,
    },
    {
      name: 'over the cost limit through variables',
      sequence: [post({ query: NESTED, variables: { n: 2 } }, GQL_TYPE), post({ query: NESTED, variables: { n: 100 } }, GQL_TYPE), post({ query: NESTED, variables: { n: 100 } }, JSON_TYPE)],
      status: [200, 400, 200],
      handedOver: 2,
    },
    {
      name: 'page size too large through variables',
      sequence: [
        post({ query: 'query ($n: Int) { parties(first: $n) { totalCount } }', variables: { n: 5 } }, GQL_TYPE),
        post({ query: 'query ($n: Int) { parties(first: $n) { totalCount } }', variables: { n: 500 } }, GQL_TYPE),
        get({ query: 'query ($n: Int) { parties(first: $n) { totalCount } }', variables: '{"n":500}' }, { ...JSON_TYPE, ...ORIGIN }),
      ],
      status: [200, 200, 200],
      handedOver: 2,
    },
    {
      name: 'unknown, missing and empty operation names',
      sequence: [
        post({ query: 'query A { __typename } query B { country(code: "VN") { name } }', operationName: 'B' }, GQL_TYPE),
        post({ query: 'query A { __typename } query B { country(code: "VN") { name } }', operationName: 'C' }, GQL_TYPE),
        post({ query: 'query A { __typename } query B { country(code: "VN") { name } }' }, GQL_TYPE),
        post({ query: '{ __typename }' }, GQL_TYPE),
        post({ query: '{ __typename }', operationName: '' }, GQL_TYPE),
        post({ query: '{ __typename }', operationName: null }, GQL_TYPE),
      ],
      status: [200, 400, 400, 200, 400, 200],
    },
    {
      name: 'GET variables that are not an object, or not JSON; extensions',
      sequence: [
        get({ query: 'query ($c: String!) { country(code: $c) { name } }', variables: '{"c":"CU"}' }, GQL_TYPE),
        get({ query: 'query ($c: String!) { country(code: $c) { name } }', variables: '{oops' }, GQL_TYPE),
        get({ query: 'query ($c: String!) { country(code: $c) { name } }', variables: '["CU"]' }, GQL_TYPE),
        get({ query: 'query ($c: String!) { country(code: $c) { name } }', variables: 'null' }, GQL_TYPE),
        get({ query: 'query ($c: String!) { country(code: $c) { name } }', variables: '{"c":"CU"}', extensions: '{}' }, JSON_TYPE),
      ],
      status: [200, 400, 400, 400, 200],
    },
    {
      name: 'bodies Yoga judges: extra parameters, extensions, null variables, arrays, wrong types, other content types',
      sequence: [
        post({ query: '{ country(code: "CU") { name } }' }, GQL_TYPE),
        post({ query: '{ country(code: "CU") { name } }', foo: 1 }, GQL_TYPE),
        post({ query: '{ country(code: "CU") { name } }', foo: null }, GQL_TYPE),
        post({ query: '{ country(code: "CU") { name } }', extensions: {} }, GQL_TYPE),
        post({ query: '{ country(code: "CU") { name } }', variables: null }, GQL_TYPE),
        post({ query: '{ country(code: "CU") { name } }', variables: [] }, GQL_TYPE),
        post({ query: '{ country(code: "CU") { name } }', operationName: 5 }, GQL_TYPE),
        post([{ query: '{ country(code: "CU") { name } }' }], GQL_TYPE),
        post('{"query": ', GQL_TYPE),
        post(JSON.stringify({ query: '{ country(code: "CU") { name } }' }), { ...GQL_TYPE, 'content-type': 'application/jsonx' }),
        post(JSON.stringify({ query: '{ country(code: "CU") { name } }' }), { ...GQL_TYPE, 'content-type': 'application/json; charset=utf-8' }),
      ],
      status: [200, 400, 200, 200, 200, 400, 400, 400, 400, 415, 200],
    },
    {
      name: 'Accept values Yoga answers otherwise: event stream, multipart, another charset, GraphiQL',
      sequence: [
        post({ query: '{ country(code: "VN") { name } }' }, GQL_TYPE),
        post({ query: '{ country(code: "VN") { name } }' }, { accept: 'text/event-stream' }),
        post({ query: '{ country(code: "VN") { name } }' }, { accept: 'application/json; charset=iso-8859-1' }),
        post({ query: '{ country(code: "VN") { name } }' }, { accept: 'application/*' }),
        post({ query: '{ country(code: "VN") { name } }' }, { accept: 'application/graphql-response+json;charset=utf-8, application/json;q=0.9' }),
        get({ query: '{ country(code: "VN") { name } }' }, { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' }),
      ],
      status: [200, 200, 406, 200, 200, 200],
    },
    {
      name: 'CORS: an Origin, an empty Origin, preflight headers on a POST',
      sequence: [
        post({ query: '{ country(code: "KP") { name } }' }, GQL_TYPE),
        post({ query: '{ country(code: "KP") { name } }' }, { ...GQL_TYPE, ...ORIGIN }),
        post({ query: '{ country(code: "KP") { name } }' }, { ...GQL_TYPE, origin: '' }),
        post({ query: '{ country(code: "KP") { name } }' }, { ...GQL_TYPE, ...ORIGIN, 'access-control-request-headers': 'content-type' }),
        get({ query: '{ country(code: "KP") { name } }' }, { ...GQL_TYPE, ...ORIGIN }),
      ],
      status: [200, 200, 200, 200, 200],
    },
    {
      name: 'validation and read-only refusals are never recorded',
      sequence: [
        post({ query: '{ nope }' }, GQL_TYPE),
        post({ query: '{ nope }' }, GQL_TYPE),
        post({ query: 'mutation { x }' }, GQL_TYPE),
        post({ query: 'mutation { x }' }, GQL_TYPE),
        get({ query: 'mutation { x }' }, GQL_TYPE),
      ],
      status: [400, 400, 400, 400, 405],
    },
  ];

  it.each(cases.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const handedOver = PAIRS.map((pair) => pair.stats.handedOver);
    const { answers } = await compare(c.sequence);
    expect(answers.map((a) => a.status)).toEqual(c.status);
    if (c.handedOver !== undefined) {
      // The fast path tried these (the operation was recorded) and gave them to Yoga.
      expect(uncachedFast.stats.handedOver - handedOver[0]!).toBe(c.handedOver);
    }
  });

  it('takes the GET with If-None-Match of an operation it knows, with the 304 Yoga gives', async () => {
    const query = '{ party(slug: "african-national-congress") { name } }';
    const body = (await send('plain', get({ query }, JSON_TYPE))).body;
    const etag = etagOf(Buffer.from(body, 'latin1'));
    const { answers, cached, fast } = await compare([
      get({ query }, JSON_TYPE),
      get({ query }, { ...GQL_TYPE, 'if-none-match': etag }),
      get({ query }, { ...GQL_TYPE, ...ORIGIN, 'if-none-match': etag }),
      get({ query }, { ...GQL_TYPE, ...ORIGIN, 'if-none-match': etag }), // from the cache now
      get({ query }, { accept: '*/*', 'if-none-match': '"other"' }),
    ]);
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200]); // uncached: no ETag, no 304
    expect(cached.map((a) => a.status)).toEqual([200, 304, 304, 304, 200]);
    expect(cached[0]!.headers.etag).toBe(etag);
    // Cached: the first records, the fourth is a cache hit; uncached: all but the plain server's first.
    expect(fast).toEqual({ uncached: 4, cached: 3 });
  });
});

describe('content negotiation as graphql-yoga 5 does it', () => {
  it.each([
    [undefined, 'application/json'],
    ['', 'application/json'],
    ['*/*', 'application/json'],
    ['application/json', 'application/json'],
    ['application/graphql-response+json', 'application/graphql-response+json'],
    ['application/graphql-response+json, application/json', 'application/graphql-response+json'],
    ['application/json, application/graphql-response+json', 'application/json'],
    ['application/json;charset=latin1', null],
    ['text/event-stream', null],
    ['multipart/mixed', null],
    ['text/event-stream, */*', 'application/json'],
  ])('Accept %j → %j', (accept, expected) => {
    expect(yogaMediaType(accept)).toBe(expected);
  });
});

describe('the fast path is off where it cannot answer as Yoga', () => {
  it('is not installed with exposeStoreCalls or in the plain configuration', async () => {
    const fastPath = newFastPath();
    const app = createApp({ store, exposeStoreCalls: true, fastPath });
    const body = requestBody(QUERIES[0]!);
    for (let i = 0; i < 3; i++) {
      const response = await app.fetch('http://yoga/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      expect((await response.json()).extensions.storeCalls).toBeDefined();
    }
    expect(fastPath.stats).toEqual({ answered: 0, handedOver: 0, unknown: 0, recorded: 0 });
  });

  it('forgets the least recently used operation beyond its bound', async () => {
    const fastPath = new FastPath({ store, schema, jit: new JitCache(), maxOperations: 2 });
    const app = createApp({ store, responseCache: false, fastPath });
    const server = createServer(app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as { port: number }).port}/graphql`;
      const ask = (code: string) =>
        fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: `{ country(code: "${code}") { name } }` }) });
      for (const code of ['CU', 'VN', 'CU', 'LA']) await ask(code); // records CU, VN, (CU answered), LA evicts VN
      expect(fastPath.size).toBe(2);
      const answered = fastPath.stats.answered;
      await ask('VN');
      expect(fastPath.stats.answered).toBe(answered); // forgotten: Yoga answered and recorded it again
      await ask('VN');
      expect(fastPath.stats.answered).toBe(answered + 1);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
