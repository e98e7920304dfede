/**
 * Scale benchmark (issue 5): the same server on the curated data (1x) and
 * on synthetic datasets 100x and 1000x its size (scripts/synthetic-fixtures.ts,
 * generated into .synthetic/ when missing). For each scale: start-up time,
 * resident memory, and req/s, p50, p99 of queries (a) to (d), uncached
 * (JIT on, response cache off, so every request executes).
 *
 *   npm run bench:scale -- [--scales 1,100,1000] [--duration 3] [--warmup 2] [--rounds 3] [--connections 16]
 *
 * Target: a page of 20 costs the same at 1000x as at 1x (p50 ratio <= 1.5).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { syntheticFixtures, writeFixtures } from '../scripts/synthetic-fixtures.js';
import { fmt, load, medianOf, pinSelf, ROOT, rssMb, startTarget, stopTarget, table, type Measurement } from './lib.js';
import { QUERIES, requestBody } from './queries.js';

const { values } = parseArgs({
  options: {
    scales: { type: 'string', default: '1,100,1000' },
    duration: { type: 'string', default: '3' },
    warmup: { type: 'string', default: '2' },
    rounds: { type: 'string', default: '3' },
    connections: { type: 'string', default: '16' },
  },
});
const scales = values.scales.split(',').map(Number);
const seconds = Number(values.duration);
const warmup = Number(values.warmup);
const rounds = Number(values.rounds);
const connections = Number(values.connections);
if (scales.some((s) => !Number.isInteger(s) || s < 1) || !(seconds > 0) || !(warmup >= 0) || !(rounds >= 1) || !(connections >= 1)) {
  console.error('Usage: npm run bench:scale -- [--scales 1,100,1000] [--duration S] [--warmup S] [--rounds N] [--connections N]');
  process.exit(2);
}
const queries = QUERIES.filter((q) => q.id !== 'e');
console.log(`summit-graph scale benchmark: scales ${scales.join(', ')}; ${rounds} rounds x ${seconds} s per query, ${connections} connections`);
console.log(pinSelf(1));

interface Row {
  scale: number;
  wallMs: number;
  loadMs: number;
  rssIdle: number;
  rssAfter: number;
  results: Map<string, Measurement>;
}
const rows: Row[] = [];
let bad = 0;
for (const scale of scales) {
  const dir = scale === 1 ? join(ROOT, 'fixtures') : join(ROOT, '.synthetic', `x${scale}`);
  if (scale !== 1 && !existsSync(join(dir, 'events.json'))) {
    console.log(`generating ${dir}`);
    writeFixtures(syntheticFixtures(scale), dir);
  }
  const target = await startTarget('optimized', { FIXTURES_DIR: dir });
  try {
    const rssIdle = rssMb(target.child.pid!);
    const results = new Map<string, Measurement>();
    for (const q of queries) {
      const probe = await fetch(`${target.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json' }, body: requestBody(q) });
      const expected = await probe.text();
      if (probe.status !== 200 || JSON.parse(expected).errors) throw new Error(`(${q.id}) at ${scale}x: status ${probe.status}: ${expected.slice(0, 300)}`);
      const opts = { url: `${target.url}/graphql`, body: requestBody(q), expected, connections };
      if (warmup > 0) await load({ ...opts, seconds: warmup });
      const ms: Measurement[] = [];
      for (let r = 0; r < rounds; r++) ms.push(await load({ ...opts, seconds }));
      const m = medianOf(ms);
      bad += m.bad;
      results.set(q.id, m);
      console.log(`${scale}x (${q.id}): ${fmt.rps(m.rps)} req/s, p50 ${fmt.ms(m.p50)} ms, p99 ${fmt.ms(m.p99)} ms, ${expected.length} bytes${m.bad ? `, ${m.bad} BAD` : ''}`);
    }
    rows.push({ scale, wallMs: target.wallMs, loadMs: target.startupMs, rssIdle, rssAfter: rssMb(target.child.pid!), results });
  } finally {
    await stopTarget(target);
  }
}

console.log('');
console.log(
  table(
    ['scale', 'start-up s (spawn to listening)', 'RSS MB idle', 'RSS MB after load', ...queries.flatMap((q) => [`(${q.id}) req/s`, `(${q.id}) p50`, `(${q.id}) p99`])],
    rows.map((r) => [
      `${r.scale}x`,
      (r.wallMs / 1000).toFixed(2),
      r.rssIdle.toFixed(0),
      r.rssAfter.toFixed(0),
      ...queries.flatMap((q) => {
        const m = r.results.get(q.id)!;
        return [fmt.rps(m.rps), fmt.ms(m.p50), fmt.ms(m.p99)];
      }),
    ]),
  ),
);
const base = rows.find((r) => r.scale === 1);
if (base) {
  console.log('');
  for (const r of rows.filter((x) => x !== base)) {
    const ratios = queries.map((q) => {
      const a = r.results.get(q.id)!;
      const b = base.results.get(q.id)!;
      // autocannon's latency has a 1 ms resolution: compare p50 where it is not 0, else time per request.
      const ratio = b.p50 > 0 ? a.p50 / b.p50 : b.rps / a.rps;
      return `(${q.id}) p50 ${fmt.ratio(ratio)}, req/s ${fmt.ratio(a.rps / b.rps)}${ratio <= 1.5 ? '' : ' (target p50 <= 1.5x NOT met)'}`;
    });
    console.log(`${r.scale}x vs 1x: ${ratios.join('; ')}; memory ${fmt.ratio(r.rssAfter / base.rssAfter)}`);
  }
}
console.log(bad === 0 ? 'Every response was 2xx with the expected bytes.' : `${bad} responses were not 2xx with the expected bytes.`);
if (bad > 0) process.exitCode = 1;
