/** Test helpers: GraphQL over yoga.fetch (real HTTP semantics, no port). */
import { expect } from 'vitest';
import { createStore } from '../src/store/index.ts';
import { createApp } from '../src/yoga.ts';

/** The shipped fixtures, loaded once per test file. */
export const store = createStore();

/**
 * One app for the whole test file: the production configuration (response
 * cache and JIT on), which also reports each request's store calls in a
 * header. A repeated request is answered from the cache and reports none.
 */
export const app = createApp({ store, countStoreCalls: true });

/** A new app in the same configuration, with an empty response cache. */
export const freshApp = () => createApp({ store, countStoreCalls: true });

/**
 * The production configuration with the response cache off, for tests of
 * execution itself, where a repeated request must execute again.
 */
export const executingApp = () => createApp({ store, countStoreCalls: true, responseCache: false });

export interface GraphQLResponse<T = any> {
  status: number;
  data?: T;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
  extensions?: { storeCalls?: Record<string, number> };
}

export async function graphql<T = any>(query: string, variables?: Record<string, unknown>, target = app): Promise<GraphQLResponse<T>> {
  const response = await target.fetch('http://yoga/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as Omit<GraphQLResponse<T>, 'status'>;
  const calls = response.headers.get('store-calls');
  if (calls !== null) body.extensions = { ...body.extensions, storeCalls: JSON.parse(calls) as Record<string, number> };
  return { status: response.status, ...body };
}

/** Runs a query that must succeed, and returns its data. */
export async function data<T = any>(query: string, variables?: Record<string, unknown>): Promise<T> {
  const result = await graphql<T>(query, variables);
  expect(result.errors, JSON.stringify(result.errors)).toBeUndefined();
  expect(result.status).toBe(200);
  return result.data as T;
}

/** Runs a query that must fail with one error, and returns its message. */
export async function errorOf(query: string, variables?: Record<string, unknown>): Promise<string> {
  const result = await graphql(query, variables);
  expect(result.errors, 'expected an error').toBeDefined();
  expect(result.errors).toHaveLength(1);
  return result.errors![0]!.message;
}

export { startServer, type ServerProcess } from '../scripts/server-process.ts';

/** `promise`, or a rejection naming `what` if it has not settled within `ms`. */
export function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: not within ${ms / 1000} s`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
