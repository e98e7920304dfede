/**
 * Soak test: the real server under a bounded mixed load on 127.0.0.1
 * (valid queries, over-limit queries and malformed requests), checking that
 * it never answers 5xx, never drops a socket, and that its resident memory
 * does not grow.
 *
 *   npm run bench:soak -- [--duration 60] [--warm-up 10] [--connections 100] [--max-growth 10]
 *
 * Exits 1 when any 5xx, socket error, timeout or unexpected status occurs,
 * or when resident memory in the last window (its lowest sample, after a
 * garbage collection) exceeds that of the first window by more than
 * --max-growth percent (windows of 10 s, or a third of a shorter
 * run, measured after the warm-up).
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { startServer } from '../scripts/server-process.ts';

const { values } = parseArgs({
  options: {
    duration: { type: 'string', default: '60' },
    'warm-up': { type: 'string' },
    connections: { type: 'string', default: '100' },
    'max-growth': { type: 'string', default: '10' },
  },
});
const duration = Number(values.duration);
const connections = Number(values.connections);
const maxGrowth = Number(values['max-growth']);
// Resident memory climbs for the first seconds of load (V8 grows its heap to
// the working size) before it levels off, so the windows are compared only
// after a warm-up: by default a quarter of the duration, 2 to 10 s.
const warmUp = values['warm-up'] !== undefined ? Number(values['warm-up']) : Math.max(2, Math.min(10, Math.round(duration / 4)));
for (const [name, value] of Object.entries({ duration, connections, 'max-growth': maxGrowth, 'warm-up': warmUp })) {
  if (!Number.isFinite(value) || value <= 0) {
    console.error(`--${name} must be a positive number; got ${JSON.stringify(values[name as keyof typeof values])}.`);
    process.exit(2);
  }
}

/** Resident set size of a process in MiB, from /proc. */
function rssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? NaN);
  return kb / 1024;
}

const json = { 'content-type': 'application/json', accept: 'application/graphql-response+json' };
const body = (query: string, variables?: unknown) => JSON.stringify({ query, variables });
const THREE_HOPS = `query ($first: Int) { events(first: $first) { edges { node { name participations(first: $first) { edges { node { party { name country { name parties(first: $first) { totalCount } } } } } } } } } }`;

const COUNTRY = 'query Country($code: String!) { country(code: $code) { name } }';
let distinct = 0;

/** The mix, with the statuses each request may get; `vary` makes each request's body new. */
const REQUESTS: { title: string; method: 'GET' | 'POST'; path: string; headers?: Record<string, string>; body?: string; vary?: () => string; ok: number[] }[] =
  [
    { title: 'relationship query', method: 'POST', path: '/graphql', headers: json, body: body(THREE_HOPS, { first: 5 }), ok: [200] },
    {
      title: 'node lookup',
      method: 'POST',
      path: '/graphql',
      headers: json,
      body: body('{ party(slug: "african-national-congress") { id name country { name } } }'),
      ok: [200],
    },
    {
      title: 'search',
      method: 'POST',
      path: '/graphql',
      headers: json,
      body: body('{ search(query: "communist party", first: 10) { totalCount edges { score } } }'),
      ok: [200],
    },
    {
      title: 'filtered list',
      method: 'GET',
      path: `/graphql?query=${encodeURIComponent('{ parties(filter: { country: "BD" }, orderBy: { field: NAME, direction: DESC }) { nodes { name } } }')}`,
      ok: [200],
    },
    { title: 'over the cost limit', method: 'POST', path: '/graphql', headers: json, body: body(THREE_HOPS, { first: 100 }), ok: [400] },
    { title: 'page too large', method: 'POST', path: '/graphql', headers: json, body: body('{ countries(first: 1000) { totalCount } }'), ok: [200, 429] }, // not cached (an error): spends budget
    {
      title: 'too deep',
      method: 'POST',
      path: '/graphql',
      headers: json,
      body: body(`{ ${'event(slug: "x") { participations { edges { node { '.repeat(3)} role ${'} } } } '.repeat(3)} }`),
      ok: [400],
    },
    { title: 'malformed JSON', method: 'POST', path: '/graphql', headers: json, body: '{"query": ', ok: [400] },
    { title: 'syntax error', method: 'POST', path: '/graphql', headers: json, body: body('{ country('), ok: [400] },
    { title: 'mutation', method: 'POST', path: '/graphql', headers: json, body: body('mutation { x }'), ok: [400] },
    { title: 'bad GET variables', method: 'GET', path: `/graphql?query=${encodeURIComponent('{ __typename }')}&variables=%7Bx`, ok: [400] },
    { title: 'unsupported content type', method: 'POST', path: '/graphql', headers: { 'content-type': 'text/plain' }, body: '{ __typename }', ok: [415] },
    { title: 'body too large', method: 'POST', path: '/graphql', headers: json, body: body('{ __typename }', { pad: 'x'.repeat(120_000) }), ok: [413] },
    // Attacks that once crashed the server or grew its memory without bound (test/attacks.test.ts).
    {
      title: 'variable nested 10,000 levels',
      method: 'POST',
      path: '/graphql',
      headers: json,
      body: `{"query":${JSON.stringify(COUNTRY)},"variables":{"code":${'['.repeat(10_000)}${']'.repeat(10_000)}}}`,
      ok: [400],
    },
    {
      title: '95 KB of undeclared variables',
      method: 'POST',
      path: '/graphql',
      headers: json,
      body: body(COUNTRY, { code: 'VN', pad: 'x'.repeat(95_000) }),
      ok: [200],
    },
    {
      title: 'distinct token-dense query',
      method: 'POST',
      path: '/graphql',
      headers: json,
      vary: () => body(`query Q${distinct++} {${' a'.repeat(1990)}}`),
      ok: [400],
    },
    {
      title: 'null variable under @skip beside real work',
      method: 'POST',
      path: '/graphql',
      headers: json,
      body: body(
        `query ($q: String = "x", $first: Int) { s: search(query: $q) @skip(if: true) { totalCount } ${THREE_HOPS.slice(THREE_HOPS.indexOf('{') + 1, THREE_HOPS.lastIndexOf('}'))} }`,
        {
          q: null,
          first: 100,
        },
      ),
      ok: [400],
    },
    {
      title: '15 aliased deep introspection queries',
      method: 'POST',
      path: '/graphql',
      headers: json,
      body: body(`{ ${Array.from({ length: 15 }, (_, i) => `a${i}: __schema { types { fields { type { fields { name } } } } }`).join(' ')} }`),
      ok: [400],
    },
    {
      title: '100 spreads with two directives each',
      method: 'POST',
      path: '/graphql',
      headers: json,
      body: body(`{ country(code: "VN") { ${'...F @include(if: true) @skip(if: false) '.repeat(100)} } } fragment F on Country { name }`),
      ok: [400],
    },
    {
      title: 'nodes(ids:) with 100 copies',
      method: 'POST',
      path: '/graphql',
      headers: json,
      body: body('query ($ids: [ID!]!) { nodes(ids: $ids) { ... on Event { participations(first: 100) { nodes { party { name } } } } } }', {
        ids: Array(100).fill('RXZlbnQ6Y3BjLWFuZC13b3JsZC1wb2xpdGljYWwtcGFydGllcy1zdW1taXQtMjAyMQ=='),
      }),
      ok: [200, 429],
    }, // cost ~30,000: within the limit, then the client's budget runs out
  ];

async function main() {
  const server = await startServer({ NODE_ENV: 'production' });
  const pid = server.child.pid!;
  // Warm up first (caches, JIT, heap growth to its working size), so the
  // windows compare steady states rather than start-up with steady state.
  const setup = (r: (typeof REQUESTS)[number]) => (r.vary ? { setupRequest: (req: autocannon.Request) => ({ ...req, body: r.vary!() }) } : {});
  await autocannon({
    url: server.url,
    connections,
    duration: warmUp,
    requests: REQUESTS.map((r) => ({ method: r.method, path: r.path, headers: r.headers, body: r.body, ...setup(r) })),
  });

  const samples: { t: number; rss: number }[] = [];
  const started = Date.now();
  const sampler = setInterval(() => samples.push({ t: (Date.now() - started) / 1000, rss: rssMiB(pid) }), 500);

  const unexpected = new Map<string, number>();
  let requests = 0;
  const result = await autocannon({
    url: server.url,
    connections,
    duration,
    timeout: 10,
    requests: REQUESTS.map((r) => ({
      method: r.method,
      path: r.path,
      headers: r.headers,
      body: r.body,
      ...setup(r),
      onResponse: (status: number) => {
        requests++;
        if (!r.ok.includes(status)) {
          const key = `${r.title}: ${status}`;
          unexpected.set(key, (unexpected.get(key) ?? 0) + 1);
        }
      },
    })),
  });
  clearInterval(sampler);
  server.child.kill('SIGTERM');

  const window = Math.min(10, duration / 3);
  // Resident size swings by tens of percent between garbage collections
  // (request bodies of up to 120 KB come and go), so each window is
  // represented by its lowest sample, the size after a collection: what the
  // process really keeps. A leak raises that floor.
  const floor = (xs: number[]) => Math.min(...xs);
  const first = floor(samples.filter((s) => s.t <= window).map((s) => s.rss));
  const last = floor(samples.filter((s) => s.t >= duration - window).map((s) => s.rss));
  const growth = ((last - first) / first) * 100;
  const fiveXX = Object.entries(result.statusCodeStats ?? {})
    .filter(([code]) => code.startsWith('5'))
    .reduce((n, [, stats]) => n + (stats as { count: number }).count, 0);

  const lines = [
    `soak: ${duration} s after a ${warmUp} s warm-up, ${connections} connections, ${REQUESTS.length} kinds of request (valid, over-limit, malformed)`,
    `requests: ${result.requests.total} (${Math.round(result.requests.average)} req/s), latency p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms`,
    `status codes: ${Object.entries(result.statusCodeStats ?? {})
      .map(([code, s]) => `${code}: ${(s as { count: number }).count}`)
      .join(', ')}`,
    `5xx: ${fiveXX}, socket errors: ${result.errors}, timeouts: ${result.timeouts}, unexpected statuses: ${[...unexpected].map(([k, n]) => `${k} ×${n}`).join('; ') || 'none'}`,
    `resident memory every 5 s (MiB): ${samples
      .filter((_, i) => i % 10 === 0)
      .map((x) => x.rss.toFixed(0))
      .join(' ')}`,
    `resident memory (lowest, after GC): ${first.toFixed(1)} MiB in the first ${window.toFixed(1)} s, ${last.toFixed(1)} MiB in the last ${window.toFixed(1)} s (${growth >= 0 ? '+' : ''}${growth.toFixed(1)}%, limit +${maxGrowth}%)`,
  ];
  console.log(lines.join('\n'));

  const failures = [
    fiveXX > 0 && `${fiveXX} responses were 5xx`,
    result.errors > 0 && `${result.errors} socket errors`,
    result.timeouts > 0 && `${result.timeouts} timeouts`,
    unexpected.size > 0 && 'unexpected statuses',
    requests === 0 && 'no request completed',
    !(growth <= maxGrowth) && `memory grew ${growth.toFixed(1)}%`,
  ].filter(Boolean);
  if (failures.length > 0) {
    console.error(`soak FAILED: ${failures.join(', ')}`);
    process.exit(1);
  }
  console.log('soak passed');
}

await main();
