/**
 * Start-up benchmark (issue 12): how long `npm start`'s server takes from
 * spawn to its first answer, for each way of running the TypeScript,
 * side by side in one run (the machine is shared: read the ratios).
 *
 *   npm run bench:startup -- [--rounds 7]
 *
 * Runtimes measured, alternating round by round:
 *   - this Node (the node package's Node 24 under npm scripts), running
 *     src/server.ts with its own type stripping: what `npm start` runs;
 *   - the same Node with tsx compiling at run time (`--import tsx`);
 *   - every other `node` on the PATH with tsx (on these machines the
 *     system's Node 20: how `npm start` ran before).
 * Each round spawns the server on a free port, waits for GET /ready to
 * answer 200 and sends one GraphQL query, then stops it. Reported: the
 * median of spawn-to-ready and spawn-to-first-answer, and the RSS at ready.
 */
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync, realpathSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { ROOT, table } from './lib.ts';

const { values } = parseArgs({ options: { rounds: { type: 'string', default: '7' } } });
const rounds = Number(values.rounds);

interface Runtime {
  name: string;
  command: string;
  args: string[];
}

function nodeVersion(path: string): string {
  return spawnSync(path, ['--version'], { encoding: 'utf8' }).stdout.trim();
}

const runtimes: Runtime[] = [
  { name: `${process.version}, type stripping (npm start)`, command: process.execPath, args: ['src/server.ts'] },
  { name: `${process.version}, tsx`, command: process.execPath, args: ['--import', 'tsx', 'src/server.ts'] },
];
const others = spawnSync('which', ['-a', 'node'], { encoding: 'utf8' })
  .stdout.split('\n')
  .filter((path) => path && nodeVersion(path) !== process.version)
  .map((path) => realpathSync(path));
for (const path of new Set(others)) {
  runtimes.push({ name: `${nodeVersion(path)}, tsx (system node)`, command: path, args: ['--import', 'tsx', 'src/server.ts'] });
}

interface Sample {
  readyMs: number;
  answerMs: number;
  rssMb: number;
}

async function once(runtime: Runtime): Promise<Sample> {
  const t0 = performance.now();
  const child = spawn(runtime.command, runtime.args, {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: 'production', HOST: '127.0.0.1', PORT: '0', DRAIN_SECONDS: '0' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let output = '';
      child.stdout!.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        const match = /at (http:\/\/\S+)\/graphql/.exec(output);
        if (match) resolve(match[1]!);
      });
      child.once('exit', (code) => reject(new Error(`${runtime.name} exited with ${code} before listening`)));
    });
    for (;;) {
      const response = await fetch(`${url}/ready`).catch(() => undefined);
      if (response?.status === 200) break;
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    const readyMs = performance.now() - t0;
    const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
    const rssMb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN) / 1024;
    const response = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ events(first: 3) { totalCount nodes { name } } }' }),
    });
    const body = (await response.json()) as { data?: unknown };
    if (!body.data) throw new Error(`${runtime.name}: the first query failed: ${JSON.stringify(body)}`);
    return { readyMs, answerMs: performance.now() - t0, rssMb };
  } finally {
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));
  }
}

const median = (xs: number[]): number => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
};

const samples = new Map<Runtime, Sample[]>(runtimes.map((runtime) => [runtime, []]));
// One start of each, not counted: the first start reads everything from disk.
for (const runtime of runtimes) await once(runtime);
for (let round = 0; round < rounds; round++) {
  for (const runtime of runtimes) samples.get(runtime)!.push(await once(runtime));
}

const base = median(samples.get(runtimes[0]!)!.map((s) => s.answerMs));
console.log(`Start-up, median of ${rounds} rounds (spawn to GET /ready 200; to the first query answered; RSS at ready)`);
console.log(
  table(
    ['runtime', 'ready ms', 'first answer ms', 'RSS MB', 'first answer vs npm start'],
    runtimes.map((runtime) => {
      const list = samples.get(runtime)!;
      const answer = median(list.map((s) => s.answerMs));
      return [
        runtime.name,
        median(list.map((s) => s.readyMs)).toFixed(0),
        answer.toFixed(0),
        median(list.map((s) => s.rssMb)).toFixed(0),
        `${(answer / base).toFixed(2)}x`,
      ];
    }),
  ),
);
