/**
 * The runtime the project runs on (issue 12): Node 24 LTS from the `node`
 * dev dependency, which npm scripts find first on their PATH, and `npm start`
 * running the TypeScript with Node's own type stripping, not tsx.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
  engines: { node: string };
  scripts: Record<string, string>;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};

describe('the runtime', () => {
  it('is Node 24 or later, as engines says, from the node dev dependency', () => {
    const major = Number(process.versions.node.split('.')[0]);
    expect(major).toBeGreaterThanOrEqual(24);
    expect(pkg.engines.node).toBe('>=24');
    expect(pkg.devDependencies.node).toMatch(/^\^24\./);
  });

  it('npm start runs src/server.ts with Node itself: no tsx, no compile step at start', () => {
    expect(pkg.scripts.start).toBe('node src/server.ts');
    expect(pkg.scripts.prestart).toBeUndefined();
    expect(pkg.dependencies.tsx).toBeUndefined();
  });
});
