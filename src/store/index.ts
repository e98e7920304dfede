/** Entry point of the store: load, validate and index a fixtures folder. */
import { fileURLToPath } from 'node:url';
import { readFixtureFiles, validateFixtures } from './load.js';
import { SearchThread, type Searcher } from './search-thread.js';
import { Store } from './store.js';

/** The curated fixtures shipped with the project. */
export const DEFAULT_FIXTURES_DIR = fileURLToPath(new URL('../../fixtures', import.meta.url));

/** Loads, validates and indexes the fixtures in `dir`; throws FixtureError on bad data. */
export function createStore(dir: string = DEFAULT_FIXTURES_DIR): Store {
  return loadStore(dir);
}

/** Reads, validates and indexes `dir`, timing each step; search in process unless `searcher` is given. */
function loadStore(dir: string, searcher?: Searcher): Store {
  const t0 = performance.now();
  const { raw, problems } = readFixtureFiles(dir);
  const t1 = performance.now();
  const fixtures = validateFixtures(raw, problems);
  const t2 = performance.now();
  return new Store(fixtures, { readMs: t1 - t0, validateMs: t2 - t1 }, searcher);
}

/**
 * As createStore, with full-text search on its own thread (search-thread.ts):
 * the search index is built there while this thread reads, validates and
 * indexes, and searches are answered there. Resolves once both are done;
 * rejects with the FixtureError if the data is invalid (the thread is then
 * stopped). `close()` the store to stop the thread.
 */
export async function openStore(dir: string = DEFAULT_FIXTURES_DIR): Promise<Store> {
  const thread = new SearchThread(dir);
  try {
    const store = loadStore(dir, thread);
    store.loadStats.searchMs = await thread.ready;
    return store;
  } catch (error) {
    await thread.close();
    throw error;
  }
}
