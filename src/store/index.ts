/** Entry point of the store: load, validate and index a fixtures folder. */
import { fileURLToPath } from 'node:url';
import { readFixtureFiles, validateFixtures } from './load.ts';
import { Store } from './store.ts';

/** The curated fixtures shipped with the project. */
export const DEFAULT_FIXTURES_DIR = fileURLToPath(new URL('../../fixtures', import.meta.url));

/**
 * Reads, validates and indexes the fixtures in `dir`, timing each step;
 * throws FixtureError on bad data. The full-text index is built from the
 * validated records, so a search only ever answers keys the store has.
 */
export function createStore(dir: string = DEFAULT_FIXTURES_DIR): Store {
  const t0 = performance.now();
  const { raw, problems } = readFixtureFiles(dir);
  const t1 = performance.now();
  const fixtures = validateFixtures(raw, problems);
  const t2 = performance.now();
  return new Store(fixtures, { readMs: t1 - t0, validateMs: t2 - t1 });
}

/** As createStore, as a promise (what src/server.ts awaits); rejects with the FixtureError on bad data. */
export async function openStore(dir: string = DEFAULT_FIXTURES_DIR): Promise<Store> {
  return createStore(dir);
}
