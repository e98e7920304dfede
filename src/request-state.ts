/**
 * State a plugin keeps for one request, from one hook to the next (onParams
 * to onResponse, say), kept on the request object itself (or on its
 * response), under a symbol of the plugin's own, so that it goes with it.
 *
 * Not a WeakMap keyed by requests: V8's young-generation collector does not
 * free the entries of a WeakMap while its table grows, so every request's
 * state (and the request, its headers and body) would be copied and
 * promoted as if alive, and freed only by a full GC. patches/README.md has
 * the measurements (the same trap in Pothos's per-request loaders).
 *
 * A request object that cannot take a property (frozen or sealed) falls
 * back to a WeakMap.
 */
export interface RequestState<T> {
  get(request: object): T | undefined;
  set(request: object, value: T): void;
}

export function requestState<T>(name: string): RequestState<T> {
  const key = Symbol(name);
  const fallback = new WeakMap<object, T>();
  return {
    get: (request) => (request as Record<symbol, T | undefined>)[key] ?? fallback.get(request),
    set(request, value) {
      if (Object.isExtensible(request)) Object.defineProperty(request, key, { value, configurable: true, writable: true, enumerable: false });
      else fallback.set(request, value);
    },
  };
}
