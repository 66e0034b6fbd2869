import type { Plugin } from 'graphql-yoga';
import { cancelStatementsOnAbort } from '../db/statement-cancel.js';

/**
 * Cancels the statements an operation still runs when its client disconnects (the request's
 * signal aborts once the response closes unfinished): a slow statement whose client has left
 * would otherwise hold a pool connection and a backend until it ends or times out.
 */
export function useCancelOnDisconnect(): Plugin {
  return {
    onExecute({ args, executeFn, setExecuteFn }) {
      const signal = (args.contextValue as { request?: Request }).request?.signal;
      if (!signal) return;
      setExecuteFn((executeArgs) => cancelStatementsOnAbort(signal, () => executeFn(executeArgs)));
    },
  };
}
