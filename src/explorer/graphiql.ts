/**
 * GraphiQL as a small page plus static assets. `@graphql-yoga/render-graphiql`
 * inlines its whole bundle (script, styles, three Monaco workers, favicon)
 * into the HTML of every page view. Here those strings become files served
 * from memory under content-hashed URLs (/graphiql/<hash>.js), cached for a
 * year, with gzip and brotli variants compressed once, on first request, on
 * the thread pool (src/perf/compression.ts); every response sends the one
 * shared Buffer, so a slow reader holds a reference, not a copy. The page
 * (`renderGraphiQL`) links them and passes GraphiQL's options as inert
 * JSON; `graphiqlPlugin` serves it with strict security headers, an ETag
 * and compression, and keeps its bytes and variants too.
 */
import { createHash } from 'node:crypto';
import type { GraphiQLOptions, Plugin } from 'graphql-yoga';
import { isEndpointPath, MAX_ACCEPT_LENGTH } from '../http.ts';
import { acceptedQ, weightedRanges } from '../incremental.ts';
import { addVary, serveStatic, staticFile, type StaticFile } from '../perf/compression.ts';

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

export interface GraphiQLAsset {
  path: string;
  /** Hex SHA-256 of the identity bytes; the path holds its first 16 digits, the ETag too. */
  sha256: string;
  /** The bytes and headers; compressed variants are made once, on first request (src/perf/compression.ts). */
  file: StaticFile;
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

function makeAsset(body: Buffer<ArrayBuffer>, extension: string, contentType: string, headers: Record<string, string> = {}): GraphiQLAsset {
  const sha256 = createHash('sha256').update(body).digest('hex');
  const tag = sha256.slice(0, 16);
  return {
    path: `${GRAPHIQL_ASSETS_PATH}${tag}.${extension}`,
    sha256,
    file: staticFile(body, { 'content-type': contentType, 'cache-control': IMMUTABLE, 'x-content-type-options': 'nosniff', ...headers }, `"${tag}"`),
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

/** The GraphiQL page: small, it links the assets and carries the options as JSON. */
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

export interface GraphiQLPluginOptions {
  /** The GraphQL endpoint whose GET from a browser (Accept: text/html) is answered with the page (default "/graphql"). */
  graphqlEndpoint?: string;
  /** GraphiQL's options (title, default query, tabs), passed to the page as JSON. */
  options?: GraphiQLOptions;
}

/** What this endpoint answers GraphQL requests with (Yoga's result processors). */
const GRAPHQL_MEDIA_TYPES = ['application/graphql-response+json', 'application/json', 'multipart/mixed', 'text/event-stream'];

/**
 * Whether a GET asks for the page: its Accept names `text/html` (any letter
 * case) with a q-value above 0, and gives no GraphQL answer's media type
 * a higher one (a tie opens the page). So a browser's `text/html,…,*\/*;q=0.8` opens the page, and
 * `application/json, text/html;q=0.1` or `*\/*` (a JSON client) gets JSON. Yoga's
 * own check is "the header contains text/html", so `text/html;q=0` got
 * the page there, and so did a client that preferred JSON.
 */
export function wantsPage(request: Request): boolean {
  if (request.method !== 'GET') return false;
  const accept = request.headers.get('accept');
  if (!accept || accept.length > MAX_ACCEPT_LENGTH) return false;
  const ranges = weightedRanges(accept);
  // text/html itself, not `text/html/x`; the GraphQL types as Yoga reads them (it would answer `application/json/x` with JSON).
  const exact = ranges.filter((range) => range.exact);
  if (!exact.some(({ pre, suf }) => pre === 'text' && suf === 'html')) return false;
  const html = acceptedQ(exact, 'text/html')!;
  return html > 0 && GRAPHQL_MEDIA_TYPES.every((type) => (acceptedQ(ranges, type) ?? 0) <= html);
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
  endResponse(await serveStatic(asset.file, request, fetchAPI));
}

/**
 * Serves GraphiQL: its page, on a browser's GET of the GraphQL endpoint,
 * and /graphiql/* from memory. The page is rendered once, on first view,
 * and answered as a static file: the security headers, an ETag (so a
 * second visit is a 304), and its compressed variants, made once.
 *
 * Yoga's own GraphiQL plugin (createYoga's `graphiql` option) is not used:
 * Yoga runs it before every plugin given to createYoga, so a deployer's
 * plugin (authentication, rate limits) would never see the page's requests.
 * This one runs where createApp puts it, after the deployer's plugins.
 */
export function graphiqlPlugin({ graphqlEndpoint = '/graphql', options = {} }: GraphiQLPluginOptions = {}): Plugin {
  let page: Promise<StaticFile> | undefined;
  const pageFile = (): Promise<StaticFile> =>
    (page ??= renderGraphiQL(options).then(
      (html) => staticFile(new TextEncoder().encode(html) as Uint8Array<ArrayBuffer>, PAGE_HEADERS),
      (error: unknown) => {
        page = undefined; // rendered again on the next view
        throw error;
      },
    ));
  const servePage = async ({ request, endResponse, fetchAPI }: Parameters<NonNullable<Plugin['onRequest']>>[0]): Promise<void> => {
    const response = await serveStatic(await pageFile(), request, fetchAPI);
    // GET /graphql is the page for a browser and JSON for a client.
    addVary(response.headers, 'Accept');
    endResponse(response);
  };
  return {
    // Synchronous for every other request: an async hook would cost every request a promise.
    onRequest(payload) {
      const path = payload.url.pathname;
      if (path.startsWith(GRAPHIQL_ASSETS_PATH)) return serveAsset(payload);
      if (isEndpointPath(path, graphqlEndpoint) && wantsPage(payload.request)) return servePage(payload);
    },
  };
}
