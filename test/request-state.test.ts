/**
 * Per-request plugin state (src/request-state.ts): kept on the request
 * object under a symbol of its own, invisible to anything that copies or
 * lists the request's properties; a frozen request falls back to a WeakMap.
 */
import { describe, expect, it } from 'vitest';
import { requestState } from '../src/request-state.ts';

describe('requestState', () => {
  it("keeps each request's state on that request, apart from every other state and request", () => {
    const a = requestState<{ n: number }>('a');
    const b = requestState<{ n: number }>('a'); // the same name is still another state
    const first = new Request('http://x/graphql');
    const second = new Request('http://x/graphql');
    a.set(first, { n: 1 });
    b.set(first, { n: 2 });
    a.set(second, { n: 3 });
    expect(a.get(first)).toEqual({ n: 1 });
    expect(b.get(first)).toEqual({ n: 2 });
    expect(a.get(second)).toEqual({ n: 3 });
    expect(b.get(second)).toBeUndefined();
    a.set(first, { n: 4 });
    expect(a.get(first)).toEqual({ n: 4 });
  });

  it('is not enumerable: spreading or listing the request shows none of it', () => {
    const state = requestState<string>('s');
    const request = { method: 'GET' };
    state.set(request, 'kept');
    expect(Object.keys(request)).toEqual(['method']);
    expect(Object.getOwnPropertySymbols({ ...request })).toEqual([]);
    expect(JSON.stringify(request)).toBe('{"method":"GET"}');
  });

  it('falls back to a WeakMap for a request that cannot take a property', () => {
    const state = requestState<string>('s');
    const frozen = Object.freeze({ method: 'GET' });
    const sealed = Object.seal({ method: 'POST' });
    state.set(frozen, 'f');
    state.set(sealed, 's');
    expect(state.get(frozen)).toBe('f');
    expect(state.get(sealed)).toBe('s');
    expect(Object.getOwnPropertySymbols(sealed)).toEqual([]);
  });
});
