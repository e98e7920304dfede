/**
 * Shared pieces of the benchmarks: starting a pinned target process,
 * loading it with autocannon (checking every response's status and bytes),
 * medians and table printing.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));

const hasTaskset = spawnSync('taskset', ['-V']).status === 0;

/** Pins this process (the load generator) to `cpu`, when taskset exists and the machine has more than one core. */
export function pinSelf(cpu: number): string {
  if (!hasTaskset) return 'taskset not found: server and load generator share cores';
  spawnSync('taskset', ['-p', '-c', String(cpu), String(process.pid)]);
  return `load generator on core ${cpu}, servers on core 0 (taskset)`;
}

export interface Target {
  kind: string;
  url: string;
  /** Milliseconds from spawn to listening, as the process itself measured after loading. */
  startupMs: number;
  /** Milliseconds from spawn to `ready`, measured here (includes Node and tsx start-up). */
  wallMs: number;
  child: ChildProcess;
  /** Stdout lines after `ready` (the execute kind answers there). */
  lines: AsyncIterator<string>;
}

/** Starts `bench/server.ts <kind>` pinned to core 0 with NODE_ENV=production; resolves once it listens. */
export async function startTarget(kind: string, env: Record<string, string> = {}): Promise<Target> {
  const args = ['--import', 'tsx', 'bench/server.ts', kind];
  const command = hasTaskset ? 'taskset' : process.execPath;
  const argv = hasTaskset ? ['-c', '0', process.execPath, ...args] : args;
  const t0 = performance.now();
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
        child.once('exit', (code) => reject(new Error(`${kind} exited with ${code}`)));
        waiting.push((l) => resolve({ value: l, done: false }));
      }),
  };
  for (;;) {
    const { value } = await lines.next();
    const match = /^ready (\S+) (\d+)/.exec(value);
    if (match) return { kind, url: match[1]!, startupMs: Number(match[2]), wallMs: performance.now() - t0, child, lines };
  }
}

export function stopTarget(t: Target): Promise<void> {
  return new Promise((resolve) => {
    if (t.child.exitCode !== null) return resolve();
    t.child.once('exit', () => resolve());
    t.child.kill('SIGTERM');
  });
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
}

export interface LoadOptions {
  url: string;
  body: string;
  expected: string;
  seconds: number;
  connections: number;
  headers?: Record<string, string>;
}

/** Loads `url` with POSTs of `body` for `seconds`; every response must be 2xx with exactly `expected` as body. */
export async function load(o: LoadOptions): Promise<Measurement> {
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
  };
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
  ms: (n: number) => (Number.isFinite(n) ? (n < 10 ? n.toFixed(2) : n.toFixed(1)) : '-'),
  ratio: (n: number) => (Number.isFinite(n) ? `${n.toFixed(2)}x` : '-'),
};
