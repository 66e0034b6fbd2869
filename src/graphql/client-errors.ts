import { GraphQLError, type ValidationContext } from 'graphql';
import { createGraphQLError, type Plugin } from 'graphql-yoga';

/**
 * The `extensions.http` Yoga reads when it picks a status: `spec` keeps 200 for a client that
 * asked for `application/json` (GraphQL over HTTP wants 200 there), while
 * `application/graphql-response+json` gets the 400 of a request error.
 */
const REQUEST_ERROR_HTTP = { spec: true, status: 400 } as const;

export type OperationLimit = 'depth' | 'aliases' | 'tokens' | 'cost' | 'directives';

/**
 * graphql-armor writes every refusal as "Syntax Error: …" with no code (and, for a validation
 * rule, throws it, so Yoga answers 200 as though it were a result). Each limit instead reports
 * a plain message with a code a client can act on, as a validation error: a request error, 400
 * for `application/graphql-response+json`.
 */
export function limitRejection(limit: OperationLimit) {
  return {
    propagateOnRejection: false,
    onReject: [
      (context: ValidationContext | null, error: GraphQLError) => {
        const coded = createGraphQLError(error.message.replace(/^Syntax Error: /, ''), {
          extensions: { code: 'OPERATION_LIMIT_EXCEEDED', limit, http: REQUEST_ERROR_HTTP },
        });
        // The token limit is checked while the document is parsed, where there is no context to
        // report to: throwing is how a parse fails.
        if (!context) throw coded;
        context.reportError(coded);
      },
    ],
  };
}

/**
 * A request that is no GraphQL request at all: a body or query string that does not parse. Not
 * well-formed, so 400 whatever the client accepts (no `spec`: GraphQL over HTTP keeps 200 for
 * `application/json` only for well-formed requests).
 */
function badRequest(message: string): GraphQLError {
  return createGraphQLError(message, { extensions: { code: 'BAD_REQUEST', http: { status: 400 } } });
}

/**
 * Yoga's request parsers throw a bare SyntaxError for a GET whose `variables` or `extensions` is
 * not JSON (answered as a 500 "Unexpected error."), and for a POST body that is not JSON they
 * attach the JSON parser's own message. Both become a 400 that says what was wrong and no more.
 */
export function useRequestParseErrors(): Plugin {
  return {
    onRequestParse({ requestParser, setRequestParser }) {
      if (!requestParser) return;
      setRequestParser(async (request) => {
        try {
          return await requestParser(request);
        } catch (error) {
          if (error instanceof GraphQLError && error.extensions.code !== 'BAD_REQUEST') throw error;
          throw badRequest(
            request.method === 'GET'
              ? 'The query string is not a GraphQL request: "variables" and "extensions" must be JSON objects.'
              : error instanceof GraphQLError
                ? error.message
                : 'The request body is not valid JSON.',
          );
        }
      });
    },
  };
}

/**
 * Gives an error the client caused a code, and drops what only the server should see (Yoga puts
 * the JSON parser's message in `extensions.originalError`). Pothos throws its argument checks
 * ("first" with "last", an id of the wrong type) without a code. Changed in place: Yoga logs an
 * error as unexpected when masking hands back another object.
 */
export function codedClientError(error: GraphQLError): GraphQLError {
  const extensions = error.extensions as Record<string, unknown>;
  delete extensions.originalError;
  extensions.code ??= 'BAD_USER_INPUT';
  return error;
}

/**
 * GraphQL over HTTP: a result with no `data` at all is a request error (refused before
 * execution, as the page-size check does), 4xx for `application/graphql-response+json`. Errors
 * that already carry a status, and unexpected ones (masked, 500), keep theirs.
 */
export function useRequestErrorStatus(): Plugin {
  return {
    onExecutionResult({ result }) {
      if (!result || Symbol.asyncIterator in result || 'data' in result) return;
      for (const error of result.errors ?? []) {
        const code = error.extensions.code;
        if (!code || code === 'INTERNAL_SERVER_ERROR' || error.extensions.http) continue;
        (error.extensions as Record<string, unknown>).http = REQUEST_ERROR_HTTP;
      }
    },
  };
}
