/**
 * Reads a persisted-operations manifest (`{ "<hash>": "<document>" }`, as GraphQL Code Generator's
 * client preset writes it). Keys may carry an algorithm prefix (`sha256:…`); each operation is
 * known by both forms, so Apollo-style clients that send the bare hash find it too.
 */
export function persistedOperationMap(manifest: unknown): Record<string, string> {
  if (typeof manifest !== 'object' || manifest === null || Array.isArray(manifest)) {
    throw new Error('the persisted-operations file must hold one JSON object of hash -> document');
  }
  const known: Record<string, string> = {};
  for (const [key, document] of Object.entries(manifest)) {
    if (typeof document !== 'string') throw new Error(`persisted operation ${key} is not a string`);
    known[key] = document;
    known[key.replace(/^sha256:/, '')] = document;
  }
  return known;
}
