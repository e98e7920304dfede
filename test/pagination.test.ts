/**
 * Connections: forward and backward paging, totalCount, nodes, page-size
 * limits and cursors. Countries (249, from the ISO dataset) make a list long
 * enough to page through that does not depend on curation.
 */
import { describe, expect, it } from 'vitest';
import { data, errorOf, graphql } from './helpers.ts';

const PAGE = `query Page($first: Int, $after: String, $last: Int, $before: String) {
  countries(first: $first, after: $after, last: $last, before: $before, orderBy: { field: CODE, direction: ASC }) {
    totalCount
    edges { cursor node { code } }
    nodes { code }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
  }
}`;

type Page = {
  countries: {
    totalCount: number;
    edges: { cursor: string; node: { code: string } }[];
    nodes: { code: string }[];
    pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
  };
};

const page = (variables: Record<string, unknown>) => data<Page>(PAGE, variables).then((d) => d.countries);
const codes = (p: Page['countries']) => p.edges.map((e) => e.node.code);

describe('connections', () => {
  it('defaults to a first page of 20 with totalCount, nodes and pageInfo', async () => {
    const p = await page({});
    expect(p.totalCount).toBe(249);
    expect(p.edges).toHaveLength(20);
    expect(codes(p).slice(0, 3)).toEqual(['ABW', 'AFG', 'AGO']);
    expect(p.nodes.map((n) => n.code)).toEqual(codes(p));
    expect(p.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
    expect(p.pageInfo.startCursor).toBe(p.edges[0]!.cursor);
    expect(p.pageInfo.endCursor).toBe(p.edges[19]!.cursor);
  });

  it('pages forwards through the whole list with first/after, each item once', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      const p: Page['countries'] = await page({ first: 100, after });
      seen.push(...codes(p));
      if (!p.pageInfo.hasNextPage) break;
      expect(p.pageInfo.hasPreviousPage).toBe(after !== null);
      after = p.pageInfo.endCursor;
    }
    expect(seen).toHaveLength(249);
    expect(new Set(seen).size).toBe(249);
    expect(seen).toEqual([...seen].sort());
  });

  it('pages backwards with last/before and meets the forward order', async () => {
    const all: string[] = [];
    for (let after: string | null = null, more = true; more;) {
      const p: Page['countries'] = await page({ first: 100, after });
      all.push(...codes(p));
      more = p.pageInfo.hasNextPage;
      after = p.pageInfo.endCursor;
    }
    const lastPage = await page({ last: 10 });
    expect(codes(lastPage)).toEqual(all.slice(239));
    expect(codes(lastPage).slice(-3)).toEqual(['ZAF', 'ZMB', 'ZWE']);
    expect(lastPage.pageInfo).toMatchObject({ hasPreviousPage: true, hasNextPage: false });

    const before = await page({ last: 5, before: lastPage.pageInfo.startCursor });
    expect(codes(before)).toEqual(all.slice(234, 239));
    expect(before.pageInfo).toMatchObject({ hasPreviousPage: true, hasNextPage: true });

    const backwards: string[] = [];
    for (let beforeCursor: string | null = null, more = true; more;) {
      const p: Page['countries'] = await page({ last: 100, before: beforeCursor });
      backwards.unshift(...codes(p));
      more = p.pageInfo.hasPreviousPage;
      beforeCursor = p.pageInfo.startCursor;
    }
    expect(backwards).toEqual(all);
  });

  it('answers an empty page for first: 0 and past the end', async () => {
    const empty = await page({ first: 0 });
    expect(empty.edges).toEqual([]);
    expect(empty.totalCount).toBe(249);
    expect(empty.pageInfo).toMatchObject({ startCursor: null, endCursor: null, hasNextPage: true });
    const last = await page({ last: 1 });
    const past = await page({ first: 5, after: last.pageInfo.endCursor });
    expect(past.edges).toEqual([]);
    expect(past.pageInfo.hasNextPage).toBe(false);
  });

  it('refuses a page larger than 100 or negative, naming the limit, instead of clamping', async () => {
    expect(await errorOf(PAGE, { first: 101 })).toBe('`first` must be between 0 and 100; got 101.');
    expect(await errorOf(PAGE, { last: 1000 })).toBe('`last` must be between 0 and 100; got 1000.');
    expect(await errorOf(PAGE, { first: -1 })).toBe('`first` must be between 0 and 100; got -1.');
    const result = await graphql(PAGE, { first: 101 });
    expect(result.status).toBe(200);
    expect(result.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'first' });
  });

  it('refuses a cursor it did not make', async () => {
    expect(await errorOf(PAGE, { after: 'not-a-cursor' })).toBe('`after` is not a valid cursor: use a cursor returned by this connection.');
    expect(await errorOf(PAGE, { before: Buffer.from('cursor:-3').toString('base64') })).toMatch(/`before` is not a valid cursor/);
  });
});
