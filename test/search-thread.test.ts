/** Search on its own thread (openStore, as `npm start` serves): the same answers as in process, and clear failures. */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { DEFAULT_FIXTURES_DIR, createStore, openStore } from '../src/store/index.js';
import { FixtureError } from '../src/store/load.js';
import type { SearchKind } from '../src/store/search.js';
import { createApp } from '../src/yoga.js';

const inProcess = createStore();
const threaded = await openStore();
const dirs: string[] = [];
afterAll(async () => {
  await threaded.close();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('search on its own thread', () => {
  it('answers every query exactly as the in-process index', async () => {
    const queries: [string, SearchKind[]?][] = [
      ['communist party'],
      ['communist', ['party']],
      ['Nguyễn Phú Trọng'],
      ["Côte d'Ivoire", ['country']],
      ['Gambla'], // fuzzy
      ['viet'], // prefix
      ['anc', ['party', 'organization']],
      ['world political parties summit', ['event', 'source']],
      ['cuba zzzzzz'], // no document has both words: falls back to either
      ['qqqqqqq'], // nothing
    ];
    for (const [query, kinds] of queries) {
      const set = kinds && new Set(kinds);
      const expected = inProcess.search(query, set);
      expect(await threaded.search(query, set), query).toEqual(expected);
    }
    expect((inProcess.search('communist party') as unknown[]).length).toBeGreaterThan(5);
  });

  it('serves the search field through the GraphQL API', async () => {
    const query = '{ search(query: "communist party", first: 5) { totalCount edges { cursor score node { ... on Node { id } } } } }';
    const ask = async (app: ReturnType<typeof createApp>) =>
      (await app.fetch('http://yoga/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) })).json();
    const answer = await ask(createApp({ store: threaded }));
    expect(answer).toEqual(await ask(createApp({ store: inProcess })));
    expect(answer.data.search.edges).toHaveLength(5);
  });

  it('reports the loading times, the search index built alongside', () => {
    expect(threaded.loadStats.searchThread).toBe(true);
    expect(threaded.loadStats.searchMs).toBeGreaterThan(0);
    expect(threaded.loadStats.records).toBe(inProcess.loadStats.records);
  });

  it('rejects invalid fixtures with the same FixtureError', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'summit-fixtures-'));
    dirs.push(dir);
    cpSync(DEFAULT_FIXTURES_DIR, dir, { recursive: true });
    const parties = JSON.parse(readFileSync(join(dir, 'parties.json'), 'utf8'));
    parties[0].country = 'XYZ';
    parties[1] = 42;
    writeFileSync(join(dir, 'parties.json'), JSON.stringify(parties));
    const error = await openStore(dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FixtureError);
    expect((error as Error).message).toContain('parties.json');
    expect((error as Error).message).toContain('unknown ISO 3166-1 alpha-3 country code "XYZ"');
  });

  it('builds its index again when the thread is lost; only searches in flight fail', async () => {
    const store = await openStore();
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      const worker = (store as unknown as { searcher: { worker: { terminate(): Promise<number> } } }).searcher.worker;
      const inFlight = store.search('cuba');
      await worker.terminate();
      // Answered before the thread went, or failed with the reason.
      await Promise.resolve(inFlight).catch((error: Error) => expect(error.message).toMatch(/^The search thread stopped/));
      expect(await store.search('cuba')).toEqual(inProcess.search('cuba'));
      expect(errors).toHaveBeenCalledWith(expect.stringContaining('Building the search index again.'));
    } finally {
      errors.mockRestore();
      await store.close();
    }
  });

  it('fails searches clearly once closed', async () => {
    const store = await openStore();
    expect(await store.search('cuba')).not.toHaveLength(0);
    await store.close();
    await expect(store.search('cuba')).rejects.toThrow('The search thread was closed.');
  });
});
