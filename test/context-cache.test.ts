/**
 * Pothos's per-request cache (createContextCache: the dataloader plugin's
 * loaders, the relay and complexity plugins' request data), as patched by
 * patches/@pothos+core+*.patch: each request's entry is kept on its context
 * object instead of in a WeakMap keyed by contexts, so it is freed with the
 * request by V8's young-generation GC (see patches/README.md for why and
 * the measurements). These tests fail on the unpatched package (entries
 * then leave no property on the context) and check that the semantics are
 * Pothos's own.
 */
import { contextCacheSymbol, createContextCache } from '@pothos/core';
import { describe, expect, it } from 'vitest';
import { createContext } from '../src/context.ts';
import { schema } from '../src/schema/index.ts';
import { execute, parse } from 'graphql';
import { executingApp, store } from './helpers.ts';

describe("Pothos's context cache (patched)", () => {
  it('keeps one entry per context, on the context, under a symbol that is not enumerable', () => {
    let created = 0;
    const cache = createContextCache(() => ({ n: ++created }));
    const a = {};
    const b = {};
    expect(cache(a)).toBe(cache(a));
    expect(cache(b)).not.toBe(cache(a));
    expect(created).toBe(2);
    const symbols = Object.getOwnPropertySymbols(a);
    expect(symbols).toHaveLength(1);
    expect(Object.prototype.propertyIsEnumerable.call(a, symbols[0]!)).toBe(false);
    expect(Object.keys(a)).toEqual([]);
    expect(JSON.stringify(a)).toBe('{}');
  });

  it('gives a spread copy of a context its own entry (jit.ts re-runs an operation on one)', () => {
    const cache = createContextCache(() => ({}));
    const context = { store: 1 };
    const entry = cache(context);
    const copy = { ...context };
    expect(Object.getOwnPropertySymbols(copy)).toEqual([]);
    expect(cache(copy)).not.toBe(entry);
    expect(cache(context)).toBe(entry);
  });

  it('keys by context[contextCacheSymbol] when a context has one, as Pothos does', () => {
    const cache = createContextCache(() => ({}));
    const shared = { [contextCacheSymbol]: {} };
    const other = { [contextCacheSymbol]: shared[contextCacheSymbol] };
    expect(cache(shared)).toBe(cache(other));
  });

  it('still works for contexts that cannot take a property (frozen, sealed, non-extensible)', () => {
    let created = 0;
    const cache = createContextCache(() => ({ n: ++created }));
    for (const context of [Object.freeze({}), Object.seal({}), Object.preventExtensions({})]) {
      expect(cache(context)).toBe(cache(context));
    }
    expect(created).toBe(3);
  });

  it('forgets an entry on delete', () => {
    let created = 0;
    const cache = createContextCache(() => ({ n: ++created }));
    const context = {};
    const frozen = Object.freeze({});
    cache(context);
    cache(frozen);
    cache.delete(context);
    cache.delete(frozen);
    expect(cache(context)).toEqual({ n: 3 });
    expect(cache(frozen)).toEqual({ n: 4 });
  });

  it("leaves a request's loaders on that request's context, and none on another's", async () => {
    const document = parse('{ events(first: 3) { nodes { participations(first: 2) { nodes { party { name country { name } } } } } } }');
    const first = createContext(store, { timeLimitMs: 5000 });
    const second = createContext(store, { timeLimitMs: 5000 });
    const result = await execute({ schema, document, contextValue: first });
    expect(result.errors).toBeUndefined();
    expect(Object.getOwnPropertySymbols(first).length).toBeGreaterThan(0);
    expect(Object.getOwnPropertySymbols(second)).toEqual([]);
  });

  it('answers as the reference executor through the app, executed each time (compiled by JIT from the second)', async () => {
    const app = executingApp();
    const query = '{ events(first: 3) { nodes { participations(first: 2) { nodes { party { name country { name } } } } } } }';
    const reference = await execute({ schema, document: parse(query), contextValue: createContext(store, { timeLimitMs: 5000 }) });
    for (let run = 0; run < 3; run++) {
      const response = await app.fetch('http://localhost/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query }),
      });
      expect(await response.json()).toEqual(JSON.parse(JSON.stringify(reference)));
    }
  });
});
