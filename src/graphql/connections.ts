import type { SchemaTypes } from '@pothos/core';
import type { builder } from './builder.js';

type Types = typeof builder extends PothosSchemaTypes.SchemaBuilder<infer T extends SchemaTypes> ? T : never;

/**
 * Options for a connection over link rows whose resolver returns `totalCount` beside the page
 * (the count comes from the parent's own query, not from a second statement).
 */
export function countedConnection(name: string) {
  return {
    name,
    fields: <Shape>(c: PothosSchemaTypes.ObjectFieldBuilder<Types, Shape>) => ({
      totalCount: c.int({ resolve: (connection) => (connection as { totalCount: number }).totalCount }),
    }),
  };
}
