/**
 * HTTP-level behaviour beyond Yoga's defaults: the API is read-only, and
 * readiness reflects whether the server takes new work.
 */
import { GraphQLError, type ValidationRule } from 'graphql';
import { isAsyncIterable, type Plugin } from 'graphql-yoga';
import { addVary } from './perf/compression.ts';
import { requestState } from './request-state.ts';

/**
 * The schema has no mutations or subscriptions. graphql-js 16 has no rule
 * for an operation type the schema lacks (it fails at execution, with data
 * null and status 200), so this rule refuses it at validation, where
 * GraphQL over HTTP gives it a 4xx status.
 */
const QueryOnlyRule: ValidationRule = (context) => ({
  OperationDefinition(node) {
    if (node.operation !== 'query') {
      context.reportError(
        new GraphQLError(
          `This API is read-only: it has no ${node.operation} type. Send a query; see the schema at /graphql (introspection) for the fields of Query.`,
          { nodes: [node], extensions: { code: 'OPERATION_NOT_SUPPORTED' } },
        ),
      );
    }
  },
});

export function readOnlyPlugin(): Plugin {
  return {
    onValidate({ addValidationRule }) {
      addValidationRule(QueryOnlyRule);
    },
  };
}

/**
 * Yoga parses the `variables` and `extensions` of a GET request with a bare
 * JSON.parse, so malformed JSON there became a 500. This answers it as the
 * client error it is: 400, with a message naming the parameter.
 */
export function queryStringPlugin(): Plugin {
  return {
    onRequest({ request, url, endResponse, fetchAPI }) {
      if (request.method !== 'GET') return;
      for (const name of ['variables', 'extensions']) {
        const value = url.searchParams.get(name);
        if (value === null || value === '') continue;
        let problem: string | undefined;
        try {
          const parsed: unknown = JSON.parse(value);
          if (parsed !== null && (typeof parsed !== 'object' || Array.isArray(parsed))) problem = 'must be a JSON object';
        } catch {
          problem = 'is not valid JSON';
        }
        if (problem) {
          endResponse(
            new fetchAPI.Response(
              JSON.stringify({ errors: [{ message: `The \`${name}\` query parameter ${problem}.`, extensions: { code: 'BAD_REQUEST' } }] }),
              { status: 400, headers: { 'content-type': 'application/json; charset=utf-8' } },
            ),
          );
          return;
        }
      }
    },
  };
}

/** Whether the server takes new requests; false once shutdown has begun. */
export const lifecycle = { accepting: true };

/**
 * GET /health: 200 while the process runs. GET /ready: 200 while the server
 * takes requests (the fixtures are loaded and indexed before the app
 * exists), 503 once shutdown has begun, so that a load balancer stops
 * routing to it while requests in flight finish. Both answer GET and HEAD,
 * and 405 to any other method; neither is cached. From shutdown on, every
 * answer says `Connection: close`, so that a client on a keep-alive
 * connection opens its next request elsewhere instead of sending it to a
 * server about to close. (Yoga's own health check answers any method on any
 * path ending in its endpoint, so it is pointed at a path no URL can end in.)
 */
export function readinessPlugin(): Plugin {
  const probes: Record<string, () => number> = { '/health': () => 200, '/ready': () => (lifecycle.accepting ? 200 : 503) };
  return {
    onRequest({ url, request, endResponse, fetchAPI }) {
      const probe = probes[url.pathname];
      if (!probe) return;
      const allowed = request.method === 'GET' || request.method === 'HEAD';
      const status = allowed ? probe() : 405;
      const body = request.method === 'HEAD' ? null : JSON.stringify({ status: status === 200 ? 'ok' : status === 503 ? 'shutting down' : `use GET or HEAD` });
      const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' };
      if (!allowed) headers.allow = 'GET, HEAD';
      endResponse(new fetchAPI.Response(body, { status, headers }));
    },
    onResponse({ response }) {
      if (!lifecycle.accepting) response.headers.set('connection', 'close');
    },
  };
}

/** A health-check endpoint for Yoga's built-in check that no request URL can end in (a URL has no raw space). */
export const UNREACHABLE_PATH = ' ';

/** Response headers a browser script may read across origins (caching, rate limits). */
const EXPOSED_HEADERS = ['ETag', 'RateLimit', 'RateLimit-Policy', 'Retry-After'];

/**
 * CORS for a public API without credentials: every answer allows any
 * origin with `*`, the same for every origin (so a shared cache never hands
 * one origin another's headers, and nothing varies on Origin), never with
 * credentials. A preflight (OPTIONS) on the GraphQL endpoint is answered 204
 * and kept by the browser for an hour; OPTIONS on any other path is 404.
 * Replaces Yoga's CORS, which echoed each Origin with
 * `Access-Control-Allow-Credentials: true`.
 */
export function corsPlugin(graphqlEndpoint: string): Plugin {
  return {
    onRequest({ url, request, endResponse, fetchAPI }) {
      if (request.method !== 'OPTIONS') return;
      // The endpoint answers with a trailing slash too (Yoga's routing), so its preflight does.
      if (!isEndpointPath(url.pathname, graphqlEndpoint)) {
        endResponse(new fetchAPI.Response(null, { status: 404, headers: { 'content-length': '0' } }));
        return;
      }
      const asked = request.headers.get('access-control-request-headers');
      endResponse(
        new fetchAPI.Response(null, {
          status: 204,
          headers: {
            'content-length': '0',
            'access-control-allow-methods': 'GET, POST, HEAD',
            // Echoing what the browser asks for: the API reads no credentials from any header.
            'access-control-allow-headers': asked && asked.length <= 1024 ? asked : 'content-type, accept',
            'access-control-max-age': '3600',
            // The allowed headers echo the request's: a cache must not give one preflight's answer to another.
            vary: 'Access-Control-Request-Headers',
          },
        }),
      );
    },
    onResponse({ response }) {
      response.headers.set('access-control-allow-origin', '*');
      response.headers.set('access-control-expose-headers', EXPOSED_HEADERS.join(', '));
    },
  };
}

/**
 * HEAD /graphql, answered wherever GET is (RFC 9110 9.3.2): the request goes
 * through the pipeline once, as the same request made with GET, and its
 * answer loses its body at the end, keeping GET's status and headers
 * (Content-Length and Content-Encoding included). Two plugins: the first
 * turns the request into a GET; put it first of all, so that every plugin,
 * a deployer's included, sees the one request object (a GET) in every hook
 * (over HTTP, `serverContext.req.method` still says HEAD). The second drops
 * the body; put it last, after every plugin that sets headers or compresses.
 */
export function headPlugins(graphqlEndpoint: string): [Plugin, Plugin] {
  const heads = requestState<true>('summit-graph.head');
  return [
    {
      onRequest({ request, url, setRequest, fetchAPI }) {
        if (request.method !== 'HEAD' || !isEndpointPath(url.pathname, graphqlEndpoint)) return;
        const get = new fetchAPI.Request(request.url, { method: 'GET', headers: request.headers });
        heads.set(get, true);
        setRequest(get);
      },
    },
    {
      onResponse({ request, response, setResponse, fetchAPI }) {
        if (!heads.get(request)) return;
        // The body is not read: an incremental answer's later parts are never asked for.
        setResponse(new fetchAPI.Response(null, { status: response.status, statusText: response.statusText, headers: response.headers }));
      },
    },
  ];
}

/**
 * graphql-js ends validation with messages that name no limit: "Too many
 * validation errors, error limit reached. Validation aborted." after 100
 * errors, and a bare "Validation aborted." when checking that fields can
 * be merged would take too much work (many repeats of a field). These say
 * which limit was met.
 */
export function validationLimitMessagePlugin(): Plugin {
  const reworded: Record<string, string> = {
    'Too many validation errors, error limit reached. Validation aborted.':
      'Validation stopped after 100 errors (the limit of errors reported per document). Correct the errors above and send the document again.',
    'Validation aborted.':
      'Validation stopped: checking that the selected fields can be merged would take too much work (graphql-js limits it). Select each field once instead of repeating it.',
  };
  return {
    onValidate() {
      return ({ result, setResult }) => {
        if (!result.some((error) => error.message in reworded)) return;
        setResult(
          result.map((error) =>
            error.message in reworded
              ? new GraphQLError(reworded[error.message]!, { extensions: { ...error.extensions, code: 'GRAPHQL_VALIDATION_FAILED' } })
              : error,
          ),
        );
      };
    },
  };
}

/**
 * Longest Accept header the GraphQL endpoint reads (browsers send about
 * 150 characters). Yoga's 406 lists its media types once per range asked
 * for, so 15,000 commas (within Node's 16 KB of headers) made a 2.2 MB
 * answer and cost 34 ms of CPU.
 */
export const MAX_ACCEPT_LENGTH = 1024;

/**
 * Request-level details Yoga leaves open: an Accept header over
 * MAX_ACCEPT_LENGTH on the GraphQL endpoint is refused (400), and a 406
 * names each media type it offers once; a request body must not be
 * compressed (415, rather than "invalid JSON"); a 405 or parameter
 * error on the GraphQL endpoint lists every method it answers (HEAD included); outside
 * development no error carries `extensions.originalError` (Yoga adds it to
 * request-parsing errors, and it can echo the body back); and the token
 * limit's refusal is not worded as a syntax error.
 */
export function requestDetailsPlugin(graphqlEndpoint: string): Plugin {
  const production = process.env.NODE_ENV !== 'development';
  return {
    onRequest({ request, url, endResponse, fetchAPI }) {
      const accept = request.headers.get('accept');
      if (accept !== null && accept.length > MAX_ACCEPT_LENGTH && isEndpointPath(url.pathname, graphqlEndpoint)) {
        endResponse(
          new fetchAPI.Response(
            JSON.stringify({
              errors: [
                {
                  message: `The Accept header must be at most ${MAX_ACCEPT_LENGTH} characters; got ${accept.length}.`,
                  extensions: { code: 'BAD_REQUEST', limit: MAX_ACCEPT_LENGTH },
                },
              ],
            }),
            { status: 400, headers: { 'content-type': 'application/json; charset=utf-8' } },
          ),
        );
        return;
      }
      const encoding = request.headers.get('content-encoding');
      if (encoding && encoding.trim().toLowerCase() !== 'identity') {
        endResponse(
          new fetchAPI.Response(
            JSON.stringify({
              errors: [
                { message: `Request bodies must not be compressed; got Content-Encoding ${JSON.stringify(encoding)}.`, extensions: { code: 'BAD_REQUEST' } },
              ],
            }),
            {
              status: 415,
              headers: { 'content-type': 'application/json; charset=utf-8' },
            },
          ),
        );
      }
    },
    onResultProcess({ result, setResult }) {
      if (isAsyncIterable(result) || Array.isArray(result) || !result.errors) return;
      const tokenLimit = (e: GraphQLError) => /^Syntax Error: Token limit of \d+ exceeded\.$/.test(e.message);
      const hidden = (e: GraphQLError) => production && e.extensions?.originalError !== undefined;
      if (!result.errors.some((e) => tokenLimit(e) || hidden(e))) return;
      setResult({
        ...result,
        errors: result.errors.map((e) => {
          // graphql-armor's token limit is enforced while parsing and worded as a syntax error; the document may be well formed.
          if (tokenLimit(e)) {
            const limit = Number(/\d+/.exec(e.message)![0]);
            return new GraphQLError(
              `Token limit of ${limit} exceeded: the document has more than ${limit} tokens (names, punctuation, values). Send a shorter document.`,
              {
                nodes: e.nodes,
                extensions: { ...e.extensions, code: 'TOKEN_LIMIT_EXCEEDED', limit, originalError: undefined },
              },
            );
          }
          if (!hidden(e)) return e;
          const { originalError: _hidden, ...extensions } = e.extensions;
          // Yoga keeps such an error's status (400) for application/json only while originalError is
          // there; without it, `spec` would turn the status to 200, so the status is made unconditional.
          const http = extensions.http as { spec?: boolean; status?: number } | undefined;
          return new GraphQLError(e.message, {
            nodes: e.nodes,
            path: e.path,
            extensions: { ...extensions, ...(http ? { http: { ...http, spec: false } } : {}) },
          });
        }),
      });
    },
    onResponse({ request, response }) {
      // Yoga's 405s and parameter errors (400) say `Allow: GET, POST`; HEAD is answered too (headPlugins).
      if ((response.status === 405 || response.headers.has('allow')) && isGraphQLEndpoint(request.url, graphqlEndpoint)) {
        response.headers.delete('allow'); // delete first: Yoga's {'Allow': …} and set() would make two headers
        response.headers.set('allow', 'GET, HEAD, POST');
      }
      // Yoga's 406 lists the media types it can send once per range the client asked for: once is enough.
      const offered = response.status === 406 ? response.headers.get('accept') : null;
      if (offered) {
        response.headers.delete('accept');
        response.headers.set('accept', [...new Set(offered.split(',').map((type) => type.trim()))].join(', '));
      }
    },
  };
}

/**
 * The request body limit. Yoga's own (`maxRequestBodySize`) pipes every
 * body through a TransformStream and builds a second Request, which cost
 * more than a whole cached answer. Here a valid Content-Length within the
 * limit is trusted, since Node's HTTP parser delivers exactly that many
 * bytes; a larger one is 413 before anything is read, a malformed one 400;
 * only a body without a length (chunked) is counted as it streams in.
 * Put it after every plugin that registers a request parser.
 */
export function bodyLimitPlugin(limit: number): Plugin {
  const tooLarge = (found: string) =>
    new GraphQLError(`The request body is limited to ${limit} bytes; ${found}.`, {
      extensions: { code: 'REQUEST_ENTITY_TOO_LARGE', limit, http: { status: 413 } },
    });
  return {
    onRequestParse({ request, requestParser, setRequestParser, fetchAPI }) {
      const declared = request.headers.get('content-length');
      if (declared !== null) {
        if (!/^\d{1,15}$/.test(declared)) {
          throw new GraphQLError('The Content-Length header must be one non-negative integer.', {
            extensions: { code: 'BAD_REQUEST', http: { status: 400 } },
          });
        }
        if (Number(declared) > limit) throw tooLarge(`Content-Length says ${declared}`);
        return;
      }
      if (!requestParser || !request.body) return;
      const parse = requestParser;
      setRequestParser((req) => {
        let read = 0;
        const counted = req.body!.pipeThrough(
          new fetchAPI.TransformStream<Uint8Array, Uint8Array>({
            transform(chunk, controller) {
              read += chunk.byteLength;
              if (read > limit) controller.error(tooLarge('the body sent was longer'));
              else controller.enqueue(chunk);
            },
          }),
        );
        return parse(
          new fetchAPI.Request(req.url, { method: req.method, headers: req.headers, signal: req.signal, body: counted, duplex: 'half' } as RequestInit),
        );
      });
    },
  };
}

/** Whether `pathname` is the GraphQL endpoint's, with or without a trailing slash (Yoga answers both). */
export function isEndpointPath(pathname: string, graphqlEndpoint: string): boolean {
  return pathname === graphqlEndpoint || pathname === `${graphqlEndpoint}/`;
}

/**
 * Whether Yoga answers `url` as its GraphQL endpoint: the path, with or
 * without a trailing slash, or (as graphql-yoga 5's unhandled-route check
 * has it) any URL that ends with the endpoint.
 */
function isGraphQLEndpoint(url: string, graphqlEndpoint: string): boolean {
  if (url.endsWith(graphqlEndpoint) || url.endsWith(`${graphqlEndpoint}/`)) return true;
  return isEndpointPath(new URL(url).pathname, graphqlEndpoint);
}

/**
 * Cache headers on every answer of the GraphQL endpoint (a CORS preflight
 * aside). `Vary: Accept`: one URL answers JSON, GraphQL response JSON
 * (with another status for errors), multipart/mixed, an event stream or
 * GraphiQL's page, by Accept. `Cache-Control: no-store` unless another
 * plugin set a Cache-Control: only the response cache marks an answer as
 * shareable (`public`, on GET answers it stores), so errors, incremental
 * answers, POSTs, and everything when the cache is off, are not for a
 * cache in front to keep. A deployer's `private`, and Yoga's `no-cache` on
 * event streams, are kept. Put it after the response cache.
 */
export function graphqlCacheHeadersPlugin(graphqlEndpoint: string): Plugin {
  return {
    onResponse({ request, response }) {
      if (request.method === 'OPTIONS' || !isGraphQLEndpoint(request.url, graphqlEndpoint)) return;
      addVary(response.headers, 'Accept');
      if (!response.headers.has('cache-control')) response.headers.set('cache-control', 'no-store');
    },
  };
}

/** The answer to an exception no plugin handled: what Yoga's masked errors say, and no stack trace; the error goes to the log. */
function unexpectedError(fetchAPI: { Response: typeof Response }, error: unknown): Response {
  const response = new fetchAPI.Response(JSON.stringify({ errors: [{ message: 'Unexpected error.' }] }), {
    status: 500,
    headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' },
  });
  logUnexpected(error);
  return response;
}

function logUnexpected(error: unknown): void {
  try {
    console.error('summit-graph: unexpected error while handling a request:', error);
  } catch {
    // An error that cannot even be printed (a throwing inspect): the answer stands.
  }
}

const isThenable = (value: unknown): value is PromiseLike<unknown> => typeof (value as PromiseLike<unknown> | undefined)?.then === 'function';

/** A hook that answers its own exception (thrown or rejected) with `answer`, its result unchanged otherwise. */
function guardedHook<P>(hook: (payload: P) => unknown, answer: (payload: P, error: unknown) => void) {
  return (payload: P) => {
    try {
      const result = hook(payload);
      return isThenable(result) ? Promise.resolve(result).catch((error: unknown) => answer(payload, error)) : result;
    } catch (error) {
      answer(payload, error);
      return undefined;
    }
  };
}

type RequestHook = NonNullable<Plugin['onRequest']>;
type ResponseHook = NonNullable<Plugin['onResponse']>;
type RequestInstrument = (payload: unknown, wrapped: () => unknown) => unknown;

/** The hooks of Yoga, its server adapter and envelop that a plugin may have, besides onRequest and onResponse. */
const OTHER_HOOKS = [
  'onPluginInit',
  'onEnveloped',
  'onContextBuilding',
  'onParse',
  'onValidate',
  'onExecute',
  'onSubscribe',
  'onSchemaChange',
  'onYogaInit',
  'onRequestParse',
  'onParams',
  'onExecutionResult',
  'onResultProcess',
  'onDispose',
] as const;

/**
 * A plugin with its onRequest and onResponse hooks guarded, and its
 * `instrumentation.request` too. The copy's prototype is the plugin, and
 * every hook is called on the plugin itself (`this` is the plugin, as its
 * private fields and the state it keeps between hooks need); onRequest and
 * onResponse are read from the plugin when the pipeline is set up, so one
 * set in onYogaInit is guarded too.
 */
function guarded(plugin: Plugin): Plugin {
  const source = plugin as Record<string, unknown>;
  // A plugin that has none of these cannot gain an onRequest or onResponse: it stays as it is.
  if (!['onRequest', 'onResponse', 'instrumentation', 'onYogaInit', 'onPluginInit'].some((name) => source[name] !== undefined)) return plugin;
  const hooks: PropertyDescriptorMap = {};
  for (const name of OTHER_HOOKS) {
    const hook = source[name];
    if (typeof hook === 'function')
      hooks[name] = { enumerable: true, value: (...args: unknown[]) => (hook as (...a: unknown[]) => unknown).apply(plugin, args) };
  }
  const cache = new Map<unknown, unknown>();
  const guardedOnce = <H>(hook: unknown, make: (hook: H) => unknown) => {
    if (typeof hook !== 'function') return hook;
    if (!cache.has(hook)) cache.set(hook, make(hook as H));
    return cache.get(hook);
  };
  hooks.onRequest = {
    enumerable: true,
    get: () =>
      guardedOnce<RequestHook>(source.onRequest, (hook) =>
        guardedHook(
          (payload: Parameters<RequestHook>[0]) => hook.call(plugin, payload),
          (payload, error) => payload.endResponse(unexpectedError(payload.fetchAPI, error)),
        ),
      ),
  };
  hooks.onResponse = {
    enumerable: true,
    get: () =>
      guardedOnce<ResponseHook>(source.onResponse, (hook) =>
        guardedHook(
          (payload: Parameters<ResponseHook>[0]) => hook.call(plugin, payload),
          (payload, error) => payload.setResponse(unexpectedError(payload.fetchAPI, error)),
        ),
      ),
  };
  const instrumentation = source.instrumentation as { request?: RequestInstrument } | undefined;
  if (typeof instrumentation?.request === 'function') {
    const request = instrumentation.request.bind(instrumentation);
    // An instrument's exception is logged and the request goes on (or its answer stands): a tracing bug fails no request.
    const instrument: RequestInstrument = (payload, wrapped) => {
      let called = false;
      const run = () => ((called = true), wrapped());
      const recover = (error: unknown) => {
        logUnexpected(error);
        return called ? undefined : run();
      };
      try {
        const result = request(payload, run);
        return isThenable(result) ? Promise.resolve(result).catch(recover) : result;
      } catch (error) {
        return recover(error);
      }
    };
    // The same object but for `request`: its own properties and its prototype (a class's methods) kept.
    const copy: unknown = Object.create(Object.getPrototypeOf(instrumentation) as object, {
      ...Object.getOwnPropertyDescriptors(instrumentation),
      request: { enumerable: true, configurable: true, writable: true, value: instrument },
    });
    hooks.instrumentation = { enumerable: true, value: copy };
  }
  return Object.create(plugin, hooks) as Plugin;
}

/**
 * Guards the pipeline against exceptions (a plugin's bug, ours or a
 * deployer's): @whatwg-node/server answers one that leaves an `onRequest`
 * or `onResponse` hook, or Yoga's request handler (`onResultProcess`, a
 * result processor), with a 500 whose body is the exception's stack, file
 * paths included, in production too. Put last among the plugins given to
 * createYoga: when envelop has set every plugin up (including those that
 * plugins add with `addPlugin`, and Yoga's own), it guards each one's
 * `onRequest` and `onResponse`, and its own `onRequest`, the last a
 * deployer can precede, wraps the request handler as it is then (a
 * deployer's `setRequestHandler` wrapper included). A guarded exception is
 * logged and answered with 500 "Unexpected error.". Exceptions elsewhere
 * (parsing, validation, `onParams`, execution) are Yoga's, which masks them.
 */
export function pipelineGuardPlugin(): Plugin {
  const guardedHandlers = new WeakMap<object, unknown>();
  const self: Plugin = {
    onPluginInit({ plugins }) {
      const list = plugins as Plugin[];
      for (let i = 0; i < list.length; i++) if (list[i] && list[i] !== self) list[i] = guarded(list[i]!);
    },
    onRequest({ requestHandler, setRequestHandler, fetchAPI }) {
      let handler = guardedHandlers.get(requestHandler) as typeof requestHandler | undefined;
      if (!handler) {
        const inner = requestHandler;
        handler = (request, serverContext) => {
          try {
            const response = inner(request, serverContext);
            return isThenable(response) ? Promise.resolve(response).catch((error: unknown) => unexpectedError(fetchAPI, error)) : response;
          } catch (error) {
            return unexpectedError(fetchAPI, error);
          }
        };
        guardedHandlers.set(requestHandler, handler);
      }
      setRequestHandler(handler);
    },
  };
  return self;
}
