/**
 * For scripts: loads and validates the fixtures in `dir`, or prints the
 * validation report (every problem as file, record, field) and returns
 * undefined so the script can exit 1. Other errors propagate.
 */
import type { Fixtures } from '../src/store/records.ts';
import { FixtureError, loadFixtures } from '../src/store/load.ts';

export function loadFixturesOrReport(dir: string): Fixtures | undefined {
  try {
    return loadFixtures(dir);
  } catch (error) {
    if (error instanceof FixtureError) {
      console.error(error.message);
      return undefined;
    }
    throw error;
  }
}
