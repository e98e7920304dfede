/**
 * Compression and caching headers (issue 12), measured on the wire:
 *
 *   node bench/compression.ts [--hits 3000] [--rounds 5]
 *
 * 1. Against a real server (`node src/server.ts`, production): the bytes of
 *    the full introspection answer over GET (identity, gzip, br), and a
 *    browser's GraphiQL visits: the first (the page, then every asset it
 *    links and the three Monaco workers) and the second (the page again with
 *    the validator the first gave, if any; the assets are `immutable`, so a
 *    browser does not ask for them again). Bytes are counted as they arrive
 *    on the socket, headers included (node:http, no decompression).
 * 2. In process: the CPU time of a cached GET answer (a response cache hit)
 *    through `app.fetch`, with and without Accept-Encoding, median of rounds.
 */
import { request } from 'node:http';
import { parseArgs } from 'node:util';
import { getIntrospectionQuery } from 'graphql';
import { startServer } from '../scripts/server-process.ts';
import { createApp } from '../src/yoga.ts';
import { table } from './lib.ts';

const { values } = parseArgs({ options: { hits: { type: 'string', default: '3000' }, rounds: { type: 'string', default: '5' } } });
const BROWSER = 'gzip, deflate, br, zstd';

interface Fetched {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  /** Status line, headers and body as they came over the socket (chunk framing aside). */
  wireBytes: number;
}

function get(url: string, headers: Record<string, string>): Promise<Fetched> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const body = Buffer.concat(chunks);
        let head = `HTTP/1.1 ${res.statusCode} ${res.statusMessage}\r\n`.length + 2;
        for (let i = 0; i < res.rawHeaders.length; i += 2) head += res.rawHeaders[i]!.length + res.rawHeaders[i + 1]!.length + 4;
        resolve({ status: res.statusCode!, headers: res.headers, body, wireBytes: head + body.length });
      });
    });
    req.on('error', reject);
    req.end();
  });
}

const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;

async function wire(): Promise<void> {
  const server = await startServer({ NODE_ENV: 'production' });
  try {
    const introspection = `${server.url}/graphql?query=${encodeURIComponent(getIntrospectionQuery())}`;
    const rows: string[][] = [];
    for (const encoding of ['identity', 'gzip', 'br']) {
      await get(introspection, { accept: 'application/json', 'accept-encoding': encoding }); // stored
      const answer = await get(introspection, { accept: 'application/json', 'accept-encoding': encoding });
      rows.push([
        `introspection, Accept-Encoding: ${encoding}`,
        String(answer.status),
        String(answer.headers['content-encoding'] ?? '-'),
        String(answer.body.length),
        String(answer.wireBytes),
      ]);
    }

    const page = `${server.url}/graphql`;
    const visit = async (etag?: string) => {
      const headers: Record<string, string> = { accept: 'text/html', 'accept-encoding': BROWSER };
      if (etag) headers['if-none-match'] = etag;
      return get(page, headers);
    };
    const first = await visit();
    const html = (await get(page, { accept: 'text/html' })).body.toString('utf8');
    const linked = [...html.matchAll(/(?:src|href)="(\/graphiql\/[0-9a-f]{16}\.[a-z]+)"/g)].map((m) => m[1]!);
    const bootstrap = (await get(`${server.url}${linked.find((p) => p.endsWith('.js'))!}`, {})).body.toString('utf8');
    const workers = [...bootstrap.matchAll(/"(\/graphiql\/[0-9a-f]{16}\.js)"/g)].map((m) => m[1]!);
    let assetBytes = 0;
    for (const path of new Set([...linked, ...workers])) {
      const asset = await get(`${server.url}${path}`, { 'accept-encoding': BROWSER });
      if (asset.status !== 200) throw new Error(`${path}: ${asset.status}`);
      assetBytes += asset.wireBytes;
    }
    const etag = typeof first.headers.etag === 'string' ? first.headers.etag : undefined;
    const second = await visit(etag);
    rows.push([
      'GraphiQL page, first visit',
      String(first.status),
      String(first.headers['content-encoding'] ?? '-'),
      String(first.body.length),
      String(first.wireBytes),
    ]);
    rows.push([`GraphiQL assets (${new Set([...linked, ...workers]).size}), first visit`, '200', 'br', '', String(assetBytes)]);
    rows.push(['GraphiQL first visit, total', '', '', '', String(first.wireBytes + assetBytes)]);
    rows.push([
      `GraphiQL second visit (page${etag ? ' with If-None-Match' : ''}; assets immutable)`,
      String(second.status),
      String(second.headers['content-encoding'] ?? '-'),
      String(second.body.length),
      String(second.wireBytes),
    ]);
    console.log(table(['request', 'status', 'encoding', 'body bytes', 'wire bytes'], rows));
    console.log(`GraphiQL first visit ${kb(first.wireBytes + assetBytes)}, second visit ${kb(second.wireBytes)}`);
  } finally {
    await server.stop();
  }
}

async function cpuPerHit(): Promise<void> {
  const app = createApp({ budget: false });
  const hits = Number(values.hits);
  const queries = {
    'small (~250 B)': '{ parties(first: 3) { nodes { id name } } }',
    'introspection (~105 KB)': getIntrospectionQuery(),
  };
  const configs: { name: string; encoding: string | undefined; one: () => Promise<void>; rounds: number[] }[] = [];
  for (const [name, query] of Object.entries(queries)) {
    const url = `http://yoga/graphql?query=${encodeURIComponent(query)}`;
    for (const encoding of [undefined, 'gzip', BROWSER]) {
      const headers: Record<string, string> = { accept: 'application/json' };
      if (encoding) headers['accept-encoding'] = encoding;
      const one = async () => {
        const response = await app.fetch(url, { headers });
        await response.arrayBuffer();
      };
      configs.push({ name, encoding, one, rounds: [] });
    }
  }
  // Stored, variants made, JIT and V8 warm; then the configurations take turns, round by round.
  for (let i = 0; i < 1000; i++) for (const config of configs) await config.one();
  for (let r = 0; r < Number(values.rounds); r++) {
    for (const config of configs) {
      const start = process.cpuUsage();
      for (let i = 0; i < hits; i++) await config.one();
      const used = process.cpuUsage(start);
      config.rounds.push((used.user + used.system) / hits);
    }
  }
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  const rows = configs.map((config) => [config.name, config.encoding ?? '(none)', median(config.rounds).toFixed(1)]);
  console.log(table(['cached GET', 'Accept-Encoding', 'CPU µs per hit (median)'], rows));
}

await wire();
await cpuPerHit();
