import { lexicographicSortSchema, printSchema } from 'graphql';
import { builder } from './builder.js';
import './scalars.js';
import './mention.js';
import './article.js';
import './person.js';
import './place.js';
import './quote.js';
import './stats.js';

builder.queryType({});

export const schema = builder.toSchema();

/** The SDL committed as schema.graphql, sorted so that it diffs cleanly. */
export function printSchemaSdl(): string {
  return `${printSchema(lexicographicSortSchema(schema))}\n`;
}
