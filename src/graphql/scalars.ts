import { GraphQLScalarType } from 'graphql';
import { DateTimeResolver } from 'graphql-scalars';
import { builder } from './builder.js';

// graphql-scalars parses and validates; only the output form changes. Date lines carry minutes,
// never milliseconds, so "2022-01-18T16:19:00Z" reads better than "…:00.000Z".
const DateTime = new GraphQLScalarType({
  ...DateTimeResolver.toConfig(),
  serialize: (value) => {
    const serialized: unknown = DateTimeResolver.serialize(value);
    const iso = serialized instanceof Date ? serialized.toISOString() : String(serialized);
    return iso.endsWith('.000Z') ? `${iso.slice(0, -5)}Z` : iso;
  },
});

builder.addScalarType('DateTime', DateTime);
