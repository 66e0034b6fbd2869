import { decodeGlobalID, encodeGlobalID } from '@pothos/plugin-relay';
import { createGraphQLError } from 'graphql-yoga';

// The one spelling of a row's id: no sign, no leading zero, no fraction, no exponent, no space.
const CANONICAL = /^(?:0|[1-9]\d{0,9})$/;

/** The integer primary key inside a global id, or null when the id cannot name a row. */
export function databaseId(raw: string | number): number | null {
  const text = String(raw);
  if (!CANONICAL.test(text)) return null;
  const id = Number(text);
  return id <= 2_147_483_647 ? id : null;
}

/**
 * Reads a global id (base64 of "Person:7"). Only the spelling the API itself hands out is an id:
 * "Person:07", "Person:7.0", "Person: 7" or "Person:7e0" would name row 7 under another id (or
 * reach SQL as text), and an id beyond the integer range names nothing a row can have, so each
 * is refused as bad input, before any SQL runs.
 */
export function decodeNodeId(globalID: string): { typename: string; id: string } {
  const invalid = () =>
    createGraphQLError(`Invalid global id "${globalID.slice(0, 64)}"`, { extensions: { code: 'BAD_USER_INPUT' } });
  let decoded: { typename: string; id: string };
  try {
    decoded = decodeGlobalID(globalID);
  } catch {
    throw invalid();
  }
  if (databaseId(decoded.id) === null || encodeGlobalID(decoded.typename, decoded.id) !== globalID) throw invalid();
  return decoded;
}
