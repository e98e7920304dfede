/**
 * Fuzzing with fast-check: operations generated from the schema (valid
 * ones with random arguments), the same operations mutated, random
 * documents and random HTTP bodies. Every response must be a well-formed
 * GraphQL response with a client status, and none may leak a stack trace,
 * a file path or an internal message. Seeds are fixed so runs repeat.
 */
import fc from 'fast-check';
import {
  getNamedType,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  isUnionType,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLNamedType,
} from 'graphql';
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schema } from '../src/schema/index.ts';
import { createApp } from '../src/yoga.ts';
import { app } from './helpers.ts';

const SEED = 20210706;
const CLIENT_STATUSES = new Set([200, 400, 405, 413, 415]);
// (Yoga echoes the JSON parser's message for a malformed body as extensions.originalError:
// that is the client's own input and helps fix it, so it is allowed.)
const LEAKS = /\bat [\w.<>]+ \(|node_modules|\/src\/|\.ts:\d+|"stack"|Unexpected error\./;

type Gen = fc.GeneratorValue;

/** Up to `max` items of `list`, chosen by index (schema objects are circular: fast-check must not walk them). */
function pick<T>(g: Gen, list: readonly T[], max: number): T[] {
  if (list.length === 0) return [];
  const indexes = g(
    fc.subarray,
    list.map((_, i) => i),
    { maxLength: Math.min(max, list.length) },
  );
  return indexes.map((i) => list[i]!);
}

/** A random value for an argument or input field of `type`, sometimes deliberately wrong. */
function inputValue(g: Gen, type: GraphQLInputType, depth = 0): string {
  if (isNonNullType(type)) return inputValue(g, type.ofType, depth);
  if (isListType(type)) {
    const n = g(fc.integer, { min: 0, max: 3 });
    return `[${Array.from({ length: n }, () => inputValue(g, type.ofType, depth + 1)).join(', ')}]`;
  }
  if (isEnumType(type)) return g(fc.constantFrom, ...type.getValues().map((v) => v.name));
  if (isInputObjectType(type)) {
    if (depth > 2) return '{}';
    const fields = pick(g, Object.values(type.getFields()), 3);
    return `{ ${fields.map((f) => `${f.name}: ${inputValue(g, f.type, depth + 1)}`).join(', ')} }`;
  }
  switch (type.name) {
    case 'Int':
      // Mostly small pages (large nested pages are slow to fuzz, and the limits tests cover them).
      return String(
        g(() =>
          fc.oneof({ arbitrary: fc.integer({ min: -3, max: 12 }), weight: 8 }, { arbitrary: fc.constantFrom(0, 20, 100, 101, -1, 2 ** 31 - 1), weight: 1 }),
        ),
      );
    case 'Boolean':
      return String(g(fc.boolean));
    case 'Float':
      return String(g(fc.double, { noNaN: true, noDefaultInfinity: true }));
    case 'Date':
      return JSON.stringify(g(fc.constantFrom, '2021-07-06', '2017-11-30', '2021-02-30', 'yesterday', ''));
    default:
      // String and ID: real slugs, codes and IDs mixed with noise.
      return JSON.stringify(
        g(() =>
          fc.oneof(
            fc.constantFrom('cpc-and-world-political-parties-summit-2021', 'african-national-congress', 'xi-jinping', 'ZA', 'vnm', 'RXZlbnQ6eA=='),
            fc.string({ maxLength: 12 }),
            fc.base64String({ maxLength: 16 }),
          ),
        ),
      );
  }
}

function args(g: Gen, list: readonly GraphQLArgument[]): string {
  const optional = list.filter((a) => !isNonNullType(a.type));
  const chosen = [...list.filter((a) => isNonNullType(a.type)), ...pick(g, optional, 3)];
  return chosen.length ? `(${chosen.map((a) => `${a.name}: ${inputValue(g, a.type)}`).join(', ')})` : '';
}

/** A random selection set on `type`, at most `depth` levels deep. */
function selection(g: Gen, type: GraphQLNamedType, depth: number): string {
  if (isUnionType(type)) {
    const members = pick(g, type.getTypes(), 2);
    const parts = members.map((m) => `... on ${m.name} ${selection(g, m, depth - 1)}`);
    return `{ __typename ${parts.join(' ')} }`;
  }
  if (!isObjectType(type) && !isInterfaceType(type)) return '';
  const fields = Object.values(type.getFields()) as GraphQLField<unknown, unknown>[];
  const leaves = fields.filter((f) => isLeafType(getNamedType(f.type)));
  const branches = depth > 0 ? fields.filter((f) => !isLeafType(getNamedType(f.type))) : [];
  const picked = [...pick(g, leaves, 4), ...pick(g, branches, 2)];
  const parts = picked.map((f) => {
    const sub = isLeafType(getNamedType(f.type)) ? '' : ` ${selection(g, getNamedType(f.type), depth - 1)}`;
    return `${f.name}${args(g, f.args)}${sub}`;
  });
  return `{ __typename ${parts.join(' ')} }`;
}

const operation = fc.gen().map((g) => selection(g, schema.getQueryType()!, g(fc.integer, { min: 1, max: 4 })));

/** Mutations of a document: characters deleted, inserted or swapped. */
const mutated = fc
  .tuple(
    operation,
    fc.array(fc.tuple(fc.nat(), fc.constantFrom('del', 'ins', 'dup')), { minLength: 1, maxLength: 4 }),
    fc.string({ minLength: 1, maxLength: 3 }),
  )
  .map(([doc, edits, noise]) => {
    let text = doc;
    for (const [at, edit] of edits) {
      const i = at % (text.length + 1);
      if (edit === 'del') text = text.slice(0, i) + text.slice(i + 1);
      else if (edit === 'ins') text = text.slice(0, i) + noise + text.slice(i);
      else text = text.slice(0, i) + text.slice(i, i + 8) + text.slice(i);
    }
    return text;
  });

/** Responses with data and no errors: the generator must produce valid operations, not only noise. */
let answered = 0;
async function check(init: RequestInit, path = '/graphql') {
  const response = await app.fetch(`http://yoga${path}`, init);
  const text = await response.text();
  expect(CLIENT_STATUSES, `status ${response.status}: ${text.slice(0, 300)}`).toContain(response.status);
  expect(text, 'leaked internals').not.toMatch(LEAKS);
  if (response.status === 200 || response.headers.get('content-type')?.includes('json')) {
    if (text.length === 0) return;
    const body = JSON.parse(text);
    expect(typeof body).toBe('object');
    expect('data' in body || 'errors' in body, text.slice(0, 200)).toBe(true);
    for (const error of body.errors ?? []) expect(typeof error.message).toBe('string');
    if (body.data && !body.errors) answered++;
  }
}

const post = (body: string, contentType = 'application/json') =>
  check({ method: 'POST', headers: { 'content-type': contentType, accept: 'application/graphql-response+json' }, body });

describe('fuzzing', { timeout: 120_000 }, () => {
  it('answers generated operations with well-formed responses', async () => {
    answered = 0;
    await fc.assert(
      fc.asyncProperty(operation, async (query) => post(JSON.stringify({ query }))),
      { numRuns: 500, seed: SEED },
    );
    expect(answered).toBeGreaterThan(100);
  });

  it('answers mutated operations with well-formed responses', async () => {
    await fc.assert(
      fc.asyncProperty(mutated, async (query) => post(JSON.stringify({ query }))),
      { numRuns: 500, seed: SEED },
    );
  });

  it('answers random bodies, variables and content types without crashing', async () => {
    const body = fc.oneof(
      fc.string(),
      fc.json(),
      fc.jsonValue().map((v) => JSON.stringify({ query: '{ __typename }', variables: v })),
      fc.jsonValue().map((v) => JSON.stringify({ query: v })),
      fc.record({ query: fc.string(), operationName: fc.string(), extensions: fc.jsonValue() }).map((v) => JSON.stringify(v)),
    );
    const type = fc.constantFrom('application/json', 'application/graphql+json', 'text/plain', 'multipart/form-data', 'application/x-www-form-urlencoded', '');
    await fc.assert(
      fc.asyncProperty(body, type, async (b, t) => post(b, t)),
      { numRuns: 250, seed: SEED },
    );
  });

  it('answers random GET query strings', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(operation, mutated, fc.string()), fc.string({ maxLength: 20 }), async (query, variables) =>
        check(
          { method: 'GET', headers: { accept: 'application/json' } },
          `/graphql?query=${encodeURIComponent(query)}&variables=${encodeURIComponent(variables)}`,
        ),
      ),
      { numRuns: 300, seed: SEED },
    );
  });
});

describe('fuzzing the production configuration over HTTP', { timeout: 120_000 }, () => {
  // The real server answers a repeated operation from its fast path and a
  // repeated request from its response cache; both must answer exactly as
  // the first, full pass through Yoga did.
  let server: Server;
  let url: string;
  beforeAll(async () => {
    server = createServer(createApp({ graphiql: false }));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as { port: number }).port}/graphql`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  async function send(query: string, variables?: unknown) {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
      body: JSON.stringify({ query, variables }),
    });
    return { status: response.status, type: response.headers.get('content-type'), body: await response.text() };
  }

  it('answers a repeated operation exactly as the first time, fast path and cache included', async () => {
    await fc.assert(
      fc.asyncProperty(operation, fc.integer({ min: -2, max: 30 }), async (query, n) => {
        const first = await send(query);
        expect(CLIENT_STATUSES).toContain(first.status);
        expect(first.body).not.toMatch(LEAKS);
        expect(await send(query)).toEqual(first);
        expect(await send(query)).toEqual(first);
        // The same text with variables the first pass never saw.
        const withVariables = `query Fuzz($n: Int) { countries(first: $n) { totalCount nodes { code } } }`;
        const a = await send(withVariables, { n });
        expect(await send(withVariables, { n })).toEqual(a);
      }),
      { numRuns: 150, seed: SEED },
    );
  });
});
