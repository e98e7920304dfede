/**
 * GraphQL over HTTP: the graphql-http audit suite against the real server
 * on a loopback port, the status and message for each kind of bad request,
 * CORS and readiness. Shutdown is tested on the server process
 * (server.test.ts, shutdown.test.ts).
 */
import { createServer, type Server } from 'node:http';
import { auditServer } from 'graphql-http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/yoga.ts';

let server: Server;
let url: string;

beforeAll(async () => {
  server = createServer(createApp());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address() as { port: number };
  url = `http://127.0.0.1:${address.port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('graphql-http audit (GraphQL over HTTP spec)', () => {
  it('passes every MUST and SHOULD audit, and every MAY one', async () => {
    const results = await auditServer({ url: `${url}/graphql` });
    const notOk = results.filter((r) => r.status !== 'ok').map((r) => `${r.status} ${r.name}`);
    expect(results.length).toBeGreaterThanOrEqual(50);
    expect(notOk).toEqual([]);
  });
});

const GRAPHQL_RESPONSE = 'application/graphql-response+json';

async function post(body: string, headers: Record<string, string> = {}) {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: GRAPHQL_RESPONSE, ...headers },
    body,
  });
  const text = await response.text();
  return { status: response.status, type: response.headers.get('content-type'), body: text ? JSON.parse(text) : null };
}

describe('bad requests get the status and message the spec gives', () => {
  it('malformed JSON: 400', async () => {
    const r = await post('{"query": ');
    expect(r.status).toBe(400);
    expect(r.body.errors[0].message).toBe('POST body sent invalid JSON.');
  });

  it('no query: 400', async () => {
    const r = await post('{}');
    expect(r.status).toBe(400);
    expect(r.body.errors[0].message).toBe('Must provide query string.');
  });

  it('a syntax error: 400, naming where', async () => {
    const r = await post(JSON.stringify({ query: '{ country(' }));
    expect(r.status).toBe(400);
    expect(r.body.errors[0]).toMatchObject({ message: 'Syntax Error: Expected Name, found <EOF>.', locations: [{ line: 1, column: 11 }] });
  });

  it('an unknown field: 400, with suggestions', async () => {
    const r = await post(JSON.stringify({ query: '{ partys { totalCount } }' }));
    expect(r.status).toBe(400);
    expect(r.body.errors[0].message).toBe('Cannot query field "partys" on type "Query". Did you mean "party" or "parties"?');
  });

  it('a variable of the wrong type: 400, naming the variable', async () => {
    const r = await post(JSON.stringify({ query: 'query ($c: String!) { country(code: $c) { name } }', variables: { c: 5 } }));
    expect(r.status).toBe(400);
    expect(r.body.errors[0].message).toBe('Variable "$c" got invalid value 5; String cannot represent a non string value: 5');
    expect(r.body.data).toBeUndefined();
  });

  it('an unknown operation name: 400', async () => {
    const r = await post(JSON.stringify({ query: 'query A { __typename }', operationName: 'B' }));
    expect(r.status).toBe(400);
    expect(r.body.errors[0].message).toBe('Could not determine what operation to execute.');
  });

  it('an unsupported content type: 415', async () => {
    const r = await post('{ __typename }', { 'content-type': 'text/plain' });
    expect(r.status).toBe(415);
  });

  it('a mutation or subscription: 400, the API is read-only', async () => {
    for (const operation of ['mutation', 'subscription']) {
      const r = await post(JSON.stringify({ query: `${operation} { x }` }));
      expect(r.status, operation).toBe(400);
      expect(r.body.errors[0].message).toBe(
        `This API is read-only: it has no ${operation} type. Send a query; see the schema at /graphql (introspection) for the fields of Query.`,
      );
    }
  });

  it('a mutation over GET: 405', async () => {
    const response = await fetch(`${url}/graphql?query=${encodeURIComponent('mutation { x }')}`, { headers: { accept: GRAPHQL_RESPONSE } });
    expect(response.status).toBe(405);
  });

  it('a method other than GET or POST: 405', async () => {
    const response = await fetch(`${url}/graphql`, { method: 'PUT', body: '{}', headers: { 'content-type': 'application/json' } });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET, HEAD, POST');
  });

  it('a parameter error (400) lists HEAD in its Allow too: every method the endpoint answers', async () => {
    const noQuery = await fetch(`${url}/graphql`, { headers: { accept: GRAPHQL_RESPONSE } });
    const notAString = await fetch(`${url}/graphql`, {
      method: 'POST',
      body: JSON.stringify({ query: 1 }),
      headers: { 'content-type': 'application/json', accept: GRAPHQL_RESPONSE },
    });
    for (const response of [noQuery, notAString]) {
      expect(response.status).toBe(400);
      expect(response.headers.get('allow')).toBe('GET, HEAD, POST');
    }
  });

  it('malformed JSON in GET variables or extensions: 400, naming the parameter', async () => {
    const bad = await fetch(`${url}/graphql?query=${encodeURIComponent('{ __typename }')}&variables=${encodeURIComponent('{oops')}`, {
      headers: { accept: GRAPHQL_RESPONSE },
    });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({
      errors: [{ message: 'The `variables` query parameter is not valid JSON.', extensions: { code: 'BAD_REQUEST' } }],
    });
    const list = await fetch(`${url}/graphql?query=${encodeURIComponent('{ __typename }')}&extensions=${encodeURIComponent('[1]')}`);
    expect(list.status).toBe(400);
  });

  it('answers a GET query with data', async () => {
    const response = await fetch(`${url}/graphql?query=${encodeURIComponent('{ country(code: "CU") { name } }')}`, {
      headers: { accept: GRAPHQL_RESPONSE },
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ data: { country: { name: 'Cuba' } } });
  });
});

describe('CORS for a public API without credentials', () => {
  it('answers a preflight on /graphql (and /graphql/, answered too) from any origin, kept an hour, never with credentials', async () => {
    for (const path of ['/graphql', '/graphql/']) {
      const response = await fetch(`${url}${path}`, {
        method: 'OPTIONS',
        headers: { origin: 'https://newsroom.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
      });
      expect(response.status, path).toBe(204);
      expect(response.headers.get('access-control-allow-origin')).toBe('*');
      expect(response.headers.get('access-control-allow-methods')).toBe('GET, POST, HEAD');
      expect(response.headers.get('access-control-allow-headers')).toBe('content-type');
      expect(Number(response.headers.get('access-control-max-age'))).toBeGreaterThanOrEqual(600);
      expect(response.headers.get('access-control-allow-credentials')).toBeNull();
    }
  });

  it('answers OPTIONS on any other path with 404', async () => {
    for (const path of ['/nowhere', '/health', '/graphql/x']) {
      expect((await fetch(`${url}${path}`, { method: 'OPTIONS', headers: { origin: 'https://a.example' } })).status, path).toBe(404);
    }
  });

  it('gives every answer the same CORS headers, with or without Origin, so no cache can mix them up', async () => {
    const query = `${url}/graphql?query=${encodeURIComponent('{ __typename }')}`;
    const answers = [
      await fetch(query, { headers: { origin: 'https://lab.example', accept: 'application/json' } }),
      await fetch(query, { headers: { origin: 'https://other.example', accept: 'application/json' } }),
      await fetch(query, { headers: { accept: 'application/json' } }),
      await fetch(`${url}/graphql`, {
        method: 'POST',
        headers: { origin: 'https://lab.example', 'content-type': 'application/json' },
        body: '{"query":"{ __typename }"}',
      }),
    ];
    for (const response of answers) {
      expect(response.headers.get('access-control-allow-origin')).toBe('*');
      expect(response.headers.get('access-control-allow-credentials')).toBeNull();
      expect(response.headers.get('access-control-expose-headers')).toBe('ETag, RateLimit, RateLimit-Policy, Retry-After');
      expect(response.headers.get('vary') ?? '').not.toMatch(/origin/i);
      expect(await response.json()).toEqual({ data: { __typename: 'Query' } });
    }
  });
});

describe('health and readiness', () => {
  it('answers GET and HEAD on /health and /ready with 200, uncached', async () => {
    for (const path of ['/health', '/ready']) {
      const get = await fetch(`${url}${path}`);
      expect(get.status).toBe(200);
      expect(await get.json()).toEqual({ status: 'ok' });
      expect(get.headers.get('cache-control')).toBe('no-store');
      const head = await fetch(`${url}${path}`, { method: 'HEAD' });
      expect(head.status).toBe(200);
      expect(await head.text()).toBe('');
    }
  });

  it('answers 405 with Allow to any other method on them, and 404 to paths that only end like them', async () => {
    for (const method of ['POST', 'PUT', 'DELETE', 'PATCH']) {
      const response = await fetch(`${url}/health`, { method });
      expect(response.status, method).toBe(405);
      expect(response.headers.get('allow')).toBe('GET, HEAD');
    }
    expect((await fetch(`${url}/not/health`)).status).toBe(404);
    expect((await fetch(`${url}/graphql?x=/health`, { headers: { accept: 'application/graphql-response+json' } })).status).toBe(400); // a GraphQL GET without a query
  });
});

describe('HEAD', () => {
  it('answers HEAD /graphql as GET, without the body', async () => {
    const target = `${url}/graphql?query=${encodeURIComponent('{ country(code: "CU") { name } }')}`;
    const get = await fetch(target, { headers: { accept: 'application/json' } });
    const head = await fetch(target, { method: 'HEAD', headers: { accept: 'application/json' } });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
    for (const name of ['content-type', 'etag', 'cache-control']) expect(head.headers.get(name), name).toBe(get.headers.get(name));
  });
});

describe('request details', () => {
  it('refuses a compressed request body with 415, lists HEAD in Allow, and hides originalError outside development', async () => {
    const gzipped = await fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' }, body: 'x' });
    expect(gzipped.status).toBe(415);
    expect(((await gzipped.json()) as { errors: { message: string }[] }).errors[0]!.message).toBe(
      'Request bodies must not be compressed; got Content-Encoding "gzip".',
    );
    const put = await fetch(`${url}/graphql`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(put.status).toBe(405);
    expect(put.headers.get('allow')).toBe('GET, HEAD, POST');
    const invalid = await fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query": "{ __typename }"' });
    expect(invalid.status).toBe(400);
    const text = await invalid.text();
    expect(text).not.toContain('originalError');
    expect(text).not.toContain('__typename');
  });

  it('refuses an Accept header over 1,024 characters on /graphql, and a 406 names each media type it offers once', async () => {
    const target = `${url}/graphql?query=${encodeURIComponent('{ __typename }')}`;
    const long = await fetch(target, { headers: { accept: `${','.repeat(1100)}application/json` } });
    expect(long.status).toBe(400);
    expect(((await long.json()) as { errors: { message: string }[] }).errors[0]!.message).toBe('The Accept header must be at most 1024 characters; got 1116.');
    const refused = await fetch(target, { headers: { accept: `${','.repeat(1000)}a/b` } });
    expect(refused.status).toBe(406);
    const offered = refused.headers
      .get('accept')!
      .split(',')
      .map((type) => type.trim());
    expect(offered.length).toBeGreaterThan(0);
    expect(new Set(offered).size).toBe(offered.length);
    expect(refused.headers.get('accept')!.length).toBeLessThan(512);
  });

  it('names the limit when graphql-js gives up checking repeated fields', async () => {
    const response = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
      body: JSON.stringify({ query: `{${' __typename'.repeat(1300)} }` }),
    });
    expect(response.status).toBe(400);
    const { errors } = (await response.json()) as { errors: { message: string }[] };
    expect(errors.map((e) => e.message)).toContain(
      'Validation stopped: checking that the selected fields can be merged would take too much work (graphql-js limits it). Select each field once instead of repeating it.',
    );
  });
});

describe('validation', () => {
  it('names the limit when graphql-js stops after 100 validation errors', async () => {
    const response = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
      body: JSON.stringify({ query: `{${' nope'.repeat(150)} }` }),
    });
    expect(response.status).toBe(400);
    const { errors } = (await response.json()) as { errors: { message: string }[] };
    expect(errors).toHaveLength(101);
    expect(errors[100]!.message).toBe(
      'Validation stopped after 100 errors (the limit of errors reported per document). Correct the errors above and send the document again.',
    );
  });
});

describe('an exception in a plugin hook (a bug, ours or a deployer’s)', () => {
  it('is answered 500 "Unexpected error." with no stack trace, from onRequest, onResponse or onResultProcess, thrown or rejected', async () => {
    const boom = () => {
      throw new Error('boom at /srv/secret/path');
    };
    const places: Record<string, Parameters<typeof createApp>[0]> = {
      'onRequest, thrown': { plugins: [{ onRequest: boom }] },
      'onRequest, rejected': { plugins: [{ onRequest: async () => boom() }] },
      'onResponse, thrown': { plugins: [{ onResponse: boom }] },
      'onResponse, rejected': { plugins: [{ onResponse: async () => boom() }] },
      'onResultProcess, thrown': { plugins: [{ onResultProcess: boom }] },
      // A plugin that another adds (envelop's addPlugin), and a deployer's own request-handler wrapper.
      'an added plugin': { plugins: [{ onPluginInit: ({ addPlugin }) => addPlugin({ onRequest: boom }) }] },
      'a request-handler wrapper': {
        plugins: [
          { onRequest: ({ requestHandler, setRequestHandler }) => setRequestHandler((request, context) => (boom(), requestHandler(request, context))) },
        ],
      },
    };
    const errors: unknown[] = [];
    const logged = console.error;
    console.error = (...args: unknown[]) => void errors.push(args);
    try {
      for (const [place, options] of Object.entries(places)) {
        const app = createApp({ graphiql: false, ...options });
        const onlyGraphQL = place.startsWith('onResultProcess') || place === 'a request-handler wrapper';
        const paths = onlyGraphQL ? ['/graphql?query=%7B__typename%7D'] : ['/health', '/graphql?query=%7B__typename%7D'];
        for (const path of paths) {
          const response = await app.fetch(`http://yoga${path}`);
          const body = await response.text();
          expect(response.status, `${place} ${path}`).toBe(500);
          expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
          expect(JSON.parse(body)).toEqual({ errors: [{ message: 'Unexpected error.' }] });
        }
      }
    } finally {
      console.error = logged;
    }
    // The server's log has the error (with its stack); the client does not.
    expect(errors.length).toBeGreaterThanOrEqual(12);
    expect(String((errors[0] as unknown[])[1])).toContain('boom at /srv/secret/path');
  });

  it('is guarded without changing the plugins: a frozen plugin, a getter, `this`, and identity in onPluginInit still work', async () => {
    let seenSelf = false;
    let calls = 0;
    class Counting {
      #count = 0;
      onRequest() {
        this.#count++;
        calls = this.#count;
      }
    }
    const frozen = Object.freeze({ onResponse: () => undefined });
    const getter = {
      get onRequest() {
        return () => undefined;
      },
    };
    const own = { onPluginInit: ({ plugins }: { plugins: unknown[] }) => void (seenSelf = plugins.includes(own)) };
    // State kept from onYogaInit, in a private field and read by an arrow-function hook.
    class Stateful {
      #yoga: unknown;
      seen = 0;
      onYogaInit({ yoga }: { yoga: unknown }) {
        this.#yoga = yoga;
      }
      onRequest = () => {
        if (this.#yoga) this.seen++;
      };
    }
    const stateful = new Stateful();
    const app = createApp({ graphiql: false, plugins: [frozen, getter, new Counting(), own, stateful] });
    expect((await app.fetch('http://yoga/health')).status).toBe(200);
    expect(seenSelf).toBe(true);
    expect(calls).toBe(1);
    expect(stateful.seen).toBe(1);
  });

  it('guards an onRequest set in onYogaInit, and an instrumentation.request that throws lets the request go on', async () => {
    const late = createApp({
      graphiql: false,
      plugins: [
        {
          onYogaInit() {
            (this as { onRequest?: () => never }).onRequest = () => {
              throw new Error('boom at /srv/secret/path');
            };
          },
        },
      ],
    });
    // A class instance: its other instruments (on the prototype) are kept.
    const spans: string[] = [];
    class Tracing {
      request(): never {
        throw new Error('boom at /srv/secret/path');
      }
      operation(_payload: unknown, wrapped: () => void) {
        spans.push('operation');
        wrapped();
      }
    }
    const instrumented = createApp({ graphiql: false, plugins: [{ instrumentation: new Tracing() }] });
    const logged = console.error;
    console.error = () => undefined;
    try {
      const refused = await late.fetch('http://yoga/health');
      expect([refused.status, await refused.text()]).toEqual([500, '{"errors":[{"message":"Unexpected error."}]}']);
      const served = await instrumented.fetch('http://yoga/graphql?query=%7B__typename%7D');
      expect([served.status, await served.text()]).toEqual([200, '{"data":{"__typename":"Query"}}']);
      expect(spans).toEqual(['operation']);
    } finally {
      console.error = logged;
    }
  });

  it('is answered without the stack over node:http too', async () => {
    const app = createApp({ graphiql: false, plugins: [{ onRequest: () => Promise.reject(new Error('boom at /srv/secret/path')) }] });
    const server = createServer(app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const logged = console.error;
    console.error = () => undefined;
    try {
      const { port } = server.address() as { port: number };
      const response = await fetch(`http://127.0.0.1:${port}/health`);
      expect(response.status).toBe(500);
      expect(await response.text()).toBe('{"errors":[{"message":"Unexpected error."}]}');
    } finally {
      console.error = logged;
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
