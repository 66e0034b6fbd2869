import SchemaBuilder from '@pothos/core';
import DrizzlePlugin from '@pothos/plugin-drizzle';
import RelayPlugin from '@pothos/plugin-relay';
import { getTableConfig } from 'drizzle-orm/pg-core';
import type { Db } from '../db/client.js';
import { relations } from '../db/relations.js';
import { decodeNodeId } from './ids.js';
import { MAX_PAGE_SIZE } from './page-size.js';

export interface Context {
  db: Db;
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
    decodeGlobalID: (globalID) => decodeNodeId(globalID),
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
