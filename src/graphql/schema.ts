import { lexicographicSortSchema, printSchema } from 'graphql';
import { builder } from './builder.js';
import './scalars.js';
import './mention.js';
import './article.js';
import './person.js';
import './place.js';
import './organization.js';
import './quote.js';
import './stats.js';
import './mutations.js';
import './subscriptions.js';

builder.queryType({});
builder.mutationType({ description: 'Writes; each needs an API key (`Authorization: Bearer KEY`).' });

export const schema = builder.toSchema();

/** The SDL committed as schema.graphql, sorted so that it diffs cleanly. */
export function printSchemaSdl(): string {
  return `${printSchema(lexicographicSortSchema(schema))}\n`;
}
