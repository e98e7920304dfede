/**
 * GraphiQL's page and its static assets (src/explorer/graphiql.ts): a small
 * page with strict security headers and the options as inert JSON; assets
 * named by their hash, cached for a year, compressed once (brotli, gzip)
 * and chosen by Accept-Encoding; HEAD, 304, 404; and a slow reader that
 * costs the server a reference, not a copy.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadExamples } from '../src/explorer/examples.ts';
import { GRAPHIQL_CSP, graphiqlBundle, renderGraphiQL, type GraphiQLAsset } from '../src/explorer/graphiql.ts';
import { COMPRESS_MIN_BYTES } from '../src/perf/compression.ts';
import { createApp, DEFAULT_QUERY } from '../src/yoga.ts';
import { app, startServer, type ServerProcess } from './helpers.ts';

const page = () => app.fetch('http://yoga/graphql', { headers: { accept: 'text/html' } });
const get = (path: string, headers: Record<string, string> = {}, method = 'GET') => app.fetch(`http://yoga${path}`, { method, headers });
const bytes = async (response: Response) => Buffer.from(await response.arrayBuffer());

let assets: GraphiQLAsset[];
beforeAll(async () => {
  assets = [...(await graphiqlBundle()).assets.values()];
});

/** The JSON options the page carries. */
function optionsIn(html: string): Record<string, unknown> {
  const match = /<script id="graphiql-options" type="application\/json">([^]*?)<\/script>/.exec(html);
  expect(match, 'options element').not.toBeNull();
  return JSON.parse(match![1]!) as Record<string, unknown>;
}

describe('the GraphiQL page', () => {
  it('is small, links hashed assets, and has no inline executable script', async () => {
    const response = await page();
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(Buffer.byteLength(html)).toBeLessThan(32 * 1024);
    expect(html).toContain('<title>summit-graph</title>');
    const scripts = [...html.matchAll(/<script([^>]*)>([^]*?)<\/script>/g)];
    for (const [, attributes, body] of scripts) {
      if (!/type="application\/json"/.test(attributes!)) {
        expect(attributes).toMatch(/src="\/graphiql\/[0-9a-f]{16}\.js"/);
        expect(body).toBe('');
      }
    }
    expect(scripts.filter(([, attributes]) => /src=/.test(attributes!))).toHaveLength(2);
    expect(html).toMatch(/<link rel="stylesheet" href="\/graphiql\/[0-9a-f]{16}\.css" \/>/);
    expect(html).toMatch(/<link rel="icon" href="\/graphiql\/[0-9a-f]{16}\.ico" \/>/);
  });

  it("keeps Yoga's GraphiQL options: title, default query and one tab per example", async () => {
    const options = optionsIn(await (await page()).text());
    expect(options.title).toBe('summit-graph');
    expect(options.defaultQuery).toBe(DEFAULT_QUERY);
    expect(options.defaultTabs).toEqual([{ query: DEFAULT_QUERY }, ...loadExamples().map((example) => ({ query: example.document }))]);
  });

  it('sends the security headers and no-cache', async () => {
    const headers = (await page()).headers;
    expect(headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(headers.get('content-security-policy')).toBe(GRAPHIQL_CSP);
    expect(GRAPHIQL_CSP).toMatch(/^default-src 'none'; script-src 'self';/);
    expect(GRAPHIQL_CSP).not.toMatch(/unsafe-eval|\*|https?:/);
    expect(headers.get('x-frame-options')).toBe('DENY');
    expect(headers.get('x-content-type-options')).toBe('nosniff');
    expect(headers.get('referrer-policy')).toBe('no-referrer');
    expect(headers.get('cache-control')).toBe('no-cache');
  });

  it('escapes what could end the JSON element or the title', async () => {
    const html = await renderGraphiQL({ title: '</title><script>x()</script>', defaultQuery: '# </script><script>alert(1)</script><!--' });
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<!--');
    expect(html).toContain('<title>&#60;/title&#62;&#60;script&#62;x()&#60;/script&#62;</title>');
    expect(optionsIn(html).defaultQuery).toBe('# </script><script>alert(1)</script><!--');
  });

  it('is served to a GET that accepts text/html with a q-value above 0 and prefers no JSON type to it, and never to a JSON client', async () => {
    const isPage = async (path: string, accept?: string) => {
      const response = await app.fetch(`http://yoga${path}`, { headers: accept === undefined ? {} : { accept } });
      const type = response.headers.get('content-type') ?? '';
      await response.arrayBuffer();
      return type.startsWith('text/html');
    };
    const query = `?query=${encodeURIComponent('{ __typename }')}`;
    for (const accept of [
      'text/html',
      'TEXT/HTML',
      // Firefox's and Chrome's Accept for a page.
      'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8',
      'text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,image/apng,*/*;q=0.8,application/signed-exchange;v=b3;q=0.7',
      'application/json;q=0.5, text/html ; q=0.6',
      // As much as JSON: the page (as before this check).
      'application/json, text/html',
    ]) {
      expect(await isPage('/graphql', accept), accept).toBe(true);
      expect(await isPage('/graphql/', accept), `/ ${accept}`).toBe(true);
    }
    // A browser's URL with a malformed parameter still opens GraphiQL (the query-string check is for GraphQL requests).
    expect(await isPage(`/graphql${query}&variables=oops`, 'text/html')).toBe(true);
    for (const accept of [
      undefined,
      '*/*',
      'application/json',
      'application/graphql-response+json',
      'text/html;q=0',
      'text/html; q=0.000, application/json',
      'text/htmlx',
      'text/html/x',
      // A q-value that is not one counts as not sent.
      'text/html;q=-0',
      'text/html;q=2',
      'text/html;q=abc',
      'text/html/x, application/json;q=0.5',
      // JSON preferred, by its own range or by */*.
      'application/json;q=0.5, text/html ; q=0.1',
      'text/html;q=0.5, */*',
      'text/html;q=0.9, application/graphql-response+json',
      'text/html;q=0.9, text/event-stream',
    ]) {
      expect(await isPage(`/graphql${query}`, accept), String(accept)).toBe(false);
    }
  });

  it('is not served, nor its assets, when GraphiQL is off', async () => {
    const quiet = createApp({ graphiql: false });
    expect((await quiet.fetch(`http://yoga${assets[0]!.path}`)).status).toBe(404);
  });
});

describe('the GraphiQL assets', () => {
  it('are the script, the stylesheet, the bootstrap, three workers and the favicon, each named by its hash', async () => {
    const bundle = await graphiqlBundle();
    expect(Object.keys(bundle.workers).sort()).toEqual(['editorWorkerService', 'graphql', 'json']);
    expect(assets).toHaveLength(7);
    for (const asset of assets) {
      const response = await get(asset.path);
      expect(response.status, asset.path).toBe(200);
      const body = await bytes(response);
      const sha256 = createHash('sha256').update(body).digest('hex');
      expect(asset.path, asset.path).toBe(`/graphiql/${sha256.slice(0, 16)}.${asset.path.split('.').pop()}`);
      expect(response.headers.get('content-encoding')).toBeNull();
      expect(response.headers.get('content-length')).toBe(String(body.length));
      expect(response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      // Only a body of COMPRESS_MIN_BYTES or more has variants (the bootstrap is a few hundred bytes).
      expect(asset.file.compressible).toBe(body.length >= COMPRESS_MIN_BYTES);
      expect(response.headers.get('vary')).toBe(asset.file.compressible ? 'Accept-Encoding' : null);
      expect(response.headers.get('etag')).toBe(`"${sha256.slice(0, 16)}"`);
    }
    const types = Object.fromEntries(
      await Promise.all(assets.map(async (asset) => [asset.path.split('.').pop(), (await get(asset.path)).headers.get('content-type')])),
    );
    expect(types).toEqual({ js: 'text/javascript; charset=utf-8', css: 'text/css; charset=utf-8', ico: 'image/x-icon' });
  });

  it('hold what @graphql-yoga/render-graphiql ships, and the bootstrap names the worker assets', async () => {
    const source = await import('@graphql-yoga/render-graphiql/graphiql');
    const bundle = await graphiqlBundle();
    const text = async (path: string) => (await get(path)).text();
    expect(await text(bundle.script)).toBe(source.js);
    expect(await text(bundle.css)).toBe(source.css);
    expect(await text(bundle.workers.graphql!)).toBe(source.graphqlWorker);
    expect(await text(bundle.workers.json!)).toBe(source.jsonWorker);
    expect(await text(bundle.workers.editorWorkerService!)).toBe(source.editorWorkerService);
    const bootstrap = await text(bundle.bootstrap);
    for (const path of Object.values(bundle.workers)) expect(bootstrap).toContain(JSON.stringify(path));
    expect(bootstrap).toContain('YogaGraphiQL.renderYogaGraphiQL(');
  });

  it('are sent brotli- or gzip-compressed as the client accepts, decoding to the same bytes', async () => {
    expect(assets.filter((asset) => asset.file.compressible).length).toBeGreaterThanOrEqual(5);
    for (const asset of assets.filter((candidate) => candidate.file.compressible)) {
      const identity = await bytes(await get(asset.path));
      const br = await get(asset.path, { 'accept-encoding': 'gzip, deflate, br' });
      expect(br.headers.get('content-encoding'), asset.path).toBe('br');
      expect(br.headers.get('etag')).toBe(asset.file.etag.replace(/"$/, '-br"'));
      const brBody = await bytes(br);
      expect(brBody.length).toBeLessThan(identity.length);
      expect(brotliDecompressSync(brBody).equals(identity), asset.path).toBe(true);
      const gz = await get(asset.path, { 'accept-encoding': 'gzip' });
      expect(gz.headers.get('content-encoding')).toBe('gzip');
      expect(gunzipSync(await bytes(gz)).equals(identity), asset.path).toBe(true);
    }
  });

  it('answers HEAD like GET, without a body', async () => {
    const asset = assets.find((candidate) => candidate.path.endsWith('.css'))!;
    const head = await get(asset.path, { 'accept-encoding': 'br' }, 'HEAD');
    const full = await get(asset.path, { 'accept-encoding': 'br' });
    expect(head.status).toBe(200);
    expect((await bytes(head)).length).toBe(0);
    for (const name of ['content-type', 'content-encoding', 'etag', 'cache-control', 'vary', 'content-length']) {
      expect(head.headers.get(name), name).toBe(full.headers.get(name));
    }
    expect(Number(head.headers.get('content-length'))).toBe((await bytes(full)).length);
  });

  it('answers 304 to a matching If-None-Match, 404 to an unknown name, 405 to a POST', async () => {
    const asset = assets[0]!;
    const etag = (await get(asset.path, { 'accept-encoding': 'br' })).headers.get('etag')!;
    const again = await get(asset.path, { 'accept-encoding': 'br', 'if-none-match': `W/${etag}` });
    expect(again.status).toBe(304);
    expect((await bytes(again)).length).toBe(0);
    expect(again.headers.get('etag')).toBe(etag);
    // Another encoding is another representation: sent in full.
    expect((await get(asset.path, { 'if-none-match': etag })).status).toBe(200);
    for (const path of ['/graphiql/0000000000000000.js', '/graphiql/', '/graphiql/x/y', `${asset.path}x`, `${asset.path}/`]) {
      const response = await get(path);
      expect(response.status, path).toBe(404);
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    }
    expect((await get(asset.path, {}, 'POST')).status).toBe(405);
  });
});

describe('slow readers of the real server', () => {
  let server: ServerProcess;
  beforeAll(async () => {
    server = await startServer({ NODE_ENV: 'production' });
  });
  afterAll(() => server.stop());

  const rssMb = () => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${server.child.pid}/status`, 'utf8'))![1]) / 1024;

  /** Opens a socket, sends one GET and never reads the answer. */
  function stalled(path: string, headers = ''): Promise<Socket> {
    const { port } = new URL(server.url);
    return new Promise((resolve, reject) => {
      const socket = connect({ host: '127.0.0.1', port: Number(port) }, () => {
        socket.pause();
        socket.write(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/html\r\n${headers}\r\n`, () => resolve(socket));
      });
      socket.on('error', reject);
    });
  }

  it('100 clients that never read the page or the 5 MB script cost the server a few MB, not a copy each', async () => {
    // Page and assets built, and every variant compressed, before measuring.
    const html = await (await fetch(`${server.url}/graphql`, { headers: { accept: 'text/html' } })).text();
    const script = /<script src="(\/graphiql\/[0-9a-f]{16}\.js)" defer><\/script>\s*<\/head>/.exec(html)![1]!;
    for (const encoding of ['br', 'gzip', 'identity'])
      await (await fetch(`${server.url}${script}`, { headers: { 'accept-encoding': encoding } })).arrayBuffer();
    const before = rssMb();
    const sockets = await Promise.all(Array.from({ length: 100 }, (_, i) => (i % 2 ? stalled(script) : stalled('/graphql'))));
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const grown = rssMb() - before;
    for (const socket of sockets) socket.destroy();
    // A copy per client would be 50 x 5 MB for the script alone.
    expect(grown, `RSS grew by ${grown.toFixed(1)} MB`).toBeLessThan(40);
  });
});
