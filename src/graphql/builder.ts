import SchemaBuilder from '@pothos/core';
import DrizzlePlugin from '@pothos/plugin-drizzle';
import RelayPlugin, { resolveNodes } from '@pothos/plugin-relay';
import { getTableConfig } from 'drizzle-orm/pg-core';
import { type GraphQLResolveInfo, isObjectType } from 'graphql';
import type { Db } from '../db/client.js';
import { relations } from '../db/relations.js';
import type { AppMetrics } from '../http/metrics.js';
import { decodeNodeId } from './ids.js';
import type { LiveFeed } from './live.js';
import { MAX_PAGE_SIZE } from './page-size.js';

export interface Context {
  db: Db;
  /** New articles announced on the database, for subscriptions; null where none are served. */
  live?: LiveFeed | null;
  /** The HTTP request (Yoga's): its signal ends a subscription when the client goes. */
  request?: Request;
  /** Counters of what the API did (articles ingested), served on /metrics. */
  metrics?: AppMetrics;
  /** Yoga's: the request's GraphQL parameters, the operation's text among them. */
  params?: { query?: string | null };
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
    // A well-formed id that names no row is null, as in `article(id:)`; the drizzle plugin's
    // loader rejects it instead, which would be an internal error for `node` and, in `nodes`,
    // would take every other id's answer with it.
    nodeQueryOptions: {
      resolve: (_root, args, ctx, info) => resolveNodeOrNull(ctx, info, args.id),
    },
    nodesQueryOptions: {
      resolve: (_root, args, ctx, info) => args.ids.map((id) => resolveNodeOrNull(ctx, info, id)),
    },
  },
  drizzle: {
    client: (ctx) => ctx.db,
    getTableConfig,
    relations,
    maxConnectionSize: MAX_PAGE_SIZE,
    defaultConnectionSize: 20,
  },
});

/** The drizzle plugin's loader rejects an id with no row with exactly this message. */
const NOT_FOUND = /^Model \w+\(.*\) not found$/s;

function resolveNodeOrNull(
  ctx: Context,
  info: GraphQLResolveInfo,
  id: { typename: string; id: string },
): Promise<unknown> {
  // An id of a type that is no node ("Foo:1") names nothing either.
  const type = info.schema.getType(id.typename);
  if (!isObjectType(type) || !type.getInterfaces().some((i) => i.name === 'Node')) return Promise.resolve(null);
  return resolveNodes(builder, ctx, info, [id]).then(
    ([node]) => node ?? null,
    (error: unknown) => {
      if (error instanceof Error && NOT_FOUND.test(error.message)) return null;
      throw error;
    },
  );
}
