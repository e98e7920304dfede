/**
 * The client conformance suite (test/clients/*.test.ts): the clients that
 * frontend developers use (Apollo Client, urql with Graphcache, Relay's
 * compiler and runtime) against the real server on a loopback port. Not
 * part of `npm test`; run it with `npm run test:clients` (.ci/run does).
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
    include: ['test/clients/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
