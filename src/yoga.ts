/**
 * The Yoga instance: the schema, a fresh context per request, GraphiQL
 * served from the installed packages (no CDN), and error masking. It does
 * not listen: server.ts does, and tests call `yoga.fetch` directly.
 */
import { createYoga, isAsyncIterable, type Plugin } from 'graphql-yoga';
import { createContext, type Context } from './context.js';
import { loadExamples } from './explorer/examples.js';
import { explorerPlugin } from './explorer/plugin.js';
import { lifecycle, queryStringPlugin, readinessPlugin, readOnlyPlugin } from './http.js';
import { limitPlugins } from './limits.js';
import { FastPath, withFastPath } from './perf/fast-path.js';
import { JitCache, jitPlugin } from './perf/jit.js';
import { ResponseCache, responseCachePlugin } from './perf/response-cache.js';
import { schema } from './schema/index.js';
import { createStore } from './store/index.js';
import type { Store } from './store/store.js';

/** Largest request body accepted, in bytes; a larger one gets 413. */
export const MAX_BODY_BYTES = 100_000;

/** The query GraphiQL opens with: a walk from an event to parties, countries and back. */
export const DEFAULT_QUERY = `# Welcome to summit-graph: the CPC's meetings with the world's political parties.
# Press the run button (or Ctrl-Enter). Open the Docs pane to see every type and field,
# and the Explorer to build a query by clicking.

query SummitParticipants {
  event(slug: "cpc-and-world-political-parties-summit-2021") {
    name
    startDate
    theme
    reportedFigures { metric value qualifier text source { title } }
    participations(first: 5) {
      totalCount
      edges {
        node {
          role
          note
          party { name country { name flag } }
          delegates { name }
        }
      }
      pageInfo { hasNextPage endCursor }
    }
  }
}
`;

export { lifecycle };

export interface AppOptions {
  /** The store to serve; the shipped fixtures when omitted. */
  store?: Store;
  /** Serve GraphiQL at /graphql to browsers (default true). */
  graphiql?: boolean;
  /**
   * Report each request's store calls in the response's
   * `extensions.storeCalls` (for tests and benchmarks; off by default).
   */
  exposeStoreCalls?: boolean;
  /**
   * Performance options on (default true): JIT execution (src/perf/jit.ts)
   * and the response cache. `false` is the plain configuration (Yoga and
   * Pothos defaults), the baseline of the benchmark.
   */
  optimized?: boolean;
  /**
   * Answer repeated requests from a cache of finished responses, with ETag,
   * 304 and Cache-Control (src/perf/response-cache.ts); pass a cache to
   * share or inspect it. Default: on when `optimized`, off when
   * `exposeStoreCalls` (a cached answer makes no store calls to report).
   */
  responseCache?: boolean | ResponseCache;
  /**
   * Answer operations that already succeeded once straight from the Node
   * handler, without Yoga's per-request machinery (src/perf/fast-path.ts);
   * pass a FastPath to inspect it (it must use this app's store). Default:
   * on when `optimized` and not `exposeStoreCalls`.
   */
  fastPath?: boolean | FastPath;
}

/** Adds the request's store-call counts to `extensions.storeCalls`. */
const storeCallsPlugin: Plugin<Context> = {
  onExecute: ({ args }) => ({
    onExecuteDone: ({ result, setResult }) => {
      if (isAsyncIterable(result)) return;
      const calls = (args.contextValue as Context).storeCalls;
      setResult({ ...result, extensions: { ...result.extensions, storeCalls: { ...calls } } });
    },
  }),
};

export function createApp({
  store = createStore(),
  graphiql = true,
  exposeStoreCalls = false,
  optimized = true,
  responseCache = optimized && !exposeStoreCalls,
  fastPath: fastPathOption = optimized && !exposeStoreCalls,
}: AppOptions = {}) {
  const cache = responseCache === true ? new ResponseCache({ maxRequestBytes: MAX_BODY_BYTES }) : responseCache || undefined;
  // One JIT cache for Yoga's executor and the fast path: an operation is compiled once.
  const jit = fastPathOption instanceof FastPath ? fastPathOption.jit : new JitCache();
  // Its answers could not carry the storeCalls extension, so it is never on with exposeStoreCalls.
  const fast = exposeStoreCalls ? undefined : fastPathOption === true ? new FastPath({ store, schema, jit, maxRequestBytes: MAX_BODY_BYTES }) : fastPathOption || undefined;
  const yoga = createYoga<Record<string, unknown>, Context>({
    schema,
    context: () => createContext(store),
    graphqlEndpoint: '/graphql',
    healthCheckEndpoint: '/health',
    landingPage: false,
    maxRequestBodySize: MAX_BODY_BYTES,
    // Unexpected errors become "Unexpected error." with no stack trace;
    // GraphQLErrors (client mistakes) keep their message.
    maskedErrors: true,
    // GraphiQL opens the default query, then one tab per ready-made question in examples/.
    graphiql: graphiql
      ? { title: 'summit-graph', defaultQuery: DEFAULT_QUERY, defaultTabs: [{ query: DEFAULT_QUERY }, ...loadExamples().map((example) => ({ query: example.document }))] }
      : false,
    // GraphiQL's bundle (about 0.2 s to load) is loaded on the first page view, not at start-up.
    renderGraphiQL: async (options) => (await import('@graphql-yoga/render-graphiql')).renderGraphiQL(options),
    plugins: [queryStringPlugin(), readOnlyPlugin(), readinessPlugin(), ...limitPlugins(), explorerPlugin({ page: graphiql }), ...(exposeStoreCalls ? [storeCallsPlugin] : []), ...(optimized ? [jitPlugin(jit)] : []), ...(cache ? [responseCachePlugin(cache)] : []), ...(fast ? [fast.plugin()] : [])],
  });
  return cache || fast ? withFastPath(yoga, { cache, fastPath: fast }) : yoga;
}
