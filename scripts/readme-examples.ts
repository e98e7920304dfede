/**
 * Runs each example query of the README (the ```graphql blocks between the
 * examples markers) against the API and writes its answer in the ```json
 * block under it (`npm run readme:examples`). test/readme.test.ts checks
 * that the printed answers are still what the API gives.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createApp } from '../src/yoga.js';

const file = fileURLToPath(new URL('../README.md', import.meta.url));
const readme = readFileSync(file, 'utf8');
const markers = /(<!-- examples:start -->)([\s\S]*)(<!-- examples:end -->)/;
const match = markers.exec(readme);
if (!match) {
  console.error('README.md has no <!-- examples:start --> ... <!-- examples:end --> section.');
  process.exit(1);
}

const app = createApp();
async function answer(query: string): Promise<string> {
  const response = await app.fetch('http://yoga/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query }),
  });
  const body = (await response.json()) as { data?: unknown; errors?: unknown };
  if (body.errors) throw new Error(`An example query failed: ${JSON.stringify(body.errors)}\n${query}`);
  return JSON.stringify({ data: body.data }, null, 2);
}

// Drop the old answers, then put a fresh one after each query.
const section = match[2]!.replace(/\n```json\n[\s\S]*?```\n/g, '\n');
const parts: string[] = [];
let last = 0;
for (const block of section.matchAll(/```graphql\n([\s\S]*?)```\n/g)) {
  const end = block.index! + block[0].length;
  parts.push(section.slice(last, end), '\n```json\n', await answer(block[1]!), '\n```\n');
  last = end;
}
parts.push(section.slice(last));
writeFileSync(file, readme.replace(markers, (_all, start: string, _old: string, end: string) => `${start}${parts.join('')}${end}`));
console.log('README.md examples updated.');
