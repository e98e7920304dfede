/**
 * JIT execution: each operation is compiled once by graphql-jit into a
 * JavaScript function specialised for its selection set, then run for every
 * request that sends the same document. Yoga's parse cache hands out the
 * same DocumentNode for the same query text, so the compiled function is
 * cached per document (weakly: it goes when the parse cache drops the
 * document) and per operation name.
 *
 * Results are identical to the reference executor for successful
 * operations. Error responses are not: graphql-jit's errors have no
 * `locations`, put `data` before `errors`, and lack the HTTP status Yoga's
 * executor gives request errors. So a result with errors is thrown away and
 * the operation is executed again by the reference executor, which answers
 * exactly as without JIT. The data is immutable, so the second run sees the same
 * data; errors are the rare path and their cost does not matter.
 *
 * Compiling costs far more than one execution, so an operation is compiled
 * only once it has been seen `compileAfter` times (2 by default): a stream of
 * one-off queries (a fuzzer, a client that inlines values) runs on
 * graphql-js and does not pay a compilation per request.
 *
 * Operations that use `@defer` or `@stream` are never compiled: graphql-jit
 * would answer them in one part, so the reference executor (which Yoga's
 * defer/stream plugin relies on) runs them.
 *
 * @envelop/graphql-jit does the compile-and-cache part but has no such
 * fallback (and pins an older graphql-jit), hence this small plugin.
 */
import { compileQuery, isCompiledQuery, type CompiledQuery } from 'graphql-jit';
import { execute, type DocumentNode, type ExecutionArgs, type ExecutionResult, type GraphQLSchema } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { LRUCache } from 'lru-cache';
import { hasIncrementalDirectives } from '../incremental.ts';

interface Compiled {
  schema: GraphQLSchema;
  /** Times the operation was seen before it was compiled. */
  seen: number;
  /** null when graphql-jit refused the operation (or it is not compiled yet): graphql-js executes it. */
  query: CompiledQuery | null;
}

/** Compiled operations, per document, then per operation name ('' for none). */
export class JitCache {
  /** A number per parsed document, so that an operation's key is a short string; weak, so it goes with the document. */
  private readonly documentIds = new WeakMap<DocumentNode, number>();
  private nextId = 0;
  /**
   * Operations seen or compiled, least recently used first out. A compiled
   * operation can take far more memory than its text, and keeps its
   * document alive (one document with hundreds of named operations, each
   * compiled, grew the process by about 25 MB), so their number is bounded
   * here, not left to the parse cache: 64 of the largest documents the
   * limits allow (2,000 tokens, about 1 MB parsed) is some 64 MB.
   */
  private readonly operations: LRUCache<string, Compiled>;
  /** Operations compiled so far (for tests and diagnostics). */
  compilations = 0;

  /**
   * @param compileAfter how many times an operation must be seen before it is compiled (at least 1)
   * @param maxOperations most operations kept, seen or compiled
   */
  readonly compileAfter: number;
  readonly maxOperations: number;

  constructor(compileAfter = 2, maxOperations = 64) {
    this.compileAfter = compileAfter;
    this.maxOperations = maxOperations;
    this.operations = new LRUCache({ max: maxOperations });
  }

  /** Operations kept now (at most maxOperations). */
  get size(): number {
    return this.operations.size;
  }

  get(schema: GraphQLSchema, document: DocumentNode, operationName: string | null | undefined): CompiledQuery | null {
    let id = this.documentIds.get(document);
    if (id === undefined) this.documentIds.set(document, (id = this.nextId++));
    const key = `${id} ${operationName ?? ''}`;
    let compiled = this.operations.get(key);
    if (!compiled || compiled.schema !== schema) {
      compiled = { schema, seen: 0, query: null };
      this.operations.set(key, compiled);
    }
    if (compiled.seen < this.compileAfter) {
      compiled.seen++;
      if (compiled.seen < this.compileAfter) return null;
      const result = compileQuery(schema, document, operationName ?? undefined, {
        // Errors are re-run by graphql-js anyway; no stack traces to capture.
        disablingCapturingStackErrors: true,
      });
      compiled.query = isCompiledQuery(result) ? result : null;
      this.compilations++;
    }
    return compiled.query;
  }
}

function hasErrors(result: ExecutionResult): boolean {
  return result.errors !== undefined && result.errors.length > 0;
}

type Execute = (args: ExecutionArgs) => ExecutionResult | Promise<ExecutionResult> | unknown;

/**
 * An `execute` that runs the compiled operation and falls back to
 * `reference` (graphql-js's `execute` unless given) for operations
 * graphql-jit cannot compile and for results with errors.
 */
export function jitExecute(cache: JitCache = new JitCache(), reference: Execute = execute) {
  // The re-run gets a shallow copy of the context: the per-request loaders
  // are kept per context object, and loaders already filled by the compiled
  // run would resolve in a different order, so that errors (which follow
  // resolution order) would be listed differently than on a first run.
  const rerun = (args: ExecutionArgs) => reference({ ...args, contextValue: { ...(args.contextValue as object) } });
  return (args: ExecutionArgs) => {
    // graphql-jit has no incremental delivery: @defer and @stream are left to the reference executor.
    if (hasIncrementalDirectives(args.document)) return reference(args);
    const compiled = cache.get(args.schema, args.document, args.operationName);
    if (!compiled) return reference(args);
    const result = compiled.query(args.rootValue, args.contextValue, args.variableValues);
    if (typeof (result as PromiseLike<ExecutionResult>).then === 'function') {
      return (result as PromiseLike<ExecutionResult>).then((settled) => (hasErrors(settled) ? rerun(args) : settled));
    }
    return hasErrors(result as ExecutionResult) ? rerun(args) : result;
  };
}

/**
 * The Yoga plugin: every operation executes through jitExecute, falling
 * back to the executor Yoga would have used (graphql-tools' executor, which
 * also gives request errors such as bad variables their 400 status).
 */
export function jitPlugin(cache: JitCache = new JitCache()): Plugin {
  const wrapped = new WeakMap<object, ReturnType<typeof jitExecute>>();
  return {
    onExecute({ executeFn, setExecuteFn }) {
      let fn = wrapped.get(executeFn);
      if (!fn) {
        fn = jitExecute(cache, executeFn as Execute);
        wrapped.set(executeFn, fn);
      }
      setExecuteFn(fn as unknown as typeof executeFn);
    },
  };
}
