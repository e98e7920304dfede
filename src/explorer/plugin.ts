/**
 * A Yoga plugin that serves the explorer's static files: the network view at
 * /explore (a small hand-written page plus cytoscape from node_modules) and
 * the schema's SDL at /schema.graphql for tools. Every file is read once at
 * start-up and served from memory, with an ETag (revalidated: `no-cache`)
 * and brotli/gzip variants made once, on first request
 * (src/perf/compression.ts); nothing comes from a CDN.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'graphql-yoga';
import { serveStatic, staticFile, type StaticFile } from '../perf/compression.ts';

const require = createRequire(import.meta.url);
const publicDir = fileURLToPath(new URL('./public/', import.meta.url));

/** The committed, printed schema (see `npm run schema`). */
export const SCHEMA_FILE = fileURLToPath(new URL('../../schema.graphql', import.meta.url));

/** The network view's GraphQL operations (validated by test/examples.test.ts). */
export const EXPLORE_QUERIES_FILE = join(publicDir, 'explore.graphql');

/** Where the network view is served. */
export const EXPLORE_PATH = '/explore';

/** Where the SDL is served. */
export const SCHEMA_PATH = '/schema.graphql';

/** Where the README is served (as Markdown text). */
export const README_PATH = '/README.md';

const README_FILE = fileURLToPath(new URL('../../README.md', import.meta.url));

/** GET /: what this server offers, as links (no script, no style from elsewhere). */
function landingPage(page: boolean, graphqlEndpoint: string): string {
  const endpoint = escapeAttribute(graphqlEndpoint);
  const links = [
    page &&
      `<li><a href="${endpoint}">GraphiQL</a>: write and run queries, with the schema's documentation and an explorer that builds queries by clicking</li>`,
    page && `<li><a href="${EXPLORE_PATH}">The network view</a>: search the graph and expand it node by node</li>`,
    `<li><a href="${SCHEMA_PATH}">The schema</a> (SDL), for tools and code generators</li>`,
    `<li><a href="${README_PATH}">The README</a>: the data, the API's limits and caching, and how to run it</li>`,
  ].filter(Boolean);
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>summit-graph</title>
  </head>
  <body>
    <h1>summit-graph</h1>
    <p>A GraphQL API over a sourced knowledge graph of the meetings the Communist Party of China holds with the world's political parties. Send queries to <code>${endpoint}</code> (GET or POST).</p>
    <ul>
      ${links.join('\n      ')}
    </ul>
  </body>
</html>
`;
}

export interface ExplorerOptions {
  /** Serve the network view at /explore (default true); /schema.graphql is always served. */
  page?: boolean;
  /** The GraphQL endpoint the page queries (default "/graphql"). */
  graphqlEndpoint?: string;
}

/**
 * The page's policy: scripts, styles and requests only from this server.
 * Cytoscape sets inline styles on its canvas elements, hence 'unsafe-inline'
 * for styles (not for scripts).
 */
const PAGE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "connect-src 'self'",
  "img-src 'self' data:",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

function asset(body: string | Uint8Array, contentType: string, extra: Record<string, string> = {}): StaticFile {
  return staticFile(typeof body === 'string' ? (new TextEncoder().encode(body) as Uint8Array<ArrayBuffer>) : new Uint8Array(body), {
    'content-type': contentType,
    'x-content-type-options': 'nosniff',
    'cache-control': 'no-cache',
    ...extra,
  });
}

/** The path of cytoscape's minified browser build in node_modules. */
export function cytoscapeFile(): string {
  return require.resolve('cytoscape/dist/cytoscape.min.js');
}

/** Reads every served file; throws, naming the file, when one is missing. */
function loadAssets({ page = true, graphqlEndpoint = '/graphql' }: ExplorerOptions): Map<string, StaticFile> {
  const read = (file: string) => {
    try {
      return readFileSync(file);
    } catch (error) {
      throw new Error(`explorer: cannot read ${file}: ${(error as Error).message}`);
    }
  };
  const assets = new Map<string, StaticFile>();
  assets.set(
    '/',
    asset(landingPage(page, graphqlEndpoint), 'text/html; charset=utf-8', {
      'content-security-policy': "default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
      'referrer-policy': 'no-referrer',
    }),
  );
  assets.set(README_PATH, asset(read(README_FILE), 'text/markdown; charset=utf-8'));
  assets.set(SCHEMA_PATH, asset(read(SCHEMA_FILE), 'text/plain; charset=utf-8', { 'content-disposition': 'inline; filename="schema.graphql"' }));
  if (page) {
    const html = read(join(publicDir, 'explore.html')).toString('utf8').replaceAll('{{graphqlEndpoint}}', escapeAttribute(graphqlEndpoint));
    const htmlAsset = asset(html, 'text/html; charset=utf-8', { 'content-security-policy': PAGE_CSP, 'referrer-policy': 'no-referrer' });
    assets.set(EXPLORE_PATH, htmlAsset);
    assets.set(`${EXPLORE_PATH}/`, htmlAsset);
    assets.set(`${EXPLORE_PATH}/explore.js`, asset(read(join(publicDir, 'explore.js')), 'text/javascript; charset=utf-8'));
    assets.set(`${EXPLORE_PATH}/explore.graphql`, asset(read(EXPLORE_QUERIES_FILE), 'text/plain; charset=utf-8'));
    assets.set(`${EXPLORE_PATH}/explore.css`, asset(read(join(publicDir, 'explore.css')), 'text/css; charset=utf-8'));
    assets.set(`${EXPLORE_PATH}/cytoscape.min.js`, asset(read(cytoscapeFile()), 'text/javascript; charset=utf-8'));
  }
  return assets;
}

function escapeAttribute(value: string): string {
  return value.replace(/[&"<>]/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Serves GET / (links), /README.md, /schema.graphql and (unless `page: false`) the network view at /explore. */
export function explorerPlugin(options: ExplorerOptions = {}): Plugin {
  const assets = loadAssets(options);
  return {
    onRequest({ request, url, endResponse, fetchAPI }) {
      const found = assets.get(url.pathname);
      if (!found) return;
      if (request.method !== 'GET' && request.method !== 'HEAD') {
        endResponse(new fetchAPI.Response(`${request.method} is not allowed here; use GET.`, { status: 405, headers: { allow: 'GET, HEAD' } }));
        return;
      }
      return serveStatic(found, request, fetchAPI).then(endResponse);
    },
  };
}
