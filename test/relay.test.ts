/**
 * Relay conformance: the schema checked by introspection against the Global
 * Object Identification and Cursor Connections specs, and property tests of
 * pagination: hand-written pages with their literal contents, and for random
 * first/after/last/before the spec's invariants, stated as positions in the
 * full list (not as a second copy of the algorithm).
 */
import fc from 'fast-check';
import { getIntrospectionQuery, type IntrospectionQuery, type IntrospectionTypeRef } from 'graphql';
import { beforeAll, describe, expect, it } from 'vitest';
import { data, graphql, store } from './helpers.ts';

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
    const implementations = types
      .get('Node')
      .possibleTypes.map((t: any) => t.name)
      .sort();
    expect(implementations).toEqual([
      'Absence',
      'Country',
      'Event',
      'Organization',
      'Participation',
      'Party',
      'Person',
      'Source',
      'Speech',
      'Statement',
      'Topic',
    ]);
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

describe('pagination properties', () => {
  const LIST = `query ($first: Int, $after: String, $last: Int, $before: String) {
    countries(first: $first, after: $after, last: $last, before: $before, orderBy: { field: NAME, direction: DESC }) {
      totalCount
      edges { cursor node { code } }
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    }
  }`;
  /** Every country code, by name descending, fetched once in pages of 100; and each one's cursor. */
  let all: string[];
  let cursorOf: Map<string, string>;
  let indexOf: Map<string, number>;

  beforeAll(async () => {
    all = [];
    cursorOf = new Map();
    for (let after: string | null = null, more = true, pages = 0; more; pages++) {
      if (pages > 10) throw new Error('paging with first: 100 does not end');
      const d: any = await data(LIST, { first: 100, after });
      for (const e of d.countries.edges) {
        all.push(e.node.code);
        cursorOf.set(e.node.code, e.cursor);
      }
      more = d.countries.pageInfo.hasNextPage;
      after = d.countries.pageInfo.endCursor;
    }
    indexOf = new Map(all.map((code, i) => [code, i]));
  });

  type Args = { first?: number; last?: number; after?: string; before?: string };
  const page = async (args: Args) => {
    const result = await graphql(LIST, {
      first: args.first ?? null,
      last: args.last ?? null,
      after: args.after ? cursorOf.get(args.after) : null,
      before: args.before ? cursorOf.get(args.before) : null,
    });
    expect(result.errors, JSON.stringify(result.errors)).toBeUndefined();
    return result.data.countries as {
      totalCount: number;
      edges: { cursor: string; node: { code: string } }[];
      pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
    };
  };

  it('fetches every country once, in name order, from Zimbabwe to Afghanistan', () => {
    expect(all).toHaveLength(249);
    expect(new Set(all).size).toBe(249);
    expect([...all].sort()).toEqual([...store.countries.keys()].sort());
    expect(all.slice(0, 4)).toEqual(['ZWE', 'ZMB', 'YEM', 'ESH']);
    expect(all.slice(-4)).toEqual(['DZA', 'ALB', 'ALA', 'AFG']); // Åland after Albania: collation, not code points
    expect(new Set(cursorOf.values()).size).toBe(249);
  });

  // Written out by hand from the list above: Zimbabwe, Zambia, Yemen, Western Sahara, ... American Samoa, Algeria, Albania, Åland Islands, Afghanistan.
  const cases: { args: Args; codes: string[]; hasPreviousPage: boolean; hasNextPage: boolean }[] = [
    { args: { first: 3 }, codes: ['ZWE', 'ZMB', 'YEM'], hasPreviousPage: false, hasNextPage: true },
    { args: { first: 2, after: 'ZMB' }, codes: ['YEM', 'ESH'], hasPreviousPage: true, hasNextPage: true },
    { args: { first: 5, after: 'ALB' }, codes: ['ALA', 'AFG'], hasPreviousPage: true, hasNextPage: false },
    { args: { first: 3, after: 'AFG' }, codes: [], hasPreviousPage: true, hasNextPage: false },
    { args: { first: 0 }, codes: [], hasPreviousPage: false, hasNextPage: true },
    { args: { last: 2 }, codes: ['ALA', 'AFG'], hasPreviousPage: true, hasNextPage: false },
    { args: { last: 3, before: 'ALA' }, codes: ['ASM', 'DZA', 'ALB'], hasPreviousPage: true, hasNextPage: true },
    { args: { last: 3, before: 'ZMB' }, codes: ['ZWE'], hasPreviousPage: false, hasNextPage: true },
    { args: { last: 3, before: 'ZWE' }, codes: [], hasPreviousPage: false, hasNextPage: true },
    // Between two cursors, first runs out at `before` (no next page inside the window); last at `after`.
    { args: { first: 10, after: 'ZWE', before: 'ESH' }, codes: ['ZMB', 'YEM'], hasPreviousPage: true, hasNextPage: false },
    { args: { last: 10, after: 'ZWE', before: 'ESH' }, codes: ['ZMB', 'YEM'], hasPreviousPage: false, hasNextPage: true },
    { args: { first: 2, after: 'ZWE', before: 'ESH' }, codes: ['ZMB', 'YEM'], hasPreviousPage: true, hasNextPage: false },
    { args: { last: 2, after: 'ZWE', before: 'ESH' }, codes: ['ZMB', 'YEM'], hasPreviousPage: false, hasNextPage: true },
    { args: { first: 1, after: 'ZWE', before: 'ESH' }, codes: ['ZMB'], hasPreviousPage: true, hasNextPage: true },
    { args: { last: 1, after: 'ZWE', before: 'ESH' }, codes: ['YEM'], hasPreviousPage: true, hasNextPage: true },
    { args: { first: 5, after: 'ESH', before: 'ZMB' }, codes: [], hasPreviousPage: true, hasNextPage: false },
    { args: { last: 3, after: 'AFG', before: 'ZWE' }, codes: [], hasPreviousPage: false, hasNextPage: false },
    // Both first and last: first 2, then the last 1 of those; each flag from its own argument.
    { args: { first: 2, last: 1 }, codes: ['ZMB'], hasPreviousPage: true, hasNextPage: true },
  ];
  it.each(cases)('pages $args to $codes', async ({ args, codes, hasPreviousPage, hasNextPage }) => {
    const p = await page(args);
    expect(p.edges.map((e) => e.node.code)).toEqual(codes);
    expect(p.pageInfo).toEqual({
      hasPreviousPage,
      hasNextPage,
      startCursor: codes.length ? cursorOf.get(codes[0]!) : null,
      endCursor: codes.length ? cursorOf.get(codes[codes.length - 1]!) : null,
    });
    expect(p.totalCount).toBe(249);
  });

  /**
   * For random first/after/last/before, the invariants of the Relay Cursor
   * Connections spec, stated as positions in the full list rather than as
   * the algorithm: the page is a run of the list strictly between `after`
   * and `before`, no longer than first/last; paging forwards it starts right
   * after `after` and is full unless it reaches `before` or the end; paging
   * backwards it ends right before `before` and is full unless it reaches
   * `after` or the start; and each flag says whether an item lies beyond.
   */
  it('keeps the spec invariants for any first/after/last/before', async () => {
    // Each argument absent half the time, so forwards, backwards and both
    // each get many runs; small sizes, positions near the ends and `before`
    // near `after`, so that a page often just fits, or just misses, its window.
    const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined, freq: 2 }); // freq 2: absent 1 time in 2
    const size = maybe(fc.oneof(fc.integer({ min: 0, max: 4 }), fc.integer({ min: 0, max: 100 })));
    const position = fc.oneof(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 245, max: 248 }), fc.integer({ min: 0, max: 248 }));
    const near = (i: number) => fc.integer({ min: -2, max: 6 }).map((d) => Math.min(Math.max(i + d, 0), 248));
    const args = fc
      .record({ first: size, last: size, after: maybe(position) })
      .chain((r) => maybe(r.after === undefined ? position : fc.oneof(position, near(r.after))).map((before) => ({ ...r, before })))
      .map(({ after, before, ...sizes }) => ({
        ...sizes,
        after: after === undefined ? undefined : all[after],
        before: before === undefined ? undefined : all[before],
      }));
    const runs = { forwards: 0, backwards: 0, both: 0, after: 0, before: 0, empty: 0 };
    await fc.assert(
      fc.asyncProperty(args, async (args) => {
        const p = await page(args);
        const codes = p.edges.map((e) => e.node.code);
        const total = all.length;
        expect(p.totalCount).toBe(total);

        // A contiguous run of the full list, each edge with the cursor its item has there.
        const start = codes.length ? indexOf.get(codes[0]!)! : undefined;
        if (start !== undefined) {
          expect(codes).toEqual(all.slice(start, start + codes.length));
          expect(p.edges.map((e) => e.cursor)).toEqual(codes.map((c) => cursorOf.get(c)));
        }
        expect(p.pageInfo.startCursor).toBe(p.edges[0]?.cursor ?? null);
        expect(p.pageInfo.endCursor).toBe(p.edges.at(-1)?.cursor ?? null);

        // Strictly after `after` and strictly before `before`.
        const low = args.after !== undefined ? indexOf.get(args.after)! + 1 : 0;
        const high = args.before !== undefined ? indexOf.get(args.before)! : total;
        for (const c of codes) {
          expect(indexOf.get(c)!).toBeGreaterThanOrEqual(low);
          expect(indexOf.get(c)!).toBeLessThan(high);
        }
        if (args.first !== undefined) expect(codes.length).toBeLessThanOrEqual(args.first);
        if (args.last !== undefined) expect(codes.length).toBeLessThanOrEqual(args.last);

        if (args.after !== undefined) runs.after++;
        if (args.before !== undefined) runs.before++;
        if (codes.length === 0) runs.empty++;
        if (args.first !== undefined && args.last !== undefined) runs.both++;
        if (args.last === undefined) {
          runs.forwards++;
          // Forwards (first, or the default of 20): where the page sits, and what lies beyond it.
          const n = args.first ?? 20;
          const from = start ?? low;
          expect(from, 'starts right after `after`').toBe(low);
          const to = from + codes.length;
          expect(codes.length === n || to >= high, 'full unless it reaches `before` or the end').toBe(true);
          expect(p.pageInfo.hasNextPage, 'an item follows, before `before`').toBe(to < high);
          expect(p.pageInfo.hasPreviousPage, 'an item precedes').toBe(from > 0);
        } else if (args.first === undefined) {
          runs.backwards++;
          const to = start !== undefined ? start + codes.length : Math.max(high, low);
          expect(to, 'ends right before `before`').toBe(Math.max(high, low));
          const from = to - codes.length;
          expect(codes.length === args.last || from <= low, 'full unless it reaches `after` or the start').toBe(true);
          expect(p.pageInfo.hasPreviousPage, 'an item precedes, after `after`').toBe(from > low);
          expect(p.pageInfo.hasNextPage, 'an item follows').toBe(to < total);
        }
      }),
      { numRuns: 300, seed: 20210706 },
    );
    // The generator reaches every case above often enough to matter.
    for (const [name, count] of Object.entries(runs)) expect(count, name).toBeGreaterThanOrEqual(40);
  });

  it('gives the same items in the same order whether paged forwards or backwards', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 100 }), async (size) => {
        const forward: string[] = [];
        // Bounded: a cursor that does not advance must fail the test, not hang it.
        for (let after: string | null = null, more = true; more && forward.length <= all.length;) {
          const d: any = await data(LIST, { first: size, after });
          forward.push(...d.countries.edges.map((e: any) => e.node.code));
          more = d.countries.pageInfo.hasNextPage;
          after = d.countries.pageInfo.endCursor;
        }
        const backward: string[] = [];
        for (let before: string | null = null, more = true; more && backward.length <= all.length;) {
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
