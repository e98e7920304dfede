/**
 * Response compression: brotli and gzip, chosen from the request's
 * Accept-Encoding, for bodies of at least COMPRESS_MIN_BYTES whose type is
 * text (JSON, HTML, SDL, Markdown, CSS, JavaScript).
 *
 * Three users, one mechanism:
 * - static files (GraphiQL's assets and page, the explorer's files, the
 *   schema, the README, the landing page): `StaticFile` keeps each variant
 *   once made (lazily, per encoding, on the thread pool) and `serveStatic`
 *   answers GET and HEAD with an ETag per encoding and 304;
 * - the response cache (src/perf/response-cache.ts) keeps the variants of a
 *   stored answer in its entry, so a hit never compresses;
 * - `compressionPlugin`, last in the pipeline, compresses what neither did
 *   (answers that are not stored: errors, private answers), per request.
 *
 * Never compressed: a response that already has Content-Encoding (except
 * Yoga's `Content-Encoding: none` on event streams, which is removed), a stream
 * (multipart/mixed, text/event-stream, or any body of unknown length), a
 * 204/304 or HEAD answer, a body below the threshold. A compressible body
 * carries `Vary: Accept-Encoding` whichever encoding was sent, and a strong
 * ETag names the encoding (`"tag"`, `"tag-br"`, `"tag-gz"`), so caches in
 * front never mix the variants and 304 works per encoding.
 *
 * Not whatwg-node's `useContentEncoding` (exported by @whatwg-node/server):
 * it ignores q-values (`br;q=0` would get brotli), sets no Vary, compresses
 * streams and every body whatever its size, and compresses again on every
 * request, cached answers included.
 */
import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { brotliCompress, constants as zlib, gzip } from 'node:zlib';
import type { Plugin } from 'graphql-yoga';
import { requestState } from '../request-state.ts';

export type Encoding = 'br' | 'gzip';

/**
 * Smallest body compressed, in bytes. Below about 1 KB a JSON answer
 * shrinks by a few dozen bytes at best (a 245-byte answer: 175 with
 * brotli), less than the headers that say so.
 */
export const COMPRESS_MIN_BYTES = 1024;

/** Longest Accept-Encoding read; a longer one is ignored (identity), unparsed. Browsers send ~25 characters. */
export const MAX_ACCEPT_ENCODING_LENGTH = 256;

/**
 * Brotli quality for answers compressed while a client waits (a cache miss,
 * an uncached answer). Measured on the full introspection answer (105 KB):
 * quality 5 takes ~0.9 ms for 10.6 KB, 6 about the same for 10.4 KB, 11
 * takes ~80 ms for 9.0 KB; gzip level 6 ~0.9 ms for 11.2 KB.
 */
export const DYNAMIC_BROTLI_QUALITY = 5;
/** Brotli's maximum, for static files up to STATIC_MAX_QUALITY_BYTES: compressed once per process. */
export const STATIC_BROTLI_QUALITY = 11;
/**
 * Largest static file given the maximum quality. Quality 11 costs about
 * 1.5 ms of CPU per KB here (the README 22 ms, the schema 32 ms, cytoscape's
 * 435 KB 0.7 s, GraphiQL's 5 MB script 8.8 s) for ~10% fewer bytes than
 * quality 6; above this size the first request for a file would wait
 * seconds, so larger files get LARGE_STATIC_BROTLI_QUALITY.
 */
export const STATIC_MAX_QUALITY_BYTES = 256 * 1024;
export const LARGE_STATIC_BROTLI_QUALITY = 6;
const GZIP_LEVEL = 6;

/** Compressions made, for tests and the benchmark (a cache hit must not add one). */
export const compressionStats = { dynamic: 0, static: 0 };

const brotliAsync = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

/**
 * Compresses on the thread pool. Resolves to undefined when compressing
 * fails or does not make the body smaller: then identity is sent.
 */
export async function compress(body: Uint8Array, encoding: Encoding, kind: 'dynamic' | 'static'): Promise<Uint8Array<ArrayBuffer> | undefined> {
  compressionStats[kind]++;
  try {
    let out: Buffer;
    if (encoding === 'gzip') {
      out = await gzipAsync(body, { level: GZIP_LEVEL });
    } else {
      const quality =
        kind === 'dynamic' ? DYNAMIC_BROTLI_QUALITY : body.byteLength <= STATIC_MAX_QUALITY_BYTES ? STATIC_BROTLI_QUALITY : LARGE_STATIC_BROTLI_QUALITY;
      out = await brotliAsync(body, {
        params: { [zlib.BROTLI_PARAM_QUALITY]: quality, [zlib.BROTLI_PARAM_SIZE_HINT]: body.byteLength, [zlib.BROTLI_PARAM_MODE]: zlib.BROTLI_MODE_TEXT },
      });
    }
    return out.byteLength < body.byteLength ? (out as Buffer<ArrayBuffer>) : undefined;
  } catch (error) {
    console.error(`compression: ${encoding} failed: ${(error as Error).message}`);
    return undefined;
  }
}

/** A q-value as RFC 9110 12.4.2 writes it (0 to 1, three decimals at most), or undefined. Also read by src/incremental.ts for Accept. */
export function qValue(text: string): number | undefined {
  return /^(?:0(?:\.\d{0,3})?|1(?:\.0{0,3})?)$/.test(text) ? Number(text) : undefined;
}

/**
 * The content coding to send, from Accept-Encoding (RFC 9110 12.5.3):
 * brotli or gzip, whichever has the higher q-value (brotli on a tie), or
 * undefined for identity. A coding with q=0 is refused; `*` stands for
 * every coding not named; `x-gzip` is gzip; unknown codings are ignored;
 * an entry with a malformed q-value counts as not sent. Identity wins only
 * when named with a higher q-value than both. When the client refuses
 * identity too (`identity;q=0`) and accepts neither, identity is sent
 * anyway, as the RFC allows, rather than 406. No header, an empty one, or
 * one over MAX_ACCEPT_ENCODING_LENGTH means identity.
 */
export function negotiateEncoding(header: string | null | undefined): Encoding | undefined {
  if (!header || header.length > MAX_ACCEPT_ENCODING_LENGTH) return undefined;
  const q = new Map<string, number>();
  for (const part of header.split(',')) {
    const [rawName = '', ...params] = part.split(';');
    const name = rawName.trim().toLowerCase();
    if (name === '' || q.has(name)) continue; // the first mention of a coding counts
    let value: number | undefined = 1;
    for (const param of params) {
      const [key = '', text = ''] = param.split('=');
      if (key.trim().toLowerCase() === 'q') value = qValue(text.trim());
    }
    if (value !== undefined) q.set(name, value);
  }
  const star = q.get('*') ?? 0;
  const br = q.get('br') ?? star;
  const gz = q.get('gzip') ?? q.get('x-gzip') ?? star;
  const best: Encoding | undefined = br > 0 && br >= gz ? 'br' : gz > 0 ? 'gzip' : undefined;
  if (best === undefined) return undefined;
  const identity = q.get('identity');
  return identity !== undefined && identity > (best === 'br' ? br : gz) ? undefined : best;
}

/** The strong ETag of an encoded variant: `"tag"` becomes `"tag-br"` or `"tag-gz"`. */
export function encodedEtag(etag: string, encoding: Encoding | undefined): string {
  return encoding === undefined ? etag : `${etag.slice(0, -1)}-${encoding === 'br' ? 'br' : 'gz'}"`;
}

/** Whether an If-None-Match value matches `etag` (weak comparison, RFC 9110 13.1.2). */
export function matchesIfNoneMatch(header: string | null | undefined, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === '*') return true;
  return header.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag);
}

/** Media types worth compressing (text); streams (multipart/mixed, text/event-stream) are not among them. */
const COMPRESSIBLE = new Set([
  'application/json',
  'application/graphql-response+json',
  'text/html',
  'text/plain',
  'text/css',
  'text/javascript',
  'text/markdown',
  'text/csv',
  'image/x-icon',
  'image/svg+xml',
]);

export function compressibleType(contentType: string | null): boolean {
  return contentType !== null && COMPRESSIBLE.has(contentType.split(';')[0]!.trim().toLowerCase());
}

/** Adds a name to Vary, once (merged with the values there, case-insensitively). */
export function addVary(headers: Headers, name: string): void {
  const vary = headers.get('vary');
  if (vary && vary.split(',').some((v) => v.trim().toLowerCase() === name.toLowerCase())) return;
  // Deleted first: on headers built from an object with another spelling, whatwg-node's set() adds a second field.
  headers.delete('vary');
  headers.set('vary', vary ? `${vary}, ${name}` : name);
}

/**
 * A copy of `headers` with lower-case names. whatwg-node's `new Headers(other)`
 * keeps the other's spelling (`Content-Type` from Yoga), and after any
 * delete() or set() on the copy, get('content-type') no longer finds it.
 */
export function copyHeaders(headers: Headers, fetchAPI: { Headers: typeof Headers }): Headers {
  const copy = new fetchAPI.Headers();
  headers.forEach((value, name) => copy.append(name.toLowerCase(), value));
  return copy;
}

/** Sets a header, replacing any other spelling of it (see addVary). */
export function replaceHeader(headers: Headers, name: string, value: string): void {
  headers.delete(name);
  headers.set(name, value);
}

/** A file served from memory: its identity bytes, headers and ETag; variants made once, on first request. */
export interface StaticFile {
  body: Uint8Array<ArrayBuffer>;
  /** Content-Type, Cache-Control and the rest, sent with every variant. */
  headers: Record<string, string>;
  /** Strong ETag of the identity bytes. */
  etag: string;
  /** Whether the file is large and textual enough to be sent compressed. */
  compressible: boolean;
  variants: Partial<Record<Encoding, Promise<Uint8Array<ArrayBuffer> | undefined>>>;
}

/** A static file; `etag` defaults to the first 16 hex digits of the body's SHA-256. */
export function staticFile(body: Uint8Array<ArrayBuffer>, headers: Record<string, string>, etag?: string): StaticFile {
  return {
    body,
    headers,
    etag: etag ?? `"${createHash('sha256').update(body).digest('hex').slice(0, 16)}"`,
    compressible: body.byteLength >= COMPRESS_MIN_BYTES && compressibleType(headers['content-type'] ?? null),
    variants: {},
  };
}

/** The file's bytes in `encoding`, compressed on first need; undefined when identity is to be sent. */
export function staticVariant(file: StaticFile, encoding: Encoding): Promise<Uint8Array<ArrayBuffer> | undefined> {
  return (file.variants[encoding] ??= compress(file.body, encoding, 'static'));
}

/**
 * GET or HEAD of a static file: the variant the client accepts, its ETag,
 * `Vary: Accept-Encoding` when the file is compressible, Content-Length,
 * and 304 when If-None-Match names the variant. HEAD gets GET's headers.
 */
export async function serveStatic(file: StaticFile, request: Request, fetchAPI: { Response: typeof Response }): Promise<Response> {
  const encoding = file.compressible ? negotiateEncoding(request.headers.get('accept-encoding')) : undefined;
  const encoded = encoding && (await staticVariant(file, encoding));
  const used = encoded ? encoding : undefined;
  const body = encoded || file.body;
  const headers: Record<string, string> = { ...file.headers, etag: encodedEtag(file.etag, used) };
  if (file.compressible) headers.vary = 'Accept-Encoding';
  if (used) headers['content-encoding'] = used;
  let response: Response;
  if (matchesIfNoneMatch(request.headers.get('if-none-match'), headers.etag!)) {
    delete headers['content-type'];
    delete headers['content-encoding'];
    response = new fetchAPI.Response(null, { status: 304, headers });
  } else {
    headers['content-length'] = String(body.byteLength);
    response = new fetchAPI.Response(request.method === 'HEAD' ? null : body, { status: 200, headers });
  }
  return markSettled(response);
}

/**
 * Responses whose encoding is decided (a static file, a cached answer):
 * compressionPlugin leaves them as they are. Marked on the response object
 * (src/request-state.ts): a WeakSet of every cached answer sent would keep
 * them alive through young-generation GCs.
 */
const settled = requestState<true>('summit-graph.compression.settled');

export function markSettled(response: Response): Response {
  settled.set(response, true);
  return response;
}

/**
 * Compresses, per request, the answers nothing else compressed: a JSON or
 * text body of known length at or above the threshold. Put it last, after
 * the response cache (which compresses what it stores, once).
 */
export function compressionPlugin(): Plugin {
  return {
    onResponse({ request, response, setResponse, fetchAPI }) {
      // Yoga's event streams say `Content-Encoding: none` (to keep compression middleware off them):
      // not a registered content coding, so it goes; a stream is never compressed here anyway.
      if (response.headers.get('content-encoding')?.trim().toLowerCase() === 'none') response.headers.delete('content-encoding');
      if (settled.get(response) || request.method === 'HEAD' || response.status === 204 || response.status === 304) return;
      // A body of unknown length is a stream (or may be one): never buffered. (`response.body` is not
      // read here: on whatwg-node's Response that getter turns a string body into a stream.)
      const length = Number(response.headers.get('content-length') ?? NaN);
      if (!(length >= COMPRESS_MIN_BYTES) || response.headers.has('content-encoding') || !compressibleType(response.headers.get('content-type'))) return;
      const encoding = negotiateEncoding(request.headers.get('accept-encoding'));
      if (!encoding) {
        addVary(response.headers, 'Accept-Encoding');
        return;
      }
      return response.arrayBuffer().then(async (bytes) => {
        const identity = new Uint8Array(bytes);
        const encoded = await compress(identity, encoding, 'dynamic');
        const headers = copyHeaders(response.headers, fetchAPI);
        addVary(headers, 'Accept-Encoding');
        const etag = headers.get('etag');
        if (encoded) {
          replaceHeader(headers, 'content-encoding', encoding);
          if (etag && !etag.startsWith('W/')) replaceHeader(headers, 'etag', encodedEtag(etag, encoding));
        }
        replaceHeader(headers, 'content-length', String((encoded ?? identity).byteLength));
        setResponse(new fetchAPI.Response(encoded ?? identity, { status: response.status, statusText: response.statusText, headers }));
      });
    },
  };
}
