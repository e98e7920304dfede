/**
 * Operation limits for a public endpoint. Each refusal is a GraphQL error
 * that names the limit and the value found; none is a 500.
 *
 * - Shape limits come from graphql-armor, tuned for Relay nesting (each
 *   connection adds `edges` and `node` levels, so three hops need depth 12).
 * - The cost limit counts what a query can return: every field costs 1, a
 *   plain list multiplies what it contains by 10, and a connection by its
 *   page size (`first`/`last`, 20 by default), including page sizes given
 *   in variables. It is computed with Pothos's complexity plugin once per
 *   request, before execution.
 */
import { EnvelopArmorPlugin } from '@escape.tech/graphql-armor';
import { complexityFromQuery } from '@pothos/plugin-complexity';
import { getOperationAST, getVariableValues, GraphQLError, Kind, type DocumentNode, type ValidationContext } from 'graphql';
import type { Plugin } from 'graphql-yoga';

export const LIMITS = {
  /** Nesting depth of selections (three Relay hops fit). */
  maxDepth: 12,
  /** Aliases in one operation. */
  maxAliases: 15,
  /** Directives in one operation. */
  maxDirectives: 50,
  /** Lexical tokens in one document (introspection's query included). */
  maxTokens: 2000,
  /** Characters of query text. */
  maxQueryLength: 15_000,
  /** Cost (see above) of one operation. */
  maxCost: 50_000,
} as const;

/** The cost of the operation a request executes, by the model above. */
export function operationCost(
  document: DocumentNode,
  operationName: string | null | undefined,
  schema: Parameters<typeof complexityFromQuery>[1]['schema'],
  variables: Record<string, unknown> | null | undefined,
  context: object,
): number {
  const operation = getOperationAST(document, operationName);
  if (!operation) return 0; // execution reports the missing operation
  const only: DocumentNode = {
    ...document,
    definitions: [operation, ...document.definitions.filter((d) => d.kind === Kind.FRAGMENT_DEFINITION)],
  };
  return complexityFromQuery(only, { schema, variables: variables ?? {}, ctx: context }).complexity;
}

function refusal(message: string, code: string, extensions: Record<string, unknown> = {}): GraphQLError {
  // Like a validation error: 400 for application/graphql-response+json, 200 for application/json.
  return new GraphQLError(message, { extensions: { code, ...extensions, http: { spec: true, status: 400 } } });
}

/**
 * Refuses, before execution, an operation whose cost exceeds LIMITS.maxCost,
 * and fails closed: an operation whose cost cannot be computed (say, a null
 * variable in a non-null argument under `@skip(if: true)`) is refused too,
 * never run unmeasured. The cost of an operation that declares no
 * variables is kept per parsed document (Yoga's parse cache hands out the
 * same document for the same text), weakly, so it goes with the document.
 */
function costLimitPlugin(): Plugin {
  const fixedCosts = new WeakMap<DocumentNode, Map<string, number>>();
  return {
    onExecute({ args, setResultAndStopExecution }) {
      const operation = getOperationAST(args.document, args.operationName);
      if (!operation) return; // execution reports the missing or ambiguous operation, running nothing
      let cost: number | undefined;
      try {
        if (operation.variableDefinitions?.length) {
          // Variables that do not fit their types: refused here with graphql-js's own
          // messages (400), so no executor runs an operation whose cost is unknown.
          const coerced = getVariableValues(args.schema, operation.variableDefinitions, args.variableValues ?? {}, { maxErrors: 10 });
          if (coerced.errors) {
            const http = { spec: true, status: 400 }; // a request error, as Yoga's executor reports it
            setResultAndStopExecution({
              errors: coerced.errors.map((e) => new GraphQLError(e.message, { nodes: e.nodes, extensions: { ...e.extensions, http } })),
            });
            return;
          }
          cost = operationCost(args.document, args.operationName, args.schema, coerced.coerced, args.contextValue as object);
        } else {
          let byName = fixedCosts.get(args.document);
          if (!byName) fixedCosts.set(args.document, (byName = new Map()));
          cost = byName.get(operation.name?.value ?? '');
          if (cost === undefined) {
            cost = operationCost(args.document, args.operationName, args.schema, {}, args.contextValue as object);
            byName.set(operation.name?.value ?? '', cost);
          }
        }
      } catch (error) {
        const reason = error instanceof GraphQLError ? ` ${error.message}` : '';
        setResultAndStopExecution({
          errors: [
            refusal(
              `The query's cost could not be computed, so it is refused (the cost limit is ${LIMITS.maxCost}).${reason} Give every argument a value that fits its type, also under @skip and @include.`,
              'COST_NOT_COMPUTABLE',
              { limit: LIMITS.maxCost },
            ),
          ],
        });
        return;
      }
      if (cost > LIMITS.maxCost) {
        setResultAndStopExecution({
          errors: [
            refusal(
              `Query cost ${cost} exceeds the limit of ${LIMITS.maxCost}. Every field costs 1; a connection multiplies what it contains by its page size (first/last, default 20) and a list by 10. Ask for smaller pages or fewer nested connections.`,
              'COST_LIMIT_EXCEEDED',
              { cost, limit: LIMITS.maxCost },
            ),
          ],
        });
      }
    },
  };
}

/**
 * Refuses query text longer than LIMITS.maxQueryLength before it is parsed.
 * (graphql-armor's character-limit plugin replaces the parse function,
 * which Yoga's parse cache bypasses, so it never fired here; the check on
 * the request's parameters runs for every request.)
 */
function queryLengthPlugin(): Plugin {
  return {
    onParams({ params }) {
      const length = typeof params.query === 'string' ? params.query.length : 0;
      if (length > LIMITS.maxQueryLength) {
        throw new GraphQLError(`Query text is limited to ${LIMITS.maxQueryLength} characters; found ${length}.`, {
          extensions: { code: 'QUERY_TOO_LONG', limit: LIMITS.maxQueryLength, length, http: { status: 400 } },
        });
      }
    },
  };
}

const reportAsValidationError = {
  propagateOnRejection: false,
  onReject: [(context: ValidationContext | null, error: GraphQLError) => context?.reportError(error)],
};

/** The envelop plugins that enforce LIMITS. */
export function limitPlugins(): Plugin[] {
  return [
    queryLengthPlugin(),
    EnvelopArmorPlugin({
      // Armor throws from inside validation by default, which Yoga answers
      // with status 200; reported as validation errors they get 400, as
      // GraphQL over HTTP asks for a document that fails validation.
      maxDepth: { n: LIMITS.maxDepth, ignoreIntrospection: true, ...reportAsValidationError },
      maxAliases: { n: LIMITS.maxAliases, ...reportAsValidationError },
      maxDirectives: { n: LIMITS.maxDirectives, ...reportAsValidationError },
      maxTokens: { n: LIMITS.maxTokens },
      // The cost limit above counts page sizes from variables too.
      costLimit: { enabled: false },
      // Introspection is public, so "Did you mean …?" hides nothing and helps.
      blockFieldSuggestion: { enabled: false },
    }) as Plugin,
    costLimitPlugin(),
  ];
}
