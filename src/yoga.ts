/**
 * The Yoga instance: the schema, a fresh context per request, GraphiQL
 * served from the installed packages (no CDN), and error masking. It does
 * not listen: server.ts does, and tests call `yoga.fetch` directly.
 */
import { createYoga, type Plugin } from 'graphql-yoga';
import { LRUCache } from 'lru-cache';
import { budgetHeadersPlugin, CostBudget, DEFAULT_BUDGET, type BudgetOptions } from './budget.ts';
import { createContext, type Context } from './context.ts';
import { loadExamples } from './explorer/examples.ts';
import { graphiqlPlugin } from './explorer/graphiql.ts';
import { explorerPlugin } from './explorer/plugin.ts';
import { exportPlugin } from './export/plugin.ts';
import {
  bodyLimitPlugin,
  corsPlugin,
  graphqlCacheHeadersPlugin,
  headPlugins,
  pipelineGuardPlugin,
  queryStringPlugin,
  readinessPlugin,
  readOnlyPlugin,
  requestDetailsPlugin,
  UNREACHABLE_PATH,
  validationLimitMessagePlugin,
} from './http.ts';
import { incrementalDeliveryPlugins } from './incremental.ts';
import { EXECUTION_TIME_LIMIT_MS, limitPlugins } from './limits.ts';
import { compressionPlugin } from './perf/compression.ts';
import { jitPlugin } from './perf/jit.ts';
import { PersistedQueryStore, persistedOperationsPlugin, type PersistedQueryStoreOptions, type TrustedDocumentsMode } from './perf/persisted.ts';
import { ResponseCache, responseCachePlugin, type ResponseCacheOptions } from './perf/response-cache.ts';
import { schema } from './schema/index.ts';
import { createStore } from './store/index.ts';
import type { Store } from './store/store.ts';

/** Largest request body accepted, in bytes; a larger one gets 413. */
export const MAX_BODY_BYTES = 100_000;

/**
 * Bytes of parsed documents (and parse errors) that Yoga's parse cache may
 * hold. Its default holds 1,024 documents for an hour whatever their size,
 * and a parsed document takes about 240 bytes of heap per character of a
 * token-dense query: 1,100 distinct 4 KB queries grew the process by 1.1 GB.
 */
export const PARSE_CACHE_BYTES = 32 * 1024 * 1024;
/** Heap estimated per character of query text, for the parse cache's bound (measured: ~240). */
const PARSED_BYTES_PER_CHAR = 256;

/** A cache bounded in bytes by the length of its keys (the query text). */
function parseCache<T extends object>(): { get(key: string): T | undefined; set(key: string, value: T): void } {
  return new LRUCache<string, T>({ maxSize: PARSE_CACHE_BYTES, sizeCalculation: (_value, key) => 1024 + key.length * PARSED_BYTES_PER_CHAR });
}

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

export interface AppOptions {
  /** The store to serve; the shipped fixtures when omitted. */
  store?: Store;
  /** Serve GraphiQL at /graphql to browsers (default true). */
  graphiql?: boolean;
  /**
   * A deployer's Yoga/envelop plugins (authentication, rate limits,
   * tracing, metrics). They run before this API's own plugins, so they see
   * every request (GraphQL, the probes, GraphiQL's page and assets, /export,
   * preflights; repeated or not; an APQ hash before it is resolved) in
   * onRequest and onParams, and can refuse it or mark its answer private
   * before any cached answer is given. A HEAD of /graphql reaches them as
   * the GET it stands for (src/http.ts, headPlugins).
   */
  plugins?: Plugin[];
  /**
   * Count each request's store calls and report them in the response header
   * `Store-Calls` (JSON, by method). For tests and benchmarks: it observes
   * and changes nothing else; an answer from the response cache makes no
   * store calls and so reports none.
   */
  countStoreCalls?: boolean;
  /**
   * The response cache (src/perf/response-cache.ts): on by default; pass a
   * ResponseCache to share or inspect it, options to size it, or false to
   * turn it off (the benchmark's uncached configurations).
   */
  responseCache?: boolean | ResponseCache | ResponseCacheOptions;
  /** Execute compiled operations with graphql-jit (src/perf/jit.ts); default true. */
  jit?: boolean;
  /**
   * The per-client cost budget (src/budget.ts): DEFAULT_BUDGET unless
   * given, a CostBudget to share or inspect, or false for none. It meters
   * requests that come over a socket only.
   */
  budget?: false | CostBudget | BudgetOptions;
  /** Milliseconds an operation may execute before it is stopped (default EXECUTION_TIME_LIMIT_MS). */
  timeLimitMs?: number;
  /**
   * Trusted documents (src/perf/persisted.ts, TRUSTED_DOCUMENTS): 'allow'
   * (default) runs any document; 'only' runs only the documents of
   * persisted-documents.json (`npm run persist`).
   */
  trustedDocuments?: TrustedDocumentsMode;
  /** Where Automatic Persisted Queries are kept: a store to share or inspect, or options to size it. */
  persistedQueries?: PersistedQueryStore | PersistedQueryStoreOptions;
}

/** Reports the request's store calls in the `Store-Calls` response header. */
function storeCallsPlugin(): Plugin<Context> {
  const calls = new WeakMap<Request, Record<string, number>>();
  return {
    onContextBuilding({ context }) {
      const request = (context as { request?: Request }).request;
      return ({ context: built }) => {
        if (request && built.storeCalls) calls.set(request, built.storeCalls);
      };
    },
    onResponse({ request, response }) {
      const counted = calls.get(request);
      if (counted) response.headers.set('store-calls', JSON.stringify(counted));
    },
  };
}

export function createApp({
  store = createStore(),
  graphiql = true,
  plugins = [],
  countStoreCalls = false,
  responseCache = true,
  jit = true,
  budget = DEFAULT_BUDGET,
  timeLimitMs = EXECUTION_TIME_LIMIT_MS,
  trustedDocuments = 'allow',
  persistedQueries = {},
}: AppOptions = {}) {
  const costBudget = budget === false ? undefined : budget instanceof CostBudget ? budget : new CostBudget(budget);
  const cache =
    responseCache instanceof ResponseCache
      ? responseCache
      : responseCache === false
        ? undefined
        : new ResponseCache(responseCache === true ? {} : responseCache);
  const [headAsGet, headWithoutBody] = headPlugins('/graphql');
  return createYoga<Record<string, unknown>, Context>({
    schema,
    context: () => createContext(store, { timeLimitMs, countStoreCalls }),
    graphqlEndpoint: '/graphql',
    // /health and /ready are readinessPlugin's (GET and HEAD only); Yoga's own check matched any method.
    healthCheckEndpoint: UNREACHABLE_PATH,
    // corsPlugin: `*` for every origin, no credentials, preflights kept an hour.
    cors: false,
    landingPage: false,
    // bodyLimitPlugin below enforces MAX_BODY_BYTES (Yoga's own limiter is off: see src/http.ts).
    maxRequestBodySize: false,
    // Documents and parse errors by query text, bounded in bytes (see PARSE_CACHE_BYTES).
    // Validation results stay in Yoga's WeakMap per document, so they go with it.
    parserAndValidationCache: { documentCache: parseCache(), errorCache: parseCache() },
    // No field takes an upload: multipart requests are refused (415).
    multipart: false,
    // Unexpected errors become "Unexpected error." with no stack trace;
    // GraphQLErrors (client mistakes) keep their message.
    maskedErrors: true,
    // GraphiQL is graphiqlPlugin's (below), so that a deployer's plugins see its page too.
    graphiql: false,
    plugins: [
      // Before every other plugin: a HEAD of /graphql goes on as the same request made with GET.
      headAsGet,
      // Then a deployer's plugins see every request in onRequest (the probes, GraphiQL, /export and
      // preflights included) and every onParams before any of ours answers, and can refuse any of them.
      ...plugins,
      corsPlugin('/graphql'),
      // GraphiQL's page, for a browser's GET of /graphql whatever its other parameters, and its assets.
      ...(graphiql
        ? [
            graphiqlPlugin({
              // It opens the default query, then one tab per ready-made question in examples/.
              options: {
                title: 'summit-graph',
                defaultQuery: DEFAULT_QUERY,
                defaultTabs: [{ query: DEFAULT_QUERY }, ...loadExamples().map((example) => ({ query: example.document }))],
              },
            }),
          ]
        : []),
      validationLimitMessagePlugin(),
      requestDetailsPlugin('/graphql'),
      queryStringPlugin(),
      readOnlyPlugin(),
      readinessPlugin(),
      // Before every plugin that reads the query: hashes and documentId become query text here.
      persistedOperationsPlugin({
        trustedDocuments,
        store: persistedQueries instanceof PersistedQueryStore ? persistedQueries : new PersistedQueryStore(persistedQueries),
      }),
      ...incrementalDeliveryPlugins(), // @defer/@stream (src/incremental.ts): before the limits, so a refusal costs no budget
      ...limitPlugins(costBudget),
      explorerPlugin({ page: graphiql }),
      exportPlugin(store),
      ...(countStoreCalls ? [storeCallsPlugin()] : []),
      ...(jit ? [jitPlugin()] : []),
      bodyLimitPlugin(MAX_BODY_BYTES),
      // Last: its onParams answers hits after every other plugin's onParams,
      // and its onResponse stores only what no other plugin made private.
      ...(cache ? [responseCachePlugin(cache)] : []),
      // After the cache, whose onResponse decides Cache-Control: a shared answer gets no per-client RateLimit.
      ...(costBudget ? [budgetHeadersPlugin(costBudget)] : []),
      // After the cache too: every other answer of /graphql gets no-store, and all of them Vary: Accept.
      graphqlCacheHeadersPlugin('/graphql'),
      // Compresses what the cache and the static files did not (src/perf/compression.ts).
      compressionPlugin(),
      // Last: a HEAD's answer, complete with every header, loses its body.
      headWithoutBody,
      // After every plugin is set up: each one's onRequest and onResponse, and the request handler,
      // answer an exception with 500 "Unexpected error." (@whatwg-node/server would send its stack).
      pipelineGuardPlugin(),
    ],
  });
}

/** The app's type: a Yoga server instance (a Node request handler with `fetch`). */
export type App = ReturnType<typeof createApp>;
