/**
 * The response fast path. The data is immutable while the process runs, so
 * an identical request always gets identical response bytes: those bytes
 * are kept, and a repeat is answered from them before any of Yoga's
 * pipeline runs (no Fetch Request, no parse, validate, limits or execute).
 *
 * Two parts share one ResponseCache:
 *
 * - `withFastPath(yoga, { cache })` (src/perf/fast-path.ts, which also
 *   runs the uncached fast path) wraps the Node request handler. For
 *   `GET /graphql?query=…` and `POST /graphql` with a JSON body it computes
 *   a key from the request (URL or body, plus the `Accept` and `Origin`
 *   headers, which change the response's content type and CORS headers),
 *   answers a hit straight from the cache, and hands a miss to Yoga (a POST
 *   body it has already read goes along as `req.body`, which Yoga's server
 *   adapter uses instead of the consumed stream).
 * - `responseCachePlugin(cache)` runs inside Yoga. When an operation
 *   executed without errors, it gives the 200 response an `ETag` (a hash of
 *   the bytes), for GET a `Cache-Control` that lets browsers and CDNs keep
 *   it, answers `If-None-Match` with 304, and stores the response under the
 *   key the wrapper computed.
 *
 * Only successful execution results are stored: errors, refusals (limits,
 * validation, bad requests), GraphiQL and every other route always go
 * through Yoga. The cache is bounded by entries and by bytes (least
 * recently used goes first).
 */
import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { isAsyncIterable, type Plugin } from 'graphql-yoga';

/** What browsers and CDNs may do with a successful GET response. */
export const GET_CACHE_CONTROL = 'public, max-age=300, stale-while-revalidate=86400';

export interface CachedResponse {
  status: number;
  /** Every header to send with the bytes, content-length included. */
  headers: Record<string, string>;
  /** The headers of a 304 answer: ETag, Cache-Control, Vary. */
  notModifiedHeaders: Record<string, string>;
  body: Buffer;
  etag: string;
}

export interface ResponseCacheOptions {
  /** Most responses kept (default 1000). */
  maxEntries?: number;
  /** Most bytes of response bodies kept (default 64 MB). */
  maxBytes?: number;
  /** Largest request body (bytes) the fast path reads; larger ones go straight to Yoga. */
  maxRequestBytes?: number;
}

/** A bounded least-recently-used map from request key to finished response. */
export class ResponseCache {
  private readonly entries = new Map<string, CachedResponse>();
  private bytes = 0;
  readonly maxEntries: number;
  readonly maxBytes: number;
  readonly maxRequestBytes: number;
  /** Requests answered from the cache, and requests that went to Yoga. */
  readonly stats = { hits: 0, misses: 0, stored: 0 };
  /** The key the fast path computed for a request it handed to Yoga. */
  readonly pendingKeys = new WeakMap<IncomingMessage, string>();

  constructor({ maxEntries = 1000, maxBytes = 64 * 1024 * 1024, maxRequestBytes = 16 * 1024 }: ResponseCacheOptions = {}) {
    this.maxEntries = maxEntries;
    this.maxBytes = maxBytes;
    this.maxRequestBytes = maxRequestBytes;
  }

  get size(): number {
    return this.entries.size;
  }

  get(key: string): CachedResponse | undefined {
    const entry = this.entries.get(key);
    if (entry) {
      // Most recently used last, so eviction takes the first.
      this.entries.delete(key);
      this.entries.set(key, entry);
    }
    return entry;
  }

  set(key: string, entry: CachedResponse): void {
    if (entry.body.length > this.maxBytes) return;
    const previous = this.entries.get(key);
    if (previous) {
      this.bytes -= previous.body.length;
      this.entries.delete(key);
    }
    this.entries.set(key, entry);
    this.bytes += entry.body.length;
    this.stats.stored++;
    for (const [oldest, old] of this.entries) {
      if (this.entries.size <= this.maxEntries && this.bytes <= this.maxBytes) break;
      this.entries.delete(oldest);
      this.bytes -= old.body.length;
    }
  }

  clear(): void {
    this.entries.clear();
    this.bytes = 0;
  }
}

/** A strong ETag from the response bytes: the same bytes get the same tag in every process. */
export function etagOf(body: Uint8Array): string {
  return `"${createHash('sha1').update(body).digest('base64url')}"`;
}

/** Whether an If-None-Match header value matches `etag` (weak comparison, RFC 9110 13.1.2). */
export function matchesIfNoneMatch(header: string | null | undefined, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === '*') return true;
  return header.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag);
}

/** Headers Node sets itself or that describe the connection, not the response. */
const HOP_HEADERS = new Set(['content-length', 'date', 'connection', 'keep-alive', 'transfer-encoding']);

/**
 * The Yoga plugin: marks requests whose operation executed without errors,
 * gives their responses ETag and Cache-Control, answers If-None-Match with
 * 304, and stores the bytes under the key the fast path computed.
 */
export function responseCachePlugin(cache: ResponseCache): Plugin {
  const succeeded = new WeakSet<Request>();
  return {
    onExecute({ args }) {
      return {
        onExecuteDone({ result }) {
          if (isAsyncIterable(result)) return;
          if (result.errors === undefined || result.errors.length === 0) {
            succeeded.add((args.contextValue as { request: Request }).request);
          }
        },
      };
    },
    async onResponse({ request, response, serverContext, setResponse, fetchAPI }) {
      if (!succeeded.has(request) || response.status !== 200) return;
      const body = Buffer.from(await response.clone().arrayBuffer());
      const etag = etagOf(body);
      const isGet = request.method === 'GET';
      response.headers.set('etag', etag);
      if (isGet) response.headers.set('cache-control', GET_CACHE_CONTROL);
      // The content type depends on Accept; CORS headers on Origin.
      const vary = response.headers.get('vary');
      if (!vary || !/\baccept\b/i.test(vary)) response.headers.set('vary', vary ? `${vary}, Accept` : 'Accept');

      const notModifiedHeaders: Record<string, string> = { etag, vary: response.headers.get('vary')! };
      if (isGet) notModifiedHeaders['cache-control'] = GET_CACHE_CONTROL;
      const req = (serverContext as { req?: IncomingMessage }).req;
      const key = req ? cache.pendingKeys.get(req) : undefined;
      if (key !== undefined) {
        const headers: Record<string, string> = {};
        response.headers.forEach((value, name) => {
          if (!HOP_HEADERS.has(name)) headers[name] = value;
        });
        headers['content-length'] = String(body.length);
        cache.set(key, { status: response.status, headers, notModifiedHeaders, body, etag });
      }
      if (isGet && matchesIfNoneMatch(request.headers.get('if-none-match'), etag)) {
        setResponse(new fetchAPI.Response(null, { status: 304, headers: notModifiedHeaders }));
      }
    },
  };
}
