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

/**
 * Yoga parses the `variables` and `extensions` of a GET request with a bare
 * JSON.parse, so malformed JSON there became a 500. This answers it as the
 * client error it is: 400, with a message naming the parameter.
 */
export function queryStringPlugin(): Plugin {
  return {
    onRequest({ request, url, endResponse, fetchAPI }) {
      if (request.method !== 'GET') return;
      for (const name of ['variables', 'extensions']) {
        const value = url.searchParams.get(name);
        if (value === null || value === '') continue;
        let problem: string | undefined;
        try {
          const parsed: unknown = JSON.parse(value);
          if (parsed !== null && (typeof parsed !== 'object' || Array.isArray(parsed))) problem = 'must be a JSON object';
        } catch {
          problem = 'is not valid JSON';
        }
        if (problem) {
          endResponse(
            new fetchAPI.Response(
              JSON.stringify({ errors: [{ message: `The \`${name}\` query parameter ${problem}.`, extensions: { code: 'BAD_REQUEST' } }] }),
              { status: 400, headers: { 'content-type': 'application/json; charset=utf-8' } },
            ),
          );
          return;
        }
      }
    },
  };
}

/** Whether the server takes new requests; false once shutdown has begun. */
export const lifecycle = { accepting: true };

/**
 * GET /ready: 200 while the server takes requests (the fixtures are loaded
 * and indexed before the app exists), 503 once shutdown has begun so that a
 * load balancer stops routing to it while requests in flight finish. From
 * then on every answer says `Connection: close`, so that a client on a
 * keep-alive connection opens its next request elsewhere instead of sending
 * it to a server about to close.
 */
export function readinessPlugin(): Plugin {
  return {
    ...useReadinessCheck({ endpoint: '/ready', check: () => lifecycle.accepting }),
    onResponse({ response }) {
      if (!lifecycle.accepting) response.headers.set('connection', 'close');
    },
  };
}

/**
 * The request body limit. Yoga's own (`maxRequestBodySize`) pipes every
 * body through a TransformStream and builds a second Request, which cost
 * more than a whole cached answer. Here a valid Content-Length within the
 * limit is trusted, since Node's HTTP parser delivers exactly that many
 * bytes; a larger one is 413 before anything is read, a malformed one 400;
 * only a body without a length (chunked) is counted as it streams in.
 * Put it after every plugin that registers a request parser.
 */
export function bodyLimitPlugin(limit: number): Plugin {
  const tooLarge = (found: string) =>
    new GraphQLError(`The request body is limited to ${limit} bytes; ${found}.`, {
      extensions: { code: 'REQUEST_ENTITY_TOO_LARGE', limit, http: { status: 413 } },
    });
  return {
    onRequestParse({ request, requestParser, setRequestParser, fetchAPI }) {
      const declared = request.headers.get('content-length');
      if (declared !== null) {
        if (!/^\d{1,15}$/.test(declared)) {
          throw new GraphQLError('The Content-Length header must be one non-negative integer.', {
            extensions: { code: 'BAD_REQUEST', http: { status: 400 } },
          });
        }
        if (Number(declared) > limit) throw tooLarge(`Content-Length says ${declared}`);
        return;
      }
      if (!requestParser || !request.body) return;
      const parse = requestParser;
      setRequestParser((req) => {
        let read = 0;
        const counted = req.body!.pipeThrough(
          new fetchAPI.TransformStream<Uint8Array, Uint8Array>({
            transform(chunk, controller) {
              read += chunk.byteLength;
              if (read > limit) controller.error(tooLarge('the body sent was longer'));
              else controller.enqueue(chunk);
            },
          }),
        );
        return parse(new fetchAPI.Request(req.url, { method: req.method, headers: req.headers, signal: req.signal, body: counted, duplex: 'half' } as RequestInit));
      });
    },
  };
}
