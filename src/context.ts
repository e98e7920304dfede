/**
 * The per-request context: the shared, immutable store and, through
 * Pothos's dataloader plugin, the request's own loaders, which are cached
 * on this context object and so live for one request. Tests and
 * benchmarks may ask for a counted view of the store, to see how many
 * store calls a query made; production requests get the store itself.
 */
import type { Store } from './store/store.js';

/** Store calls made during one request, by method name. */
export type StoreCalls = Record<string, number>;

export interface Context {
  /** The store; a counted view of it when counting was asked for. */
  store: Store;
  /** Store calls of this request by method, when counting was asked for. */
  storeCalls?: StoreCalls;
}

/**
 * Wraps `store` so each method call increments `calls[method]`. The wrapper
 * is a Proxy over the shared, immutable store; nothing is copied.
 */
function countingView(store: Store, calls: StoreCalls): Store {
  const wrapped = new Map<PropertyKey, unknown>();
  return new Proxy(store, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (typeof value !== 'function') return value;
      let fn = wrapped.get(property);
      if (!fn) {
        const name = String(property);
        fn = (...args: unknown[]) => {
          calls[name] = (calls[name] ?? 0) + 1;
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
        wrapped.set(property, fn);
      }
      return fn;
    },
  });
}

export function createContext(store: Store, countStoreCalls = false): Context {
  if (!countStoreCalls) return { store };
  const storeCalls: StoreCalls = {};
  return { store: countingView(store, storeCalls), storeCalls };
}
