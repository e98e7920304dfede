/**
 * Shared by the client conformance tests: the real server (`node
 * src/server.ts`, production configuration) on a free loopback port, started
 * once per test file, plus small helpers the clients' tests have in common.
 */
import { afterAll, beforeAll } from 'vitest';
import { startServer, type ServerProcess } from '../../scripts/server-process.ts';

/**
 * Starts the server before the file's tests and stops it after them.
 * `endpoint()` is its /graphql URL, valid once the tests run.
 */
export function useLoopbackServer(): { endpoint: () => string } {
  let server: ServerProcess | undefined;
  beforeAll(async () => {
    server = await startServer({ NODE_ENV: 'production' });
  });
  afterAll(async () => {
    await server?.stop();
  });
  return {
    endpoint: () => {
      if (!server) throw new Error('the loopback server has not started');
      return `${server.url}/graphql`;
    },
  };
}

/** A query sent with plain fetch, for the expected answers the clients' results are compared with. */
export async function plainQuery<T = any>(endpoint: string, query: string, variables?: Record<string, unknown>): Promise<T> {
  const response = await fetch(endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: T; errors?: unknown[] };
  if (response.status !== 200 || body.errors) throw new Error(`query failed (${response.status}): ${JSON.stringify(body.errors)}`);
  return body.data as T;
}
