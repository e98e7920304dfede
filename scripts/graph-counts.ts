/**
 * Writes the "What is in the graph" counts into README.md, between the
 * markers <!-- counts:start --> and <!-- counts:end -->, computed from the
 * fixtures (never typed by hand).
 *
 * Usage: npm run readme:counts            rewrite the block
 *        npm run readme:counts -- --check exit 1 if README.md is out of date
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { resolve } from 'node:path';
import { COUNTRIES } from '../src/store/countries.ts';
import { loadFixturesOrReport } from './load-fixtures.ts';
import type { Fixtures } from '../src/store/records.ts';

export const START = '<!-- counts:start -->';
export const END = '<!-- counts:end -->';

/** Count of each node type, in the order the README lists them. */
export function graphCounts(f: Fixtures): [string, number][] {
  return [
    ['Sources', f.sources.length],
    ['Events', f.events.length],
    ['Parties', f.parties.length],
    ['Organizations', f.organizations.length],
    ['People', f.people.length],
    ['Positions', f.positions.length],
    ['Participations', f.participations.length],
    ['Speeches', f.speeches.length],
    ['Statements', f.statements.length],
    ['Topics', f.topics.length],
    ['Absences and refusals', f.absences.length],
    ['Reported figures', f.events.reduce((sum, e) => sum + e.figures.length, 0) + f.figures.length],
    ['Countries', COUNTRIES.length],
    [
      'Inferred values (marked)',
      Object.values(f).reduce((sum, records: readonly { inferences?: unknown[] }[]) => sum + records.reduce((n, r) => n + (r.inferences?.length ?? 0), 0), 0),
    ],
  ];
}

export function countsTable(counts: [string, number][]): string {
  return ['| Type | Count |', '|---|---:|', ...counts.map(([type, n]) => `| ${type} | ${n} |`)].join('\n');
}

/** README text with the block between the markers replaced, or an error message. */
export function withCounts(readme: string, table: string): { text: string } | { error: string } {
  const start = readme.indexOf(START);
  const end = readme.indexOf(END);
  if (start === -1 || end === -1) {
    return { error: `README.md lacks the markers ${START} and ${END}; add them where the counts table belongs` };
  }
  if (end < start) return { error: `README.md has ${END} before ${START}` };
  return { text: `${readme.slice(0, start + START.length)}\n${table}\n${readme.slice(end)}` };
}

function main(argv: string[]): number {
  const check = argv.includes('--check');
  const readmePath = fileURLToPath(new URL('../README.md', import.meta.url));
  const fixturesDir = fileURLToPath(new URL('../fixtures', import.meta.url));

  let readme: string;
  try {
    readme = readFileSync(readmePath, 'utf8');
  } catch (error) {
    console.error(`readme:counts: cannot read ${readmePath} (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
    return 1;
  }
  const fixtures = loadFixturesOrReport(fixturesDir);
  if (!fixtures) return 1;

  const result = withCounts(readme, countsTable(graphCounts(fixtures)));
  if ('error' in result) {
    console.error(`readme:counts: ${result.error}`);
    return 1;
  }
  if (result.text === readme) {
    console.log('README.md counts are up to date');
    return 0;
  }
  if (check) {
    console.error('README.md counts are out of date: run `npm run readme:counts`');
    return 1;
  }
  writeFileSync(readmePath, result.text);
  console.log('README.md counts updated');
  return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  process.exitCode = main(process.argv.slice(2));
}
