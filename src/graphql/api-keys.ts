import { createHash, timingSafeEqual } from 'node:crypto';
import { getOperationAST } from 'graphql';
import { createGraphQLError, type Plugin } from 'graphql-yoga';

export const MUTATIONS_OFF_MESSAGE =
  'Mutations are turned off: this server has no API keys. Start it with API_KEYS set to one or more ' +
  'comma-separated keys (or sha256:<hex digest> of each) and send "Authorization: Bearer <key>".';

/** True when the request's `Authorization: Bearer KEY` names one of the keys, by digest. */
export function keyMatches(authorization: string | null, hashes: Buffer[]): boolean {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
  if (!match) return false;
  // Digests are compared, not keys: equal lengths for timingSafeEqual, and nothing about a key's
  // length or its first differing byte shows in the time taken. Every key is compared.
  const presented = createHash('sha256')
    .update(match[1] as string)
    .digest();
  let found = false;
  for (const hash of hashes) if (timingSafeEqual(presented, hash)) found = true;
  return found;
}

/**
 * Mutations need an API key. Checked when the operation is about to execute, after parsing and
 * validation, before any resolver runs: a refused mutation runs no SQL. Without keys configured,
 * every mutation is refused with a message saying how to turn them on.
 */
export function useApiKeys(hashes: Buffer[]): Plugin {
  return {
    onExecute({ args, setResultAndStopExecution }) {
      const operation = getOperationAST(args.document, args.operationName ?? undefined);
      if (operation?.operation !== 'mutation') return;
      const request = (args.contextValue as { request?: Request }).request;
      if (!hashes.length) {
        setResultAndStopExecution({
          errors: [
            createGraphQLError(MUTATIONS_OFF_MESSAGE, { extensions: { code: 'FORBIDDEN', http: { status: 403 } } }),
          ],
        });
        return;
      }
      if (keyMatches(request?.headers.get('authorization') ?? null, hashes)) return;
      setResultAndStopExecution({
        errors: [
          createGraphQLError('This mutation needs a valid API key: send "Authorization: Bearer <key>".', {
            extensions: {
              code: 'UNAUTHENTICATED',
              http: { status: 401, headers: { 'WWW-Authenticate': 'Bearer' } },
            },
          }),
        ],
      });
    },
  };
}
