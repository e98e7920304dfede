/** Entry point of the store: load, validate and index a fixtures folder. */
import { fileURLToPath } from 'node:url';
import { loadFixtures } from './load.js';
import { Store } from './store.js';

/** The curated fixtures shipped with the project. */
export const DEFAULT_FIXTURES_DIR = fileURLToPath(new URL('../../fixtures', import.meta.url));

/** Loads, validates and indexes the fixtures in `dir`; throws FixtureError on bad data. */
export function createStore(dir: string = DEFAULT_FIXTURES_DIR): Store {
  return new Store(loadFixtures(dir));
}
