/** Test helpers: GraphQL over yoga.fetch (real HTTP semantics, no port). */
import { expect } from 'vitest';
import { createApp } from '../src/yoga.js';

/** One app for the whole test file, reporting store calls per request. */
export const app = createApp({ exposeStoreCalls: true });

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

export interface ServerProcess {
  /** Base URL, e.g. http://127.0.0.1:41234 */
  url: string;
  child: import('node:child_process').ChildProcess;
  /** Resolves when the process exits, with its code and everything it printed. */
  exited: Promise<{ code: number | null; output: string }>;
}

/**
 * Starts `src/server.ts` as a real process on 127.0.0.1 with a free port and
 * resolves once it listens. Rejects with its output if it exits first.
 */
export async function startServer(env: Record<string, string> = {}): Promise<ServerProcess> {
  const { spawn } = await import('node:child_process');
  const { fileURLToPath } = await import('node:url');
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    cwd: fileURLToPath(new URL('..', import.meta.url)),
    env: { ...process.env, HOST: '127.0.0.1', PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<{ code: number | null; output: string }>((resolve) =>
    child.on('exit', (code) => resolve({ code, output })),
  );
  const url = await new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /(http:\/\/[^\s]+)\/graphql/.exec(output);
      if (match) resolve(match[1]!);
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    exited.then(({ code }) => reject(new Error(`server exited with ${code} before listening:\n${output}`)));
  });
  const kill = setTimeout(() => child.kill('SIGKILL'), 30_000);
  kill.unref();
  exited.then(() => clearTimeout(kill));
  return { url, child, exited };
}
