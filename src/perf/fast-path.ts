/**
 * The uncached fast path. Most of the time Yoga spends on a request is its
 * own machinery (a Fetch Request and Response per request, the plugin hooks,
 * abort signals and the garbage they leave), not execution. An operation
 * that has already been through Yoga's whole pipeline once, successfully,
 * has passed everything that depends only on its text: parsing, validation
 * with graphql-armor's shape limits, the read-only rule, the query-length
 * limit. A repeat of that text (with any variables) is answered here, in the
 * Node request handler, by running the compiled operation directly.
 *
 * What still depends on the request is checked per request, and anything
 * this path cannot answer exactly as Yoga would goes to Yoga unchanged:
 *
 * - the request: POST /graphql with a JSON object body of declared length
 *   within the size limit (only `query`, `variables` as an object and
 *   `operationName`), or GET /graphql?query=… with `variables` a JSON
 *   object; an `extensions` parameter, CORS preflight headers, an empty
 *   Origin or an Accept that does not select one of Yoga's two JSON
 *   content types (event streams, multipart, GraphiQL's text/html) go to
 *   Yoga;
 * - the cost limit, which depends on page sizes in variables: computed by
 *   the same function as the limit plugin (cached per operation and
 *   variables), and an operation over the limit goes to Yoga, which refuses
 *   it with its usual error;
 * - execution: a result with any error is thrown away and the request goes
 *   to Yoga, which answers the error exactly as always (the data is
 *   immutable, so running the operation again sees the same data).
 *
 * A successful answer gets what Yoga would send: status 200, the content
 * type chosen from Accept as Yoga chooses it, Yoga's CORS headers for an
 * Origin, and `JSON.stringify` of the result, byte for byte Yoga's body.
 * With the response cache on, the answer also gets the cache's ETag, Vary
 * and Cache-Control, a GET's If-None-Match is answered with 304, and the
 * bytes are stored, all as responseCachePlugin does inside Yoga.
 *
 * `withFastPath(yoga, { cache, fastPath })` is the one Node handler wrapper
 * for both the response cache (a hit is answered first, from bytes) and
 * this path; test/fast-path.test.ts checks that every answer is identical
 * to Yoga's.
 */
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import { Kind, OperationTypeNode, type DocumentNode, type ExecutionArgs, type ExecutionResult, type GraphQLSchema } from 'graphql';
import { isAsyncIterable, type Plugin } from 'graphql-yoga';
import { createContext, type Context } from '../context.js';
import { LIMITS, operationCost } from '../limits.js';
import type { Store } from '../store/store.js';
import { jitExecute, type JitCache } from './jit.js';
import { etagOf, GET_CACHE_CONTROL, matchesIfNoneMatch, type CachedResponse, type ResponseCache } from './response-cache.js';

/** An operation that has executed successfully through Yoga's full pipeline. */
interface Operation {
  document: DocumentNode;
  operationName: string | undefined;
  /** The cost when it cannot depend on variables (the operation declares none). */
  fixedCost: number | undefined;
  /** Costs by JSON of the variables, for operations that declare variables. */
  costs: Map<string, number>;
}

/** Most distinct variable sets whose cost is kept per operation; the map starts over beyond it. */
const MAX_COSTS_PER_OPERATION = 256;

/** Null and absent operation names mean the same to graphql-js; "" is a (missing) name. */
function operationKey(query: string, operationName: string | null | undefined): string {
  return operationName == null ? `-\n${query}` : `+${operationName}\n${query}`;
}

export interface FastPathOptions {
  store: Store;
  schema: GraphQLSchema;
  /** Shared with jitPlugin, so an operation is compiled once for both paths. */
  jit: JitCache;
  /** Most operations remembered (least recently used goes first; default 1000). */
  maxOperations?: number;
  /** Largest POST body (bytes) read for the fast path; larger ones go straight to Yoga (default 16 KB). */
  maxRequestBytes?: number;
}

/** The operations the fast path may answer, and how to run one. */
export class FastPath {
  private readonly operations = new Map<string, Operation>();
  readonly store: Store;
  readonly schema: GraphQLSchema;
  readonly jit: JitCache;
  readonly maxOperations: number;
  readonly maxRequestBytes: number;
  /**
   * The compiled operation, falling back to graphql-js for operations
   * graphql-jit refuses and for results with errors (graphql-jit reports
   * some that graphql-js does not, e.g. an omitted non-null variable that
   * has a default); errors that remain go to Yoga.
   */
  private readonly execute: (args: ExecutionArgs) => ExecutionResult | PromiseLike<ExecutionResult>;
  /**
   * Requests answered here; requests for a recorded operation handed to
   * Yoga (over the cost limit, or an error); requests whose operation was
   * not recorded (yet); operations recorded.
   */
  readonly stats = { answered: 0, handedOver: 0, unknown: 0, recorded: 0 };

  constructor({ store, schema, jit, maxOperations = 1000, maxRequestBytes = 16 * 1024 }: FastPathOptions) {
    this.maxRequestBytes = maxRequestBytes;
    this.store = store;
    this.schema = schema;
    this.jit = jit;
    this.execute = jitExecute(jit) as (args: ExecutionArgs) => ExecutionResult | PromiseLike<ExecutionResult>;
    this.maxOperations = maxOperations;
  }

  get size(): number {
    return this.operations.size;
  }

  /**
   * The Yoga plugin that records each query whose execution succeeded. It
   * runs after execution, so parsing, validation and the limits have all
   * passed for this text.
   */
  plugin(): Plugin {
    return {
      onExecute: ({ args }) => ({
        onExecuteDone: ({ result }) => {
          if (isAsyncIterable(result) || (result.errors !== undefined && result.errors.length > 0)) return;
          const params = (args.contextValue as { params?: { query?: unknown; operationName?: unknown } }).params;
          if (typeof params?.query !== 'string') return;
          const operationName = typeof params.operationName === 'string' ? params.operationName : undefined;
          this.record(params.query, operationName, args.document);
        },
      }),
    };
  }

  private record(query: string, operationName: string | undefined, document: DocumentNode): void {
    const key = operationKey(query, operationName);
    if (this.operations.has(key)) return;
    const definition = document.definitions.find(
      (d) => d.kind === Kind.OPERATION_DEFINITION && (operationName === undefined || d.name?.value === operationName),
    );
    // The read-only rule admits only queries; this is a second guard, not a path that happens.
    if (definition?.kind !== Kind.OPERATION_DEFINITION || definition.operation !== OperationTypeNode.QUERY) return;
    let fixedCost: number | undefined;
    if (!definition.variableDefinitions?.length) {
      // Complexity depends only on arguments here (src/builder.ts), so no variables means one cost.
      fixedCost = operationCost(document, operationName, this.schema, {}, createContext(this.store));
    }
    this.operations.set(key, { document, operationName, fixedCost, costs: new Map() });
    this.stats.recorded++;
    for (const oldest of this.operations.keys()) {
      if (this.operations.size <= this.maxOperations) break;
      this.operations.delete(oldest);
    }
  }

  private lookup(query: string, operationName: string | null | undefined): Operation | undefined {
    const key = operationKey(query, operationName);
    const operation = this.operations.get(key);
    if (operation && this.operations.size > 1) {
      // Most recently used last, so eviction takes the first.
      this.operations.delete(key);
      this.operations.set(key, operation);
    }
    return operation;
  }

  private withinCost(operation: Operation, variables: Record<string, unknown>, context: Context): boolean {
    if (operation.fixedCost !== undefined) return operation.fixedCost <= LIMITS.maxCost;
    const key = JSON.stringify(variables);
    let cost = operation.costs.get(key);
    if (cost === undefined) {
      try {
        cost = operationCost(operation.document, operation.operationName, this.schema, variables, context);
      } catch {
        // Variables that do not fit their types: Yoga reports them precisely.
        return false;
      }
      if (operation.costs.size >= MAX_COSTS_PER_OPERATION) operation.costs.clear();
      operation.costs.set(key, cost);
    }
    return cost <= LIMITS.maxCost;
  }

  /**
   * The response body for a request's operation, or undefined when Yoga
   * must answer it (not seen yet, over the cost limit, or any error).
   */
  run(query: string, operationName: string | null | undefined, variables: Record<string, unknown> | undefined): string | undefined | Promise<string | undefined> {
    const operation = this.lookup(query, operationName);
    if (!operation) {
      this.stats.unknown++;
      return undefined;
    }
    const contextValue = createContext(this.store);
    const variableValues = variables ?? {};
    if (!this.withinCost(operation, variableValues, contextValue)) {
      this.stats.handedOver++;
      return undefined;
    }
    let result: ExecutionResult | PromiseLike<ExecutionResult>;
    try {
      result = this.execute({ schema: this.schema, document: operation.document, operationName: operation.operationName, variableValues, contextValue });
    } catch {
      this.stats.handedOver++;
      return undefined;
    }
    if (typeof (result as PromiseLike<ExecutionResult>).then === 'function') {
      return Promise.resolve(result).then(
        (settled) => this.bodyOf(settled),
        () => this.bodyOf(undefined),
      );
    }
    return this.bodyOf(result as ExecutionResult);
  }

  /** Yoga's body for a successful result (its stringifier changes only results with errors or `extensions.http`); undefined for any other. */
  private bodyOf(result: ExecutionResult | undefined): string | undefined {
    if (result === undefined || (result.errors !== undefined && result.errors.length > 0) || result.extensions !== undefined) {
      this.stats.handedOver++;
      return undefined;
    }
    return JSON.stringify(result);
  }
}

const REGULAR_MEDIA_TYPES = ['application/graphql-response+json', 'application/json'] as const;

/**
 * The content type Yoga's result processor picks for a (non-streaming)
 * result, or null when it would pick another processor or none. This is
 * graphql-yoga 5's negotiation (plugins/result-processor/accept.js and
 * use-result-processor.js): the Accept list, utf-8 only, is walked in
 * reverse, every match replaces the previous one, and the regular JSON
 * processor comes last, so any match of it wins.
 */
export function yogaMediaType(accept: string | undefined): string | null {
  const requested: string[] = [];
  for (const entry of (accept || '*/*').replace(/\s/g, '').toLowerCase().split(',')) {
    const [mediaType, ...params] = entry.split(';');
    const charset = params.find((p) => p.includes('charset=')) || 'charset=utf-8';
    if (charset === 'charset=utf-8') requested.push(mediaType!);
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

function header(headers: IncomingHttpHeaders, name: string): string {
  const value = headers[name];
  return Array.isArray(value) ? value.join(', ') : (value ?? '');
}

type NodeHandler = (req: IncomingMessage, res: ServerResponse) => unknown;

function isNodeRequest(args: unknown[]): args is [IncomingMessage, ServerResponse] {
  const [req, res] = args as [Partial<IncomingMessage> | undefined, Partial<ServerResponse> | undefined];
  return typeof req?.on === 'function' && typeof req.method === 'string' && typeof res?.writeHead === 'function';
}

/** Yoga's test for a JSON body (request-parser/utils.js): the first content type, exactly or with parameters. */
function isJsonContentType(value: string): boolean {
  const first = value.split(',')[0];
  return first === 'application/json' || !!first?.startsWith('application/json;');
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A request's GraphQL parameters, as Yoga would read them. */
interface Params {
  query: string;
  variables: Record<string, unknown> | undefined;
  operationName: string | null | undefined;
}

/** The parameters of a JSON body the fast path takes: nothing but a string query, object variables and a string operation name. */
function postParams(text: string): Params | undefined {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!isPlainObject(body)) return undefined;
  for (const key in body) if (key !== 'query' && key !== 'variables' && key !== 'operationName') return undefined;
  const { query, variables, operationName } = body;
  if (typeof query !== 'string') return undefined;
  if (variables !== undefined && !isPlainObject(variables)) return undefined;
  if (operationName !== undefined && operationName !== null && typeof operationName !== 'string') return undefined;
  return { query, variables, operationName };
}

/** GET parameters as Yoga reads them (request-parser/get.js, utils.js), when the fast path takes them. */
function getParams(search: string): Params | undefined {
  // Yoga sees the query string through the URL parser, which would escape these; leave them to it.
  if (/[^\x21-\x7e]/.test(search)) return undefined;
  const params = new URLSearchParams(search);
  const query = params.get('query');
  if (!query || params.get('extensions')) return undefined;
  const variablesText = params.get('variables');
  let variables: Record<string, unknown> | undefined;
  if (variablesText) {
    try {
      const parsed: unknown = JSON.parse(variablesText);
      if (!isPlainObject(parsed)) return undefined;
      variables = parsed;
    } catch {
      return undefined;
    }
  }
  return { query, variables, operationName: params.get('operationName') || undefined };
}

export interface FastPathWrapperOptions {
  /** Answer repeated requests from cached bytes (the Yoga instance must have responseCachePlugin(cache)). */
  cache?: ResponseCache;
  /** Answer operations already seen without Yoga (the Yoga instance must have fastPath.plugin()). */
  fastPath?: FastPath;
}

/**
 * Wraps a Yoga instance so that, called as a Node request handler
 * (`http.createServer(app)`), it answers from the response cache when it
 * can, then through the fast path when it can, and otherwise hands the
 * request to Yoga. For GET /graphql?query=… and POST /graphql with a JSON
 * body the cache key is the URL or body plus the Accept and Origin headers
 * (which change the content type and the CORS headers). A POST body read
 * here goes to Yoga as `req.body`, which Yoga's server adapter reads
 * instead of the consumed stream. Everything else about the instance
 * (`fetch`, `graphqlEndpoint`, …) is unchanged.
 */
export function withFastPath<T extends object>(yoga: T & { graphqlEndpoint: string }, { cache, fastPath }: FastPathWrapperOptions): T {
  const endpoint = yoga.graphqlEndpoint;
  const handler = yoga as unknown as NodeHandler;
  const maxRequestBytes = Math.max(cache?.maxRequestBytes ?? 0, fastPath?.maxRequestBytes ?? 0);
  const mediaTypes = new Map<string, string | null>();
  const mediaTypeOf = (accept: string) => {
    let type = mediaTypes.get(accept);
    if (type === undefined) {
      type = accept.includes('text/html') ? null : yogaMediaType(accept);
      if (mediaTypes.size >= 100) mediaTypes.clear();
      mediaTypes.set(accept, type);
    }
    return type;
  };

  const reply = (req: IncomingMessage, res: ServerResponse, key: string): boolean => {
    const entry = cache!.get(key);
    if (!entry) return false;
    cache!.stats.hits++;
    if (req.method === 'GET' && matchesIfNoneMatch(header(req.headers, 'if-none-match'), entry.etag)) {
      res.writeHead(304, entry.notModifiedHeaders);
      res.end();
    } else {
      res.writeHead(entry.status, entry.headers);
      res.end(entry.body);
    }
    return true;
  };

  /** Hands the request to Yoga; with the cache on, Yoga's plugin stores a successful response under `key`. */
  const toYoga = (req: IncomingMessage, res: ServerResponse, key: string | undefined) => {
    if (cache && key !== undefined) cache.pendingKeys.set(req, key);
    return handler(req, res);
  };

  /** Writes a successful answer exactly as Yoga (and responseCachePlugin, when caching) would. */
  const send = (req: IncomingMessage, res: ServerResponse, key: string | undefined, mediaType: string, origin: string | undefined, text: string) => {
    fastPath!.stats.answered++;
    const headers: Record<string, string> = { 'content-type': `${mediaType}; charset=utf-8` };
    if (origin !== undefined) {
      headers['access-control-allow-origin'] = origin;
      headers['vary'] = 'Origin';
      headers['access-control-allow-credentials'] = 'true';
    }
    if (!cache || key === undefined) {
      headers['content-length'] = String(Buffer.byteLength(text));
      res.writeHead(200, headers);
      res.end(text);
      return;
    }
    const body = Buffer.from(text);
    const etag = etagOf(body);
    const isGet = req.method === 'GET';
    headers['etag'] = etag;
    headers['vary'] = origin !== undefined ? 'Origin, Accept' : 'Accept';
    if (isGet) headers['cache-control'] = GET_CACHE_CONTROL;
    headers['content-length'] = String(body.length);
    const notModifiedHeaders: Record<string, string> = { etag, vary: headers['vary'] };
    if (isGet) notModifiedHeaders['cache-control'] = GET_CACHE_CONTROL;
    const entry: CachedResponse = { status: 200, headers, notModifiedHeaders, body, etag };
    cache.set(key, entry);
    if (isGet && matchesIfNoneMatch(header(req.headers, 'if-none-match'), etag)) {
      res.writeHead(304, notModifiedHeaders);
      res.end();
      return;
    }
    res.writeHead(200, headers);
    res.end(body);
  };

  /**
   * Answers through the fast path, or hands to Yoga (setting `req.body`
   * first when the POST body has been read).
   */
  const fast = (req: IncomingMessage, res: ServerResponse, key: string | undefined, params: Params | undefined, text?: string): unknown => {
    const headers = req.headers;
    const accept = header(headers, 'accept');
    const mediaType = mediaTypeOf(accept);
    const origin = headers.origin;
    const handOver = () => {
      if (text !== undefined) (req as IncomingMessage & { body?: string }).body = text;
      return toYoga(req, res, key);
    };
    if (
      !params ||
      mediaType === null ||
      (origin !== undefined && (typeof origin !== 'string' || origin === '')) ||
      headers['access-control-request-method'] !== undefined ||
      headers['access-control-request-headers'] !== undefined
    ) {
      return handOver();
    }
    const answer = fastPath!.run(params.query, params.operationName, params.variables);
    const finish = (body: string | undefined) => {
      if (body === undefined) return handOver();
      return send(req, res, key, mediaType, origin, body);
    };
    if (typeof answer === 'object') {
      answer.then(finish).catch(() => res.destroy());
      return undefined;
    }
    return finish(answer);
  };

  const handle = (req: IncomingMessage, res: ServerResponse): unknown => {
    const url = req.url ?? '';
    const q = url.indexOf('?');
    const path = q < 0 ? url : url.slice(0, q);
    if (path !== endpoint) return handler(req, res);
    const vary = `${header(req.headers, 'accept')}\n${header(req.headers, 'origin')}\n`;

    if (req.method === 'GET') {
      if (q < 0) return handler(req, res);
      const key = cache ? `GET\n${vary}${url}` : undefined;
      if (key !== undefined) {
        if (reply(req, res, key)) return undefined;
        cache!.stats.misses++;
      }
      return fastPath ? fast(req, res, key, getParams(url.slice(q + 1))) : toYoga(req, res, key);
    }

    if (req.method !== 'POST' || !isJsonContentType(header(req.headers, 'content-type'))) return handler(req, res);
    // Only bodies of a declared, small size are read here; anything else
    // (chunked, empty, large) goes to Yoga untouched, with its own limits.
    const length = Number(header(req.headers, 'content-length'));
    if (!(length > 0 && length <= maxRequestBytes)) return handler(req, res);
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.once('error', () => res.destroy());
    req.once('end', () => {
      const body = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
      const text = body.toString('utf8');
      const key = cache ? `POST\n${vary}${text}` : undefined;
      if (key !== undefined) {
        if (reply(req, res, key)) return;
        cache!.stats.misses++;
      }
      if (fastPath) {
        fast(req, res, key, postParams(text), text);
      } else {
        // The stream is consumed: Yoga's server adapter reads a string `req.body` instead.
        (req as IncomingMessage & { body?: string }).body = text;
        toYoga(req, res, key);
      }
    });
    return undefined;
  };

  const call = (thisArg: unknown, args: unknown[]) =>
    isNodeRequest(args) ? handle(args[0], args[1]) : Reflect.apply(yoga as unknown as (...a: unknown[]) => unknown, thisArg, args);
  return new Proxy(yoga, {
    apply: (_target, thisArg, args: unknown[]) => call(thisArg, args),
    get(target, property, receiver) {
      // Node's EventEmitter calls a listener as `listener.apply(server, args)`,
      // and Yoga's own proxy would hand out its unwrapped handler's `apply`.
      if (property === 'apply') return (thisArg: unknown, args: unknown[] = []) => call(thisArg, args);
      if (property === 'call') return (thisArg: unknown, ...args: unknown[]) => call(thisArg, args);
      return Reflect.get(target, property, receiver);
    },
  });
}
