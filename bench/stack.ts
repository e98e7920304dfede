/**
 * Scaling out, measured (issue 14): the stack (scripts/stack.ts, nginx in
 * front of the replicas) with 1 and then 2 replicas, loaded by autocannon
 * on 127.0.0.1, for
 *
 *   - a new query: a POST (nginx keeps no POST) of an operation no replica
 *     has seen (its name is numbered per request), so that every request
 *     is parsed, validated, costed and executed: the work replicas share;
 *   - a repeated query over POST: passed to a replica, answered from its
 *     response cache;
 *   - a repeated query over GET: answered by nginx from its cache, whose
 *     hit rate is read from nginx's access log.
 *
 * and the ratio of 2 replicas to 1 for each. Every response is checked
 * byte for byte; any bad one makes the exit code 1.
 *
 *   npm run bench:stack -- [--duration 5] [--warmup 1] [--connections 32] [--clients 16]
 *
 * nginx sends each client address to one replica (the budget is per
 * client), so the load comes from --clients loopback addresses
 * (127.0.0.1, 127.0.0.2, ...), as that many clients would: autocannon's
 * connections are opened from them in turn. Replicas, nginx and
 * autocannon share this machine's cores, so a second replica can add only
 * what cores are left: read the ratios with `nproc` in mind.
 */
import { readFileSync } from 'node:fs';
import net from 'node:net';
import { cpus } from 'node:os';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { startStack, type Stack } from '../scripts/stack.ts';
import { fmt, table } from './lib.ts';

const { values } = parseArgs({
  options: {
    duration: { type: 'string', default: '5' },
    warmup: { type: 'string', default: '1' },
    connections: { type: 'string', default: '32' },
    clients: { type: 'string', default: '16' },
  },
});
const duration = Number(values.duration);
const warmup = Number(values.warmup);
const connections = Number(values.connections);
const clients = Number(values.clients);
for (const [name, value] of Object.entries({ duration, warmup, connections, clients })) {
  if (!Number.isFinite(value) || value < 0 || (name !== 'warmup' && value === 0) || (name === 'clients' && value > 250)) {
    console.error(`--${name} must be a positive number${name === 'clients' ? ' up to 250' : ''}; got ${JSON.stringify(values[name as keyof typeof values])}.`);
    process.exit(2);
  }
}

/** Connections to nginx's port are opened from 127.0.0.1 … 127.0.0.<clients> in turn. */
let stackPort = 0;
let nextClient = 0;
const connect = net.connect;
(net as { connect: typeof net.connect }).connect = ((...args: unknown[]) => {
  // autocannon calls net.connect(port, hostname), the port as its URL gives it (a string).
  if (Number(args[0]) === stackPort && typeof args[1] === 'string') {
    const localAddress = `127.0.0.${1 + (nextClient++ % clients)}`;
    return connect({ port: stackPort, host: args[1], localAddress });
  }
  return (connect as (...a: unknown[]) => net.Socket)(...args);
}) as typeof net.connect;

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

const QUERY = '{ parties(first: 20) { nodes { name country { name } participations(first: 3) { nodes { role event { name } } } } } }';
const json = { 'content-type': 'application/json', accept: 'application/json' };

interface Result {
  rps: number;
  p99: number;
  requests: number;
  bad: number;
  /** What the bad ones were. */
  why: string;
}

async function run(scenario: Scenario, base: string, expected: string, seconds: number): Promise<Result> {
  let mismatches = 0;
  const result = await autocannon({ connections, ...scenario.options(base, expected, () => mismatches++), duration: seconds });
  return {
    rps: result.requests.average,
    p99: result.latency.p99,
    requests: result.requests.total,
    bad: result.non2xx + result.mismatches + mismatches + result.errors + result.timeouts,
    why: `non-2xx ${result.non2xx}, wrong body ${result.mismatches + mismatches}, errors ${result.errors}, timeouts ${result.timeouts}`,
  };
}

interface Scenario {
  title: string;
  /** `check` counts an answer that is not `expected`, for options that cannot use autocannon's expectBody. */
  options: (base: string, expected: string, mismatch: () => void) => autocannon.Options;
}

let serial = 0;
const scenarios: Scenario[] = [
  {
    title: 'new query (POST, executed)',
    options: (base, expected, mismatch) => ({
      url: `${base}/graphql`,
      requests: [
        {
          method: 'POST',
          headers: json,
          // A new operation name per request: no cache anywhere has its answer.
          setupRequest: (request) => ({ ...request, body: JSON.stringify({ query: `query Q${++serial} ${QUERY}` }) }),
          onResponse: (status, body) => {
            if (status === 200 && body !== expected) mismatch();
          },
        },
      ],
    }),
  },
  {
    title: 'repeated query (POST, replica cache)',
    options: (base, expected) => ({ url: `${base}/graphql`, method: 'POST', headers: json, body: JSON.stringify({ query: QUERY }), expectBody: expected }),
  },
  {
    title: 'repeated query (GET, nginx cache)',
    options: (base, expected) => ({
      url: `${base}/graphql?${new URLSearchParams({ query: QUERY })}`,
      method: 'GET',
      headers: { accept: 'application/json' },
      expectBody: expected,
    }),
  },
];

async function measure(replicas: number): Promise<{ results: Result[]; hitRate: number; hits: number; gets: number; shares: string }> {
  const port = await freePort();
  stackPort = port;
  const stack: Stack = await startStack({
    replicas,
    port,
    host: '127.0.0.1',
    // A budget no benchmark client reaches: this measures throughput, not the limit.
    env: { ...process.env, RATE_LIMIT_POINTS: '1000000000', RATE_LIMIT_WINDOW: '1' },
    log: () => {},
    output: (source, line) => {
      if (/\[(emerg|alert|crit)\]/.test(line) || /error/i.test(line)) console.error(`${source} | ${line}`);
    },
  });
  const base = stack.url.replace(/\/graphql$/, '');
  try {
    // The expected body of every answer: the same for every operation name.
    const expected = await (await fetch(`${base}/graphql`, { method: 'POST', headers: json, body: JSON.stringify({ query: QUERY }) })).text();
    const results: Result[] = [];
    let hits = 0;
    let gets = 0;
    let shares = '';
    for (const scenario of scenarios) {
      if (warmup > 0) await run(scenario, base, expected, warmup);
      const logBefore = readFileSync(`${stack.dir}/access.log`, 'utf8').length;
      results.push(await run(scenario, base, expected, duration));
      const lines = readFileSync(`${stack.dir}/access.log`, 'utf8').slice(logBefore).split('\n');
      if (scenario.title.startsWith('new query')) {
        // How the clients' addresses spread over the replicas.
        const served = new Map<string, number>();
        for (const line of lines) {
          const upstream = / upstream=(\S+) /.exec(line)?.[1];
          if (upstream && line.includes('"POST /graphql')) served.set(upstream, (served.get(upstream) ?? 0) + 1);
        }
        const total = [...served.values()].reduce((a, b) => a + b, 0);
        shares = [...served.values()].map((n) => `${Math.round((n / total) * 100)}%`).join(' / ');
      }
      if (scenario.title.includes('GET')) {
        const gotten = lines.filter((line) => line.includes('"GET /graphql?'));
        gets = gotten.length;
        hits = gotten.filter((line) => / cache=HIT /.test(line)).length;
      }
    }
    return { results, hitRate: gets ? hits / gets : Number.NaN, hits, gets, shares };
  } finally {
    await stack.stop();
  }
}

console.log(
  `bench:stack: ${cpus().length} cores; autocannon ${connections} connections from ${clients} client addresses, ${warmup} s warm-up + ${duration} s per scenario`,
);
const one = await measure(1);
const two = await measure(2);

const rows = scenarios.map((scenario, i) => {
  const a = one.results[i]!;
  const b = two.results[i]!;
  return [scenario.title, fmt.rps(a.rps), fmt.rps(b.rps), fmt.ratio(b.rps / a.rps), `${a.p99} / ${b.p99}`, String(a.bad + b.bad)];
});
console.log();
console.log(table(['scenario', '1 replica req/s', '2 replicas req/s', '2 / 1', 'p99 ms (1 / 2)', 'bad'], rows));
console.log();
for (const [n, m] of [
  [1, one],
  [2, two],
] as const) {
  console.log(`nginx cache hit rate, repeated GET, ${n} replica${n > 1 ? 's' : ''}: ${(m.hitRate * 100).toFixed(2)}% (${m.hits} of ${m.gets})`);
}
console.log(`new queries answered by each of the 2 replicas: ${two.shares} (nginx sends each client address to one replica)`);
const bad = [...one.results, ...two.results].reduce((sum, r) => sum + r.bad, 0);
if (bad > 0) {
  for (const [n, m] of [
    [1, one],
    [2, two],
  ] as const) {
    m.results.forEach((r, i) => r.bad && console.error(`${scenarios[i]!.title}, ${n} replica(s): ${r.why}`));
  }
  console.error(`${bad} responses were not 2xx or not the expected bytes.`);
  process.exit(1);
}
