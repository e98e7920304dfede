/**
 * Scale benchmark (issue 5): the same server on the curated data (1x) and
 * on synthetic datasets 100x and 1000x its size (scripts/synthetic-fixtures.ts,
 * generated into .synthetic/ when missing), uncached (JIT on, response cache
 * off, so every request executes).
 *
 *   npm run bench:scale -- [--scales 1,100,1000] [--duration 3] [--warmup 2] [--rounds 3]
 *                          [--connections 16] [--latency-count 2000]
 *
 *   --scales         dataset sizes, 1 being the curated fixtures
 *   --duration       seconds per autocannon round; --warmup seconds before the first
 *   --rounds         autocannon rounds per query (medians are reported)
 *   --connections    autocannon connections
 *   --latency-count  sequential requests per query on one connection (after 200 warm-up ones)
 *
 * Measured per scale: start-up (spawn to listening) and the store's loading
 * steps (read, validate, index, search index); the heap after a full GC
 * (live data, not uncollected garbage) and RSS, idle and after the load.
 * Per query, (a) to (d) of bench/queries.ts and the scale-invariant (a*)
 * and (c*) (the same work over curated records, answering the same bytes at
 * every scale, which is checked): req/s and p99 with --connections connections
 * (throughput; their p50 is mostly queueing, in whole milliseconds), and p50
 * and p99 in microseconds of one request at a time on one connection (what
 * one request costs). Every response is checked byte for byte; any bad one
 * makes the exit code 1.
 *
 * Target: a page of 20 costs the same at 1000x as at 1x (sequential p50 ratio <= 1.5).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { syntheticFixtures, writeFixtures } from '../scripts/synthetic-fixtures.ts';
import type { LoadStats } from '../src/store/store.ts';
import { fmt, latency, load, medianOf, memoryOf, pinSelf, ROOT, rssMb, startTarget, stopTarget, table, type Latency, type Measurement } from './lib.ts';
import { QUERIES, requestBody, SCALE_INVARIANT } from './queries.ts';

const { values } = parseArgs({
  options: {
    scales: { type: 'string', default: '1,100,1000' },
    duration: { type: 'string', default: '3' },
    warmup: { type: 'string', default: '2' },
    rounds: { type: 'string', default: '3' },
    connections: { type: 'string', default: '16' },
    'latency-count': { type: 'string', default: '2000' },
  },
});
const scales = values.scales.split(',').map(Number);
const seconds = Number(values.duration);
const warmup = Number(values.warmup);
const rounds = Number(values.rounds);
const connections = Number(values.connections);
const latencyCount = Number(values['latency-count']);
if (
  scales.some((s) => !Number.isInteger(s) || s < 1) ||
  !(seconds > 0) ||
  !(warmup >= 0) ||
  !(rounds >= 1) ||
  !(connections >= 1) ||
  !Number.isInteger(latencyCount) ||
  latencyCount < 1
) {
  console.error('Usage: npm run bench:scale -- [--scales 1,100,1000] [--duration S] [--warmup S] [--rounds N] [--connections N] [--latency-count N]');
  process.exit(2);
}
const queries = [...QUERIES.filter((q) => q.id !== 'e'), ...SCALE_INVARIANT];
/** The answer of each scale-invariant query at the first scale: every other scale must answer the same bytes. */
const invariantAnswers = new Map<string, string>();
console.log(
  `summit-graph scale benchmark: scales ${scales.join(', ')}; ${rounds} rounds x ${seconds} s per query, ${connections} connections; ` +
    `${latencyCount} sequential requests per query on 1 connection`,
);
console.log(pinSelf(1));

interface Row {
  scale: number;
  wallMs: number;
  loadStats?: LoadStats;
  heapIdle: number;
  rssIdle: number;
  heapAfter: number;
  rssAfter: number;
  results: Map<string, { load: Measurement; latency: Latency }>;
}
const rows: Row[] = [];
let bad = 0;
for (const scale of scales) {
  const dir = scale === 1 ? join(ROOT, 'fixtures') : join(ROOT, '.synthetic', `x${scale}`);
  if (scale !== 1 && !existsSync(join(dir, 'events.json'))) {
    console.log(`generating ${dir}`);
    writeFixtures(syntheticFixtures(scale), dir);
  }
  const target = await startTarget('optimized', { FIXTURES_DIR: dir }, { exposeGc: true });
  try {
    // RSS as the OS sees it, read before the forced GC; the heap after it.
    const rssIdle = rssMb(target.child.pid!);
    const heapIdle = (await memoryOf(target)).heapUsedMb;
    const results: Row['results'] = new Map();
    for (const q of queries) {
      const url = `${target.url}/graphql`;
      const probe = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json' }, body: requestBody(q) });
      const expected = await probe.text();
      if (probe.status !== 200 || JSON.parse(expected).errors) throw new Error(`(${q.id}) at ${scale}x: status ${probe.status}: ${expected.slice(0, 300)}`);
      if (SCALE_INVARIANT.includes(q)) {
        const first = invariantAnswers.get(q.id);
        if (first === undefined) invariantAnswers.set(q.id, expected);
        else if (first !== expected) throw new Error(`(${q.id}) at ${scale}x answers differently from the first scale; it must be scale-invariant.`);
      }
      const opts = { url, body: requestBody(q), expected, connections };
      if (warmup > 0) await load({ ...opts, seconds: warmup });
      const ms: Measurement[] = [];
      for (let r = 0; r < rounds; r++) ms.push(await load({ ...opts, seconds }));
      const m = medianOf(ms);
      const l = await latency({ url, body: opts.body, expected, count: latencyCount });
      bad += m.bad + l.bad;
      results.set(q.id, { load: m, latency: l });
      console.log(
        `${scale}x (${q.id}): ${fmt.rps(m.rps)} req/s, p99 ${fmt.ms(m.p99)} ms (${connections} conn); ` +
          `p50 ${fmt.us(l.p50Us)} µs, p99 ${fmt.us(l.p99Us)} µs (1 conn); ${expected.length} bytes` +
          `${m.bad + l.bad ? `, ${m.bad + l.bad} BAD` : ''}`,
      );
    }
    const rssAfter = rssMb(target.child.pid!);
    const heapAfter = (await memoryOf(target)).heapUsedMb;
    rows.push({ scale, wallMs: target.wallMs, loadStats: target.loadStats, heapIdle, rssIdle, heapAfter, rssAfter, results });
  } finally {
    await stopTarget(target);
  }
}

const s = (ms: number | undefined) => (ms === undefined ? '-' : (ms / 1000).toFixed(2));
const mb = (n: number) => (Number.isFinite(n) ? n.toFixed(0) : '-');
console.log('');
console.log(
  table(
    [
      'scale',
      'records',
      'start-up s',
      'read s',
      'validate s',
      'index s',
      'search s',
      'heap MB idle (GC)',
      'RSS MB idle',
      'heap MB after load (GC)',
      'RSS MB after load',
    ],
    rows.map((r) => [
      `${r.scale}x`,
      r.loadStats ? r.loadStats.records.toLocaleString('en-US') : '-',
      s(r.wallMs),
      s(r.loadStats?.readMs),
      s(r.loadStats?.validateMs),
      s(r.loadStats?.indexMs),
      s(r.loadStats?.searchMs),
      mb(r.heapIdle),
      mb(r.rssIdle),
      mb(r.heapAfter),
      mb(r.rssAfter),
    ]),
  ),
);
console.log('');
console.log(
  table(
    ['scale', 'query', `req/s (${connections} conn)`, `p99 ms (${connections} conn)`, 'p50 µs (1 conn)', 'p99 µs (1 conn)'],
    rows.flatMap((r) =>
      queries.map((q) => {
        const { load: m, latency: l } = r.results.get(q.id)!;
        return [`${r.scale}x`, `(${q.id}) ${q.label}`, fmt.rps(m.rps), fmt.ms(m.p99), fmt.us(l.p50Us), fmt.us(l.p99Us)];
      }),
    ),
  ),
);
const base = rows.find((r) => r.scale === 1);
if (base) {
  console.log('');
  for (const r of rows.filter((x) => x !== base)) {
    const ratios = queries.map((q) => {
      const a = r.results.get(q.id)!;
      const b = base.results.get(q.id)!;
      const ratio = a.latency.p50Us / b.latency.p50Us;
      return `(${q.id}) p50 ${fmt.ratio(ratio)}, req/s ${fmt.ratio(a.load.rps / b.load.rps)}${ratio <= 1.5 ? '' : ' (target p50 <= 1.5x NOT met)'}`;
    });
    console.log(`${r.scale}x vs 1x: ${ratios.join('; ')}`);
  }
  const perX = rows
    .filter((x) => x !== base)
    .map((r) => `${r.scale}x ${mb(r.heapIdle)} MB (${((r.heapIdle - base.heapIdle) / (r.scale - 1)).toFixed(2)} MB per 1x of data)`);
  console.log(`heap after GC, idle: 1x ${mb(base.heapIdle)} MB${perX.length ? `; ${perX.join('; ')}` : ''}`);
}
console.log(bad === 0 ? 'Every response was 2xx with the expected bytes.' : `${bad} responses were not 2xx with the expected bytes.`);
if (bad > 0) process.exitCode = 1;
