/**
 * Browser tests (test/e2e/*.e2e.ts): the real server driven through Debian's
 * Chromium by playwright-core. Not part of `npm test`; run them with
 * `npm run test:e2e` or `.ci/browser-tests`.
 */
import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);

export default defineConfig({
  resolve: {
    // One graphql in the process, as in vitest.config.ts.
    alias: [{ find: /^graphql$/, replacement: require.resolve('graphql') }],
  },
  test: {
    include: ['test/e2e/**/*.e2e.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // One browser and one server at a time.
    fileParallelism: false,
  },
});
