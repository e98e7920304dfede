/**
 * HTTP-level behaviour beyond Yoga's defaults: the API is read-only, and
 * readiness reflects whether the server takes new work.
 */
import { GraphQLError, type ValidationRule } from 'graphql';
import { useReadinessCheck, type Plugin } from 'graphql-yoga';

/**
 * The schema has no mutations or subscriptions. graphql-js 16 has no rule
 * for an operation type the schema lacks (it fails at execution, with data
 * null and status 200), so this rule refuses it at validation, where
 * GraphQL over HTTP gives it a 4xx status.
 */
const QueryOnlyRule: ValidationRule = (context) => ({
  OperationDefinition(node) {
    if (node.operation !== 'query') {
      context.reportError(
        new GraphQLError(
          `This API is read-only: it has no ${node.operation} type. Send a query; see the schema at /graphql (introspection) for the fields of Query.`,
          { nodes: [node], extensions: { code: 'OPERATION_NOT_SUPPORTED' } },
        ),
      );
    }
  },
});

export function readOnlyPlugin(): Plugin {
  return {
    onValidate({ addValidationRule }) {
      addValidationRule(QueryOnlyRule);
    },
  };
}

/** Whether the server takes new requests; false once shutdown has begun. */
export const lifecycle = { accepting: true };

/**
 * GET /ready: 200 while the server takes requests (the fixtures are loaded
 * and indexed before the app exists), 503 once shutdown has begun so that a
 * load balancer stops routing to it while requests in flight finish.
 */
export function readinessPlugin(): Plugin {
  return useReadinessCheck({ endpoint: '/ready', check: () => lifecycle.accepting });
}
