/**
 * The stack's tests (test/stack/*.stack.ts): `npm run stack` (nginx in
 * front of real replicas) on 127.0.0.1, driven over HTTP. Not part of
 * `npm test`; run them with `npm run test:stack` (.ci/run does).
 */
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/stack/**/*.stack.ts'],
    testTimeout: 180_000,
    hookTimeout: 180_000,
    // One stack at a time: each test file starts its own.
    fileParallelism: false,
  },
});
