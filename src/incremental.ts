/**
 * Incremental delivery: `@defer` and `@stream` (declared in
 * src/schema/directives.ts) through `@graphql-yoga/plugin-defer-stream`,
 * whose validation rules check their use; Yoga's executor
 * (@graphql-tools/executor) runs them and Yoga sends the parts as
 * `multipart/mixed` or `text/event-stream`.
 *
 * Before execution, `incrementalRequestPlugin` refuses what the executor
 * would fail on or Yoga would answer with an empty 406:
 * - `@stream(initialCount:)` outside 0..MAX_PAGE_SIZE, or null (the
 *   executor throws an unexplained error);
 * - an operation that defers or streams something when the request accepts
 *   neither `multipart/mixed` nor `text/event-stream` (q=0 is not accepted):
 *   406 with an error that says which Accept to send (as the Apollo Router
 *   does; GraphQL over HTTP gives an incremental answer no plain JSON form).
 *   Only a directive that would run counts: with the request's variables,
 *   its `if` is not false and neither it nor any ancestor (field, fragment,
 *   spread) is under `@skip(if: true)` or `@include(if: false)`. The
 *   response cache keeps no answer to an operation that counts
 *   (`deliversIncrementally`), so a cache hit never skips the 406.
 * It runs before the cost limit, so a refused request costs the client none
 * of its budget. The cost limit (src/limits.ts) counts deferred fragments
 * and streamed lists in full, whatever `initialCount`.
 */
import { useDeferStream } from '@graphql-yoga/plugin-defer-stream';
import {
  getDirectiveValues,
  getOperationAST,
  getVariableValues,
  GraphQLError,
  GraphQLIncludeDirective,
  GraphQLSkipDirective,
  Kind,
  visit,
  type DirectiveNode,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionNode,
  type SelectionSetNode,
} from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { deferDirective, streamDirective } from './schema/directives.ts';
import { MAX_PAGE_SIZE } from './schema/paging.ts';

const INCREMENTAL = new Set(['defer', 'stream']);

/** The media types that carry an incremental answer (Yoga's result processors). */
export const INCREMENTAL_MEDIA_TYPES = ['multipart/mixed', 'text/event-stream'] as const;

const documentsWithDirectives = new WeakMap<DocumentNode, boolean>();

/**
 * Whether a document names `@defer` or `@stream` anywhere (kept per parsed
 * document, weakly). graphql-jit cannot deliver incrementally, so the JIT
 * leaves such documents to Yoga's executor.
 */
export function hasIncrementalDirectives(document: DocumentNode): boolean {
  let known = documentsWithDirectives.get(document);
  if (known === undefined) {
    known = false;
    visit(document, {
      Directive(node) {
        if (INCREMENTAL.has(node.name.value)) {
          known = true;
          return false;
        }
        return undefined;
      },
    });
    documentsWithDirectives.set(document, known);
  }
  return known;
}

/** Whether graphql-js's executor would run a selection: neither `@skip(if: true)` nor `@include(if: false)` on it. */
function included(node: SelectionNode, variables: Record<string, unknown>): boolean {
  try {
    if (getDirectiveValues(GraphQLSkipDirective, node, variables)?.if === true) return false;
    if (getDirectiveValues(GraphQLIncludeDirective, node, variables)?.if === false) return false;
  } catch {
    // Validation and coercion passed, so this should not happen; counting it as run refuses rather than guesses.
  }
  return true;
}

/** The `@defer`/`@stream` directives of an operation and the fragments it spreads, and those the executor would run. */
interface IncrementalUse {
  /** Every one, run or not (their arguments are checked all the same). */
  all: DirectiveNode[];
  /** Those on selections the executor runs: not under `@skip(if: true)` or `@include(if: false)`, on the node or any ancestor. */
  reached: DirectiveNode[];
}

/**
 * Walks the operation, and each fragment definition it spreads, with the
 * operation's coerced variables: a fragment spread from both a skipped and
 * a run place is walked as run. Only documents that name `@defer` or
 * `@stream` get here.
 */
function incrementalUseOf(document: DocumentNode, operation: OperationDefinitionNode, variables: Record<string, unknown>): IncrementalUse {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  const all = new Set<DirectiveNode>();
  const reached = new Set<DirectiveNode>();
  const walkedRun = new Set<string>();
  const walkedAny = new Set<string>();
  const walk = (set: SelectionSetNode, run: boolean) => {
    for (const selection of set.selections) {
      const runs = run && included(selection, variables);
      for (const directive of selection.directives ?? []) {
        if (!INCREMENTAL.has(directive.name.value)) continue;
        all.add(directive);
        if (runs) reached.add(directive);
      }
      if (selection.kind === Kind.FRAGMENT_SPREAD) {
        const name = selection.name.value;
        const fragment = fragments.get(name);
        if (!fragment || walkedRun.has(name) || (!runs && walkedAny.has(name))) continue;
        walkedAny.add(name);
        if (runs) walkedRun.add(name);
        walk(fragment.selectionSet, runs);
      } else if (selection.selectionSet) {
        walk(selection.selectionSet, runs);
      }
    }
  };
  walk(operation.selectionSet, true);
  return { all: [...all], reached: [...reached] };
}

/** The operation's variables as the executor sees them, or undefined when they do not coerce (execution refuses those). */
function coercedVariables(schema: GraphQLSchema, operation: OperationDefinitionNode, values: Record<string, unknown> | null | undefined) {
  if (!operation.variableDefinitions?.length) return {};
  const coerced = getVariableValues(schema, operation.variableDefinitions, values ?? {}, { maxErrors: 10 });
  return coerced.errors ? undefined : coerced.coerced;
}

/** The arguments of a `@defer` or `@stream`, or undefined when they cannot be read. */
function argumentsOf(node: DirectiveNode, variables: Record<string, unknown>): Record<string, unknown> | undefined {
  const definition = node.name.value === 'stream' ? streamDirective : deferDirective;
  try {
    return getDirectiveValues(definition, { directives: [node] }, variables) ?? {};
  } catch {
    return undefined;
  }
}

/** Whether a directive the executor reaches is on: its `if` is not false (unreadable arguments count as on). */
const isOn = (node: DirectiveNode, variables: Record<string, unknown>) => argumentsOf(node, variables)?.if !== false;

/**
 * Whether executing the operation with these variables may deliver
 * incrementally: some `@defer`/`@stream` is reached and on. The same
 * operation and variables always get the same answer, whatever the Accept
 * header, so the refusal below and the response cache (which stores only
 * answers for which this is false) agree. Free for documents that name
 * neither directive; when it cannot decide (variables that do not coerce,
 * no such operation) it says true.
 */
export function deliversIncrementally(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | null | undefined,
  variableValues: Record<string, unknown> | null | undefined,
): boolean {
  if (!hasIncrementalDirectives(document)) return false;
  const operation = getOperationAST(document, operationName);
  if (!operation) return true;
  const variables = coercedVariables(schema, operation, variableValues);
  if (!variables) return true;
  return incrementalUseOf(document, operation, variables).reached.some((node) => isOn(node, variables));
}

/**
 * An Accept header's media ranges, lower-cased and without whitespace, each
 * with its parameters (`q=0.5`, `charset=utf-8`); no header is `*\/*`.
 */
export function mediaRanges(accept: string | null): { mediaType: string; params: string[] }[] {
  return (accept || '*/*')
    .replace(/\s/g, '')
    .toLowerCase()
    .split(',')
    .map((entry) => {
      const [mediaType = '', ...params] = entry.split(';');
      return { mediaType, params };
    });
}

/**
 * The q-value of an Accept entry's parameters (RFC 9110 12.4.2): 1 when
 * absent. Read leniently, as clients send it (Java's default `q=.2`,
 * `q=0.5000`): a decimal from 0 to 1. Anything else (`q=2`, `q=-0`, `q=x`,
 * `q=1e0`) is 0, so that the entry counts as not sent.
 */
export function qOf(params: string[]): number {
  const q = params.find((p) => p.startsWith('q='));
  if (q === undefined) return 1;
  const text = q.slice(2);
  if (!/^(?:\d{1,5}(?:\.\d{0,5})?|\.\d{1,5})$/.test(text)) return 0;
  const value = Number(text);
  return value <= 1 ? value : 0;
}

/**
 * The media type Yoga would send an incremental answer as, if the client
 * accepts it, else null. Yoga's negotiation (graphql-yoga 5,
 * plugins/use-result-processor.js) ignores q-values: among the utf-8
 * entries, `multipart/mixed` wins if any entry matches it, else
 * `text/event-stream`; no header is `*\/*`. The client accepts that type
 * when its most specific matching range (RFC 9110 12.5.1; of equally
 * specific ones, the highest q) has a q-value above 0. So
 * `multipart/mixed;q=0, text/event-stream` is null too: Yoga would send
 * multipart/mixed, which the client refuses.
 */
export function incrementalMediaType(accept: string | null): (typeof INCREMENTAL_MEDIA_TYPES)[number] | null {
  const ranges = weightedRanges(accept).filter(({ params }) => (params.find((p) => p.includes('charset=')) ?? 'charset=utf-8') === 'charset=utf-8');
  // Yoga's pick: the last processor in [text/event-stream, multipart/mixed] that any entry matches.
  for (const type of ['multipart/mixed', 'text/event-stream'] as const) {
    const q = acceptedQ(ranges, type);
    if (q !== undefined) return q > 0 ? type : null;
  }
  return null;
}

/**
 * An Accept header's media ranges (see mediaRanges), each split into type
 * and subtype (the first two `/` segments, as Yoga reads them), with its
 * q-value; `exact` when the range is exactly `type/subtype`.
 */
export function weightedRanges(accept: string | null): { pre: string; suf: string; q: number; params: string[]; exact: boolean }[] {
  return mediaRanges(accept).map(({ mediaType, params }) => {
    const [pre = '', suf = '', ...rest] = mediaType.split('/');
    return { pre, suf, q: qOf(params), params, exact: rest.length === 0 && pre !== '' && suf !== '' };
  });
}

/**
 * The q-value the ranges give a media type (`type/subtype`): that of its
 * most specific matching range (type/subtype over type/* over *\/*, RFC 9110
 * 12.5.1; of equally specific ones, the highest q). Undefined when no range
 * matches it.
 */
export function acceptedQ(ranges: { pre: string; suf: string; q: number }[], type: string): number | undefined {
  const [typePre, typeSuf] = type.split('/');
  let most = -1;
  let q: number | undefined;
  for (const range of ranges) {
    if (!((range.pre === '*' || range.pre === typePre) && (range.suf === '*' || range.suf === typeSuf))) continue;
    const specificity = range.pre === '*' ? 0 : range.suf === '*' ? 1 : 2;
    if (specificity > most) [most, q] = [specificity, range.q];
    else if (specificity === most) q = Math.max(q!, range.q);
  }
  return q;
}

/** Whether the request's Accept header admits the incremental answer Yoga would send (see incrementalMediaType). */
export function acceptsIncremental(accept: string | null): boolean {
  return incrementalMediaType(accept) !== null;
}

function badInitialCount(found: unknown, node: DirectiveNode): GraphQLError {
  return new GraphQLError(`\`@stream(initialCount:)\` must be an integer from 0 to ${MAX_PAGE_SIZE}; got ${JSON.stringify(found)}.`, {
    nodes: [node],
    extensions: { code: 'BAD_USER_INPUT', argument: 'initialCount', limit: MAX_PAGE_SIZE, http: { spec: true, status: 400 } },
  });
}

export function incrementalNotAccepted(accept: string | null): GraphQLError {
  return new GraphQLError(
    `This operation uses @defer or @stream, so its answer comes in several parts, which need \`Accept: multipart/mixed\` or \`Accept: text/event-stream\`; this request accepts ${JSON.stringify((accept ?? '').slice(0, 200))}. Send one of those, or remove the directives (or give them \`if: false\`) to get one JSON answer.`,
    { extensions: { code: 'INCREMENTAL_DELIVERY_NOT_ACCEPTED', accept: [...INCREMENTAL_MEDIA_TYPES], http: { status: 406 } } },
  );
}

/** Refuses, before execution and before the cost limit, the incremental requests described above. */
export function incrementalRequestPlugin(): Plugin {
  return {
    onExecute({ args, setResultAndStopExecution }) {
      if (!hasIncrementalDirectives(args.document)) return;
      const operation = getOperationAST(args.document, args.operationName);
      if (!operation) return; // execution reports the missing operation
      // The cost limit, next, refuses variables that do not fit, with graphql-js's messages.
      const variables = coercedVariables(args.schema, operation, args.variableValues);
      if (!variables) return;
      const use = incrementalUseOf(args.document, operation, variables);
      const errors: GraphQLError[] = [];
      // Every @stream's initialCount is checked, run or not, so the answer does not depend on @skip/@include.
      for (const node of use.all) {
        const values = argumentsOf(node, variables);
        if (values === undefined) {
          // Validation and coercion passed, so this should not happen; refuse rather than guess.
          errors.push(
            new GraphQLError(`The arguments of @${node.name.value} could not be read, so the operation is refused.`, {
              nodes: [node],
              extensions: { code: 'BAD_USER_INPUT', http: { spec: true, status: 400 } },
            }),
          );
          continue;
        }
        if (node.name.value === 'stream') {
          const count = values.initialCount;
          if (typeof count !== 'number' || !Number.isInteger(count) || count < 0 || count > MAX_PAGE_SIZE) errors.push(badInitialCount(count ?? null, node));
        }
      }
      if (errors.length) {
        setResultAndStopExecution({ errors });
        return;
      }
      const request = (args.contextValue as { request?: Request }).request;
      if (!request || acceptsIncremental(request.headers.get('accept'))) return;
      if (use.reached.some((node) => isOn(node, variables))) {
        setResultAndStopExecution({ errors: [incrementalNotAccepted(request.headers.get('accept'))] });
      }
    },
  };
}

/** The plugins: Yoga's defer/stream plugin (validation rules) and the checks above. */
export function incrementalDeliveryPlugins(): Plugin[] {
  return [useDeferStream() as Plugin, incrementalRequestPlugin()];
}
