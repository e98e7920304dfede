/**
 * @whatwg-node/promise-helpers 1.3.2 (what graphql-yoga 5 and envelop 5
 * require), as patched by patches/@whatwg-node+promise-helpers+1.3.2.patch:
 * 2.0.1's `handleMaybePromise` and `isPromise`, backported. Yoga and its
 * server adapter call `handleMaybePromise` for every hook of every plugin in
 * every request; with a value that is not a promise, the patched function
 * calls its callbacks directly instead of through three fake promises (see
 * patches/README.md for the measurements). These tests pin the semantics
 * Yoga relies on; the first two fail on the unpatched package.
 */
import { handleMaybePromise, isPromise } from '@whatwg-node/promise-helpers';
import { describe, expect, it } from 'vitest';

describe('handleMaybePromise (patched)', () => {
  it('treats a value as a promise only when its `then` is a function (2.0.1, the Promises/A+ thenable)', () => {
    const notThenable = { then: 1 };
    expect(isPromise(notThenable)).toBe(false);
    expect(isPromise(Promise.resolve(1))).toBe(true);
    expect(isPromise({ then: () => undefined })).toBe(true);
    // 1.3.2 took it for a promise and threw "value.then is not a function".
    expect(
      handleMaybePromise(
        () => notThenable,
        (value) => value,
      ),
    ).toBe(notThenable);
  });

  it('calls the success callback directly for a value that is not a promise, with no fake promise between (the point of the patch)', () => {
    // The function names on the stack when the callback runs: 1.3.2 called it from a fake promise's `then`.
    const callers = (): string[] => {
      const original = Error.prepareStackTrace;
      Error.prepareStackTrace = (_error, sites) => sites.map((site) => site.getFunctionName() ?? '');
      try {
        return new Error().stack as unknown as string[];
      } finally {
        Error.prepareStackTrace = original;
      }
    };
    const stack = handleMaybePromise(
      () => 1,
      () => callers(),
    );
    expect((stack as string[]).slice(1, 3)).toEqual(['', 'handleMaybePromise']);
  });

  it('answers a value synchronously, passing the factory one argument', () => {
    const seen: unknown[][] = [];
    const result = handleMaybePromise(
      (...args: unknown[]) => {
        seen.push(args);
        return 2;
      },
      (value) => value * 10,
    );
    expect(result).toBe(20);
    expect(seen).toEqual([[undefined]]);
  });

  it('routes a throw of the input factory to the error callback, or throws it without one', () => {
    const boom = new Error('boom');
    expect(
      handleMaybePromise(
        () => {
          throw boom;
        },
        () => 'success',
        (error) => (error === boom ? 'handled' : 'other'),
      ),
    ).toBe('handled');
    expect(() =>
      handleMaybePromise(
        () => {
          throw boom;
        },
        () => 'success',
      ),
    ).toThrow(boom);
  });

  it('throws what the success callback throws, without calling the error callback (as Promise#then(success, error))', () => {
    let errorCalls = 0;
    const boom = new Error('success threw');
    expect(() =>
      handleMaybePromise(
        () => 1,
        () => {
          throw boom;
        },
        () => ++errorCalls,
      ),
    ).toThrow(boom);
    expect(errorCalls).toBe(0);
  });

  it('waits for a promise, and hands a rejection to the error callback', async () => {
    const waited = handleMaybePromise(
      () => Promise.resolve(3),
      (value) => value + 1,
    );
    expect(isPromise(waited)).toBe(true);
    expect(await waited).toBe(4);
    expect(
      await handleMaybePromise(
        () => Promise.reject(new Error('no')),
        () => 'success',
        (error) => (error as Error).message,
      ),
    ).toBe('no');
    // A success callback that returns a promise makes the whole answer a promise.
    expect(
      await handleMaybePromise(
        () => 1,
        (value) => Promise.resolve(value + 1),
      ),
    ).toBe(2);
  });

  it('runs the finally callback after success and after failure, synchronous values staying synchronous', async () => {
    const order: string[] = [];
    expect(
      handleMaybePromise(
        () => 1,
        (value) => (order.push('success'), value),
        undefined,
        () => void order.push('finally'),
      ),
    ).toBe(1);
    expect(order).toEqual(['success', 'finally']);
    order.length = 0;
    await expect(
      handleMaybePromise(
        () => Promise.reject(new Error('no')),
        () => order.push('success'),
        undefined,
        () => void order.push('finally'),
      ),
    ).rejects.toThrow('no');
    expect(order).toEqual(['finally']);
  });
});
