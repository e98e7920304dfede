/**
 * Incremental delivery (`@defer`, `@stream`; src/incremental.ts) in the
 * production configuration: the parts arrive separately over
 * multipart/mixed and text/event-stream and add up to the plain answer,
 * graphql-jit and the response cache stay out of the way, the cost limit
 * counts deferred and streamed parts in full, bad `initialCount`s and
 * requests that accept no incremental media type are refused clearly, and
 * the time limit and the drain apply to a stream in progress.
 */
import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { CostBudget } from '../src/budget.ts';
import { LIMITS, operationCost } from '../src/limits.ts';
import { ResponseCache } from '../src/perf/response-cache.ts';
import { schema } from '../src/schema/index.ts';
import type { Store } from '../src/store/store.ts';
import { createApp, type App } from '../src/yoga.ts';
import { app, executingApp, startServer, store, within } from './helpers.ts';
import { mergeIncremental as merge, multipartParts, sseEvents, type Payload } from './incremental.ts';

const SUMMIT = 'cpc-and-world-political-parties-summit-2021';
/** What Apollo Client's HttpLink sends for an operation with @defer (Defer20220824Handler). */
const APOLLO_ACCEPT = 'multipart/mixed;deferSpec=20220824,application/graphql-response+json,application/json';

const DEFERRED = `query Deferred {
  event(slug: "${SUMMIT}") {
    name
    ... @defer(label: "speeches") { speeches(first: 3) { totalCount nodes { title speaker { name } } } }
    participations(first: 4) { totalCount nodes @stream(initialCount: 1) { role party { name } } }
  }
}`;
/** The same selection, without the directives. */
const PLAIN = DEFERRED.replace(' @defer(label: "speeches")', '').replace(' @stream(initialCount: 1)', '');

async function post(target: App, query: string, accept: string, variables?: Record<string, unknown>) {
  const response = await target.fetch('http://yoga/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, contentType: response.headers.get('content-type') ?? '', headers: response.headers, body: await response.text() };
}

/** A request over multipart/mixed that must succeed; its parts. */
async function multipart(target: App, query: string, variables?: Record<string, unknown>, accept = 'multipart/mixed') {
  const response = await post(target, query, accept, variables);
  expect(response.status, response.body).toBe(200);
  expect(response.contentType).toMatch(/^multipart\/mixed/);
  return multipartParts(response.contentType, response.body);
}

async function plainData(query: string, variables?: Record<string, unknown>) {
  const response = await post(executingApp(), query, 'application/graphql-response+json', variables);
  expect(response.status, response.body).toBe(200);
  const body = JSON.parse(response.body) as Payload;
  expect(body.errors).toBeUndefined();
  return body.data;
}

/** Checks the parts of DEFERRED: the first lacks the deferred and streamed parts, the rest bring them. */
async function expectIncremental(payloads: Payload[]) {
  expect(payloads.length).toBeGreaterThanOrEqual(2);
  const [initial, ...rest] = payloads;
  expect(initial!.hasNext).toBe(true);
  expect(initial!.data.event.name).toBe('CPC and World Political Parties Summit');
  expect(initial!.data.event).not.toHaveProperty('speeches');
  expect(initial!.data.event.participations.nodes).toHaveLength(1);
  expect(rest.at(-1)!.hasNext).toBe(false);
  const parts = rest.flatMap((payload) => payload.incremental ?? []);
  expect(parts.find((part) => part.label === 'speeches')).toMatchObject({ path: ['event'], data: { speeches: { totalCount: expect.any(Number) } } });
  expect(parts.filter((part) => part.items).map((part) => part.path)).toEqual([1, 2, 3].map((i) => ['event', 'participations', 'nodes', i]));
  expect(merge(payloads)).toEqual(await plainData(PLAIN));
}

describe('the schema', () => {
  it('declares @defer and @stream, with described arguments, in schema.graphql and introspection', async () => {
    const response = await post(app, '{ __schema { directives { name description args { name description defaultValue } } } }', 'application/json');
    const { directives } = JSON.parse(response.body).data.__schema as { directives: { name: string; args: { name: string; defaultValue: string }[] }[] };
    const byName = new Map(directives.map((d) => [d.name, d]));
    expect(
      byName
        .get('defer')
        ?.args.map((a) => a.name)
        .sort(),
    ).toEqual(['if', 'label']);
    expect(byName.get('stream')?.args.find((a) => a.name === 'initialCount')).toMatchObject({
      defaultValue: '0',
      description: expect.stringMatching(/0 to 100/),
    });
    expect(schema.getDirective('defer')?.description).toMatch(/multipart\/mixed/);
  });
});

describe('incremental delivery', () => {
  it('over multipart/mixed: the deferred fragment and streamed items come in later parts, and add up to the plain answer', async () => {
    await expectIncremental(await multipart(app, DEFERRED));
  });

  it("over multipart/mixed with Apollo Client's Accept header", async () => {
    await expectIncremental(await multipart(app, DEFERRED, undefined, APOLLO_ACCEPT));
  });

  it('over text/event-stream: one `next` event per part, then `complete`', async () => {
    const response = await post(app, DEFERRED, 'text/event-stream');
    expect(response.status).toBe(200);
    expect(response.contentType).toMatch(/^text\/event-stream/);
    await expectIncremental(sseEvents(response.body));
  });

  it('over GET as well', async () => {
    const response = await app.fetch(`http://yoga/graphql?query=${encodeURIComponent(DEFERRED)}`, { headers: { accept: 'multipart/mixed' } });
    expect(response.status).toBe(200);
    await expectIncremental(multipartParts(response.headers.get('content-type')!, await response.text()));
  });

  it('defers named fragment spreads, and nested @defer inside a streamed list', async () => {
    const query = `query Nested {
      event(slug: "${SUMMIT}") {
        ...Later @defer(label: "later")
        speeches(first: 2) { nodes @stream { title ... @defer(label: "who") { speaker { name } } } }
      }
    }
    fragment Later on Event { name startDate }`;
    const payloads = await multipart(app, query);
    expect(payloads[0]!.data.event).not.toHaveProperty('name');
    expect(payloads[0]!.data.event.speeches.nodes).toEqual([]);
    const plain = await plainData(query.replace(/ @defer\(label: "\w+"\)/g, '').replace(' @stream', ''));
    expect(merge(payloads)).toEqual(plain);
    expect(plain.event.name).toBe('CPC and World Political Parties Summit');
  });

  it('is not compiled by graphql-jit: repeated requests (past its compile threshold) still arrive in parts', async () => {
    const fresh = createApp({ store, responseCache: false });
    for (let i = 0; i < 4; i++) await expectIncremental(await multipart(fresh, DEFERRED));
  });

  it('with `if: false` everywhere, is one plain JSON answer, whatever the Accept', async () => {
    const query =
      'query Off($d: Boolean!) { event(slug: "' +
      SUMMIT +
      '") { name ... @defer(if: $d) { startDate } speeches(first: 2) { nodes @stream(if: $d) { title } } } }';
    const response = await post(app, query, 'application/json', { d: false });
    expect(response.status).toBe(200);
    const body = JSON.parse(response.body) as Payload;
    expect(body.errors).toBeUndefined();
    expect(body.data.event).toMatchObject({ name: 'CPC and World Political Parties Summit', startDate: '2021-07-06' });
    expect(body.data.event.speeches.nodes).toHaveLength(2);
  });
});

describe('the response cache and incremental answers', () => {
  it('never stores an incremental answer: repeats over multipart/mixed and text/event-stream stay incremental', async () => {
    const cache = new ResponseCache();
    const cached = createApp({ store, responseCache: cache });
    for (let i = 0; i < 3; i++) {
      await expectIncremental(await multipart(cached, DEFERRED, undefined, APOLLO_ACCEPT));
      await expectIncremental(await multipart(cached, DEFERRED));
      await expectIncremental(sseEvents((await post(cached, DEFERRED, 'text/event-stream, application/json')).body));
    }
    expect(cache.stats.stored).toBe(0);
    expect(cache.stats.hits).toBe(0);
  });

  it('keeps a plain answer (`if: false`) apart from the incremental one (`if: true`) of the same document', async () => {
    const cache = new ResponseCache();
    const cached = createApp({ store, responseCache: cache });
    const query = DEFERRED.replace('query Deferred {', 'query Deferred($d: Boolean!) {')
      .replace('@defer(label: "speeches")', '@defer(if: $d, label: "speeches")')
      .replace('@stream(initialCount: 1)', '@stream(if: $d, initialCount: 1)');
    const plain = await plainData(PLAIN);
    for (let i = 0; i < 2; i++) {
      const off = await post(cached, query, APOLLO_ACCEPT, { d: false });
      expect(off.contentType).toMatch(/^application\/graphql-response\+json/);
      expect(JSON.parse(off.body)).toEqual({ data: plain });
      await expectIncremental(await multipart(cached, query, { d: true }, APOLLO_ACCEPT));
    }
    expect(cache.stats.stored).toBe(1);
    expect(cache.stats.hits).toBe(1); // the second `if: false` only
  });

  it('refuses, not replays, a plain JSON request for an incremental document that was answered in parts', async () => {
    const cached = createApp({ store, responseCache: new ResponseCache() });
    await expectIncremental(await multipart(cached, DEFERRED, undefined, APOLLO_ACCEPT));
    const response = await post(cached, DEFERRED, 'application/graphql-response+json');
    expect(response.status).toBe(406);
    expect(JSON.parse(response.body).errors[0].extensions.code).toBe('INCREMENTAL_DELIVERY_NOT_ACCEPTED');
  });
});

describe('a request that accepts no incremental media type', () => {
  it.each(['application/json', 'application/graphql-response+json', 'application/graphql-response+json, application/json;q=0.9'])(
    'Accept: %s gets 406 with an error naming the Accept to send',
    async (accept) => {
      const response = await post(app, DEFERRED, accept);
      expect(response.status).toBe(406);
      expect(response.contentType).toMatch(/^application\/(graphql-response\+)?json/);
      const { errors, data } = JSON.parse(response.body) as Payload;
      expect(data).toBeUndefined();
      expect(errors).toHaveLength(1);
      expect(errors![0]!.message).toMatch(/@defer or @stream.*Accept: multipart\/mixed.*Accept: text\/event-stream/);
      expect(errors![0]!.extensions).toMatchObject({ code: 'INCREMENTAL_DELIVERY_NOT_ACCEPTED', accept: ['multipart/mixed', 'text/event-stream'] });
    },
  );

  it('for @stream alone too, and through a fragment', async () => {
    const query = '{ events(first: 2) { ...E } } fragment E on EventConnection { nodes @stream { name } }';
    expect((await post(app, query, 'application/json')).status).toBe(406);
  });

  it('no Accept header (*/*) gets the incremental answer', async () => {
    const response = await app.fetch('http://yoga/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: DEFERRED }),
    });
    expect(response.status).toBe(200);
    await expectIncremental(multipartParts(response.headers.get('content-type')!, await response.text()));
  });

  it("costs nothing from the client's budget when refused", async () => {
    const budget = new CostBudget({ points: 1000, windowSeconds: 60 });
    const metered = createApp({ store, responseCache: false, budget });
    // A request over a socket (the budget meters only those), from one address.
    const serverContext = { req: { socket: { remoteAddress: '192.0.2.7' }, headers: {} } };
    const send = (accept: string) =>
      metered.fetch(
        'http://yoga/graphql',
        { method: 'POST', headers: { 'content-type': 'application/json', accept }, body: JSON.stringify({ query: DEFERRED }) },
        serverContext,
      );
    expect((await send('application/json')).status).toBe(406);
    expect(budget.remaining('192.0.2.7')).toBe(1000);
    expect((await send('multipart/mixed')).status).toBe(200);
    expect(budget.remaining('192.0.2.7')).toBeLessThan(1000);
  });
});

describe('the cost limit counts deferred and streamed parts in full', () => {
  const EXPENSIVE = '{ events(first: 100) { nodes { name participations(first: 100) { nodes { role party { name country { name } } } } } } }';
  const variants = {
    deferred: '{ events(first: 100) { nodes { name ... @defer { participations(first: 100) { nodes { role party { name country { name } } } } } } } }',
    'deferred deep inside':
      '{ events(first: 100) { nodes { name participations(first: 100) { nodes { role ... @defer { party { name country { name } } } } } } } }',
    'streamed (initialCount 0)':
      '{ events(first: 100) { nodes @stream(initialCount: 0) { name participations(first: 100) { nodes @stream(initialCount: 0) { role party { name country { name } } } } } } }',
    'streamed (initialCount 1)':
      '{ events(first: 100) { nodes @stream(initialCount: 1) { name participations(first: 100) { nodes @stream(initialCount: 1) { role party { name country { name } } } } } } }',
    'streamed (initialCount 100)':
      '{ events(first: 100) { nodes @stream(initialCount: 100) { name participations(first: 100) { nodes { role party { name country { name } } } } } } }',
  };
  const costOf = (query: string) => operationCost(parse(query), undefined, schema, {}, {});

  it('costs the same with or without the directives, whatever initialCount', () => {
    const plain = costOf(EXPENSIVE);
    expect(plain).toBeGreaterThan(LIMITS.maxCost);
    for (const [name, query] of Object.entries(variants)) expect(costOf(query), name).toBe(plain);
    // and within the limit too
    expect(costOf(DEFERRED)).toBe(costOf(PLAIN));
  });

  it.each(Object.entries(variants))('a query over the limit stays refused when %s', async (_name, query) => {
    const response = await post(app, query, 'multipart/mixed, application/graphql-response+json');
    expect(response.status).toBe(400);
    const { errors } = JSON.parse(response.body) as Payload;
    expect(errors![0]!.extensions).toMatchObject({ code: 'COST_LIMIT_EXCEEDED', cost: costOf(EXPENSIVE), limit: LIMITS.maxCost });
  });

  it('is refused over multipart/mixed alone too (the refusal in one part)', async () => {
    const response = await post(app, variants.deferred, 'multipart/mixed');
    expect(response.status).toBe(400);
    const [part] = multipartParts(response.contentType, response.body);
    expect(part!.errors![0]!.extensions!.code).toBe('COST_LIMIT_EXCEEDED');
  });
});

describe('@stream(initialCount:)', () => {
  const query = (count: string) => `{ events(first: 3) { nodes @stream(initialCount: ${count}) { name } } }`;
  const refusal = async (q: string, variables?: Record<string, unknown>) => {
    const response = await post(app, q, 'multipart/mixed, application/graphql-response+json', variables);
    expect(response.status, response.body).toBe(400);
    return (JSON.parse(response.body) as Payload).errors!;
  };

  it.each(['-1', '101', 'null'])('refuses initialCount: %s, naming the range', async (count) => {
    const [error] = await refusal(query(count));
    expect(error!.message).toBe(`\`@stream(initialCount:)\` must be an integer from 0 to 100; got ${count}.`);
    expect(error!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'initialCount', limit: 100 });
  });

  it.each([[-5], [1000], [null]])('refuses initialCount from a variable: %s', async (count) => {
    const [error] = await refusal('query S($n: Int) { events(first: 3) { nodes @stream(initialCount: $n) { name } } }', { n: count });
    expect(error!.message).toMatch(/initialCount:\)` must be an integer from 0 to 100/);
  });

  it('refuses a value beyond Int with graphql-js own message', async () => {
    const [error] = await refusal(query('99999999999'));
    expect(error!.message).toMatch(/Int cannot represent non 32-bit signed integer value: 99999999999/);
  });

  it('refuses a bad initialCount even with `if: false`, and even when the request accepts only JSON', async () => {
    const response = await post(app, '{ events(first: 3) { nodes @stream(if: false, initialCount: -1) { name } } }', 'application/json');
    expect(JSON.parse(response.body).errors[0].extensions.code).toBe('BAD_USER_INPUT');
  });

  it('accepts 0 to 100, and a variable left to its default', async () => {
    for (const count of ['0', '3', '100']) expect(merge(await multipart(app, query(count))).events.nodes).toHaveLength(3);
    const payloads = await multipart(app, 'query S($n: Int = 2) { events(first: 3) { nodes @stream(initialCount: $n) { name } } }');
    expect(payloads[0]!.data.events.nodes).toHaveLength(2);
  });
});

describe('the execution time limit', () => {
  it('applies to deferred parts: one that runs past it gets the time-limit error, and the stream ends', async () => {
    const LIMIT_MS = 20;
    // Loading events spins until the deadline has passed (a store call is checked before it runs),
    // so the initial part succeeds and the deferred part's store call comes too late.
    const slow = new Proxy(store, {
      get(target, property, receiver) {
        const value = Reflect.get(target, property, receiver);
        if (property !== 'getEvents') return value;
        return (...args: unknown[]) => {
          const until = performance.now() + LIMIT_MS + 5;
          while (performance.now() < until);
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
      },
    }) as Store;
    const limited = createApp({ store: slow, responseCache: false, timeLimitMs: LIMIT_MS });
    const query = `{ event(slug: "${SUMMIT}") { name ... @defer(label: "late") { speeches(first: 2) { totalCount } } } }`;
    const payloads = await within(multipart(limited, query), 10_000, 'the incremental answer');
    expect(payloads[0]).toMatchObject({ data: { event: { name: 'CPC and World Political Parties Summit' } }, hasNext: true });
    expect(payloads.at(-1)!.hasNext).toBe(false);
    const late = payloads.flatMap((p) => p.incremental ?? []).find((part) => part.label === 'late');
    expect(late?.errors?.[0]).toMatchObject({
      message: expect.stringMatching(/Execution time limit of 20 ms exceeded/),
      extensions: { code: 'EXECUTION_TIME_LIMIT_EXCEEDED' },
    });
  });
});

describe('the drain', () => {
  it('serves an incremental answer in full during the drain, with Connection: close, then exits 0', async () => {
    const server = await startServer({ DRAIN_SECONDS: '2' });
    try {
      server.child.kill('SIGTERM');
      await server.printed(/SIGTERM received/);
      const response = await fetch(`${server.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'multipart/mixed' },
        body: JSON.stringify({ query: DEFERRED }),
      });
      expect(response.status).toBe(200);
      // Yoga's multipart processor says `keep-alive`, the drain adds `close`: Node closes on a `close` token.
      expect(response.headers.get('connection')).toMatch(/\bclose\b/);
      await expectIncremental(multipartParts(response.headers.get('content-type')!, await response.text()));
      expect((await server.exited).code).toBe(0);
    } finally {
      server.child.kill('SIGKILL');
    }
  });
});

describe('the 406 counts only the @defer/@stream that would run, and agrees with the response cache', () => {
  const JSON_ONLY = 'application/json';
  const BOTH = 'multipart/mixed, application/json';
  /** A GET, as in the report; the status and, for 200, whether it was plain JSON. */
  const get = async (target: App, query: string, accept: string, variables?: Record<string, unknown>) => {
    const search = new URLSearchParams({ query, ...(variables ? { variables: JSON.stringify(variables) } : {}) });
    const response = await target.fetch(`http://yoga/graphql?${search}`, { headers: { accept } });
    return { status: response.status, contentType: response.headers.get('content-type') ?? '', body: await response.text() };
  };
  /** The JSON-only request cold, then after a request accepting both was answered (and maybe stored), then again. */
  const coldAndWarm = async (query: string, variables?: Record<string, unknown>) => {
    const cache = new ResponseCache();
    const cached = createApp({ store, responseCache: cache });
    const cold = await get(cached, query, JSON_ONLY, variables);
    const both = await get(cached, query, BOTH, variables);
    const warm = await get(cached, query, JSON_ONLY, variables);
    expect(warm.status, `cold ${cold.status}, warm ${warm.status}: ${warm.body}`).toBe(cold.status);
    return { cold, both, warm, cache };
  };

  const offQueries: [string, string, Record<string, unknown>?][] = [
    ['@defer under @skip(if: true)', '{ events(first: 1) { nodes { name ... @defer @skip(if: true) { theme } } } }'],
    ['@defer under @include(if: false)', '{ events(first: 1) { nodes { name ... @defer @include(if: false) { theme } } } }'],
    ['@defer inside a skipped field', '{ events(first: 1) { nodes { name participations(first: 1) @skip(if: true) { nodes { ... @defer { role } } } } } }'],
    ['@stream on a skipped field', '{ events(first: 2) { nodes @stream @skip(if: true) { name } totalCount } }'],
    ['@defer(if: $d), d false', 'query Q($d: Boolean!) { events(first: 1) { nodes { name ... @defer(if: $d) { theme } } } }', { d: false }],
    ['@defer(if: $d), d defaulting to false', 'query Q($d: Boolean = false) { events(first: 1) { nodes { name ... @defer(if: $d) { theme } } } }'],
    ['@skip(if: $s), s true', 'query Q($s: Boolean!) { events(first: 1) { nodes { name ... @defer @skip(if: $s) { theme } } } }', { s: true }],
    [
      '@defer in a fragment definition spread under @skip',
      '{ events(first: 1) { nodes { name ...F @skip(if: true) } } } fragment F on Event { ... @defer { theme } }',
    ],
    [
      '@stream in a fragment definition reached only through a skipped inline fragment',
      '{ ... @include(if: false) { events(first: 2) { ...C } } } fragment C on EventConnection { nodes @stream { name } }',
    ],
  ];

  it.each(offQueries)('%s: one JSON answer for the JSON-only request, cold and warm, and for the other', async (_name, query, variables) => {
    const { cold, both, cache } = await coldAndWarm(query, variables);
    expect(cold.status, cold.body).toBe(200);
    expect(JSON.parse(cold.body).errors).toBeUndefined();
    expect(both.status).toBe(200);
    expect(both.contentType).toMatch(/^application\/json/);
    // Stored from the cold request; both later ones (the same negotiated JSON type) are hits.
    expect(cache.stats.stored).toBe(1);
    expect(cache.stats.hits).toBe(2);
  });

  const onQueries: [string, string, Record<string, unknown>?][] = [
    ['@defer with @skip(if: false)', '{ events(first: 1) { nodes { name ... @defer @skip(if: false) { theme } } } }'],
    ['@defer(if: $d), d true', 'query Q($d: Boolean!) { events(first: 1) { nodes { name ... @defer(if: $d) { theme } } } }', { d: true }],
    ['@skip(if: $s), s false', 'query Q($s: Boolean!) { events(first: 1) { nodes { name ... @defer @skip(if: $s) { theme } } } }', { s: false }],
    [
      'a fragment definition spread both skipped and not',
      '{ events(first: 1) { nodes { name ...F @skip(if: true) } } e: events(first: 1) { nodes { ...F } } } fragment F on Event { ... @defer { theme } }',
    ],
    // On, but the executor has nothing to send later: one plain answer, which must not be stored.
    ['@defer under a null', '{ event(slug: "no-such-event") { name ... @defer { theme } } }'],
    ['@stream shorter than initialCount', '{ events(first: 1) { nodes @stream(initialCount: 5) { name } } }'],
  ];

  it.each(onQueries)('%s: 406 for the JSON-only request, cold and warm', async (_name, query, variables) => {
    const { cold, both, cache } = await coldAndWarm(query, variables);
    expect(cold.status).toBe(406);
    expect(JSON.parse(cold.body).errors[0].extensions.code).toBe('INCREMENTAL_DELIVERY_NOT_ACCEPTED');
    expect(both.status).toBe(200);
    expect(cache.stats.stored).toBe(0);
  });

  it('the plain answer of an operation whose @defer is off equals the one without it', async () => {
    const query = '{ events(first: 1) { nodes { name ... @defer @skip(if: true) { theme } } } }';
    const response = await get(app, query, JSON_ONLY);
    expect(JSON.parse(response.body)).toEqual({ data: await plainData('{ events(first: 1) { nodes { name } } }') });
  });

  it('still checks initialCount on a @stream that would not run', async () => {
    const response = await get(
      app,
      '{ events(first: 2) { nodes @stream(initialCount: -1) @skip(if: true) { name } totalCount } }',
      'application/graphql-response+json',
    );
    expect(response.status).toBe(400);
    expect(JSON.parse(response.body).errors[0].extensions.code).toBe('BAD_USER_INPUT');
  });
});

describe('Accept q-values', () => {
  it.each([
    'multipart/mixed;q=0, application/json',
    'multipart/mixed; q=0.0, application/graphql-response+json',
    'text/event-stream;q=0, application/json',
    'multipart/*;q=0, application/json',
    '*/*;q=0',
    // Yoga would send multipart/mixed (it ignores q), which the client refuses.
    'multipart/mixed;q=0, text/event-stream',
    'multipart/mixed;q=0, */*',
  ])('Accept: %s is refused with 406 when something is deferred', async (accept) => {
    const response = await post(app, DEFERRED, accept);
    expect(response.status).toBe(406);
    // Yoga sends a single result in the last type it matches: multipart/mixed for the ones without JSON.
    const [body] = response.contentType.startsWith('multipart/mixed')
      ? multipartParts(response.contentType, response.body)
      : [JSON.parse(response.body) as Payload];
    expect(body!.errors![0]!.extensions!.code).toBe('INCREMENTAL_DELIVERY_NOT_ACCEPTED');
  });

  it.each([
    ['multipart/mixed', 'multipart/mixed'],
    ['multipart/mixed;q=0.5, application/json', 'multipart/mixed'],
    ['text/event-stream', 'text/event-stream'],
    ['*/*', 'multipart/mixed'],
    ['application/json;q=0.9, multipart/mixed;deferSpec=20220824', 'multipart/mixed'],
    ['*/*;q=0, multipart/mixed', 'multipart/mixed'],
    ['multipart/*;q=0.1, text/event-stream;q=0', 'multipart/mixed'],
    ['text/event-stream, multipart/mixed;q=0.001', 'multipart/mixed'],
  ])('Accept: %s gets the parts as %s', async (accept, type) => {
    const response = await post(app, DEFERRED, accept);
    expect(response.status, response.body).toBe(200);
    expect(response.contentType.split(';')[0]).toBe(type);
    await expectIncremental(type === 'multipart/mixed' ? multipartParts(response.contentType, response.body) : sseEvents(response.body));
  });

  it('q=0 on the incremental types changes nothing for an operation without @defer/@stream', async () => {
    const response = await post(app, PLAIN, 'multipart/mixed;q=0, application/json');
    expect(response.status).toBe(200);
    expect(JSON.parse(response.body).data).toEqual(await plainData(PLAIN));
  });
});
