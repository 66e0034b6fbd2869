import SchemaBuilder from '@pothos/core';
import DrizzlePlugin from '@pothos/plugin-drizzle';
import RelayPlugin from '@pothos/plugin-relay';
import { getTableConfig } from 'drizzle-orm/pg-core';
import { createGraphQLError } from 'graphql-yoga';
import type { Db } from '../db/client.js';
import { relations } from '../db/relations.js';

export interface Context {
  db: Db;
}

export const MAX_PAGE_SIZE = 100;

/**
 * Every connection's `maxSize`: the plugins would silently cut a page to the maximum, but a
 * client asking for more than it can get deserves to be told.
 */
export function pageSizeLimit(args: { first?: number | null; last?: number | null }): number {
  for (const name of ['first', 'last'] as const) {
    const value = args[name];
    if (value != null && value > MAX_PAGE_SIZE) {
      throw createGraphQLError(
        `"${name}" may be at most ${MAX_PAGE_SIZE}; ask for the next page with "after" or "before".`,
        {
          extensions: { code: 'BAD_USER_INPUT' },
        },
      );
    }
  }
  return MAX_PAGE_SIZE;
}

export const builder = new SchemaBuilder<{
  DrizzleRelations: typeof relations;
  Context: Context;
  Scalars: {
    DateTime: { Input: Date; Output: Date };
    ID: { Input: string; Output: string | number };
  };
  DefaultFieldNullability: false;
  DefaultEdgesNullability: false;
  DefaultNodeNullability: false;
}>({
  // Fields are non-null unless said otherwise: clients get types that say what is always there.
  defaultFieldNullability: false,
  plugins: [RelayPlugin, DrizzlePlugin],
  relay: {
    clientMutationId: 'omit',
    cursorType: 'String',
    edgesFieldOptions: { nullable: false },
    nodeFieldOptions: { nullable: false },
  },
  drizzle: {
    client: (ctx) => ctx.db,
    getTableConfig,
    relations,
    maxConnectionSize: MAX_PAGE_SIZE,
    defaultConnectionSize: 20,
  },
});
