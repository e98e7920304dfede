/** The README's example queries run as shown and give the answers printed under them. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { graphql } from './helpers.js';

const readme = readFileSync(fileURLToPath(new URL('../README.md', import.meta.url)), 'utf8');
const section = /<!-- examples:start -->([\s\S]*)<!-- examples:end -->/.exec(readme)?.[1] ?? '';
const blocks = [...section.matchAll(/```(graphql|json)\n([\s\S]*?)```/g)].map((m) => ({ lang: m[1], body: m[2]! }));

const examples: { query: string; answer: string }[] = [];
for (let i = 0; i + 1 < blocks.length; i++) {
  if (blocks[i]!.lang === 'graphql' && blocks[i + 1]!.lang === 'json') {
    examples.push({ query: blocks[i]!.body, answer: blocks[i + 1]!.body });
    i++;
  }
}

describe('README examples', () => {
  it('has at least three query/answer pairs', () => {
    expect(examples.length).toBeGreaterThanOrEqual(3);
  });

  it.each(examples.map((e, i) => [i + 1, e] as const))('example %i answers as printed', async (_n, example) => {
    const result = await graphql(example.query);
    expect({ data: result.data, errors: result.errors }).toEqual({ ...JSON.parse(example.answer), errors: undefined });
  });
});
