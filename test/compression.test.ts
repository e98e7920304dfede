/**
 * Compression (src/perf/compression.ts): Accept-Encoding negotiation,
 * cached answers that keep their compressed bytes (a hit never compresses),
 * an ETag per encoding and 304 per encoding, Vary, HEAD, static files, what
 * is never compressed, hostile headers, CORS on every kind of answer, and
 * one check of the bytes a real server sends.
 */
import { request } from 'node:http';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { getIntrospectionQuery } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMPRESS_MIN_BYTES, compressionStats, MAX_ACCEPT_ENCODING_LENGTH, negotiateEncoding } from '../src/perf/compression.ts';
import { ResponseCache } from '../src/perf/response-cache.ts';
import { createApp, type App } from '../src/yoga.ts';
import { executingApp, freshApp, startServer, store, type ServerProcess } from './helpers.ts';

const INTROSPECTION = `/graphql?query=${encodeURIComponent(getIntrospectionQuery())}`;
const SMALL = `/graphql?query=${encodeURIComponent('{ country(code: "CU") { name } }')}`;
const BROWSER = 'gzip, deflate, br, zstd';

const get = (target: App, path: string, headers: Record<string, string> = {}, method = 'GET') =>
  target.fetch(`http://yoga${path}`, { method, headers: { accept: 'application/json', ...headers } });
const bytes = async (response: Response) => Buffer.from(await response.arrayBuffer());
const decode = (body: Buffer, encoding: string | null) => (encoding === 'br' ? brotliDecompressSync(body) : encoding === 'gzip' ? gunzipSync(body) : body);
/** The names in a Vary header, lower-cased, in order. */
const varyOf = (response: Response) => (response.headers.get('vary') ?? '').split(',').map((name) => name.trim().toLowerCase());
const dynamic = () => compressionStats.dynamic;

describe('Accept-Encoding negotiation', () => {
  it.each([
    [null, undefined],
    ['', undefined],
    ['identity', undefined],
    ['deflate, zstd, compress', undefined],
    [BROWSER, 'br'],
    ['gzip', 'gzip'],
    ['x-gzip', 'gzip'],
    ['br;q=0, gzip', 'gzip'],
    ['gzip;q=1, br;q=0.5', 'gzip'],
    ['gzip;q=0.5, br;q=0.5', 'br'],
    ['BR ; Q=0.8', 'br'],
    ['br;q=0.001', 'br'],
    ['*', 'br'],
    ['*;q=0', undefined],
    ['*, br;q=0, gzip;q=0', undefined],
    ['gzip, *;q=0', 'gzip'],
    ['identity;q=0', undefined], // nothing else accepted: identity anyway, not 406
    ['identity;q=0, gzip', 'gzip'],
    ['gzip;q=0.5, identity', undefined], // identity preferred
    ['br;q=0, br', undefined], // the first mention counts
    ['gzip;q=abc', undefined], // a malformed q-value: as if not sent
    ['gzip;q=1.5', undefined],
    ['gzip;q=0.1234', undefined],
    [' , ,gzip;foo=bar', 'gzip'],
  ])('%j gives %j', (header, expected) => {
    expect(negotiateEncoding(header)).toBe(expected);
  });

  it('ignores a header longer than the limit, or one of a thousand codings (identity)', () => {
    expect(negotiateEncoding(`${'x'.repeat(MAX_ACCEPT_ENCODING_LENGTH)}, br`)).toBeUndefined();
    expect(negotiateEncoding(`${Array.from({ length: 1000 }, (_, i) => `c${i}`).join(', ')}, br`)).toBeUndefined();
    expect(negotiateEncoding(`${'a;'.repeat(100)}br`.slice(0, MAX_ACCEPT_ENCODING_LENGTH))).toBeUndefined();
  });
});

describe('cached answers', () => {
  let app: App;
  let identity: Buffer;
  let identityEtag: string;
  beforeAll(async () => {
    app = freshApp();
    const first = await get(app, INTROSPECTION);
    identity = await bytes(first);
    identityEtag = first.headers.get('etag')!;
    expect(identity.length).toBeGreaterThan(100_000);
  });

  it('are sent as the client accepts, decoding to the identity bytes, with Content-Length, an ETag per encoding and Vary', async () => {
    const etags = new Set([identityEtag]);
    for (const [accepted, encoding] of [
      [BROWSER, 'br'],
      ['gzip', 'gzip'],
      ['identity', null],
      ['br;q=0, gzip;q=0', null],
    ] as const) {
      const response = await get(app, INTROSPECTION, { 'accept-encoding': accepted });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-encoding'), accepted).toBe(encoding);
      const body = await bytes(response);
      expect(response.headers.get('content-length')).toBe(String(body.length));
      expect(decode(body, encoding).equals(identity), accepted).toBe(true);
      if (encoding) expect(body.length).toBeLessThan(identity.length / 5);
      expect(varyOf(response)).toEqual(['accept', 'accept-encoding']);
      expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
      expect(response.headers.get('cache-control')).toMatch(/^public/);
      etags.add(response.headers.get('etag')!);
    }
    expect([...etags]).toEqual([identityEtag, identityEtag.replace(/"$/, '-br"'), identityEtag.replace(/"$/, '-gz"')]);
  });

  it('a hit sends the stored variant and never compresses; a new encoding is compressed once, then kept', async () => {
    const cache = new ResponseCache();
    const cached = createApp({ store, countStoreCalls: true, responseCache: cache });
    const before = dynamic();
    const first = await get(cached, INTROSPECTION, { 'accept-encoding': 'br' }); // stored, compressed for br
    const firstBody = await bytes(first);
    expect(dynamic() - before).toBe(1);
    const bytesWithBr = cache.bytes;
    for (let i = 0; i < 5; i++) {
      const hit = await get(cached, INTROSPECTION, { 'accept-encoding': 'br' });
      expect(hit.headers.get('store-calls')).toBeNull(); // answered from the cache
      expect((await bytes(hit)).equals(firstBody)).toBe(true);
    }
    expect(dynamic() - before).toBe(1);
    expect(cache.stats.hits).toBe(5);
    await bytes(await get(cached, INTROSPECTION, { 'accept-encoding': 'gzip' }));
    await bytes(await get(cached, INTROSPECTION, { 'accept-encoding': 'gzip' }));
    await bytes(await get(cached, INTROSPECTION));
    expect(dynamic() - before).toBe(2);
    expect(cache.stats.compressed).toBe(2);
    // The byte bound counts the variants: the gzip variant (~11 KB) was added to the entry.
    expect(cache.bytes - bytesWithBr).toBeGreaterThan(8_000);
    expect(cache.bytes - bytesWithBr).toBeLessThan(20_000);
  });

  it('answers 304 per encoding: a tag matches only the variant it names', async () => {
    const br = await get(app, INTROSPECTION, { 'accept-encoding': 'br' });
    const brEtag = br.headers.get('etag')!;
    const again = await get(app, INTROSPECTION, { 'accept-encoding': 'br', 'if-none-match': brEtag });
    expect(again.status).toBe(304);
    expect((await bytes(again)).length).toBe(0);
    expect(again.headers.get('etag')).toBe(brEtag);
    expect(varyOf(again)).toEqual(['accept', 'accept-encoding']);
    expect(again.headers.get('content-encoding')).toBeNull();
    // The br tag does not validate the gzip or identity variant, nor the identity tag the br one.
    expect((await get(app, INTROSPECTION, { 'accept-encoding': 'gzip', 'if-none-match': brEtag })).status).toBe(200);
    expect((await get(app, INTROSPECTION, { 'if-none-match': brEtag })).status).toBe(200);
    expect((await get(app, INTROSPECTION, { 'accept-encoding': 'br', 'if-none-match': identityEtag })).status).toBe(200);
    expect((await get(app, INTROSPECTION, { 'if-none-match': identityEtag })).status).toBe(304);
  });

  it('HEAD reports the headers GET sends, with no body', async () => {
    for (const accepted of [BROWSER, 'gzip', 'identity']) {
      const full = await get(app, INTROSPECTION, { 'accept-encoding': accepted });
      const head = await get(app, INTROSPECTION, { 'accept-encoding': accepted }, 'HEAD');
      expect(head.status).toBe(200);
      expect((await bytes(head)).length).toBe(0);
      for (const name of ['content-type', 'content-encoding', 'content-length', 'etag', 'vary', 'cache-control']) {
        expect(head.headers.get(name), `${accepted}: ${name}`).toBe(full.headers.get(name));
      }
      expect(Number(head.headers.get('content-length'))).toBe((await bytes(full)).length);
    }
  });

  it('a small answer is never compressed, nor varies on Accept-Encoding', async () => {
    for (let i = 0; i < 2; i++) {
      const response = await get(app, SMALL, { 'accept-encoding': BROWSER });
      const body = await bytes(response);
      expect(body.length).toBeLessThan(COMPRESS_MIN_BYTES);
      expect(response.headers.get('content-encoding')).toBeNull();
      expect(varyOf(response)).toEqual(['accept']);
      expect(JSON.parse(body.toString())).toEqual({ data: { country: { name: 'Cuba' } } });
    }
  });

  it('a POST answer is compressed too, from the same stored bytes', async () => {
    const post = await app.fetch('http://yoga/graphql', {
      method: 'POST',
      headers: { accept: 'application/json', 'content-type': 'application/json', 'accept-encoding': 'br' },
      body: JSON.stringify({ query: getIntrospectionQuery() }),
    });
    expect(post.headers.get('content-encoding')).toBe('br');
    expect(brotliDecompressSync(await bytes(post)).equals(identity)).toBe(true);
    expect(post.headers.get('cache-control')).toBe('no-store'); // only GET answers are for caches in front
  });

  it('merges Vary with what a plugin set, each name once', async () => {
    const varying: Plugin = {
      onResponse({ response }) {
        if (response.headers.get('content-type')?.startsWith('application/json')) response.headers.set('vary', 'accept-encoding, Origin');
      },
    };
    const withVary = createApp({ store, plugins: [varying] });
    for (const accepted of ['br', 'br', 'identity']) {
      const response = await get(withVary, INTROSPECTION, { 'accept-encoding': accepted });
      const names = varyOf(response);
      expect(new Set(names).size, names.join()).toBe(names.length);
      expect(names.sort()).toEqual(['accept', 'accept-encoding', 'origin']);
    }
  });
});

describe('answers that are not cached', () => {
  it('are compressed per request when large enough', async () => {
    const uncached = executingApp();
    const identity = await bytes(await get(uncached, INTROSPECTION));
    const before = dynamic();
    for (const encoding of ['br', 'gzip']) {
      const response = await get(uncached, INTROSPECTION, { 'accept-encoding': encoding });
      expect(response.headers.get('content-encoding')).toBe(encoding);
      const body = await bytes(response);
      expect(response.headers.get('content-length')).toBe(String(body.length));
      expect(decode(body, encoding).equals(identity)).toBe(true);
      expect(varyOf(response)).toContain('accept-encoding');
    }
    expect(dynamic() - before).toBe(2);
  });

  it('an error answer too; a stream or a body with Content-Encoding never', async () => {
    const app = freshApp();
    // 120 validation errors: a large 400 answer, never stored.
    const query = `{ ${Array.from({ length: 120 }, (_, i) => `f${i}`).join(' ')} }`;
    const errors = await get(app, `/graphql?query=${encodeURIComponent(query)}`, { 'accept-encoding': 'gzip' });
    expect(errors.headers.get('content-encoding')).toBe('gzip');
    expect(JSON.parse(gunzipSync(await bytes(errors)).toString()).errors.length).toBeGreaterThan(50);

    const stream = await get(app, INTROSPECTION, { accept: 'text/event-stream', 'accept-encoding': 'br, gzip' });
    expect(stream.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(stream.headers.get('content-encoding')).toBeNull(); // Yoga's `none` is no registered coding
    expect(await stream.text()).toMatch(/^event: next\ndata: \{"data":\{"__schema"/m);

    const multipart = await get(app, INTROSPECTION, { accept: 'multipart/mixed', 'accept-encoding': 'br, gzip' });
    expect(multipart.headers.get('content-type')).toMatch(/^multipart\/mixed/);
    expect(multipart.headers.get('content-encoding')).toBeNull();
    expect(await multipart.text()).toContain('"__schema"');

    const preEncoded = Buffer.from('x'.repeat(5000));
    const own: Plugin = {
      onRequest({ url, endResponse, fetchAPI }) {
        if (url.pathname === '/own')
          endResponse(
            new fetchAPI.Response(preEncoded, { headers: { 'content-type': 'text/plain', 'content-encoding': 'x-custom', 'content-length': '5000' } }),
          );
      },
    };
    const custom = await get(createApp({ store, plugins: [own] }), '/own', { 'accept-encoding': 'br' });
    expect(custom.headers.get('content-encoding')).toBe('x-custom');
    expect((await bytes(custom)).equals(preEncoded)).toBe(true);
  });
});

describe('static files', () => {
  const app = freshApp();
  const paths = ['/schema.graphql', '/README.md', '/explore', '/explore/explore.js', '/explore/cytoscape.min.js', '/'];

  it('are sent compressed when large enough, decoding to the identity bytes; compressed once', async () => {
    for (const path of paths) {
      const identity = await bytes(await get(app, path));
      const compressible = identity.length >= COMPRESS_MIN_BYTES;
      for (const encoding of ['br', 'gzip']) {
        const response = await get(app, path, { 'accept-encoding': encoding });
        const body = await bytes(response);
        expect(response.headers.get('content-encoding'), path).toBe(compressible ? encoding : null);
        expect(response.headers.get('content-length'), path).toBe(String(body.length));
        expect(response.headers.get('vary'), path).toBe(compressible ? 'Accept-Encoding' : null);
        expect(decode(body, response.headers.get('content-encoding')).equals(identity), path).toBe(true);
      }
    }
    const sizes = await Promise.all(paths.map(async (path) => (await bytes(await get(app, path))).length));
    expect(sizes.filter((size) => size >= COMPRESS_MIN_BYTES).length).toBeGreaterThanOrEqual(5);
    const before = compressionStats.static;
    for (const path of paths) await bytes(await get(app, path, { 'accept-encoding': BROWSER }));
    expect(compressionStats.static).toBe(before);
  });

  it('answer 304 per encoding, and HEAD as GET', async () => {
    for (const path of ['/schema.graphql', '/README.md']) {
      const br = await get(app, path, { 'accept-encoding': 'br' });
      const etag = br.headers.get('etag')!;
      expect(etag).toMatch(/^"[0-9a-f]{16}-br"$/);
      expect((await get(app, path, { 'accept-encoding': 'br', 'if-none-match': etag })).status).toBe(304);
      expect((await get(app, path, { 'if-none-match': etag })).status).toBe(200);
      const head = await get(app, path, { 'accept-encoding': 'br' }, 'HEAD');
      for (const name of ['content-type', 'content-encoding', 'content-length', 'etag', 'vary', 'cache-control']) {
        expect(head.headers.get(name), `${path}: ${name}`).toBe(br.headers.get(name));
      }
      expect((await bytes(head)).length).toBe(0);
    }
  });

  it("GraphiQL's page has an ETag per encoding, so a second visit is a 304", async () => {
    const page = (headers: Record<string, string> = {}) => app.fetch('http://yoga/graphql', { headers: { accept: 'text/html', ...headers } });
    const identity = await bytes(await page());
    const first = await page({ 'accept-encoding': BROWSER });
    expect(first.headers.get('content-encoding')).toBe('br');
    expect(brotliDecompressSync(await bytes(first)).equals(identity)).toBe(true);
    expect(first.headers.get('cache-control')).toBe('no-cache');
    expect(varyOf(first).sort()).toEqual(['accept', 'accept-encoding']);
    const second = await page({ 'accept-encoding': BROWSER, 'if-none-match': first.headers.get('etag')! });
    expect(second.status).toBe(304);
    expect((await bytes(second)).length).toBe(0);
    expect(second.headers.get('content-security-policy')).toBe(first.headers.get('content-security-policy'));
    const head = await app.fetch('http://yoga/graphql', { method: 'HEAD', headers: { accept: 'text/html', 'accept-encoding': BROWSER } });
    for (const name of ['content-type', 'content-encoding', 'content-length', 'etag', 'vary'])
      expect(head.headers.get(name), name).toBe(first.headers.get(name));
  });
});

describe('hostile Accept-Encoding headers', () => {
  it('10 KB or 1,000 codings: answered in full, uncompressed, never an error', async () => {
    const app = freshApp();
    const identity = await bytes(await get(app, INTROSPECTION));
    for (const header of [
      `${'gzip;q=0.5, '.repeat(850)}br`,
      Array.from({ length: 1000 }, (_, i) => `coding${i};q=0.${i % 10}`).join(','),
      'br;q=' + '9'.repeat(5000),
    ]) {
      for (const path of [INTROSPECTION, '/schema.graphql']) {
        const response = await get(app, path, { 'accept-encoding': header });
        expect(response.status).toBe(200);
        expect(response.headers.get('content-encoding')).toBeNull();
        if (path === INTROSPECTION) expect((await bytes(response)).equals(identity)).toBe(true);
      }
    }
  });
});

describe('CORS on compressed, cached and static answers', () => {
  it('the same headers with or without Origin, never credentials; a preflight kept 10 minutes or more', async () => {
    const app = freshApp();
    const without = (response: Response) =>
      [...response.headers].filter(([name]) => name !== 'date' && name !== 'store-calls').sort(([a], [b]) => a.localeCompare(b));
    const cases: [string, Record<string, string>][] = [
      [INTROSPECTION, { 'accept-encoding': 'br' }],
      [INTROSPECTION, { 'accept-encoding': 'gzip' }],
      [INTROSPECTION, {}],
      [SMALL, { 'accept-encoding': 'br' }],
      ['/schema.graphql', { 'accept-encoding': 'br' }],
      ['/graphql', { accept: 'text/html', 'accept-encoding': 'br' }],
    ];
    for (const [path, headers] of cases) {
      await bytes(await get(app, path, headers)); // stored first, so that the three below are alike (hits)
      const answers = [
        await get(app, path, headers),
        await get(app, path, { ...headers, origin: 'https://newsroom.example' }),
        await get(app, path, { ...headers, origin: 'https://lab.example' }),
      ];
      const etag = answers[0]!.headers.get('etag')!;
      answers.push(await get(app, path, { ...headers, origin: 'https://lab.example', 'if-none-match': etag }));
      expect(answers[3]!.status).toBe(304);
      for (const response of answers) {
        expect(response.headers.get('access-control-allow-origin'), path).toBe('*');
        expect(response.headers.get('access-control-allow-credentials')).toBeNull();
        // Nothing differs by Origin, so nothing varies on it.
        expect(varyOf(response)).not.toContain('origin');
      }
      expect(without(answers[1]!)).toEqual(without(answers[0]!));
      expect(without(answers[2]!)).toEqual(without(answers[0]!));
    }
    const preflight = await app.fetch('http://yoga/graphql', {
      method: 'OPTIONS',
      headers: { origin: 'https://lab.example', 'access-control-request-method': 'GET', 'access-control-request-headers': 'accept-encoding' },
    });
    expect(preflight.status).toBe(204);
    expect(Number(preflight.headers.get('access-control-max-age'))).toBeGreaterThanOrEqual(600);
    expect(preflight.headers.get('access-control-allow-credentials')).toBeNull();
    expect(preflight.headers.get('vary')).toBe('Access-Control-Request-Headers');
  });
});

describe('the bytes a real server sends', () => {
  let server: ServerProcess;
  beforeAll(async () => {
    server = await startServer({ NODE_ENV: 'production' });
  }, 40_000);
  afterAll(() => server.stop());

  /** A GET with node:http, which does not decompress: the raw bytes on the wire. */
  const raw = (path: string, headers: Record<string, string>) =>
    new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }>((resolve, reject) => {
      const req = request(`${server.url}${path}`, { headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
      });
      req.on('error', reject);
      req.end();
    });

  it('an event stream goes out as a stream, with no Content-Encoding (Yoga sets `none`, which is no content coding)', async () => {
    const query = '{ country(code: "CU") { name } ... @defer { party(slug: "african-national-congress") { name } } }';
    const sse = await raw(`/graphql?query=${encodeURIComponent(query)}`, { accept: 'text/event-stream', 'accept-encoding': BROWSER });
    expect(sse.status).toBe(200);
    expect(sse.headers['content-type']).toMatch(/^text\/event-stream/);
    expect(sse.headers['content-encoding']).toBeUndefined();
    expect(sse.headers['content-length']).toBeUndefined();
    expect(sse.headers['transfer-encoding']).toBe('chunked');
    const text = sse.body.toString();
    expect(text.match(/^event: next$/gm)).toHaveLength(2); // the initial payload, then the deferred one
    expect(text).toContain('"name":"Cuba"');
    expect(text).toContain('"name":"African National Congress"');
    expect(text).toMatch(/^event: complete$/m);
  });

  it('brotli and gzip bytes that decode to the identity answer, with a correct Content-Length, and 304', async () => {
    const accept = { accept: 'application/json' };
    const identity = await raw(INTROSPECTION, accept);
    expect(identity.headers['content-encoding']).toBeUndefined();
    expect(identity.headers['content-length']).toBe(String(identity.body.length));
    for (const encoding of ['br', 'gzip']) {
      for (let i = 0; i < 2; i++) {
        const answer = await raw(INTROSPECTION, { ...accept, 'accept-encoding': encoding });
        expect(answer.status).toBe(200);
        expect(answer.headers['content-encoding']).toBe(encoding);
        expect(answer.headers['content-length']).toBe(String(answer.body.length));
        expect(answer.headers.vary).toBe('Accept, Accept-Encoding');
        expect(decode(answer.body, encoding).equals(identity.body)).toBe(true);
        const again = await raw(INTROSPECTION, { ...accept, 'accept-encoding': encoding, 'if-none-match': answer.headers.etag as string });
        expect(again.status).toBe(304);
        expect(again.body.length).toBe(0);
      }
    }
  });
});
