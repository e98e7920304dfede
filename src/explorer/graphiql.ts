/**
 * GraphiQL as a small page plus static assets. `@graphql-yoga/render-graphiql`
 * inlines its whole bundle (script, styles, three Monaco workers, favicon)
 * into the HTML of every page view. Here those strings become files served
 * from memory under content-hashed URLs (/graphiql/<hash>.js), cached for a
 * year, with gzip and brotli variants compressed once on the thread pool;
 * every response sends the one shared Buffer, so a slow reader holds a
 * reference, not a copy. The page (`renderGraphiQL`) links them, passes
 * Yoga's options as inert JSON, and gets strict security headers from
 * `graphiqlPlugin`.
 */
import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { brotliCompress, constants as zlibConstants, gzip } from 'node:zlib';
import type { GraphiQLOptions, Plugin } from 'graphql-yoga';

/** Where the assets are served; each file is named by a prefix of its SHA-256. */
export const GRAPHIQL_ASSETS_PATH = '/graphiql/';

/** The page's policy (see the tests and the e2e check for why each source is there). */
export const GRAPHIQL_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  // Monaco and GraphiQL set style attributes and insert <style> elements at run time.
  "style-src 'self' 'unsafe-inline'",
  // Monaco's workers, loaded from /graphiql/ (no blob: needed).
  "worker-src 'self'",
  // Queries and introspection go to this server's endpoint.
  "connect-src 'self'",
  // GraphiQL's stylesheet embeds icons and fonts as data: URLs.
  "img-src 'self' data:",
  "font-src 'self' data:",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** A worker runs only its own script: it needs no network, no other script, no eval. */
const WORKER_CSP = "default-src 'none'";

const PAGE_HEADERS: Record<string, string> = {
  'content-type': 'text/html; charset=utf-8',
  'cache-control': 'no-cache',
  'content-security-policy': GRAPHIQL_CSP,
  'x-frame-options': 'DENY',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

const IMMUTABLE = 'public, max-age=31536000, immutable';
/** A moderate brotli quality: a fraction of a second for the script, where quality 11 takes many seconds for ~10% less. */
const BROTLI_QUALITY = 6;

type Encoding = 'br' | 'gzip';

interface Variant {
  body: Buffer<ArrayBuffer>;
  etag: string;
}

export interface GraphiQLAsset {
  path: string;
  contentType: string;
  /** Hex SHA-256 of the identity bytes; the path holds its first 16 digits. */
  sha256: string;
  identity: Variant;
  /** Compressed once; undefined when compression failed (identity is sent). */
  encoded: Record<Encoding, Promise<Variant | undefined>>;
  headers: Record<string, string>;
}

export interface GraphiQLBundle {
  css: string;
  script: string;
  bootstrap: string;
  favicon: string;
  /** Monaco worker label -> asset path. */
  workers: Record<string, string>;
  assets: Map<string, GraphiQLAsset>;
}

const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

function makeAsset(body: Buffer<ArrayBuffer>, extension: string, contentType: string, headers: Record<string, string> = {}): GraphiQLAsset {
  const sha256 = createHash('sha256').update(body).digest('hex');
  const tag = sha256.slice(0, 16);
  const variant = (encode: Promise<Buffer>, suffix: string) =>
    encode.then(
      (encoded): Variant => ({ body: encoded as Buffer<ArrayBuffer>, etag: `"${tag}-${suffix}"` }),
      (error: unknown) => {
        console.error(`graphiql: cannot compress ${tag}.${extension} (${suffix}): ${(error as Error).message}`);
        return undefined;
      },
    );
  return {
    path: `${GRAPHIQL_ASSETS_PATH}${tag}.${extension}`,
    contentType,
    sha256,
    identity: { body, etag: `"${tag}"` },
    encoded: {
      br: variant(
        brotli(body, {
          params: {
            [zlibConstants.BROTLI_PARAM_QUALITY]: BROTLI_QUALITY,
            [zlibConstants.BROTLI_PARAM_SIZE_HINT]: body.length,
            [zlibConstants.BROTLI_PARAM_MODE]: contentType.startsWith('text/') ? zlibConstants.BROTLI_MODE_TEXT : zlibConstants.BROTLI_MODE_GENERIC,
          },
        }),
        'br',
      ),
      gzip: variant(gzipAsync(body, { level: 6 }), 'gz'),
    },
    headers: { 'cache-control': IMMUTABLE, 'x-content-type-options': 'nosniff', ...headers },
  };
}

/** The page's script: Monaco's worker URLs, then GraphiQL rendered with the page's JSON options. */
function bootstrapSource(workers: Record<string, string>): string {
  return `'use strict';
(function () {
  var workers = ${JSON.stringify(workers)};
  self.MonacoEnvironment = {
    globalAPI: false,
    getWorkerUrl: function (moduleId, label) {
      return workers[label] || workers.editorWorkerService;
    },
  };
  // Deferred scripts run in order before DOMContentLoaded: GraphiQL's bundle is loaded by then.
  document.addEventListener('DOMContentLoaded', function () {
    var options = JSON.parse(document.getElementById('graphiql-options').textContent);
    YogaGraphiQL.renderYogaGraphiQL(document.getElementById('root'), options);
  });
})();
`;
}

async function build(): Promise<GraphiQLBundle> {
  const source = await import('@graphql-yoga/render-graphiql/graphiql');
  const text = (value: string, extension: string, type: string, headers?: Record<string, string>) =>
    makeAsset(Buffer.from(value, 'utf8'), extension, `${type}; charset=utf-8`, headers);
  const script = text(source.js, 'js', 'text/javascript');
  const css = text(source.css, 'css', 'text/css');
  const favicon = makeAsset(Buffer.from(source.favicon.slice(source.favicon.indexOf(',') + 1), 'base64'), 'ico', 'image/x-icon');
  const workerAssets = {
    editorWorkerService: text(source.editorWorkerService, 'js', 'text/javascript', { 'content-security-policy': WORKER_CSP }),
    json: text(source.jsonWorker, 'js', 'text/javascript', { 'content-security-policy': WORKER_CSP }),
    graphql: text(source.graphqlWorker, 'js', 'text/javascript', { 'content-security-policy': WORKER_CSP }),
  };
  const workers = Object.fromEntries(Object.entries(workerAssets).map(([label, asset]) => [label, asset.path]));
  const bootstrap = text(bootstrapSource(workers), 'js', 'text/javascript');
  const all = [script, css, favicon, bootstrap, ...Object.values(workerAssets)];
  return {
    css: css.path,
    script: script.path,
    bootstrap: bootstrap.path,
    favicon: favicon.path,
    workers,
    assets: new Map(all.map((asset) => [asset.path, asset])),
  };
}

let bundle: Promise<GraphiQLBundle> | undefined;

/** The assets, built (and their compression started) on first need, once per process. */
export function graphiqlBundle(): Promise<GraphiQLBundle> {
  if (!bundle) {
    bundle = build();
    bundle.catch(() => {
      bundle = undefined; // a failed import is retried by the next request
    });
  }
  return bundle;
}

function escapeHtml(value: string): string {
  return value.replace(/[&"'<>]/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Yoga's `renderGraphiQL`: a small page that links the assets and carries the options as JSON. */
export async function renderGraphiQL(options: GraphiQLOptions = {}): Promise<string> {
  const { css, script, bootstrap, favicon } = await graphiqlBundle();
  // JSON in a non-executable element; `<` escaped so no `</script>` or `<!--` can end it.
  const json = JSON.stringify(options).replace(/</g, '\\u003c');
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <title>${escapeHtml(options.title || 'Yoga GraphiQL')}</title>
    <link rel="icon" href="${escapeHtml(options.favicon || favicon)}" />
    <link rel="stylesheet" href="${css}" />
    <script id="graphiql-options" type="application/json">${json}</script>
    <script src="${bootstrap}" defer></script>
    <script src="${script}" defer></script>
  </head>
  <body id="body" class="no-focus-outline">
    <noscript>You need to enable JavaScript to run this app.</noscript>
    <div id="root"></div>
  </body>
</html>
`;
}

/**
 * The encoding to send: the accepted one (q > 0) with the highest q,
 * brotli before gzip on a tie; identity when neither is accepted.
 */
export function chooseEncoding(acceptEncoding: string | null): Encoding | undefined {
  if (!acceptEncoding) return undefined;
  const q: Record<string, number> = {};
  for (const part of acceptEncoding.split(',')) {
    const [name = '', ...params] = part.trim().toLowerCase().split(';');
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const value = qParam === undefined ? 1 : Number(qParam.slice(2));
    q[name.trim()] = Number.isFinite(value) ? value : 0;
  }
  const of = (name: string) => q[name] ?? q['*'] ?? 0;
  const br = of('br');
  const gz = Math.max(of('gzip'), q['x-gzip'] ?? 0);
  if (br > 0 && br >= gz) return 'br';
  if (gz > 0) return 'gzip';
  return undefined;
}

function matchesIfNoneMatch(header: string | null, etag: string): boolean {
  if (!header) return false;
  return header.split(',').some((candidate) => {
    const value = candidate.trim();
    return value === '*' || value.replace(/^W\//, '') === etag;
  });
}

export interface GraphiQLPluginOptions {
  /** The GraphQL endpoint whose GraphiQL page gets the security headers (default "/graphql"). */
  graphqlEndpoint?: string;
}

/** Answers a request under /graphiql/ from the assets in memory. */
async function serveAsset({ request, url, endResponse, fetchAPI }: Parameters<NonNullable<Plugin['onRequest']>>[0]): Promise<void> {
  const plain = { 'content-type': 'text/plain; charset=utf-8', 'x-content-type-options': 'nosniff' };
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    endResponse(new fetchAPI.Response(`${request.method} is not allowed here; use GET.`, { status: 405, headers: { ...plain, allow: 'GET, HEAD' } }));
    return;
  }
  const asset = (await graphiqlBundle()).assets.get(url.pathname);
  if (!asset) {
    endResponse(new fetchAPI.Response('Not found.', { status: 404, headers: plain }));
    return;
  }
  const encoding = chooseEncoding(request.headers.get('accept-encoding'));
  const variant = (encoding && (await asset.encoded[encoding])) || asset.identity;
  const headers: Record<string, string> = {
    ...asset.headers,
    'content-type': asset.contentType,
    etag: variant.etag,
    vary: 'Accept-Encoding',
  };
  if (variant !== asset.identity) headers['content-encoding'] = encoding!;
  if (matchesIfNoneMatch(request.headers.get('if-none-match'), variant.etag)) {
    delete headers['content-type'];
    endResponse(new fetchAPI.Response(null, { status: 304, headers }));
    return;
  }
  headers['content-length'] = String(variant.body.length);
  endResponse(new fetchAPI.Response(request.method === 'HEAD' ? null : variant.body, { status: 200, headers }));
}

/** Serves /graphiql/* from memory and puts the security headers on the GraphiQL page. */
export function graphiqlPlugin({ graphqlEndpoint = '/graphql' }: GraphiQLPluginOptions = {}): Plugin {
  return {
    // Synchronous for every other path: an async hook would cost every request a promise.
    onRequest(payload) {
      if (payload.url.pathname.startsWith(GRAPHIQL_ASSETS_PATH)) return serveAsset(payload);
    },
    onResponse({ request, response }) {
      if (request.method !== 'GET' || !response.headers.get('content-type')?.startsWith('text/html')) return;
      const path = new URL(request.url).pathname;
      if (path !== graphqlEndpoint && path !== `${graphqlEndpoint}/`) return;
      // Deleted first: Yoga passes {'Content-Type': 'text/html'}, and whatwg-node's set() on such
      // headers adds a second, lower-case content-type instead of replacing it; delete() normalizes.
      response.headers.delete('content-type');
      for (const [name, value] of Object.entries(PAGE_HEADERS)) response.headers.set(name, value);
    },
  };
}
