/** Operation limits: each refusal names the limit and the value found, and none is a 500. */
import { getIntrospectionQuery } from 'graphql';
import { describe, expect, it } from 'vitest';
import { LIMITS } from '../src/limits.ts';
import { createApp } from '../src/yoga.ts';
import { app, graphql, store } from './helpers.ts';

/** A Relay query three hops deep: event -> participations -> party -> country -> parties. */
const THREE_HOPS = `query ThreeHops($first: Int) {
  events(first: $first) {
    edges { node {
      participations(first: $first) {
        edges { node {
          party { country { parties(first: $first) { edges { node { name } } } } }
        } }
      }
    } }
  }
}`;

/** A refused request: no data, one error, status 400 (the helper asks for application/graphql-response+json). */
async function refusal(query: string, variables?: Record<string, unknown>) {
  const result = await graphql(query, variables);
  expect(result.status).toBe(400);
  expect(result.errors, 'expected a refusal').toHaveLength(1);
  expect(result.data ?? null).toBeNull();
  return result.errors![0]!;
}

describe('depth', () => {
  it('lets an ordinary three-hop Relay query through (depth 12)', async () => {
    const result = await graphql(THREE_HOPS, { first: 5 });
    expect(result.errors).toBeUndefined();
    expect(result.data.events.edges.length).toBe(5);
  });

  it('refuses depth 13, naming the limit and the depth found', async () => {
    const deeper = THREE_HOPS.replace('edges { node { name } }', 'edges { node { country { name } } }');
    const error = await refusal(deeper, { first: 2 });
    expect(error.message).toBe(`Query depth limit of ${LIMITS.maxDepth} exceeded, found 13.`);
  });
});

describe('aliases, directives, tokens, length', () => {
  it('allows 15 aliases and refuses 16', async () => {
    const aliases = (n: number) => `{ ${Array.from({ length: n }, (_, i) => `a${i}: country(code: "VN") { name }`).join(' ')} }`;
    expect((await graphql(aliases(15))).errors).toBeUndefined();
    const error = await refusal(aliases(16));
    expect(error.message).toBe('Aliases limit of 15 exceeded, found 16.');
  });

  it('refuses more than 50 directives', async () => {
    const query = `{ country(code: "VN") { ${'... @include(if: true) { name } '.repeat(51)} } }`;
    const error = await refusal(query);
    expect(error.message).toBe("Directives limit of 50 exceeded, found 51 (a fragment's directives count once per spread).");
    expect(error.extensions).toMatchObject({ code: 'DIRECTIVES_LIMIT_EXCEEDED', limit: 50, found: 51 });
  });

  it('counts directives on repeated fragment spreads each time, and those inside the fragment once per spread', async () => {
    const spreads = (n: number) => `{ country(code: "VN") { ${'...F @include(if: true) @skip(if: false) '.repeat(n)} } } fragment F on Country { name }`;
    expect((await graphql(spreads(25))).errors).toBeUndefined(); // 50 directives
    expect((await refusal(spreads(100))).extensions).toMatchObject({ code: 'DIRECTIVES_LIMIT_EXCEEDED', found: 200 });
    const inside = (n: number) => `{ country(code: "VN") { ${'...G '.repeat(n)} } } fragment G on Country { name @include(if: true) code @skip(if: false) }`;
    expect((await graphql(inside(25))).errors).toBeUndefined();
    expect((await refusal(inside(26))).extensions).toMatchObject({ found: 52 });
  });

  it('refuses more than 2000 tokens, but accepts the full introspection query', async () => {
    const introspection = await graphql(getIntrospectionQuery({ descriptions: true, specifiedByUrl: true, inputValueDeprecation: true }));
    expect(introspection.errors).toBeUndefined();
    expect(introspection.data.__schema.types.length).toBeGreaterThan(50);
    const query = `{ country(code: "VN") { ${'name '.repeat(2000)}} }`;
    expect(query.length).toBeLessThan(LIMITS.maxQueryLength);
    const error = await refusal(query);
    expect(error.message).toBe('Token limit of 2000 exceeded: the document has more than 2000 tokens (names, punctuation, values). Send a shorter document.');
    expect(error.extensions).toMatchObject({ code: 'TOKEN_LIMIT_EXCEEDED', limit: 2000 });
  });

  it('refuses brackets nested more than 100 deep before parsing them (a list 1,999 deep overflowed the stack of a new process: 500)', async () => {
    // The operation's brace and the argument's parenthesis are 2 of the levels.
    const nested = (n: number) => `{ nodes(ids: ${'['.repeat(n)}"x"${']'.repeat(n)}) { id } }`;
    const within = await graphql(nested(LIMITS.maxNesting - 2));
    expect(within.errors?.[0]?.extensions?.code).not.toBe('NESTING_LIMIT_EXCEEDED'); // a type error: a list of lists of IDs
    for (const n of [LIMITS.maxNesting - 1, 1_999, 7_000]) {
      const error = await refusal(nested(n));
      expect(error.message).toBe('Query text nests brackets, braces and parentheses more than 100 deep.');
      expect(error.extensions).toMatchObject({ code: 'NESTING_LIMIT_EXCEEDED', limit: 100 });
      expect((error as { locations?: unknown }).locations).toEqual([{ line: 1, column: 112 }]);
    }
    // Braces and parentheses count too; a syntax error is still the parser's.
    expect((await refusal(`{ a${' { a'.repeat(120)}${' }'.repeat(121)}`)).extensions).toMatchObject({ code: 'NESTING_LIMIT_EXCEEDED' });
    expect((await refusal('{ a(x: "unterminated }')).message).toBe('Syntax Error: Unterminated string.');
  });

  it('refuses query text longer than 15,000 characters', async () => {
    const query = `{ __typename }${' '.repeat(15_000)}`;
    const error = await refusal(query);
    expect(error.message).toBe(`Query text is limited to 15000 characters; found ${query.length}.`);
    expect(error.extensions).toMatchObject({ code: 'QUERY_TOO_LONG', limit: 15_000, length: query.length });
  });
});

describe('cost', () => {
  it('counts page sizes given as literals', async () => {
    const literal = THREE_HOPS.replace('query ThreeHops($first: Int)', 'query ThreeHops').replaceAll('$first', '100');
    const error = await refusal(literal);
    expect(error.message).toMatch(/^Query cost \d+ exceeds the limit of 50000\./);
    expect(error.extensions).toMatchObject({ code: 'COST_LIMIT_EXCEEDED', limit: 50_000 });
    expect(error.extensions!.cost).toBeGreaterThan(1_000_000);
  });

  it('counts page sizes given in variables the same way', async () => {
    const literal = THREE_HOPS.replace('query ThreeHops($first: Int)', 'query ThreeHops').replaceAll('$first', '100');
    const fromLiteral = (await refusal(literal)).extensions!.cost;
    const fromVariables = (await refusal(THREE_HOPS, { first: 100 })).extensions!.cost;
    expect(fromVariables).toBe(fromLiteral);
  });

  it('counts default page sizes (20) and lets a modest query through', async () => {
    const noArgs = THREE_HOPS.replace('query ThreeHops($first: Int)', 'query ThreeHops').replaceAll('(first: $first)', '');
    const withVariable = await graphql(THREE_HOPS, { first: 20 });
    const withDefault = await graphql(noArgs);
    expect(withDefault.errors).toBeUndefined();
    expect(withVariable.errors).toBeUndefined();
    const small = await graphql(THREE_HOPS, { first: 10 });
    expect(small.errors).toBeUndefined();
  });

  it('fails closed: an operation whose cost cannot be computed is refused, not run unmeasured', async () => {
    // A null variable in a non-null argument under @skip(if: true) made the cost computation
    // throw, and the check was skipped: this ran at cost 3,000,000 and more.
    const big = THREE_HOPS.replace('query ThreeHops($first: Int)', 'query Sneaky($q: String = "x")').replaceAll('$first', '100');
    const sneaky = big.replace('events(first: 100) {', 'skipped: search(query: $q) @skip(if: true) { totalCount }\n  events(first: 100) {');
    const error = await refusal(sneaky, { q: null });
    expect(error.extensions).toMatchObject({ code: 'COST_NOT_COMPUTABLE', limit: 50_000 });
    expect(error.message).toMatch(/^The query's cost could not be computed, so it is refused \(the cost limit is 50000\)\. .*"query"/);
    // With a value that fits, the same operation is measured and refused for its cost.
    expect((await refusal(sneaky, { q: 'x' })).extensions).toMatchObject({ code: 'COST_LIMIT_EXCEEDED' });
  });

  it('costs nodes(ids:) by the number of IDs, duplicates included', async () => {
    const { data } = await graphql('{ event(slug: "cpc-and-world-political-parties-summit-2021") { id } }');
    const nested = 'query ($ids: [ID!]!) { nodes(ids: $ids) { ... on Event { participations(first: 100) { nodes { party { name country { name } } } } } } }';
    // One ID: about 100 x 4, well within the limit; 100 copies of the same ID: 100 times that.
    expect((await graphql(nested, { ids: [data.event.id] })).errors).toBeUndefined();
    const error = await refusal(nested, { ids: Array(100).fill(data.event.id) });
    expect(error.extensions).toMatchObject({ code: 'COST_LIMIT_EXCEEDED', limit: 50_000 });
    expect(error.extensions!.cost).toBeGreaterThan(40_000);
  });

  it('counts introspection: the full introspection query fits; a second __schema, deep recursion or many __type do not', async () => {
    const full = getIntrospectionQuery({ descriptions: true, specifiedByUrl: true, inputValueDeprecation: true });
    expect((await graphql(full)).errors).toBeUndefined();
    const twice = full.replace('query IntrospectionQuery {', 'query IntrospectionQuery { b: __schema { types { name } }');
    expect((await refusal(twice)).extensions).toMatchObject({ code: 'INTROSPECTION_LIMIT_EXCEEDED', limit: 1 });
    // Aliases through a fragment: refused before anything runs.
    const aliased = Array.from({ length: 15 }, (_, i) => `a${i}: __schema { ...S }`).join(' ');
    expect((await refusal(`{ ${aliased} } fragment S on __Schema { types { fields { type { fields { name } } } } }`)).extensions).toMatchObject({
      code: 'INTROSPECTION_LIMIT_EXCEEDED',
    });
    // Recursion past graphql-js's introspection depth.
    let deep = 'name';
    for (let i = 0; i < 6; i++) deep = `fields { type { ${deep} } }`;
    expect((await refusal(`{ __schema { types { ${deep} } } }`)).message).toBe('Maximum introspection depth exceeded');
    // __type is counted in the cost, by the same model (a list multiplies by 8).
    const big = THREE_HOPS.replace('query ThreeHops($first: Int)', 'query Big').replaceAll('$first', '100');
    const withType = big.replace('events(first: 100) {', 't: __type(name: "Event") { name fields { name args { name } } }\n  events(first: 100) {');
    const [without, withIt] = [(await refusal(big)).extensions!.cost as number, (await refusal(withType)).extensions!.cost as number];
    // __type (once by Pothos, once here), name, fields, and 8 x (name, args, 8 x name).
    expect(withIt - without).toBe(2 + 1 + 1 + 8 * (1 + 1 + 8 * 1));
  });

  it('walks each fragment once when counting __schema: 40 levels of fragments spread twice are answered (the walk was exponential: minutes of a blocked server)', async () => {
    const doubling = (leaf: string) =>
      `{ ...F0 } ${Array.from({ length: 40 }, (_, i) => `fragment F${i} on Query { ...F${i + 1} ...F${i + 1} }`).join(' ')} fragment F40 on Query { ${leaf} }`;
    // Refused for its depth (fragment spreads count), by every rule in one pass.
    const codes = async (leaf: string) => ((await graphql(doubling(leaf))).errors ?? []).map((error) => error.message.slice(0, 40));
    expect(await codes('__typename')).toEqual(['Query depth limit of 12 exceeded, found ']);
    expect(await codes('__schema { queryType { name } }')).toEqual(['Query depth limit of 12 exceeded, found ', 'Introspection limit: an operation may se']);
  });

  it('costs a search by its words (250 each) besides its page: 15 aliases of a 20-word search are over the limit', async () => {
    const words = Array.from({ length: 20 }, (_, i) => `w${i}abcdefg`).join(' ');
    const aliases = Array.from({ length: 15 }, (_, i) => `s${i}: search(query: "${words} ${i}", first: 0) { totalCount }`).join(' ');
    const error = await refusal(`{ ${aliases} }`);
    expect(error.extensions).toMatchObject({ code: 'COST_LIMIT_EXCEEDED' });
    expect(error.extensions!.cost).toBe(15 * 21 * 250); // 21 words each; first: 0 adds nothing
  });

  it('refuses variables that do not fit their types before any executor runs, with graphql-js messages', async () => {
    const error = await refusal('query ($c: String!) { country(code: $c) { name } }', { c: { nested: [1, 2] } });
    expect(error.message).toBe('Variable "$c" got invalid value { nested: [1, 2] }; String cannot represent a non string value: { nested: [1, 2] }');
  });

  it('costs the operation that runs, not the others in the document', async () => {
    const doc = `query Small { country(code: "VN") { name } }
      ${THREE_HOPS.replace('query ThreeHops($first: Int)', 'query Big').replaceAll('$first', '100')}`;
    const response = await app.fetch('http://yoga/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: doc, operationName: 'Small' }),
    });
    const body = (await response.json()) as { data: unknown; errors?: unknown };
    expect(body.errors).toBeUndefined();
    expect(body.data).toEqual({ country: { name: 'Vietnam' } });
  });
});

describe('execution time', () => {
  it('stops an operation past its time limit with one error naming the limit', async () => {
    const slow = createApp({ store, timeLimitMs: 0 }); // every store call comes after the deadline
    const result = await graphql('{ events(first: 5) { nodes { name participations { totalCount } } } }', undefined, slow);
    expect(result.status).toBe(400);
    expect(result.data ?? null).toBeNull();
    expect(result.errors).toHaveLength(1);
    expect(result.errors![0]!.message).toBe(
      'Execution time limit of 0 ms exceeded, so the query was stopped. Ask for less: smaller pages, fewer nested connections.',
    );
    expect(result.errors![0]!.extensions).toMatchObject({ code: 'EXECUTION_TIME_LIMIT_EXCEEDED', limit: 0 });
    // Work after the last store call counts too: a query that makes none is stopped at its end.
    const late = await graphql('{ __typename }', undefined, slow);
    expect(late.errors![0]!.extensions).toMatchObject({ code: 'EXECUTION_TIME_LIMIT_EXCEEDED' });
    // The same query within the default limit.
    expect((await graphql('{ events(first: 5) { nodes { name participations { totalCount } } } }')).errors).toBeUndefined();
  });
});

describe('request size and batching', () => {
  it('answers 413 to a body over 100 KB', async () => {
    const response = await app.fetch('http://yoga/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ __typename }', variables: { pad: 'x'.repeat(100_001) } }),
    });
    expect(response.status).toBe(413);
  });

  it('does not accept batched operations', async () => {
    const response = await app.fetch('http://yoga/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify([{ query: '{ __typename }' }, { query: '{ __typename }' }]),
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { errors: { message: string }[] };
    expect(body.errors[0]!.message).toMatch(/object|batch/i);
  });
});
