/**
 * Validates the fixtures (shape, keys, references) and prints each problem
 * as file, record, field. Usage: npm run fixtures:check [-- DIR]
 */
import { resolve } from 'node:path';
import { loadFixturesOrReport } from './load-fixtures.ts';

const dir = resolve(process.argv[2] ?? 'fixtures');
const fixtures = loadFixturesOrReport(dir);
if (!fixtures) process.exit(1);
const counts = Object.entries(fixtures).map(([name, records]) => `${name} ${records.length}`);
console.log(`fixtures in ${dir} are valid: ${counts.join(', ')}`);
