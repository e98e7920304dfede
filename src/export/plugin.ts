/**
 * A Yoga plugin that serves the bulk export (build.ts): GET /export (the
 * listing, also at /export/ and /export/index.json), /export/<table>.csv and
 * /export/graph.json. The files are built on the first request and kept as
 * bytes (the store never changes); each carries a strong ETag from its bytes
 * (304 to a matching If-None-Match), the dataset's version, and a
 * Cache-Control that lets browsers and CDNs keep it. GET and HEAD only.
 */
import type { Plugin } from 'graphql-yoga';
import { serveStatic, staticFile, type StaticFile } from '../perf/compression.ts';
import type { Store } from '../store/store.ts';
import { EXPORT_PATH, exportOf, LISTING_FILE, type Export, type ExportFile } from './build.ts';

/** The response header that carries the dataset's version (as `Query.dataset.version` gives it). */
export const VERSION_HEADER = 'dataset-version';

/** The same policy as the API's cacheable answers (src/perf/response-cache.ts). */
const CACHE_CONTROL = 'public, max-age=300, stale-while-revalidate=86400';

/** Each file as a static file (src/perf/compression.ts): compressed once per encoding, on first request, and kept. */
const statics = new WeakMap<ExportFile, StaticFile>();
function staticOf(file: ExportFile, name: string, version: string): StaticFile {
  let served = statics.get(file);
  if (!served) {
    served = staticFile(
      file.bytes,
      {
        'content-type': file.contentType,
        'content-disposition': `${name === LISTING_FILE ? 'inline' : 'attachment'}; filename="${file.name}"`,
        'cache-control': CACHE_CONTROL,
        [VERSION_HEADER]: version,
        'x-content-type-options': 'nosniff',
      },
      `"${file.sha256.slice(0, 32)}"`,
    );
    statics.set(file, served);
  }
  return served;
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
      // ETag per encoding, 304 to a matching If-None-Match, HEAD with GET's headers.
      return serveStatic(staticOf(found, name, built.version), request, fetchAPI).then(endResponse);
    },
  };
}
