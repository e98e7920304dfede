/**
 * Validates the fixtures (shape, keys, references) and prints each problem
 * as file, record, field. Usage: npm run fixtures:check [-- DIR]
 */
import { resolve } from 'node:path';
import { FixtureError, loadFixtures } from '../src/store/load.js';

const dir = resolve(process.argv[2] ?? 'fixtures');
try {
  const fixtures = loadFixtures(dir);
  const counts = Object.entries(fixtures).map(([name, records]) => `${name} ${records.length}`);
  console.log(`fixtures in ${dir} are valid: ${counts.join(', ')}`);
} catch (error) {
  if (error instanceof FixtureError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}
