/**
 * The response cache: a Yoga plugin, so every request still goes through
 * Yoga's pipeline and every plugin before it (a deployer's authentication,
 * rate limits, tracing) sees every request, hit or miss. The data is
 * immutable while the process runs, so the same operation with the same
 * variables always has the same answer; the bytes of a successful answer
 * are kept and a repeat is answered from them in `onParams`, before
 * context building, parsing, validation, the cost limit and execution,
 * which all passed for the stored answer.
 *
 * The key holds only what changes the answer: the operation name, the
 * query text, the *declared* variables (undeclared ones are ignored by
 * GraphQL, so they are ignored here) and the content type Yoga negotiates
 * from Accept. Variables are serialized canonically within a size and depth
 * budget; what does not fit is simply not cached, never an error. The
 * cache is bounded in bytes, keys included (lru-cache's `maxSize`).
 *
 * HTTP semantics for the caches in front: a successful answer carries a
 * strong ETag (over content type and bytes, so the two JSON content types
 * never share one), GET answers `Cache-Control: public`, and
 * `If-None-Match` is answered with 304. A response that a plugin marks
 * `private` or `no-store`, that sets a cookie, or that varies on a header
 * the key does not hold is never stored.
 *
 * Compression (src/perf/compression.ts): an entry keeps, beside its
 * identity bytes, each encoded variant a client has asked for, made once
 * (when stored, for the encoding the storing request accepts; later ones on
 * their first request) and counted in the cache's byte bound; a hit sends
 * the stored variant and never compresses. Each variant has its own strong
 * ETag (`"tag-br"`, `"tag-gz"`), and an answer of COMPRESS_MIN_BYTES or more
 * says `Vary: Accept, Accept-Encoding`.
 */
import { createHash } from 'node:crypto';
import { getOperationAST, type DocumentNode } from 'graphql';
import { isAsyncIterable, type Plugin } from 'graphql-yoga';
import { LRUCache } from 'lru-cache';
import { deliversIncrementally, mediaRanges } from '../incremental.ts';
import { requestState } from '../request-state.ts';
import {
  addVary,
  compress,
  COMPRESS_MIN_BYTES,
  copyHeaders,
  encodedEtag,
  markSettled,
  matchesIfNoneMatch,
  negotiateEncoding,
  replaceHeader,
  type Encoding,
} from './compression.ts';

/** What browsers, proxies and CDNs may do with a successful GET answer. */
export const GET_CACHE_CONTROL = 'public, max-age=300, stale-while-revalidate=86400';

/** The headers a stored answer may vary on: the key or Yoga's CORS handling covers them. */
const KEYED_VARY = new Set(['accept', 'origin', 'accept-encoding', 'access-control-request-method', 'access-control-request-headers']);

export interface ResponseCacheOptions {
  /** Most bytes kept, bodies and keys together (default 32 MB). */
  maxBytes?: number;
  /** Largest answer kept, in bytes (default 1 MB). */
  maxEntryBytes?: number;
  /** Largest canonical JSON of an operation's declared variables that is cached (default 4 KB). */
  maxVariablesBytes?: number;
}

/** A stored answer. Immutable: adding a variant stores a new Entry, so that the byte bound counts it. */
export interface Entry {
  body: Uint8Array<ArrayBuffer>;
  contentType: string;
  /** Strong ETag of the identity bytes; a variant's is encodedEtag(etag, encoding). */
  etag: string;
  /** Encoded variants made so far; null when compressing did not make the body smaller (identity is sent). */
  encoded: Partial<Record<Encoding, Uint8Array<ArrayBuffer> | null>>;
}

/** An operation whose answers are stored: the variables it declares, in a fixed order. */
interface Operation {
  variables: readonly string[];
}

/** Counters, for tests and the benchmark. */
export interface CacheStats {
  hits: number;
  misses: number;
  stored: number;
  notModified: number;
  /** Variants compressed for stored answers (once per answer and encoding). */
  compressed: number;
}

const ENTRY_OVERHEAD = 160;

export class ResponseCache {
  readonly maxBytes: number;
  readonly maxEntryBytes: number;
  readonly maxVariablesBytes: number;
  readonly stats: CacheStats = { hits: 0, misses: 0, stored: 0, notModified: 0, compressed: 0 };
  private readonly entries: LRUCache<string, Entry>;
  /** Operations with stored answers, by hash of name and text; an eighth of the byte budget. */
  private readonly operations: LRUCache<string, Operation>;
  /** Compressions in flight, by encoding and key: as many as requests in flight at most. */
  private readonly compressing = new Map<string, Promise<Uint8Array<ArrayBuffer> | undefined>>();

  constructor({ maxBytes = 32 * 1024 * 1024, maxEntryBytes = 1024 * 1024, maxVariablesBytes = 4096 }: ResponseCacheOptions = {}) {
    this.maxBytes = maxBytes;
    this.maxEntryBytes = maxEntryBytes;
    this.maxVariablesBytes = maxVariablesBytes;
    const operationBytes = Math.floor(maxBytes / 8);
    this.entries = new LRUCache({
      maxSize: maxBytes - operationBytes,
      // Identity and at most two smaller variants (store() checks the identity bytes against maxEntryBytes).
      maxEntrySize: 3 * maxEntryBytes + 2 * maxVariablesBytes + 4096,
      sizeCalculation: (entry, key) =>
        entry.body.byteLength +
        (entry.encoded.br?.byteLength ?? 0) +
        (entry.encoded.gzip?.byteLength ?? 0) +
        2 * (key.length + entry.etag.length + entry.contentType.length) +
        ENTRY_OVERHEAD,
    });
    this.operations = new LRUCache({
      maxSize: operationBytes,
      sizeCalculation: (op, key) => 2 * (key.length + op.variables.reduce((n, name) => n + name.length, 0)) + ENTRY_OVERHEAD,
    });
  }

  /** Bytes held, by the accounting above (entries and operations). */
  get bytes(): number {
    return this.entries.calculatedSize + this.operations.calculatedSize;
  }

  get size(): number {
    return this.entries.size;
  }

  clear(): void {
    this.entries.clear();
    this.operations.clear();
  }

  /**
   * The key of an answer, or undefined when the request cannot be looked
   * up: the operation has no stored answers yet, or its variables do not fit
   * the budget. Never throws, whatever the client sent.
   */
  keyOf(query: unknown, operationName: unknown, variables: unknown, contentType: string | null): string | undefined {
    if (typeof query !== 'string' || contentType === null) return undefined;
    if (operationName != null && typeof operationName !== 'string') return undefined;
    const operationKey = operationKeyOf(query, operationName);
    const operation = this.operations.get(operationKey);
    if (!operation) return undefined;
    return answerKey(operationKey, contentType, operation.variables, variables, this.maxVariablesBytes);
  }

  get(key: string): Entry | undefined {
    return this.entries.get(key);
  }

  /**
   * Stores an answer for a successful execution of `document`: the
   * operation's declared variables are remembered so that later requests
   * can be keyed before parsing.
   */
  store(
    query: string,
    operationName: string | null | undefined,
    document: DocumentNode,
    variables: unknown,
    contentType: string,
    body: Uint8Array<ArrayBuffer>,
  ): { key: string; entry: Entry } | undefined {
    const operation = getOperationAST(document, operationName);
    if (!operation || operation.operation !== 'query') return undefined;
    const declared = (operation.variableDefinitions ?? []).map((d) => d.variable.name.value).sort();
    const operationKey = operationKeyOf(query, operationName);
    const key = answerKey(operationKey, contentType, declared, variables, this.maxVariablesBytes);
    if (key === undefined || body.byteLength > this.maxEntryBytes) return undefined;
    if (!this.operations.has(operationKey)) this.operations.set(operationKey, { variables: declared });
    const entry: Entry = { body, contentType, etag: etagOf(contentType, body), encoded: {} };
    this.entries.set(key, entry);
    this.stats.stored++;
    return { key, entry };
  }

  /**
   * The entry's bytes in `encoding` (undefined: send identity), compressed
   * and stored on first need; concurrent first requests share one
   * compression. Never compresses an answer below COMPRESS_MIN_BYTES.
   */
  variant(key: string, entry: Entry, encoding: Encoding): Uint8Array<ArrayBuffer> | undefined | Promise<Uint8Array<ArrayBuffer> | undefined> {
    const made = entry.encoded[encoding];
    if (made !== undefined) return made ?? undefined;
    if (entry.body.byteLength < COMPRESS_MIN_BYTES) return undefined;
    const flight = `${encoding} ${key}`;
    let pending = this.compressing.get(flight);
    if (!pending) {
      this.stats.compressed++;
      pending = compress(entry.body, encoding, 'dynamic').finally(() => this.compressing.delete(flight));
      this.compressing.set(flight, pending);
      void pending.then((bytes) => {
        // Stored with the entry, if it is still the one cached under this key.
        const current = this.entries.peek(key);
        if (current?.etag !== entry.etag) return;
        this.entries.set(key, { ...current, encoded: { ...current.encoded, [encoding]: bytes ?? null } });
      });
    }
    return pending;
  }
}

function operationKeyOf(query: string, operationName: string | null | undefined): string {
  // Null and absent names mean the same to graphql-js; "" is a name that matches nothing.
  return createHash('sha256')
    .update(operationName == null ? '-' : `+${operationName}`)
    .update('\n')
    .update(query)
    .digest('base64url');
}

function answerKey(operationKey: string, contentType: string, declared: readonly string[], variables: unknown, maxBytes: number): string | undefined {
  let key = `${operationKey} ${contentType}`;
  if (declared.length === 0) return key;
  if (variables != null && (typeof variables !== 'object' || Array.isArray(variables))) return undefined;
  const given = (variables ?? {}) as Record<string, unknown>;
  const budget = { left: maxBytes };
  for (const name of declared) {
    if (!Object.prototype.hasOwnProperty.call(given, name)) continue; // absent differs from null: defaults apply
    const json = canonicalJson(given[name], budget, 0);
    if (json === undefined) return undefined;
    key += ` ${name}=${json}`;
  }
  return key;
}

/** Deepest nesting of a variable value that is cached (GraphQL input types rarely nest past a few levels). */
const MAX_VARIABLE_DEPTH = 16;

/**
 * JSON with object keys sorted, or undefined when the value is deeper than
 * MAX_VARIABLE_DEPTH or longer than the budget: bounded work and memory, no
 * recursion past the depth limit, no exception.
 */
export function canonicalJson(value: unknown, budget: { left: number }, depth: number): string | undefined {
  if (depth > MAX_VARIABLE_DEPTH || budget.left <= 0) return undefined;
  let out: string | undefined;
  if (typeof value === 'number' && !Number.isFinite(value)) {
    return undefined; // JSON.parse gives ±Infinity for 1e400: not cacheable, never keyed as null
  } else if (value === null || typeof value === 'boolean' || typeof value === 'number') {
    out = String(value);
  } else if (typeof value === 'string') {
    if (value.length > budget.left) return undefined;
    out = JSON.stringify(value);
  } else if (Array.isArray(value)) {
    const parts: string[] = [];
    for (const item of value) {
      const part = canonicalJson(item, budget, depth + 1);
      if (part === undefined) return undefined;
      parts.push(part);
    }
    out = `[${parts.join(',')}]`;
  } else if (typeof value === 'object') {
    const parts: string[] = [];
    for (const name of Object.keys(value as object).sort()) {
      if (name.length > budget.left) return undefined;
      const part = canonicalJson((value as Record<string, unknown>)[name], budget, depth + 1);
      if (part === undefined) return undefined;
      parts.push(`${JSON.stringify(name)}:${part}`);
    }
    out = `{${parts.join(',')}}`;
  } else {
    return undefined;
  }
  budget.left -= out.length;
  return budget.left >= 0 ? out : undefined;
}

/** A strong ETag over the content type and the bytes: the same answer gets the same tag in every process. */
export function etagOf(contentType: string, body: Uint8Array): string {
  return `"${createHash('sha256').update(contentType).update('\n').update(body).digest('base64url').slice(0, 27)}"`;
}

const REGULAR_MEDIA_TYPES = ['application/graphql-response+json', 'application/json'] as const;

/**
 * The content type Yoga's result processor picks for a (non-streaming)
 * result, or null when it would pick another processor or none. This is
 * graphql-yoga 5's negotiation (plugins/result-processor/accept.js and
 * use-result-processor.js): the Accept list, utf-8 only, is walked in
 * reverse, every match replaces the previous one, and the regular JSON
 * processor comes last, so any match of it wins. An answer is stored only
 * when the content type Yoga actually sent equals this prediction, so a
 * change in Yoga's negotiation costs cache hits, never a wrong answer.
 */
export function yogaMediaType(accept: string | null): string | null {
  if (accept !== null && accept.length > 512) return null;
  const requested: string[] = [];
  for (const { mediaType, params } of mediaRanges(accept)) {
    const charset = params.find((p) => p.includes('charset=')) || 'charset=utf-8';
    if (charset === 'charset=utf-8') requested.push(mediaType);
  }
  requested.reverse();
  let chosen: string | null = null;
  for (const asked of requested) {
    const [pre, suf] = asked.split('/');
    for (const type of REGULAR_MEDIA_TYPES) {
      const [typePre, typeSuf] = type.split('/');
      if ((pre === '*' || pre === typePre) && (suf === '*' || suf === typeSuf)) chosen = type;
    }
  }
  return chosen;
}

const PARAM_NAMES = new Set(['query', 'variables', 'operationName', 'extensions']);
const isObjectOrNothing = (value: unknown) => value == null || (typeof value === 'object' && !Array.isArray(value));

/**
 * Whether the parameters are ones Yoga accepts. Yoga checks them after
 * user plugins' onParams, so a hit must not answer parameters it would
 * refuse (an unknown parameter, variables that are not an object…).
 */
function wellFormed(params: Record<string, unknown>): boolean {
  for (const name in params) if (params[name] != null && !PARAM_NAMES.has(name)) return false;
  return (
    typeof params.query === 'string' &&
    (params.operationName == null || typeof params.operationName === 'string') &&
    isObjectOrNothing(params.variables) &&
    isObjectOrNothing(params.extensions)
  );
}

/** Whether a response may be stored: nothing marks it private, per-user or varying on an unkeyed header. */
function storable(headers: Headers): boolean {
  const cacheControl = headers.get('cache-control');
  if (cacheControl && /\b(private|no-store|no-cache)\b/i.test(cacheControl)) return false;
  if (headers.has('set-cookie')) return false;
  const vary = headers.get('vary');
  if (vary) {
    for (const name of vary.split(',')) {
      if (!KEYED_VARY.has(name.trim().toLowerCase())) return false;
    }
  }
  return true;
}

interface Pending {
  key?: string;
  /** The encoding of the stored answer sent (undefined: identity). */
  encoding?: Encoding;
  contentType: string | null;
  /** The answer served from the cache, when it was a hit. */
  hit?: Entry;
  /** The executed document, once execution succeeded. */
  document?: DocumentNode;
  query?: string;
  operationName?: string | null;
  variables?: unknown;
}

/**
 * The plugin. Put it after every plugin that may refuse a request or mark
 * an answer private: its `onParams` answers hits, and its `onResponse`
 * decides what is stored after the others' `onResponse` ran.
 */
export function responseCachePlugin(cache: ResponseCache): Plugin {
  // Each request's state, on the request (src/request-state.ts).
  const pending = requestState<Pending>('summit-graph.responseCache');
  // Stands in for the result of a hit; the result processor below sends the stored bytes instead.
  const hitResult = { data: null };
  return {
    onParams({ params, request, setParamsHandler }) {
      if (request.method !== 'GET' && request.method !== 'POST') return;
      const contentType = yogaMediaType(request.headers.get('accept'));
      const state: Pending = { contentType };
      pending.set(request, state);
      const key = wellFormed(params as Record<string, unknown>) ? cache.keyOf(params.query, params.operationName, params.variables, contentType) : undefined;
      const entry = key === undefined ? undefined : cache.get(key);
      if (entry) {
        state.hit = entry;
        state.key = key;
        // Not setResult: Yoga runs every onParams hook even after one set a result, and a result set
        // here would replace a refusal that an earlier plugin (a deployer's) set with setResult. A
        // params handler runs only when no plugin set a result.
        setParamsHandler(() => hitResult);
      } else {
        cache.stats.misses++;
      }
    },
    onExecute({ args }) {
      const request = (args.contextValue as { request?: Request }).request;
      const state = request && pending.get(request);
      if (!state) return;
      return {
        onExecuteDone({ result }) {
          if (isAsyncIterable(result) || (result.errors !== undefined && result.errors.length > 0)) return;
          // A single answer to an operation whose @defer/@stream is on (its deferred part under a null, a
          // stream shorter than initialCount) is not kept: a hit would skip the 406 that a request
          // accepting only JSON gets for it (src/incremental.ts).
          if (deliversIncrementally(args.schema, args.document, args.operationName, args.variableValues)) return;
          const params = (args.contextValue as { params?: { query?: unknown; operationName?: string | null; variables?: unknown } }).params;
          if (typeof params?.query !== 'string') return;
          state.document = args.document;
          state.query = params.query;
          state.operationName = params.operationName;
          state.variables = params.variables;
        },
      };
    },
    onResultProcess({ request, result, setResultProcessor }) {
      const state = pending.get(request);
      const entry = state?.hit;
      if (!entry) return;
      if (result !== hitResult) {
        // Another plugin answered in onParams (a refusal): that answer is sent, not the stored one.
        state.hit = undefined;
        return;
      }
      cache.stats.hits++;
      // The stored bytes, in the encoding the client accepts (compressed here only when that variant is new).
      setResultProcessor((_result, fetchAPI) => {
        const response = (chosen: Chosen) => {
          state.encoding = chosen.encoding;
          return markSettled(new fetchAPI.Response(chosen.body, { status: 200, headers: representationHeaders(entry, chosen) }));
        };
        const chosen = choose(cache, request, state.key!, entry);
        return chosen instanceof Promise ? chosen.then(response) : response(chosen);
      }, entry.contentType);
    },
    // Synchronous for a hit; asynchronous when an answer is stored.
    onResponse({ request, response, setResponse, fetchAPI }) {
      const state = pending.get(request);
      if (!state || response.status !== 200) return;
      /** Sets the validators of the variant sent in `headers`, and answers 304 when If-None-Match names it. */
      const label = (headers: Headers, entry: Entry): void => {
        const isGet = request.method === 'GET';
        const etag = encodedEtag(entry.etag, state.encoding);
        headers.set('etag', etag);
        if (isGet && !headers.has('cache-control')) headers.set('cache-control', GET_CACHE_CONTROL);
        addVary(headers, 'Accept');
        if (entry.body.byteLength >= COMPRESS_MIN_BYTES) addVary(headers, 'Accept-Encoding');
        if (isGet && matchesIfNoneMatch(request.headers.get('if-none-match'), etag)) {
          cache.stats.notModified++;
          const notModified = copyHeaders(headers, fetchAPI);
          for (const name of ['content-type', 'content-length', 'content-encoding']) notModified.delete(name);
          setResponse(markSettled(new fetchAPI.Response(null, { status: 304, headers: notModified })));
        }
      };
      if (state.hit) {
        // A later plugin may have made this answer private: then no validators for it.
        if (storable(response.headers)) label(response.headers, state.hit);
        return;
      }
      if (!state.document || state.contentType === null) return;
      // Stored only when Yoga sent the content type the key predicts.
      const sent = response.headers.get('content-type')?.split(';')[0]?.trim().toLowerCase();
      if (sent !== state.contentType || !storable(response.headers)) return;
      return response.arrayBuffer().then(async (bytes) => {
        const body = new Uint8Array(bytes);
        const headers = copyHeaders(response.headers, fetchAPI);
        const stored = cache.store(state.query!, state.operationName, state.document!, state.variables, state.contentType!, body);
        if (!stored) {
          setResponse(new fetchAPI.Response(body, { status: response.status, headers }));
          return;
        }
        const chosen = await choose(cache, request, stored.key, stored.entry);
        state.encoding = chosen.encoding;
        // Vary: merged by label() with what other plugins set.
        for (const [name, value] of Object.entries(representationHeaders(stored.entry, chosen))) if (name !== 'vary') replaceHeader(headers, name, value);
        const sending = markSettled(new fetchAPI.Response(chosen.body, { status: 200, headers }));
        setResponse(sending);
        label(sending.headers, stored.entry); // may replace it with a 304
      });
    },
  };
}

/** The bytes to send for a stored answer, and their encoding (undefined: identity). */
interface Chosen {
  body: Uint8Array<ArrayBuffer>;
  encoding?: Encoding;
}

function choose(cache: ResponseCache, request: Request, key: string, entry: Entry): Chosen | Promise<Chosen> {
  if (entry.body.byteLength < COMPRESS_MIN_BYTES) return { body: entry.body };
  const encoding = negotiateEncoding(request.headers.get('accept-encoding'));
  if (!encoding) return { body: entry.body };
  const variant = cache.variant(key, entry, encoding);
  const chosen = (encoded: Uint8Array<ArrayBuffer> | undefined): Chosen => (encoded ? { body: encoded, encoding } : { body: entry.body });
  return variant instanceof Promise ? variant.then(chosen) : chosen(variant);
}

/** Content-Type, Content-Length, Content-Encoding and Vary of the variant sent. */
function representationHeaders(entry: Entry, chosen: Chosen): Record<string, string> {
  const headers: Record<string, string> = {
    'content-type': `${entry.contentType}; charset=utf-8`,
    'content-length': String(chosen.body.byteLength),
    vary: entry.body.byteLength >= COMPRESS_MIN_BYTES ? 'Accept, Accept-Encoding' : 'Accept',
  };
  if (chosen.encoding) headers['content-encoding'] = chosen.encoding;
  return headers;
}
