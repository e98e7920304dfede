/**
 * Writes the bulk export into a folder: the same files, byte for byte, that
 * the server serves under /export (index.json is the listing served at
 * /export itself).
 *
 * Usage: npm run export -- DIR        the shipped fixtures (or FIXTURES_DIR)
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { exportOf } from '../src/export/build.ts';
import { DEFAULT_FIXTURES_DIR } from '../src/store/index.ts';
import { Store } from '../src/store/store.ts';
import { loadFixturesOrReport } from './load-fixtures.ts';

/** Writes the export of the fixtures in `fixturesDir` into `outDir`; returns the files written (name, bytes) and the version. */
export function writeExport(outDir: string, fixturesDir: string = DEFAULT_FIXTURES_DIR): { version: string; files: [string, number][] } | undefined {
  const fixtures = loadFixturesOrReport(fixturesDir);
  if (!fixtures) return undefined;
  const built = exportOf(new Store(fixtures));
  mkdirSync(outDir, { recursive: true });
  const files: [string, number][] = [];
  for (const file of built.files.values()) {
    writeFileSync(join(outDir, file.name), file.bytes);
    files.push([file.name, file.bytes.byteLength]);
  }
  return { version: built.version, files };
}

function main(argv: string[]): number {
  const [dir, ...rest] = argv.filter((a) => a !== '--');
  if (!dir || rest.length > 0 || dir.startsWith('-')) {
    console.error('usage: npm run export -- DIR   (writes the bulk export into DIR; FIXTURES_DIR chooses the fixtures, as for the server)');
    return 1;
  }
  const out = resolve(dir);
  const written = writeExport(out, process.env.FIXTURES_DIR || DEFAULT_FIXTURES_DIR);
  if (!written) return 1;
  for (const [name, bytes] of written.files) console.log(`${String(bytes).padStart(9)}  ${name}`);
  console.log(`wrote ${written.files.length} files of dataset version ${written.version} to ${out}`);
  return 0;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) process.exitCode = main(process.argv.slice(2));
