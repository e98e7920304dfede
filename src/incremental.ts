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
 *   neither `multipart/mixed` nor `text/event-stream`: 406 with an error
 *   that says which Accept to send (as the Apollo Router does; GraphQL over
 *   HTTP gives an incremental answer no plain JSON form).
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
  Kind,
  visit,
  type DirectiveNode,
  type DocumentNode,
  type FragmentDefinitionNode,
  type OperationDefinitionNode,
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

/** The `@defer`/`@stream` directives an operation can run: in it and in every fragment it spreads (each fragment once). */
function incrementalDirectivesOf(document: DocumentNode, operation: OperationDefinitionNode): DirectiveNode[] {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  const found: DirectiveNode[] = [];
  const seen = new Set<string>();
  const walk = (set: SelectionSetNode) => {
    for (const selection of set.selections) {
      for (const directive of selection.directives ?? []) if (INCREMENTAL.has(directive.name.value)) found.push(directive);
      if (selection.kind === Kind.FRAGMENT_SPREAD) {
        const fragment = fragments.get(selection.name.value);
        if (fragment && !seen.has(fragment.name.value)) {
          seen.add(fragment.name.value);
          walk(fragment.selectionSet);
        }
      } else if (selection.selectionSet) {
        walk(selection.selectionSet);
      }
    }
  };
  walk(operation.selectionSet);
  return found;
}

/** Whether the request's Accept header admits an incremental answer (Yoga's matching: utf-8 only, wildcards; no header is *\/*). */
export function acceptsIncremental(accept: string | null): boolean {
  for (const entry of (accept || '*/*').replace(/\s/g, '').toLowerCase().split(',')) {
    const [mediaType = '', ...params] = entry.split(';');
    const charset = params.find((p) => p.startsWith('charset=')) ?? 'charset=utf-8';
    if (charset !== 'charset=utf-8') continue;
    const [pre, suf] = mediaType.split('/');
    for (const type of INCREMENTAL_MEDIA_TYPES) {
      const [typePre, typeSuf] = type.split('/');
      if ((pre === '*' || pre === typePre) && (suf === '*' || suf === typeSuf)) return true;
    }
  }
  return false;
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
      const directives = incrementalDirectivesOf(args.document, operation);
      if (directives.length === 0) return;
      let variables: Record<string, unknown> = {};
      if (operation.variableDefinitions?.length) {
        const coerced = getVariableValues(args.schema, operation.variableDefinitions, args.variableValues ?? {}, { maxErrors: 10 });
        // The cost limit, next, refuses variables that do not fit, with graphql-js's messages.
        if (coerced.errors) return;
        variables = coerced.coerced;
      }
      const errors: GraphQLError[] = [];
      let active = false;
      for (const node of directives) {
        const definition = node.name.value === 'stream' ? streamDirective : deferDirective;
        let values: Record<string, unknown> | undefined;
        try {
          values = getDirectiveValues(definition, { directives: [node] }, variables);
        } catch (error) {
          // Validation and coercion passed, so this should not happen; refuse rather than guess.
          const reason = error instanceof GraphQLError ? ` ${error.message}` : '';
          errors.push(
            new GraphQLError(`The arguments of @${definition.name} could not be read, so the operation is refused.${reason}`, {
              nodes: [node],
              extensions: { code: 'BAD_USER_INPUT', http: { spec: true, status: 400 } },
            }),
          );
          continue;
        }
        if (definition === streamDirective) {
          const count = values?.initialCount;
          if (typeof count !== 'number' || !Number.isInteger(count) || count < 0 || count > MAX_PAGE_SIZE) errors.push(badInitialCount(count ?? null, node));
        }
        if (values?.if !== false) active = true;
      }
      if (errors.length) {
        setResultAndStopExecution({ errors });
        return;
      }
      const request = (args.contextValue as { request?: Request }).request;
      if (active && request && !acceptsIncremental(request.headers.get('accept'))) {
        setResultAndStopExecution({ errors: [incrementalNotAccepted(request.headers.get('accept'))] });
      }
    },
  };
}

/** The plugins: Yoga's defer/stream plugin (validation rules) and the checks above. */
export function incrementalDeliveryPlugins(): Plugin[] {
  return [useDeferStream() as Plugin, incrementalRequestPlugin()];
}
