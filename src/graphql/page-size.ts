import { type DocumentNode, Kind, type ValueNode, visit } from 'graphql';
import { createGraphQLError, type Plugin } from 'graphql-yoga';

export const MAX_PAGE_SIZE = 100;

function numberOf(value: ValueNode, variables: Record<string, unknown>): number | null {
  if (value.kind === Kind.INT) return Number(value.value);
  if (value.kind === Kind.VARIABLE) {
    const v = variables[value.name.value];
    return typeof v === 'number' ? v : null;
  }
  return null;
}

/** The first `first` or `last` argument anywhere in the operation that asks for too many rows. */
export function oversizedPage(document: DocumentNode, variables: Record<string, unknown>): string | null {
  let found: string | null = null;
  visit(document, {
    Argument(node) {
      if (found || (node.name.value !== 'first' && node.name.value !== 'last')) return;
      const size = numberOf(node.value, variables);
      if (size !== null && size > MAX_PAGE_SIZE) found = `${node.name.value}: ${size}`;
    },
  });
  return found;
}

/**
 * Refuses an operation that asks any connection for more than MAX_PAGE_SIZE rows, before it runs
 * a single statement. The connection plugins would silently cut the page to the maximum; a client
 * asking for more than it can get deserves to be told.
 */
export function usePageSizeLimit(): Plugin {
  return {
    onExecute({ args, setResultAndStopExecution }) {
      const found = oversizedPage(args.document, (args.variableValues ?? {}) as Record<string, unknown>);
      if (found) {
        setResultAndStopExecution({
          errors: [
            createGraphQLError(
              `Page size ${found} is too large: "first" and "last" may be at most ${MAX_PAGE_SIZE}; page on with "after" or "before".`,
              { extensions: { code: 'BAD_USER_INPUT' } },
            ),
          ],
        });
      }
    },
  };
}
