/**
 * Relay conformance: the schema checked by introspection against the Global
 * Object Identification and Cursor Connections specs, and property tests of
 * pagination: for random first/after/last/before, the edges are exactly the
 * spec's EdgesToReturn, and hasNextPage/hasPreviousPage are exact.
 */
import fc from 'fast-check';
import { getIntrospectionQuery, type IntrospectionQuery, type IntrospectionTypeRef } from 'graphql';
import { beforeAll, describe, expect, it } from 'vitest';
import { data, graphql } from './helpers.js';

let types: Map<string, any>;

function printRef(ref: IntrospectionTypeRef): string {
  if (ref.kind === 'NON_NULL') return `${printRef((ref as any).ofType)}!`;
  if (ref.kind === 'LIST') return `[${printRef((ref as any).ofType)}]`;
  return (ref as any).name;
}
const fieldsOf = (name: string) => new Map<string, any>(types.get(name).fields.map((f: any) => [f.name, f]));

beforeAll(async () => {
  const result = await data<IntrospectionQuery>(getIntrospectionQuery());
  types = new Map(result.__schema.types.map((t) => [t.name, t]));
});

describe('Global Object Identification', () => {
  it('has a Node interface with `id: ID!`', () => {
    const node = types.get('Node');
    expect(node.kind).toBe('INTERFACE');
    expect(printRef(fieldsOf('Node').get('id').type)).toBe('ID!');
  });

  it('has node(id: ID!): Node and nodes(ids: [ID!]!): [Node]!', () => {
    const query = fieldsOf('Query');
    expect(printRef(query.get('node').type)).toBe('Node');
    expect(query.get('node').args.map((a: any) => `${a.name}: ${printRef(a.type)}`)).toEqual(['id: ID!']);
    expect(printRef(query.get('nodes').type)).toBe('[Node]!');
    expect(query.get('nodes').args.map((a: any) => `${a.name}: ${printRef(a.type)}`)).toEqual(['ids: [ID!]!']);
  });

  it('gives every Node implementation an `id: ID!`', () => {
    const implementations = types.get('Node').possibleTypes.map((t: any) => t.name).sort();
    expect(implementations).toEqual(['Country', 'Event', 'Organization', 'Participation', 'Party', 'Person', 'Source', 'Speech']);
    for (const name of implementations) expect(printRef(fieldsOf(name).get('id').type), name).toBe('ID!');
  });
});

describe('Cursor Connections', () => {
  const connections = () => [...types.keys()].filter((n) => n.endsWith('Connection'));

  it('has a PageInfo with the four spec fields', () => {
    const pageInfo = fieldsOf('PageInfo');
    expect(printRef(pageInfo.get('hasNextPage').type)).toBe('Boolean!');
    expect(printRef(pageInfo.get('hasPreviousPage').type)).toBe('Boolean!');
    expect(printRef(pageInfo.get('startCursor').type)).toBe('String');
    expect(printRef(pageInfo.get('endCursor').type)).toBe('String');
  });

  it('gives every connection type edges of an edge type and pageInfo: PageInfo!', () => {
    expect(connections().length).toBeGreaterThanOrEqual(9);
    for (const name of connections()) {
      const fields = fieldsOf(name);
      const edges = printRef(fields.get('edges').type);
      expect(edges, name).toMatch(/^\[(\w+Edge)!\]!$/);
      expect(printRef(fields.get('pageInfo').type), name).toBe('PageInfo!');
      const edgeType = /^\[(\w+)!\]!$/.exec(edges)![1]!;
      const edge = fieldsOf(edgeType);
      expect(printRef(edge.get('cursor').type), edgeType).toBe('String!');
      expect(edge.get('node'), edgeType).toBeDefined();
      expect(types.get(edgeType).kind).toBe('OBJECT');
    }
  });

  it('gives every field returning a connection the pagination arguments', () => {
    for (const type of types.values()) {
      if (type.kind !== 'OBJECT' || type.name.startsWith('__')) continue;
      for (const field of type.fields) {
        const returns = printRef(field.type).replace(/!$/, '');
        if (!returns.endsWith('Connection')) continue;
        const args = new Map<string, string>(field.args.map((a: any) => [a.name, printRef(a.type)]));
        const where = `${type.name}.${field.name}`;
        expect(args.get('first'), where).toBe('Int');
        expect(args.get('after'), where).toBe('String');
        expect(args.get('last'), where).toBe('Int');
        expect(args.get('before'), where).toBe('String');
      }
    }
  });
});

/**
 * The spec's pagination algorithm, written out independently of the
 * server's. Where the spec lets the server say whether items exist before
 * `after` or after `before` (it always can here), the flags say whether any
 * item of the list lies before or after the page.
 */
function expected(all: string[], cursors: string[], args: { first?: number; last?: number; after?: number; before?: number }) {
  let start = 0;
  let end = all.length;
  if (args.after !== undefined) start = args.after + 1;
  if (args.before !== undefined) end = Math.max(start, args.before);
  const window = { start, end };
  if (args.first !== undefined && end - start > args.first) end = start + args.first;
  if (args.last !== undefined && end - start > args.last) start = end - args.last;
  const length = window.end - window.start;
  return {
    edges: all.slice(start, end).map((node, i) => ({ node, cursor: cursors[start + i] })),
    hasPreviousPage: args.last !== undefined ? length > args.last : args.after !== undefined && window.start > 0,
    hasNextPage: args.first !== undefined ? length > args.first : args.before !== undefined && window.end < all.length,
  };
}

describe('pagination properties', () => {
  const LIST = `query ($first: Int, $after: String, $last: Int, $before: String) {
    countries(first: $first, after: $after, last: $last, before: $before, orderBy: { field: NAME, direction: DESC }) {
      totalCount
      edges { cursor node { code } }
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    }
  }`;
  let all: string[];
  let cursors: string[];

  beforeAll(async () => {
    all = [];
    cursors = [];
    for (let after: string | null = null, more = true; more; ) {
      const d: any = await data(LIST, { first: 100, after });
      all.push(...d.countries.edges.map((e: any) => e.node.code));
      cursors.push(...d.countries.edges.map((e: any) => e.cursor));
      more = d.countries.pageInfo.hasNextPage;
      after = d.countries.pageInfo.endCursor;
    }
  });

  it('returns exactly the spec edges and page flags for any first/after/last/before', async () => {
    expect(all).toHaveLength(249);
    const size = fc.option(fc.integer({ min: 0, max: 100 }), { nil: undefined });
    const index = fc.option(fc.integer({ min: 0, max: 248 }), { nil: undefined });
    await fc.assert(
      fc.asyncProperty(fc.record({ first: size, last: size, after: index, before: index }), async (args) => {
        const variables = {
          first: args.first ?? null,
          last: args.last ?? null,
          after: args.after !== undefined ? cursors[args.after] : null,
          before: args.before !== undefined ? cursors[args.before] : null,
        };
        const result = await graphql(LIST, variables);
        expect(result.errors).toBeUndefined();
        const page = result.data.countries;
        const defaulted = args.first === undefined && args.last === undefined ? { ...args, first: 20 } : args;
        const want = expected(all, cursors, defaulted);
        expect(page.edges.map((e: any) => ({ node: e.node.code, cursor: e.cursor }))).toEqual(want.edges);
        expect(page.pageInfo).toEqual({
          hasNextPage: want.hasNextPage,
          hasPreviousPage: want.hasPreviousPage,
          startCursor: want.edges[0]?.cursor ?? null,
          endCursor: want.edges[want.edges.length - 1]?.cursor ?? null,
        });
        expect(page.totalCount).toBe(249);
      }),
      { numRuns: 300, seed: 20210706 },
    );
  });

  it('gives the same items in the same order whether paged forwards or backwards', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 100 }), async (size) => {
        const forward: string[] = [];
        for (let after: string | null = null, more = true; more; ) {
          const d: any = await data(LIST, { first: size, after });
          forward.push(...d.countries.edges.map((e: any) => e.node.code));
          more = d.countries.pageInfo.hasNextPage;
          after = d.countries.pageInfo.endCursor;
        }
        const backward: string[] = [];
        for (let before: string | null = null, more = true; more; ) {
          const d: any = await data(LIST, { last: size, before });
          backward.unshift(...d.countries.edges.map((e: any) => e.node.code));
          more = d.countries.pageInfo.hasPreviousPage;
          before = d.countries.pageInfo.startCursor;
        }
        expect(forward).toEqual(all);
        expect(backward).toEqual(all);
      }),
      { numRuns: 15, seed: 20210706 },
    );
  });
});
