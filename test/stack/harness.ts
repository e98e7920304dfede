/**
 * The stack's tests drive the real thing: `node scripts/stack.ts` as a
 * child process (what `npm run stack` runs), nginx in front of real
 * replicas, on 127.0.0.1. Clients connect from several loopback addresses
 * (127.0.0.1 to 127.0.0.N), as that many clients would: nginx sends each
 * client address to one replica.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { Agent, request } from 'node:http';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));

export interface Replica {
  n: number;
  pid: number;
  port: number;
}

export interface RunningStack {
  /** http://127.0.0.1:<port> (nginx) */
  base: string;
  /** nginx's folder: nginx.conf, access.log. */
  dir: string;
  child: ChildProcess;
  /** The replicas as last printed. */
  replicas: Map<number, Replica>;
  /** Everything the stack printed so far. */
  output(): string;
  /** Resolves with the first match of `pattern` in what the stack prints from now on (or has printed, with `since`). */
  printed(pattern: RegExp, timeoutMs?: number, since?: number): Promise<RegExpExecArray>;
  /** Waits until replica `n` has printed its line again with a pid other than `oldPid`, and answers /ready on its port. */
  replicaBack(n: number, oldPid: number, timeoutMs?: number): Promise<Replica>;
  /** SIGTERM to the stack; resolves with its exit code. */
  stop(): Promise<number | null>;
}

/** A port nobody listens on now, on 127.0.0.1. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export async function startStack(env: Record<string, string> = {}): Promise<RunningStack> {
  const port = await freePort();
  const child = spawn(process.execPath, ['scripts/stack.ts'], {
    cwd: root,
    env: { ...process.env, PORT: String(port), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const replicas = new Map<number, Replica>();
  const watchers = new Set<() => void>();
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const onData = (chunk: Buffer) => {
    output += chunk.toString();
    for (const match of output.matchAll(/^replica (\d+) pid (\d+) port (\d+)$/gm)) {
      replicas.set(Number(match[1]), { n: Number(match[1]), pid: Number(match[2]), port: Number(match[3]) });
    }
    for (const watcher of watchers) watcher();
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);

  const printed = (pattern: RegExp, timeoutMs = 60_000, since = output.length) =>
    new Promise<RegExpExecArray>((resolve, reject) => {
      const global = new RegExp(pattern.source, pattern.flags.includes('g') ? pattern.flags : `${pattern.flags}g`);
      const check = () => {
        global.lastIndex = since;
        const found = global.exec(output);
        if (found) finish(() => resolve(found));
      };
      const finish = (fn: () => void) => {
        watchers.delete(check);
        clearTimeout(timer);
        fn();
      };
      const timer = setTimeout(() => finish(() => reject(new Error(`the stack did not print ${pattern} within ${timeoutMs} ms:\n${output}`))), timeoutMs);
      watchers.add(check);
      void exited.then((code) => finish(() => reject(new Error(`the stack exited (${code}) without printing ${pattern}:\n${output}`))));
      check();
    });

  const stack: RunningStack = {
    base: `http://127.0.0.1:${port}`,
    dir: '',
    child,
    replicas,
    output: () => output,
    printed,
    async replicaBack(n, oldPid, timeoutMs = 60_000) {
      // The map holds each replica's latest line.
      await until(() => replicas.get(n)!.pid !== oldPid, `replica ${n} to be started again`, timeoutMs);
      const replica = replicas.get(n)!;
      const ready = await send(`http://127.0.0.1:${replica.port}/ready`);
      if (ready.status !== 200) throw new Error(`replica ${n} printed its line but /ready answers ${ready.status}`);
      return replica;
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
  const ready = await printed(/^stack ready at (http:\/\/\S+)\/graphql$/m, 120_000, 0);
  if (ready[1] !== stack.base) throw new Error(`the stack says it is at ${ready[1]}, not ${stack.base}`);
  stack.dir = (await printed(/in (\S+)$/m, 1000, 0))[1]!;
  return stack;
}

export interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  text: string;
}

/** Keep-alive agents, one per client address. */
const agents = new Map<string, Agent>();

/** An agent whose connections come from `address` (any 127.x.y.z address works on Linux's loopback). */
export function agentFrom(address = '127.0.0.1'): Agent {
  let agent = agents.get(address);
  if (!agent) {
    agent = new Agent({ keepAlive: true, localAddress: address, maxSockets: 16 });
    agents.set(address, agent);
  }
  return agent;
}

export function closeAgents(): void {
  for (const agent of agents.values()) agent.destroy();
  agents.clear();
}

/** One HTTP request with node:http (no decompression, raw bytes); rejects on a network error or after 30 s. */
export function send(
  url: string,
  { method = 'GET', headers = {}, body, from = '127.0.0.1' }: { method?: string; headers?: Record<string, string>; body?: string | Buffer; from?: string } = {},
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers, agent: agentFrom(from), timeout: 30_000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const bytes = Buffer.concat(chunks);
        resolve({ status: res.statusCode!, headers: res.headers, body: bytes, text: bytes.toString() });
      });
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error('no answer within 30 s')));
    req.on('error', reject);
    req.end(body);
  });
}

/** A GraphQL GET URL. */
export function getUrl(base: string, query: string, variables?: Record<string, unknown>): string {
  const params = new URLSearchParams({ query });
  if (variables) params.set('variables', JSON.stringify(variables));
  return `${base}/graphql?${params}`;
}

export interface MethodCounts {
  requests: number;
  failed: number;
  /** The first few failures, for the report. */
  examples: string[];
}

export interface LoadResult {
  GET: MethodCounts;
  POST: MethodCounts;
}

const COUNTRY = 'query Country($code: String!) { country(code: $code) { name } }';

export interface Load {
  /** Requests sent so far. */
  sent(): number;
  /** Stops sending and resolves with the counts once every request has its answer. */
  stop(): Promise<LoadResult>;
}

/**
 * A bounded load through the stack: `workers` loops, each alternating a GET
 * and a POST, each worker from its own loopback address (up to `clients`),
 * until stop() or `maxRequests` have been sent. Every GET has a variable
 * the operation does not declare and no other request has, so nginx never
 * answers it from its cache: each one reaches a replica. A request fails
 * when it gets no answer, a status other than 200, or not the expected
 * data.
 */
export function startLoad(
  base: string,
  { workers = 8, clients = 8, maxRequests = 20_000, pauseMs = 5 }: { workers?: number; clients?: number; maxRequests?: number; pauseMs?: number } = {},
): Load {
  const result: LoadResult = { GET: { requests: 0, failed: 0, examples: [] }, POST: { requests: 0, failed: 0, examples: [] } };
  let sent = 0;
  let stopped = false;
  const fail = (counts: MethodCounts, why: string) => {
    counts.failed++;
    if (counts.examples.length < 5) counts.examples.push(why);
  };
  const worker = async (w: number) => {
    const from = `127.0.0.${1 + (w % clients)}`;
    for (let i = 0; !stopped && sent < maxRequests; i++) {
      const method = i % 2 === 0 ? 'GET' : 'POST';
      const counts = result[method];
      const nonce = sent++;
      counts.requests++;
      try {
        const answer =
          method === 'GET'
            ? await send(getUrl(base, COUNTRY, { code: 'ZA', nonce }), { from, headers: { accept: 'application/graphql-response+json' } })
            : await send(`${base}/graphql`, {
                method: 'POST',
                from,
                headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
                body: JSON.stringify({ query: COUNTRY, variables: { code: 'ZA' } }),
              });
        if (answer.status !== 200 || !answer.text.includes('"South Africa"')) fail(counts, `${answer.status} ${answer.text.slice(0, 200)}`);
      } catch (error) {
        fail(counts, (error as Error).message);
      }
      if (pauseMs) await new Promise((resolve) => setTimeout(resolve, pauseMs));
    }
  };
  const all = Promise.all(Array.from({ length: workers }, (_, w) => worker(w)));
  return {
    sent: () => sent,
    stop: async () => {
      stopped = true;
      await all;
      return result;
    },
  };
}

/** The access log's lines as they are now. */
export async function accessLogNow(dir: string): Promise<string[]> {
  return (await readFile(`${dir}/access.log`, 'utf8')).split('\n').filter(Boolean);
}

/** The access log's lines, read once it has stopped growing (nginx writes a line as each request ends): call it when no load runs. */
export async function accessLog(dir: string): Promise<string[]> {
  let previous = -1;
  for (;;) {
    const text = await readFile(`${dir}/access.log`, 'utf8');
    if (text.length === previous) return text.split('\n').filter(Boolean);
    previous = text.length;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** Resolves once `check()` is true, polling every 50 ms; rejects after `timeoutMs`. */
export async function until(check: () => boolean, what: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * The stack a test file runs against: started before its tests (with `env`,
 * as for startStack) and stopped after them, which must exit 0. Returns a
 * getter, valid inside the tests.
 */
export function stackForFile(env: Record<string, string> = {}): () => RunningStack {
  let stack: RunningStack | undefined;
  beforeAll(async () => {
    stack = await startStack(env);
  });
  afterAll(async () => {
    closeAgents();
    expect(await stack?.stop()).toBe(0);
  });
  return () => {
    if (!stack) throw new Error('The stack is not running: stackForFile starts it before the tests of its file.');
    return stack;
  };
}
