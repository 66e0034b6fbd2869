import { builder } from './builder.js';

export const OrderDirection = builder.enumType('OrderDirection', {
  description: "Which way an order runs; each order's own direction is named in its description.",
  values: {
    ASC: { value: 'asc', description: 'Smallest, earliest or first in the alphabet first.' },
    DESC: { value: 'desc', description: 'Largest, latest or last in the alphabet first.' },
  } as const,
});

export type Direction = 'asc' | 'desc';

/** The `direction` argument every field that offers an `orderBy` takes beside it. */
export const DIRECTION_ARG_DESCRIPTION =
  "ASC or DESC. Left out, each order runs its own way (NAME ascending, counts, times and relevance descending, OLDEST and DISTANCE ascending); given, it sets the main key's direction and its tie-break's.";

type Keys = Record<string, Direction>;

/**
 * An order run the asked way. `primary` are the keys the direction applies to (the main key and
 * its tie-break, which follow it so a page never repeats a row); `fixed` keep theirs (quotes of
 * one article stay in text order whichever way the articles run).
 */
export function directed(
  natural: Direction,
  primary: string[],
  direction: Direction | null | undefined,
  fixed: Keys = {},
): Keys {
  const way = direction ?? natural;
  const keys: Keys = {};
  for (const key of primary) keys[key] = way;
  return { ...keys, ...fixed };
}
