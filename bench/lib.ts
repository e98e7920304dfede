/**
 * Shared pieces of the benchmarks: starting a pinned target process and
 * asking it for its memory, loading it with autocannon or timing single
 * requests (checking every response's status and bytes), medians and table
 * printing.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { Agent, request } from 'node:http';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import type { LoadStats } from '../src/store/store.ts';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));

const hasTaskset = spawnSync('taskset', ['-V']).status === 0;

/** Pins this process (the load generator) to `cpu`, when taskset exists and the machine has more than one core. */
export function pinSelf(cpu: number): string {
  if (!hasTaskset) return 'taskset not found: server and load generator share cores';
  spawnSync('taskset', ['-p', '-c', String(cpu), String(process.pid)]);
  return `load generator on core ${cpu}; servers start on every core, then are pinned to core 0 (taskset)`;
}

export interface Target {
  kind: string;
  url: string;
  /** Milliseconds from spawn to listening, as the process itself measured after loading. */
  startupMs: number;
  /** Milliseconds from spawn to `ready`, measured here (includes Node's own start-up and type stripping). */
  wallMs: number;
  child: ChildProcess;
  /** The store's loading steps, as the process reported them on its `ready` line. */
  loadStats?: LoadStats;
  /** Stdout lines after `ready` (the execute kind and the `memory` command answer there). */
  lines: AsyncIterator<string>;
}

/**
 * Starts `bench/server.ts <kind>` with NODE_ENV=production; resolves once it listens, after pinning it to core 0.
 * BENCH_NODE_FLAGS (space-separated) adds Node/V8 flags to the target, e.g. BENCH_NODE_FLAGS=--single-threaded-gc.
 * `exposeGc` starts Node with `--expose-gc`, so that `memoryOf` measures the heap after a full GC.
 */
export async function startTarget(kind: string, env: Record<string, string> = {}, options: { exposeGc?: boolean } = {}): Promise<Target> {
  // Started on every core, as deployed; pinned to core 0 once ready, for the load.
  const args = [
    ...(options.exposeGc ? ['--expose-gc'] : []),
    ...(process.env.BENCH_NODE_FLAGS ? process.env.BENCH_NODE_FLAGS.split(' ') : []),
    'bench/server.ts',
    kind,
  ];
  const t0 = performance.now();
  // A child inherits this process's affinity (pinSelf): give it every core explicitly.
  const command = hasTaskset ? 'taskset' : process.execPath;
  const argv = hasTaskset ? ['-c', `0-${cpus().length - 1}`, process.execPath, ...args] : args;
  const child = spawn(command, argv, {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: 'production', PORT: '0', ...env },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const queue: string[] = [];
  const waiting: ((line: string) => void)[] = [];
  let buffer = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    buffer += chunk.toString();
    let nl: number;
    while ((nl = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, nl);
      buffer = buffer.slice(nl + 1);
      const w = waiting.shift();
      if (w) w(line);
      else queue.push(line);
    }
  });
  const lines: AsyncIterator<string> = {
    next: () =>
      new Promise((resolve, reject) => {
        const line = queue.shift();
        if (line !== undefined) return resolve({ value: line, done: false });
        if (child.exitCode !== null) return reject(new Error(`${kind} exited with ${child.exitCode}`));
        const onExit = (code: number | null) => reject(new Error(`${kind} exited with ${code}`));
        child.once('exit', onExit);
        waiting.push((l) => {
          child.off('exit', onExit);
          resolve({ value: l, done: false });
        });
      }),
  };
  for (;;) {
    const { value } = await lines.next();
    const match = /^ready (\S+) (\d+)(?: (\{.*\}))?$/.exec(value);
    if (match) {
      const loadStats = match[3] ? (JSON.parse(match[3]) as LoadStats) : undefined;
      const wallMs = performance.now() - t0;
      // Every thread of the process (-a): the main one, libuv's and V8's.
      if (hasTaskset) spawnSync('taskset', ['-a', '-p', '-c', '0', String(child.pid)]);
      return { kind, url: match[1]!, startupMs: Number(match[2]), wallMs, loadStats, child, lines };
    }
  }
}

export interface Memory {
  heapUsedMb: number;
  externalMb: number;
  rssMb: number;
}

/**
 * Asks a store-backed HTTP target (plain, optimized, cached) for its memory:
 * it runs a full GC twice when started with `exposeGc`, then reports
 * process.memoryUsage(), so heapUsedMb is live data rather than uncollected garbage.
 */
export async function memoryOf(t: Target): Promise<Memory> {
  t.child.stdin!.write('memory\n');
  for (;;) {
    const { value } = await t.lines.next();
    if (value.startsWith('memory ')) return JSON.parse(value.slice('memory '.length)) as Memory;
  }
}

export function stopTarget(t: Target): Promise<void> {
  return new Promise((resolve) => {
    if (t.child.exitCode !== null) return resolve();
    t.child.once('exit', () => resolve());
    t.child.kill('SIGTERM');
  });
}

const clockTicks = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout?.trim()) || 100;

/**
 * CPU seconds a process has used so far, all its threads (user + system,
 * Linux /proc), or NaN. What a server spends per request, measured this way,
 * does not count time that other processes took from its core, so its ratios
 * hold on a shared machine where req/s moves with the neighbours' load.
 */
export function cpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may contain spaces), from field 3: utime is 14, stime 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / clockTicks;
  } catch {
    return Number.NaN;
  }
}

/** Resident memory of a process in MB (Linux /proc), or NaN. */
export function rssMb(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1]) / 1024;
  } catch {
    return Number.NaN;
  }
}

export interface Measurement {
  rps: number;
  p50: number;
  p99: number;
  requests: number;
  /** Responses that were not 2xx, did not have the expected bytes, or failed. */
  bad: number;
  /** The server's CPU time per request in µs, all threads (NaN when not measured). */
  cpuUs: number;
}

export interface LoadOptions {
  url: string;
  body: string;
  expected: string;
  seconds: number;
  connections: number;
  headers?: Record<string, string>;
  /** The server's process, for its CPU time per request. */
  pid?: number;
}

/** Loads `url` with POSTs of `body` for `seconds`; every response must be 2xx with exactly `expected` as body. */
export async function load(o: LoadOptions): Promise<Measurement> {
  const cpu0 = o.pid === undefined ? Number.NaN : cpuSeconds(o.pid);
  const result = await autocannon({
    url: o.url,
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', ...o.headers },
    body: o.body,
    connections: o.connections,
    duration: o.seconds,
    expectBody: o.expected,
  });
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    requests: result.requests.total,
    bad: result.non2xx + result.mismatches + result.errors + result.timeouts,
    cpuUs: o.pid === undefined ? Number.NaN : ((cpuSeconds(o.pid) - cpu0) * 1e6) / result.requests.total,
  };
}

export interface Latency {
  p50Us: number;
  p90Us: number;
  p99Us: number;
  meanUs: number;
  /** Responses that were not 2xx, did not have the expected bytes, or failed. */
  bad: number;
}

/**
 * Sends `count` POSTs of `body` one after another over one keep-alive
 * connection (after `warmup` uncounted ones, 200 by default) and returns
 * percentiles of their latency in microseconds, each timed from the start of
 * the request to the end of the response. Hand-written rather than autocannon:
 * autocannon records whole milliseconds, and a sequential client on one
 * connection measures what one request costs, without the queueing that
 * dominates the latency of many concurrent connections.
 */
export async function latency(o: { url: string; body: string; expected: string; count: number; warmup?: number }): Promise<Latency> {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const headers = { 'content-type': 'application/json', accept: 'application/json', 'content-length': Buffer.byteLength(o.body) };
  const once = () =>
    new Promise<{ us: number; ok: boolean }>((resolve) => {
      const t0 = process.hrtime.bigint();
      const req = request(o.url, { method: 'POST', agent, headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const us = Number(process.hrtime.bigint() - t0) / 1000;
          const status = res.statusCode ?? 0;
          resolve({ us, ok: status >= 200 && status < 300 && Buffer.concat(chunks).toString() === o.expected });
        });
        res.on('error', () => resolve({ us: Number.NaN, ok: false }));
      });
      req.on('error', () => resolve({ us: Number.NaN, ok: false }));
      req.end(o.body);
    });
  try {
    for (let i = 0; i < (o.warmup ?? 200); i++) await once();
    const times: number[] = [];
    let bad = 0;
    for (let i = 0; i < o.count; i++) {
      const { us, ok } = await once();
      if (ok) times.push(us);
      else bad++;
    }
    times.sort((a, b) => a - b);
    const at = (p: number) => (times.length ? times[Math.min(times.length - 1, Math.ceil(times.length * p) - 1)]! : Number.NaN);
    return { p50Us: at(0.5), p90Us: at(0.9), p99Us: at(0.99), meanUs: times.reduce((a, b) => a + b, 0) / times.length, bad };
  } finally {
    agent.destroy();
  }
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** The median of each field over rounds; `bad` is summed. */
export function medianOf(rounds: Measurement[]): Measurement {
  return {
    rps: median(rounds.map((r) => r.rps)),
    p50: median(rounds.map((r) => r.p50)),
    p99: median(rounds.map((r) => r.p99)),
    requests: rounds.reduce((a, r) => a + r.requests, 0),
    bad: rounds.reduce((a, r) => a + r.bad, 0),
    cpuUs: median(rounds.map((r) => r.cpuUs)),
  };
}

/** Prints rows as a Markdown table with aligned columns. */
export function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  return [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}

export const fmt = {
  rps: (n: number) => (Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : '-'),
  us: (n: number) => (Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : '-'),
  ms: (n: number) => (Number.isFinite(n) ? (n < 10 ? n.toFixed(2) : n.toFixed(1)) : '-'),
  ratio: (n: number) => (Number.isFinite(n) ? `${n.toFixed(2)}x` : '-'),
};
