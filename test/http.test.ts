/**
 * GraphQL over HTTP: the graphql-http audit suite against the real server
 * on a loopback port, the status and message for each kind of bad request,
 * CORS and readiness. Shutdown is tested on the server process
 * (server.test.ts, shutdown.test.ts).
 */
import { createServer, type Server } from 'node:http';
import { auditServer } from 'graphql-http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/yoga.js';

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
    expect(response.headers.get('allow')).toMatch(/GET.*POST/);
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

describe('CORS', () => {
  it('answers a preflight from any origin', async () => {
    const response = await fetch(`${url}/graphql`, {
      method: 'OPTIONS',
      headers: {
        origin: 'https://newsroom.example',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type',
      },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe('https://newsroom.example');
    expect(response.headers.get('access-control-allow-methods')).toContain('POST');
    expect(response.headers.get('access-control-allow-headers')).toContain('content-type');
  });

  it('allows a cross-origin GET and POST', async () => {
    const get = await fetch(`${url}/graphql?query=${encodeURIComponent('{ __typename }')}`, {
      headers: { origin: 'https://lab.example', accept: 'application/json' },
    });
    expect(get.headers.get('access-control-allow-origin')).toBe('https://lab.example');
    const postResponse = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { origin: 'https://lab.example', 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    expect(postResponse.headers.get('access-control-allow-origin')).toBe('https://lab.example');
    expect(await postResponse.json()).toEqual({ data: { __typename: 'Query' } });
  });
});

describe('health and readiness', () => {
  it('answers /health and /ready with 200 while serving', async () => {
    expect((await fetch(`${url}/health`)).status).toBe(200);
    expect((await fetch(`${url}/ready`)).status).toBe(200);
  });
});
