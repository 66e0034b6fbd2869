import { GraphQLError, GraphQLScalarType, type ValueNode } from 'graphql';
import { DateTimeResolver } from 'graphql-scalars';
import { builder } from './builder.js';

// Year 1 to 9999: what both Postgres' timestamptz and an ISO string of four-digit years hold.
// graphql-scalars takes "0000-01-01T00:00:00Z", which Postgres refuses as out of range (an
// internal error), so an instant outside is refused here as bad input.
const EARLIEST = Date.parse('0001-01-01T00:00:00Z');
const LATEST = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

function inRange(value: Date): Date {
  const time = value.getTime();
  if (!(time >= EARLIEST && time <= LATEST)) {
    throw new GraphQLError('DateTime must be from 0001-01-01T00:00:00Z to 9999-12-31T23:59:59Z.', {
      extensions: { code: 'BAD_USER_INPUT' },
    });
  }
  return value;
}

// graphql-scalars parses and validates; only the output form changes. Date lines carry minutes,
// never milliseconds, so "2022-01-18T16:19:00Z" reads better than "…:00.000Z".
const DateTime = new GraphQLScalarType({
  ...DateTimeResolver.toConfig(),
  serialize: (value) => {
    const serialized: unknown = DateTimeResolver.serialize(value);
    const iso = serialized instanceof Date ? serialized.toISOString() : String(serialized);
    return iso.endsWith('.000Z') ? `${iso.slice(0, -5)}Z` : iso;
  },
  parseValue: (value) => inRange(DateTimeResolver.parseValue(value) as Date),
  parseLiteral: (ast: ValueNode, variables) => inRange(DateTimeResolver.parseLiteral(ast, variables) as Date),
});

builder.addScalarType('DateTime', DateTime);
