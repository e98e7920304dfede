/**
 * One benchmark target, as its own process (so it can be pinned to a core):
 *
 *   node bench/server.ts <kind>      (PORT, FIXTURES_DIR from the environment)
 *
 * Kinds:
 *   raw        node:http answering each query's fixed response bytes (`?q=a`…): the platform's ceiling
 *   floor      Yoga's own floor: an onRequest plugin ends every request with each query's fixed bytes
 *   yoga       Yoga and Pothos defaults: createYoga({ schema }) with the same schema and store, no plugin of ours
 *   plain      this server, plain configuration: no JIT, no response cache
 *   optimized  this server with JIT execution, response cache off (uncached execution)
 *   cached     this server as `npm start` runs it: JIT and the response cache
 *   apollo     Apollo Server 5 (node:http standalone) over the same Pothos schema and store
 *   mercurius  Mercurius on Fastify, JIT on (`jit: 1`), same schema and store
 *   execute    no server: graphql-js `execute` of each pre-parsed query in a loop;
 *              reads {"query": id, "seconds": n} lines on stdin, answers a JSON line per measurement
 *
 * Prints `ready <url> <startup ms> <store.loadStats as JSON>` once it listens
 * (or, for execute, once loaded).
 *
 * plain, optimized and cached answer a `memory` line on stdin with
 * `memory {"heapUsedMb":…,"externalMb":…,"rssMb":…}`, after two full GCs
 * when Node runs with --expose-gc.
 */
import { createServer } from 'node:http';
import { createYoga } from 'graphql-yoga';
import { createInterface } from 'node:readline';
import { execute, parse, type DocumentNode } from 'graphql';
import { createContext } from '../src/context.ts';
import { EXECUTION_TIME_LIMIT_MS } from '../src/limits.ts';
import { schema } from '../src/schema/index.ts';
import { openStore } from '../src/store/index.ts';
import { createApp } from '../src/yoga.ts';
import { QUERIES, type BenchQuery } from './queries.ts';

const started = performance.now();
const kind = process.argv[2] ?? '';
const port = Number(process.env.PORT ?? 0);
// Every kind serves the store `npm start` serves.
const store = await openStore(process.env.FIXTURES_DIR || undefined);

/** The reference answer: graphql-js execute, serialised as every server serialises it. */
async function referenceBody(q: BenchQuery, document: DocumentNode = parse(q.query)): Promise<string> {
  const result = await execute({ schema, document, variableValues: q.variables, contextValue: createContext(store, { timeLimitMs: EXECUTION_TIME_LIMIT_MS }) });
  return JSON.stringify(result);
}

function ready(url: string) {
  console.log(`ready ${url} ${Math.round(performance.now() - started)} ${JSON.stringify(store.loadStats)}`);
}

/** Answers `memory` lines on stdin with this process's memory, after a full GC when it is exposed. */
function answerMemory() {
  const mb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;
  createInterface({ input: process.stdin }).on('line', (line) => {
    if (line.trim() !== 'memory') return;
    globalThis.gc?.();
    globalThis.gc?.();
    const { heapUsed, external, rss } = process.memoryUsage();
    console.log(`memory ${JSON.stringify({ heapUsedMb: mb(heapUsed), externalMb: mb(external), rssMb: mb(rss) })}`);
  });
}

function listen(handler: Parameters<typeof createServer>[1]) {
  const server = createServer(handler);
  server.listen(port, '127.0.0.1', () => ready(`http://127.0.0.1:${(server.address() as { port: number }).port}`));
}

async function main() {
  switch (kind) {
    case 'raw': {
      const bodies = new Map<string, Buffer>();
      for (const q of QUERIES) bodies.set(q.id, Buffer.from(await referenceBody(q)));
      listen((req, res) => {
        const body = bodies.get(new URL(req.url ?? '/', 'http://x').searchParams.get('q') ?? '');
        req.resume(); // read the request body, as a real server must
        req.on('end', () => {
          if (!body) {
            res.writeHead(404).end();
            return;
          }
          res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': body.length });
          res.end(body);
        });
      });
      break;
    }
    case 'floor': {
      const bodies = new Map<string, string>();
      for (const q of QUERIES) bodies.set(q.id, await referenceBody(q));
      const yoga = createYoga({
        schema,
        plugins: [
          {
            onRequest({ url, endResponse, fetchAPI }) {
              const body = bodies.get(url.searchParams.get('q') ?? '');
              endResponse(new fetchAPI.Response(body ?? null, { status: body ? 200 : 404, headers: { 'content-type': 'application/json; charset=utf-8' } }));
            },
          },
        ],
      });
      listen(yoga);
      break;
    }
    case 'yoga': {
      listen(createYoga({ schema, context: () => createContext(store, { timeLimitMs: EXECUTION_TIME_LIMIT_MS }), graphiql: false }));
      break;
    }
    case 'plain':
    case 'optimized':
    case 'cached': {
      // One load generator is one client: its cost budget stays in the path but is too large to run out.
      const budget = { points: 1e12, windowSeconds: 1 };
      const app = createApp({ store, graphiql: false, jit: kind !== 'plain', responseCache: kind === 'cached', budget });
      listen(app);
      answerMemory();
      break;
    }
    case 'apollo': {
      const { ApolloServer } = await import('@apollo/server');
      const { startStandaloneServer } = await import('@apollo/server/standalone');
      // Introspection is off in production by default; the benchmark's query (e) needs it.
      const server = new ApolloServer({ schema, introspection: true });
      const { url } = await startStandaloneServer(server, {
        listen: { port, host: '127.0.0.1' },
        context: async () => createContext(store, { timeLimitMs: EXECUTION_TIME_LIMIT_MS }),
      });
      ready(url.replace(/\/$/, ''));
      break;
    }
    case 'mercurius': {
      const { default: Fastify } = await import('fastify');
      const { default: mercurius } = await import('mercurius');
      const app = Fastify();
      // jit: 1 compiles an operation with graphql-jit after its first use.
      await app.register(mercurius, { schema, jit: 1, context: () => createContext(store, { timeLimitMs: EXECUTION_TIME_LIMIT_MS }) as never });
      const address = await app.listen({ port, host: '127.0.0.1' });
      ready(address);
      break;
    }
    case 'execute': {
      const documents = new Map(QUERIES.map((q) => [q.id, parse(q.query)]));
      ready('-');
      const lines = createInterface({ input: process.stdin });
      for await (const line of lines) {
        const { query, seconds } = JSON.parse(line) as { query: string; seconds: number };
        const q = QUERIES.find((x) => x.id === query)!;
        const document = documents.get(q.id)!;
        const expected = await referenceBody(q, document);
        const latencies: number[] = [];
        let wrong = 0;
        const cpu0 = process.cpuUsage();
        const end = performance.now() + seconds * 1000;
        while (performance.now() < end) {
          const t0 = performance.now();
          const result = await execute({
            schema,
            document,
            variableValues: q.variables,
            contextValue: createContext(store, { timeLimitMs: EXECUTION_TIME_LIMIT_MS }),
          });
          const body = JSON.stringify(result);
          latencies.push(performance.now() - t0);
          if (body.length !== expected.length) wrong++;
        }
        const cpu = process.cpuUsage(cpu0);
        latencies.sort((a, b) => a - b);
        const total = latencies.reduce((a, b) => a + b, 0);
        console.log(
          JSON.stringify({
            requests: latencies.length,
            rps: latencies.length / (total / 1000),
            p50: latencies[Math.floor(latencies.length * 0.5)],
            p99: latencies[Math.floor(latencies.length * 0.99)],
            wrong,
            cpuUs: (cpu.user + cpu.system) / latencies.length,
          }),
        );
      }
      break;
    }
    default:
      console.error(`Unknown kind "${kind}": use raw, floor, yoga, plain, optimized, cached, apollo, mercurius or execute.`);
      process.exit(2);
  }
}

await main();
