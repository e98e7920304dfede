import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);

export default defineConfig({
  resolve: {
    // graphql 16 ships ESM (.mjs, picked by Vite's "module" field) and CJS
    // (what Node loads for Pothos and Yoga). Two copies break instanceof
    // checks, so our sources get the same CJS entry that Node gives the
    // dependencies: one graphql in the process, as in production.
    alias: [{ find: /^graphql$/, replacement: require.resolve('graphql') }],
  },
  test: {
    include: ['test/**/*.test.ts'],
    // The client conformance suite has its own config (vitest.clients.config.ts).
    exclude: ['test/clients/**', 'node_modules/**'],
    testTimeout: 20_000,
  },
});
