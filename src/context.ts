/**
 * The per-request context: a view of the shared, immutable store and,
 * through Pothos's dataloader plugin, the request's own loaders, which are
 * cached on this context object and so live for one request.
 *
 * The view enforces the execution time limit: every store call checks the
 * request's deadline, and one made after it throws, so that a query past
 * its time stops at its next store call (resolvers reach data only through
 * the store, one batched call per type and tree level), and the time-limit
 * plugin answers it with one error. Tests and benchmarks may also ask the
 * view to count store calls.
 */
import { GraphQLError } from 'graphql';
import type { Store } from './store/store.ts';

/** Store calls made during one request, by method name. */
export type StoreCalls = Record<string, number>;

export interface Context {
  /** The store, seen through this request's deadline (and counted when asked). */
  store: Store;
  /** Store calls of this request by method, when counting was asked for. */
  storeCalls?: StoreCalls;
  /** The execution time limit in ms, its deadline (performance.now() time), and whether a store call came after it. */
  timeLimit: { ms: number; deadline: number; exceeded: boolean };
}

export interface ContextOptions {
  /** Milliseconds a request may spend executing (from context creation) before its store calls fail. */
  timeLimitMs: number;
  countStoreCalls?: boolean;
}

/** What a store call past the deadline throws (turned into one refusal by the time-limit plugin). */
export function timeLimitError(ms: number): GraphQLError {
  return new GraphQLError(`Execution time limit of ${ms} ms exceeded, so the query was stopped. Ask for less: smaller pages, fewer nested connections.`, {
    extensions: { code: 'EXECUTION_TIME_LIMIT_EXCEEDED', limit: ms, http: { spec: true, status: 400 } },
  });
}

/**
 * A Proxy over the shared store (nothing is copied) whose methods check
 * the deadline first, and count themselves in `calls` when given. Method
 * wrappers are made once per method per request.
 */
function storeView(store: Store, deadline: number, limit: Context['timeLimit'], calls: StoreCalls | undefined): Store {
  const wrapped = new Map<PropertyKey, unknown>();
  return new Proxy(store, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (typeof value !== 'function') return value;
      let fn = wrapped.get(property);
      if (!fn) {
        const name = String(property);
        fn = (...args: unknown[]) => {
          if (performance.now() > deadline) {
            limit.exceeded = true;
            throw timeLimitError(limit.ms);
          }
          if (calls) calls[name] = (calls[name] ?? 0) + 1;
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
        wrapped.set(property, fn);
      }
      return fn;
    },
  });
}

export function createContext(store: Store, { timeLimitMs, countStoreCalls = false }: ContextOptions): Context {
  const timeLimit = { ms: timeLimitMs, deadline: performance.now() + timeLimitMs, exceeded: false };
  const storeCalls: StoreCalls | undefined = countStoreCalls ? {} : undefined;
  return { store: storeView(store, timeLimit.deadline, timeLimit, storeCalls), storeCalls, timeLimit };
}
