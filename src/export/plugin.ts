/**
 * A Yoga plugin that serves the bulk export (build.ts): GET /export (the
 * listing, also at /export/ and /export/index.json), /export/<table>.csv and
 * /export/graph.json. The files are built on the first request and kept as
 * bytes (the store never changes); each carries a strong ETag from its bytes
 * (304 to a matching If-None-Match), the dataset's version, and a
 * Cache-Control that lets browsers and CDNs keep it. GET and HEAD only.
 */
import type { Plugin } from 'graphql-yoga';
import type { Store } from '../store/store.ts';
import { EXPORT_PATH, exportOf, LISTING_FILE, type Export, type ExportFile } from './build.ts';

/** The response header that carries the dataset's version (as `Query.dataset.version` gives it). */
export const VERSION_HEADER = 'dataset-version';

/** The same policy as the API's cacheable answers (src/perf/response-cache.ts). */
const CACHE_CONTROL = 'public, max-age=300, stale-while-revalidate=86400';

const etags = new WeakMap<ExportFile, string>();
function etagOf(file: ExportFile): string {
  let tag = etags.get(file);
  if (!tag) {
    tag = `"${file.sha256.slice(0, 32)}"`;
    etags.set(file, tag);
  }
  return tag;
}

/** Whether an If-None-Match header names `etag` (weak comparison, as RFC 9110 13.1.2 asks, or `*`). */
function matches(ifNoneMatch: string, etag: string): boolean {
  return ifNoneMatch
    .split(',')
    .map((t) => t.trim().replace(/^W\//, ''))
    .some((t) => t === '*' || t === etag);
}

function text(status: number, body: string, headers: Record<string, string> = {}): [string, ResponseInit] {
  return [
    body,
    { status, headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff', ...headers } },
  ];
}

/** Serves the export of `store` under /export. */
export function exportPlugin(store: Store): Plugin {
  let built: Export | undefined;
  return {
    onRequest({ request, url, endResponse, fetchAPI }) {
      const path = url.pathname;
      if (path !== EXPORT_PATH && !path.startsWith(`${EXPORT_PATH}/`)) return;
      try {
        built ??= exportOf(store);
      } catch (error) {
        // Data the export cannot represent (see build.ts): the server's problem, said plainly, with no stack trace.
        endResponse(new fetchAPI.Response(...text(500, `The export cannot be built from this server's data: ${(error as Error).message}\n`)));
        return;
      }
      const name = path === EXPORT_PATH || path === `${EXPORT_PATH}/` ? LISTING_FILE : path.slice(EXPORT_PATH.length + 1);
      const found = built.files.get(name);
      if (!found) {
        const shown = name.length > 100 ? `${name.slice(0, 100)}…` : name;
        const available = [...built.files.keys()].map((n) => `${EXPORT_PATH}/${n}`).join(', ');
        endResponse(
          new fetchAPI.Response(
            ...text(404, `No export file named ${JSON.stringify(shown)}. Available: ${available} (listed with sizes at ${EXPORT_PATH}).\n`),
          ),
        );
        return;
      }
      if (request.method !== 'GET' && request.method !== 'HEAD') {
        endResponse(new fetchAPI.Response(...text(405, `${request.method} is not allowed on ${path}; use GET or HEAD.\n`, { allow: 'GET, HEAD' })));
        return;
      }
      const etag = etagOf(found);
      const headers: Record<string, string> = {
        'content-type': found.contentType,
        'content-disposition': `${name === LISTING_FILE ? 'inline' : 'attachment'}; filename="${found.name}"`,
        'cache-control': CACHE_CONTROL,
        etag,
        [VERSION_HEADER]: built.version,
        'x-content-type-options': 'nosniff',
      };
      const ifNoneMatch = request.headers.get('if-none-match');
      if (ifNoneMatch !== null && matches(ifNoneMatch, etag)) {
        const { 'content-type': _type, 'content-disposition': _disposition, ...validators } = headers;
        endResponse(new fetchAPI.Response(null, { status: 304, headers: validators }));
        return;
      }
      endResponse(new fetchAPI.Response(request.method === 'HEAD' ? null : found.bytes, { status: 200, headers }));
    },
  };
}
