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
 *   request, before execution. Introspection (`__schema`, `__type`), which
 *   Pothos does not count, is counted by the same model here: the full
 *   introspection query fits, a second copy or a deep recursive one does not.
 *   A fragment under `@defer` and a list under `@stream` count in full, as
 *   if sent at once, whatever `initialCount` (Pothos's walk ignores
 *   directives; test/defer.test.ts holds it to that).
 * - Directives are counted as the operation runs them: a fragment's
 *   directives once per spread of the fragment.
 */
import { EnvelopArmorPlugin } from '@escape.tech/graphql-armor';
import { complexityFromQuery } from '@pothos/plugin-complexity';
import {
  getNamedType,
  getNullableType,
  getOperationAST,
  getVariableValues,
  GraphQLError,
  isListType,
  isObjectType,
  Kind,
  Lexer,
  Source,
  TokenKind,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLNamedType,
  type GraphQLSchema,
  type GraphQLType,
  type OperationDefinitionNode,
  type ParseOptions,
  type SelectionSetNode,
  type ValidationContext,
  type ValidationRule,
} from 'graphql';
import { isAsyncIterable, type Plugin } from 'graphql-yoga';
import { timeLimitError, type Context } from './context.ts';
import { nodeRequestOf, overBudget, type CostBudget } from './budget.ts';

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
  /** Brackets, braces and parentheses open at once in query text (graphql-js parses them recursively). */
  maxNesting: 100,
  /** Cost (see above) of one operation. */
  maxCost: 50_000,
} as const;

/** Milliseconds an operation may execute before it is stopped (EXECUTION_TIME_LIMIT_MS for `npm start`). */
export const EXECUTION_TIME_LIMIT_MS = 5_000;

/**
 * Answers an operation that ran past its time limit with one error naming
 * the limit, instead of the field errors its store calls threw (src/context.ts)
 * or the answer it finished too late to give.
 */
function timeLimitPlugin(): Plugin {
  return {
    onExecute({ args }) {
      return {
        onExecuteDone({ result, setResult }) {
          const limit = (args.contextValue as Partial<Context>).timeLimit;
          // Past the deadline at a store call, or by the end (work after the last store call, such as
          // building a long list of loaded objects, is checked here).
          if (limit && (limit.exceeded || performance.now() > limit.deadline) && !isAsyncIterable(result)) setResult({ errors: [timeLimitError(limit.ms)] });
        },
      };
    },
  };
}

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

/**
 * What an introspection list multiplies its selection by: chosen so that
 * one full introspection query (GraphiQL's, codegen's; about 26,500) fits
 * the cost limit and two copies of it do not.
 */
export const INTROSPECTION_LIST_MULTIPLIER = 8;

function fragmentsOf(document: DocumentNode): Map<string, FragmentDefinitionNode> {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  return fragments;
}

/**
 * The cost of the introspection an operation selects (`__schema`, `__type`
 * at its root, through fragments too): every field 1, a list field
 * multiplies what it selects by INTROSPECTION_LIST_MULTIPLIER. A fragment's cost is computed once per
 * type it is spread on, so nested spreads cost linear work, not exponential.
 */
export function introspectionCost(schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode): number {
  const fragments = fragmentsOf(document);
  const memo = new Map<string, number>();
  const underway = new Set<string>();
  const spreadCost = (
    name: string,
    parent: GraphQLNamedType | undefined,
    walk: (set: SelectionSetNode, parent: GraphQLNamedType | undefined) => number,
    scope: string,
  ) => {
    const key = `${scope}:${name}:${parent?.name ?? ''}`;
    const known = memo.get(key);
    if (known !== undefined) return known;
    const fragment = fragments.get(name);
    if (!fragment || underway.has(key)) return 0; // validation reports unknown fragments and cycles
    underway.add(key);
    const cost = walk(fragment.selectionSet, fragment.typeCondition ? (schema.getType(fragment.typeCondition.name.value) ?? parent) : parent);
    underway.delete(key);
    memo.set(key, cost);
    return cost;
  };
  // Inside introspection: the model, over the introspection types.
  const selectionCost = (set: SelectionSetNode, parent: GraphQLNamedType | undefined): number => {
    let total = 0;
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) {
        total += 1;
        const field = isObjectType(parent) ? parent.getFields()[selection.name.value] : undefined;
        if (field && selection.selectionSet) {
          const multiplier = isListType(getNullableType(field.type) as GraphQLType) ? INTROSPECTION_LIST_MULTIPLIER : 1;
          total += multiplier * selectionCost(selection.selectionSet, getNamedType(field.type));
        }
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        total += selectionCost(selection.selectionSet, selection.typeCondition ? (schema.getType(selection.typeCondition.name.value) ?? parent) : parent);
      } else {
        total += spreadCost(selection.name.value, parent, selectionCost, 'in');
      }
    }
    return total;
  };
  // At the root: only `__schema` and `__type` are introspection.
  const rootCost = (set: SelectionSetNode, parent: GraphQLNamedType | undefined): number => {
    let total = 0;
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) {
        const name = selection.name.value;
        if ((name === '__schema' || name === '__type') && selection.selectionSet) {
          const type = schema.getType(name === '__schema' ? '__Schema' : '__Type');
          total += 1 + selectionCost(selection.selectionSet, type ?? undefined);
        }
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        total += rootCost(selection.selectionSet, parent);
      } else {
        total += spreadCost(selection.name.value, parent, rootCost, 'root');
      }
    }
    return total;
  };
  return rootCost(operation.selectionSet, schema.getQueryType() ?? undefined);
}

/**
 * Refuses an operation that selects `__schema` more than once (aliases and
 * fragment spreads counted each time): one full introspection is what any
 * tool needs, and each copy is a large answer. graphql-js's own
 * MaxIntrospectionDepthRule bounds how deep one copy may recurse.
 */
const SchemaIntrospectionOnceRule: ValidationRule = (context) => {
  const fragments = fragmentsOf(context.getDocument());
  const underway = new Set<string>();
  // Each fragment is walked once (its count, capped at 2, is kept): walking it again at every
  // spread took time exponential in the nesting of doubling fragments (40 levels: minutes).
  const counted = new Map<string, number>();
  const count = (set: SelectionSetNode): number => {
    let found = 0;
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) found += selection.name.value === '__schema' ? 1 : 0;
      else if (selection.kind === Kind.INLINE_FRAGMENT) found += count(selection.selectionSet);
      else {
        const name = selection.name.value;
        const known = counted.get(name);
        if (known !== undefined) {
          found += known;
        } else {
          const fragment = fragments.get(name);
          if (!fragment || underway.has(name)) continue; // validation reports unknown fragments and cycles
          underway.add(name);
          const inFragment = count(fragment.selectionSet);
          underway.delete(name);
          counted.set(name, inFragment);
          found += inFragment;
        }
      }
      if (found > 1) return found; // enough to refuse; stops early on doubling fragments
    }
    return found;
  };
  return {
    OperationDefinition(operation) {
      if (count(operation.selectionSet) > 1) {
        context.reportError(
          new GraphQLError(
            'Introspection limit: an operation may select `__schema` once; this one selects it more than once (aliases and fragment spreads count each time).',
            {
              nodes: [operation],
              extensions: { code: 'INTROSPECTION_LIMIT_EXCEEDED', limit: 1 },
            },
          ),
        );
      }
    },
  };
};

/**
 * Refuses an operation with more than LIMITS.maxDirectives directives,
 * counted as it runs: a fragment's directives (and those of the spreads in
 * it) once per spread, and the directives on each spread. graphql-armor
 * counts a fragment's once, however often it is spread.
 */
const DirectiveLimitRule: ValidationRule = (context) => {
  const fragments = fragmentsOf(context.getDocument());
  const memo = new Map<string, number>();
  const underway = new Set<string>();
  const inFragment = (name: string): number => {
    const known = memo.get(name);
    if (known !== undefined) return known;
    const fragment = fragments.get(name);
    if (!fragment || underway.has(name)) return 0; // unknown fragments and cycles are other rules' errors
    underway.add(name);
    const count = (fragment.directives?.length ?? 0) + inSet(fragment.selectionSet);
    underway.delete(name);
    memo.set(name, count);
    return count;
  };
  const inSet = (set: SelectionSetNode): number => {
    let count = 0;
    for (const selection of set.selections) {
      count += selection.directives?.length ?? 0;
      if (selection.kind === Kind.FRAGMENT_SPREAD) count += inFragment(selection.name.value);
      else if (selection.selectionSet) count += inSet(selection.selectionSet);
    }
    return count;
  };
  return {
    OperationDefinition(operation) {
      const found = (operation.directives?.length ?? 0) + inSet(operation.selectionSet);
      if (found > LIMITS.maxDirectives) {
        context.reportError(
          new GraphQLError(`Directives limit of ${LIMITS.maxDirectives} exceeded, found ${found} (a fragment's directives count once per spread).`, {
            nodes: [operation],
            extensions: { code: 'DIRECTIVES_LIMIT_EXCEEDED', limit: LIMITS.maxDirectives, found },
          }),
        );
      }
    },
  };
};

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
function costLimitPlugin(budget: CostBudget | undefined): Plugin {
  // Per parsed document and operation name: the whole cost when it cannot depend on variables,
  // and the introspection cost (which never does).
  const fixedCosts = new WeakMap<DocumentNode, Map<string, number>>();
  const introspectionCosts = new WeakMap<DocumentNode, Map<string, number>>();
  const introspectionOf = (schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode) => {
    let byName = introspectionCosts.get(document);
    if (!byName) introspectionCosts.set(document, (byName = new Map()));
    const name = operation.name?.value ?? '';
    let cost = byName.get(name);
    if (cost === undefined) byName.set(name, (cost = introspectionCost(schema, document, operation)));
    return cost;
  };
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
          cost =
            operationCost(args.document, args.operationName, args.schema, coerced.coerced, args.contextValue as object) +
            introspectionOf(args.schema, args.document, operation);
        } else {
          let byName = fixedCosts.get(args.document);
          if (!byName) fixedCosts.set(args.document, (byName = new Map()));
          cost = byName.get(operation.name?.value ?? '');
          if (cost === undefined) {
            cost =
              operationCost(args.document, args.operationName, args.schema, {}, args.contextValue as object) +
              introspectionOf(args.schema, args.document, operation);
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
              `Query cost ${cost} exceeds the limit of ${LIMITS.maxCost}. Every field costs 1; a connection multiplies what it contains by its page size (first/last, default 20), \`nodes(ids:)\` by the number of IDs, a list by 10 (an introspection list by 8). Ask for smaller pages or fewer nested connections.`,
              'COST_LIMIT_EXCEEDED',
              { cost, limit: LIMITS.maxCost },
            ),
          ],
        });
        return;
      }
      // Within the limit: the client pays for it from its budget (src/budget.ts).
      const client = budget?.clientOf(nodeRequestOf(args.contextValue));
      if (budget && client !== undefined) {
        const spent = budget.spend(client, cost);
        if (!spent.ok) setResultAndStopExecution({ errors: [overBudget(budget, cost, spent.remaining, spent.retryAfter)] });
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

/**
 * The deepest nesting of `[`, `{` and `(` in the document, read with
 * graphql-js's lexer (a loop, not recursion): the first position past
 * LIMITS.maxNesting, or undefined. A lexical error ends the scan, so the
 * parser reports it where it would anyway; so does the token limit.
 */
function overNesting(source: Source): number | undefined {
  const lexer = new Lexer(source);
  let depth = 0;
  let tokens = 0;
  try {
    // Past the token limit the parser refuses the document anyway.
    for (let token = lexer.advance(); token.kind !== TokenKind.EOF && ++tokens <= LIMITS.maxTokens; token = lexer.advance()) {
      if (token.kind === TokenKind.BRACE_L || token.kind === TokenKind.BRACKET_L || token.kind === TokenKind.PAREN_L) {
        if (++depth > LIMITS.maxNesting) return token.start;
      } else if (token.kind === TokenKind.BRACE_R || token.kind === TokenKind.BRACKET_R || token.kind === TokenKind.PAREN_R) {
        depth--;
      }
    }
  } catch {
    // A syntax error: the parser reports it.
  }
  return undefined;
}

/**
 * Refuses, before parsing, a document that nests brackets, braces or
 * parentheses more than LIMITS.maxNesting deep. graphql-js parses them
 * recursively, and a list nested about 1,500 deep (4,000 characters and
 * under the token limit, which is counted as the parser goes) overflowed
 * the stack of a process that had just started: a 500. It wraps the parse
 * function, so it runs only when the parse cache misses.
 */
function nestingLimitPlugin(): Plugin {
  type ParseFn = (source: string | Source, options?: ParseOptions) => DocumentNode;
  const wrapped = new WeakMap<ParseFn, ParseFn>();
  return {
    onParse({ parseFn, setParseFn }) {
      let fn = wrapped.get(parseFn);
      if (!fn) {
        const inner = parseFn;
        fn = (source, options) => {
          const body = typeof source === 'string' ? new Source(source) : source;
          const at = overNesting(body);
          if (at !== undefined) {
            throw new GraphQLError(`Query text nests brackets, braces and parentheses more than ${LIMITS.maxNesting} deep.`, {
              source: body,
              positions: [at],
              extensions: { code: 'NESTING_LIMIT_EXCEEDED', limit: LIMITS.maxNesting, http: { status: 400 } },
            });
          }
          return inner(body, options);
        };
        wrapped.set(parseFn, fn);
      }
      setParseFn(fn);
    },
  };
}

const reportAsValidationError = {
  propagateOnRejection: false,
  // Armor words its errors "Syntax Error: …"; these are validation errors of a well-formed document.
  onReject: [
    (context: ValidationContext | null, error: GraphQLError) =>
      context?.reportError(new GraphQLError(error.message.replace(/^Syntax Error: /, ''), { nodes: error.nodes, extensions: error.extensions })),
  ],
};

/** Adds the validation rules of this module. */
function validationRulesPlugin(): Plugin {
  return {
    onValidate({ addValidationRule }) {
      addValidationRule(DirectiveLimitRule);
      addValidationRule(SchemaIntrospectionOnceRule);
    },
  };
}

/** The envelop plugins that enforce LIMITS, and the per-client cost budget when one is given. */
export function limitPlugins(budget?: CostBudget): Plugin[] {
  return [
    queryLengthPlugin(),
    EnvelopArmorPlugin({
      // Armor throws from inside validation by default, which Yoga answers
      // with status 200; reported as validation errors they get 400, as
      // GraphQL over HTTP asks for a document that fails validation.
      maxDepth: { n: LIMITS.maxDepth, ignoreIntrospection: true, ...reportAsValidationError },
      maxAliases: { n: LIMITS.maxAliases, ...reportAsValidationError },
      // Counted by DirectiveLimitRule, once per fragment spread.
      maxDirectives: { enabled: false },
      maxTokens: { n: LIMITS.maxTokens },
      // The cost limit above counts page sizes from variables too.
      costLimit: { enabled: false },
      // Introspection is public, so "Did you mean …?" hides nothing and helps.
      blockFieldSuggestion: { enabled: false },
    }) as Plugin,
    // After armor's token-limit parser (which armor adds right after itself), so that it wraps it.
    nestingLimitPlugin(),
    validationRulesPlugin(),
    costLimitPlugin(budget),
    timeLimitPlugin(),
  ];
}
