/**
 * Prints the schema as sorted SDL into schema.graphql (`npm run schema`).
 * With --check, exits 1 when the committed file differs instead of writing.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { printSchemaSDL } from '../src/schema/print.ts';

const file = fileURLToPath(new URL('../schema.graphql', import.meta.url));
const sdl = printSchemaSDL();
if (process.argv.includes('--check')) {
  const current = readFileSync(file, 'utf8');
  if (current !== sdl) {
    console.error('schema.graphql is out of date: run `npm run schema` and commit the result.');
    process.exit(1);
  }
  console.log('schema.graphql is up to date.');
} else {
  writeFileSync(file, sdl);
  console.log(`wrote ${file}`);
}
